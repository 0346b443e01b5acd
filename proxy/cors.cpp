#include "proxy/cors.hpp"

#include <httplib.h>

#include <cctype>
#include <vector>

#include "core/providers/registry.hpp"
#include "proxy/config.hpp"

namespace offerscope::proxy {

namespace {

constexpr std::string_view kProvidersPrefix = "/api/v1/providers/";
constexpr const char* kExposed = "Age, X-OfferScope-Cache, X-OfferScope-Snapshot";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Host part of "host:port" / "[v6]:port", lower-cased.
std::string HostName(std::string_view host_port) {
  std::string h = Lower(host_port);
  if (!h.empty() && h[0] == '[') return h.substr(0, h.find(']') + 1);
  return h.substr(0, h.find(':'));
}

bool IsLoopbackName(const std::string& host) {
  return host == "localhost" || host == "[::1]" || host == "::1" || host.rfind("127.", 0) == 0;
}

// What a route accepts, for its preflight.
struct RouteCors {
  bool known = false;
  std::vector<std::string> methods;
  std::vector<std::string> headers;
};

RouteCors ProviderRouteCors(std::string_view path) {
  RouteCors r;
  std::string_view rest = path.substr(kProvidersPrefix.size());
  std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return r;
  std::optional<core::ProviderId> id = core::ProviderFromName(rest.substr(0, slash));
  if (!id) return r;
  const core::ProviderDef& def = core::GetProvider(*id);
  std::string_view upstream_path = rest.substr(slash);
  bool body = false;
  for (const char* m : {"GET", "POST", "PUT"})
    if (core::IsAllowed(def, m, upstream_path)) {
      r.methods.emplace_back(m);
      body = body || std::string_view(m) != "GET";
    }
  r.known = !r.methods.empty();
  r.headers = {"Authorization"};
  if (body) r.headers.emplace_back("Content-Type");
  r.headers.emplace_back(def.browser_key_header);
  return r;
}

RouteCors RouteCorsFor(std::string_view path) {
  if (path.substr(0, kProvidersPrefix.size()) == kProvidersPrefix) return ProviderRouteCors(path);
  RouteCors r;
  r.methods = {"GET"};
  if (path == "/healthz") {
    r.known = true;
  } else if (path == "/metrics") {
    r.known = true;
    r.headers = {"Authorization"};
  } else if (path == "/api/v1/offers") {
    r.known = true;
    r.headers = {"Authorization"};
    for (const core::ProviderDef* p : core::AllProviders()) r.headers.emplace_back(p->browser_key_header);
  } else if (path == "/api/v1/instances") {
    r.known = true;
    r.headers = {"Authorization", std::string(core::GetProvider(core::ProviderId::kVast).browser_key_header)};
  }
  return r;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

std::string NormalizeOrigin(std::string_view origin) {
  std::string o = Lower(origin);
  std::string scheme;
  if (o.rfind("http://", 0) == 0) scheme = "http";
  else if (o.rfind("https://", 0) == 0) scheme = "https";
  else return {};
  std::string rest = o.substr(scheme.size() + 3);
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.empty()) return {};
  std::string host = rest, port;
  std::size_t colon = rest[0] == '[' ? rest.find("]:") : rest.rfind(':');
  if (colon != std::string::npos) {
    std::size_t at = rest[0] == '[' ? colon + 2 : colon + 1;
    host = rest.substr(0, rest[0] == '[' ? colon + 1 : colon);
    port = rest.substr(at);
    if (port.empty() || port.size() > 5) return {};
    for (char c : port)
      if (!std::isdigit(static_cast<unsigned char>(c))) return {};
    int n = std::stoi(port);
    if (n < 1 || n > 65535) return {};
    if ((scheme == "http" && n == 80) || (scheme == "https" && n == 443)) port.clear();
  }
  if (host.empty()) return {};
  for (unsigned char c : host)
    if (!std::isalnum(c) && c != '.' && c != '-' && c != '[' && c != ']' && c != ':' && c != '_') return {};
  return scheme + "://" + host + (port.empty() ? "" : ":" + port);
}

bool OriginAllowed(const Config& config, const httplib::Request& req, std::string_view origin) {
  std::string o = NormalizeOrigin(origin);
  if (o.empty()) return false;  // "null" (sandboxed pages, file://) and anything malformed
  for (const std::string& allowed : config.allowed_origins)
    if (allowed == "*" || NormalizeOrigin(allowed) == o) return true;
  std::string host = req.get_header_value("Host");
  if (host.empty()) return false;
  // Our own origin. Without TLS of our own, a TLS-terminating proxy in front may make it https.
  if (NormalizeOrigin("https://" + host) == o) return true;
  return config.tls_cert.empty() && NormalizeOrigin("http://" + host) == o;
}

bool HostAllowed(const Config& config, const httplib::Request& req) {
  std::string bind = Lower(config.bind);
  if (!IsLoopbackName(bind)) return true;
  std::string host = HostName(req.get_header_value("Host"));
  if (host.empty()) return true;  // HTTP/1.0 without Host; CheckRequest refuses it for 1.1
  if (IsLoopbackName(host)) return true;
  for (const std::string& allowed : config.allowed_origins) {
    std::string o = NormalizeOrigin(allowed);
    if (!o.empty() && HostName(o.substr(o.find("://") + 3)) == host) return true;
  }
  return false;
}

bool IsCorsRoute(std::string_view path) {
  return path.rfind("/api/", 0) == 0 || path == "/healthz" || path == "/metrics";
}

bool ApplyCors(const Config& config, const httplib::Request& req, httplib::Response& res) {
  res.set_header("Vary", "Origin");
  std::string origin = req.get_header_value("Origin");
  if (origin.empty()) return true;
  if (!OriginAllowed(config, req, origin)) return false;
  bool any = false;
  for (const std::string& o : config.allowed_origins) any = any || o == "*";
  // With '*' configured the answer is the same for every page, so caches may share it.
  res.set_header("Access-Control-Allow-Origin", any ? "*" : NormalizeOrigin(origin));
  res.set_header("Access-Control-Expose-Headers", kExposed);
  return true;
}

void AnswerPreflight(const Config& config, const httplib::Request& req, httplib::Response& res) {
  RouteCors route = RouteCorsFor(req.path);
  std::string origin = req.get_header_value("Origin");
  if (!route.known || origin.empty() || !OriginAllowed(config, req, origin)) {
    res.set_header("Vary", "Origin");
    res.status = route.known ? 403 : 404;
    return;
  }
  ApplyCors(config, req, res);
  res.status = 204;
  res.set_header("Access-Control-Allow-Methods", Join(route.methods));
  if (!route.headers.empty()) res.set_header("Access-Control-Allow-Headers", Join(route.headers));
  res.set_header("Access-Control-Max-Age", "600");
}

}  // namespace offerscope::proxy
