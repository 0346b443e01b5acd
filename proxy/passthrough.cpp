#include "proxy/passthrough.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>

#include <nlohmann/json.hpp>

#include "core/providers/registry.hpp"
#include "proxy/access.hpp"
#include "proxy/request_checks.hpp"
#include "proxy/respond.hpp"
#include "proxy/server.hpp"

namespace offerscope::proxy {

namespace {

constexpr std::string_view kPrefix = "/api/v1/providers/";
constexpr std::size_t kMaxQueryParams = 100;

bool PathChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~' || c == '/';
}

ProviderTarget Fail(int status, std::string message) {
  ProviderTarget t;
  t.status = status;
  t.message = std::move(message);
  return t;
}

// "a=1&b=x%20y" -> pairs, decoded; false on a malformed escape.
bool ParseQuery(std::string_view raw, std::vector<std::pair<std::string, std::string>>& out) {
  while (!raw.empty()) {
    std::size_t amp = raw.find('&');
    std::string_view piece = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
    if (piece.empty()) continue;
    std::size_t eq = piece.find('=');
    std::string k, v;
    if (!core::UrlDecode(piece.substr(0, eq), k) ||
        !core::UrlDecode(eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1), v))
      return false;
    if (k.find('\0') != std::string::npos || v.find('\0') != std::string::npos) return false;
    out.emplace_back(std::move(k), std::move(v));
  }
  return true;
}

std::string AllowedMethods(const core::ProviderDef& def, std::string_view path) {
  std::string out;
  for (const char* m : {"GET", "POST", "PUT"})
    if (core::IsAllowed(def, m, path)) out += (out.empty() ? "" : ", ") + std::string(m);
  return out;
}

}  // namespace

ProviderTarget ParseProviderTarget(std::string_view method, std::string_view raw_target) {
  std::size_t q = raw_target.find('?');
  std::string_view raw_path = raw_target.substr(0, q);
  if (raw_path.substr(0, kPrefix.size()) != kPrefix) return Fail(404, "not a provider route");
  if (std::string why = CheckRawPath(raw_path); !why.empty()) return Fail(400, "refused: " + why);
  std::string_view rest = raw_path.substr(kPrefix.size());
  for (char c : rest)
    if (!PathChar(c)) return Fail(400, "refused: a provider path may only hold letters, digits, '-', '.', '_', '~' and '/'");
  std::size_t slash = rest.find('/');
  std::string_view name = rest.substr(0, slash);
  std::optional<core::ProviderId> id = core::ProviderFromName(name);
  if (!id) return Fail(404, "unknown provider '" + std::string(name) + "' (vast, primeintellect, dispersed)");
  const core::ProviderDef& def = core::GetProvider(*id);
  ProviderTarget t;
  t.provider = *id;
  t.request.method = std::string(method);
  t.request.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (!core::IsAllowed(def, method, t.request.path)) {
    std::string allowed = AllowedMethods(def, t.request.path);
    t.status = allowed.empty() ? 403 : 405;
    t.message = allowed.empty() ? t.request.path + " is not on " + std::string(def.display_name) + "'s allowlist"
                                : std::string(method) + " is not allowed here (" + allowed + ")";
    return t;
  }
  if (q != std::string_view::npos && !ParseQuery(raw_target.substr(q + 1), t.request.query))
    return Fail(400, "malformed query string");
  if (t.request.query.size() > kMaxQueryParams) return Fail(400, "too many query parameters");
  return t;
}

bool IsAccountPath(core::ProviderId provider, std::string_view path) {
  return provider == core::ProviderId::kVast && path.rfind("/api/v1/instances", 0) == 0;
}

namespace {

// The upstream's content type when it is JSON; anything else is shown as text, never
// rendered in our origin.
std::string SafeContentType(const std::string& upstream) {
  std::string lower = upstream;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.rfind("application/json", 0) == 0 || lower.empty() ? "application/json" : "text/plain; charset=utf-8";
}

void LabelAnswer(const Services& s, httplib::Response& res, const char* cache_state, long long age_s) {
  res.set_header("X-OfferScope-Cache", cache_state);
  if (age_s >= 0) res.set_header("Age", std::to_string(age_s));
  if (s.demo) res.set_header("X-OfferScope-Snapshot", s.snapshot_time);
  res.set_header("Cache-Control", "no-store");
}

// Sends an upstream body, with any echo of the key used redacted.
void SendUpstreamBody(httplib::Response& res, int status, const std::string& body, const std::string& content_type,
                      const std::string& key) {
  auto bytes = std::make_shared<const std::string>(Redact(body, {key}));
  SendBytes(res, status, std::move(bytes), SafeContentType(content_type));
}

void SendFailure(httplib::Response& res, const UpstreamResponse& r, const std::string& key) {
  if (r.status == 0) return SendError(res, 502, Redact(r.error.empty() ? "the provider did not answer" : r.error, {key}));
  SendUpstreamBody(res, r.status, r.body, r.content_type, key);
}

// The request body a provider route may carry: empty, or JSON declared as such.
std::string CheckBody(const httplib::Request& req) {
  if (req.body.empty()) return {};
  std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) != 0) return "the body must be JSON (Content-Type: application/json)";
  if (!nlohmann::json::accept(req.body)) return "the body is not valid JSON";
  return {};
}

// A pass-through request, checked and resolved, before any upstream call.
struct Resolved {
  ProviderTarget target;  // target.request is what is forwarded, the checked body included
  KeyChoice key;
  bool cacheable = false;
  std::string cache_key;  // when cacheable
};

// False after answering the request with a refusal.
bool Resolve(Services& s, const httplib::Request& req, httplib::Response& res, Resolved& out) {
  ProviderTarget& t = out.target;
  t = ParseProviderTarget(req.method, req.target);
  if (t.status) {
    if (t.status == 405) res.set_header("Allow", AllowedMethods(core::GetProvider(t.provider), t.request.path));
    return SendError(res, t.status, t.message), false;
  }
  if (std::string why = CheckBody(req); !why.empty())
    return SendError(res, why.find("Content-Type") != std::string::npos ? 415 : 400, why), false;
  const core::ProviderDef& def = core::GetProvider(t.provider);
  out.key = ChooseKey(s.config, req, t.provider);
  if (!out.key.error.empty()) return SendError(res, 400, out.key.error), false;
  if (out.key.source == KeyChoice::Source::kNone && def.offers_need_key && !s.demo)
    return SendError(res, 401, std::string(def.display_name) + " needs an API key: send " +
                                   std::string(def.browser_key_header) +
                                   (s.config.keys[static_cast<int>(t.provider)].empty()
                                        ? std::string()
                                        : ", or this proxy's access token to use its key")),
           false;
  // Forwarded with the request, cached or not; a search's body is part of its cache key.
  t.request.body = req.body;
  out.cacheable = out.key.source != KeyChoice::Source::kCaller && !IsAccountPath(t.provider, t.request.path);
  if (!out.cacheable) return true;
  // Answers fetched without the server's key (a caller without the access token) are kept
  // apart from those fetched with it, so the owner's key never answers for strangers.
  out.cache_key = ResponseCache::Key(t.provider, t.request);
  if (out.key.source == KeyChoice::Source::kNone && !s.config.keys[static_cast<int>(t.provider)].empty())
    out.cache_key += "\nanonymous";
  return true;
}

// `key`: the provider key the upstream was called with (redacted from failures);
// `cache_key`: where the answer is stored.
void AnswerLookup(Services& s, const httplib::Request& req, httplib::Response& res, const CacheLookup& look,
                  const std::string& key, const std::string& cache_key) {
  s.metrics.CountCache(look.from_cache);
  if (!look.answer) {
    LabelAnswer(s, res, "miss", -1);
    return SendFailure(res, look.failure, key);
  }
  LabelAnswer(s, res, look.from_cache ? (look.stale ? "stale" : "hit") : "miss", AgeHeaderSeconds(look));
  // Stored answers are compressed when a client that takes gzip first asks (browsers do;
  // scripts and benchmarks often do not, and then no one pays for it).
  std::shared_ptr<const CachedAnswer> answer = look.answer;
  if (AcceptsGzip(req.get_header_value("Accept-Encoding"))) answer = s.cache.Gzipped(cache_key, std::move(answer));
  WriteCachedAnswer(req, res, std::move(answer));
}

void Forward(Services& s, const httplib::Request& req, httplib::Response& res) {
  Resolved r;
  if (!Resolve(s, req, res, r)) return;
  UpstreamRequest up{r.target.provider, r.target.request, r.key.key};  // with the body Resolve set
  if (!r.cacheable) {
    UpstreamResponse answer = s.upstream->Fetch(up);
    LabelAnswer(s, res, "none", -1);
    if (answer.status == 0 || answer.status >= 400) return SendFailure(res, answer, r.key.key);
    return SendUpstreamBody(res, answer.status, answer.body, answer.content_type, r.key.key);
  }
  // What is stored is what may be sent to anyone: the key redacted (a provider that echoes
  // it) and the content type made safe, once per fetch rather than on every hit.
  Upstream* upstream = s.upstream.get();
  CacheLookup look = s.cache.Fetch(r.cache_key, [upstream, up] {
    UpstreamResponse fetched = upstream->Fetch(up);
    fetched.body = Redact(std::move(fetched.body), {up.key});
    fetched.content_type = SafeContentType(fetched.content_type);
    return fetched;
  });
  AnswerLookup(s, req, res, look, r.key.key, r.cache_key);
}

}  // namespace

bool AnswerFreshPassthrough(Services& s, const httplib::Request& req, httplib::Response& res,
                            std::string& cache_key) {
  Resolved r;
  if (req.method != "GET" || !Resolve(s, req, res, r) || !r.cacheable) return false;
  CacheLookup look = FreshCopy(s, r.cache_key);
  if (!look.answer) return false;
  AnswerCopy(s, req, res, look, r.cache_key);
  cache_key = std::move(r.cache_key);
  return true;
}

CacheLookup FreshCopy(Services& s, const std::string& cache_key) {
  CacheLookup look = s.cache.GetFreshLookup(cache_key);
  if (look.answer && (look.answer->status != 200 || look.answer->body.empty())) look.answer = nullptr;
  return look;
}

void AnswerCopy(Services& s, const httplib::Request& req, httplib::Response& res, const CacheLookup& look,
                const std::string& cache_key) {
  AnswerLookup(s, req, res, look, "", cache_key);  // a stored copy: no upstream failure to tell, no key to redact
}

long long AgeHeaderSeconds(const CacheLookup& look) {
  return look.from_cache ? static_cast<long long>(look.age_s) : -1;
}

void RegisterPassthroughRoutes(httplib::Server& server, Services& s) {
  RouteHandler handler = Guarded([&s](const httplib::Request& req, httplib::Response& res) { Forward(s, req, res); });
  server.Get(R"(/api/v1/providers/.*)", handler);
  server.Post(R"(/api/v1/providers/.*)", handler);
  server.Put(R"(/api/v1/providers/.*)", handler);
}

}  // namespace offerscope::proxy
