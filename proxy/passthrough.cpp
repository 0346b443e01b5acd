// /api/v1/providers/<provider>/<path>: forwards allowlisted method+path pairs to the
// provider's fixed base URL, adding its auth header. The raw request target is checked
// before anything is decoded: encoded slashes, dot segments in any encoding, backslashes
// and NULs are refused outright, so no spelling can move the request off the allowlist
// or to another host (the host always comes from core's registry or --base-url).
#include <httplib.h>

#include <cctype>

#include <nlohmann/json.hpp>

#include "core/providers/registry.hpp"
#include "proxy/server.hpp"

namespace offerscope::proxy {

namespace {

constexpr std::string_view kPrefix = "/api/v1/providers/";

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Empty when the raw target is acceptable, else the reason.
std::string CheckTarget(const std::string& target) {
  std::string path = target.substr(0, target.find('?'));
  std::string lower = Lower(path);
  if (path.rfind(kPrefix, 0) != 0) return "not a provider route";
  for (const char* bad : {"%2f", "%5c", "%2e", "%25", "%00", "\\", "//", "/./", "/../"})
    if (lower.find(bad) != std::string::npos) return std::string("the path may not contain '") + bad + "'";
  if (lower.size() >= 3 && (lower.compare(lower.size() - 3, 3, "/..") == 0 || lower.compare(lower.size() - 2, 2, "/.") == 0))
    return "the path may not end in a dot segment";
  for (unsigned char c : target)
    if (c < 0x20 || c == 0x7f) return "control characters are not allowed";
  return {};
}

void JsonError(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(nlohmann::json({{"error", message}}).dump(), "application/json");
}

void Forward(Services& s, const httplib::Request& req, httplib::Response& res) {
  if (std::string why = CheckTarget(req.target); !why.empty()) return JsonError(res, 400, "refused: " + why);
  std::string rest = req.path.substr(kPrefix.size());
  std::size_t slash = rest.find('/');
  std::optional<core::ProviderId> id = core::ProviderFromName(rest.substr(0, slash));
  if (!id) return JsonError(res, 404, "unknown provider '" + rest.substr(0, slash) + "' (vast, primeintellect, dispersed)");
  const core::ProviderDef& def = core::GetProvider(*id);
  std::string path = slash == std::string::npos ? "/" : rest.substr(slash);
  if (!core::IsAllowed(def, req.method, path))
    return JsonError(res, 403, req.method + " " + path + " is not on " + std::string(def.display_name) + "'s allowlist");

  UpstreamRequest up;
  up.provider = *id;
  up.request.method = req.method;
  up.request.path = path;
  for (const auto& [k, v] : req.params) up.request.query.emplace_back(k, v);
  up.request.body = req.body;
  bool caller_key = false;
  up.key = KeyFor(s, *id, req.get_header_value(std::string(def.browser_key_header).c_str()), caller_key);
  // Offers are public market data; instances belong to one account and are never cached.
  bool cacheable = !caller_key && path != "/api/v1/instances/";
  FetchInfo info;
  UpstreamResponse answer = CachedFetch(s, up, cacheable, info);
  if (answer.status == 0) return JsonError(res, 502, answer.error);
  res.status = answer.status;
  res.set_header("X-OfferScope-Cache", info.from_cache ? (info.stale ? "stale" : "hit") : "miss");
  if (info.from_cache) res.set_header("Age", std::to_string(static_cast<long long>(info.age_s)));
  if (s.demo) res.set_header("X-OfferScope-Snapshot", s.snapshot_time);
  res.set_header("Cache-Control", "no-store");
  res.set_content(answer.body, answer.content_type.empty() ? "application/json" : answer.content_type.c_str());
}

}  // namespace

void RegisterPassthroughRoutes(httplib::Server& srv, Services& s) {
  auto handler = [&s](const httplib::Request& req, httplib::Response& res) { Forward(s, req, res); };
  srv.Get(R"(/api/v1/providers/.*)", handler);
  srv.Post(R"(/api/v1/providers/.*)", handler);
  srv.Put(R"(/api/v1/providers/.*)", handler);
  srv.Delete(R"(/api/v1/providers/.*)", handler);
  srv.Patch(R"(/api/v1/providers/.*)", handler);
}

}  // namespace offerscope::proxy
