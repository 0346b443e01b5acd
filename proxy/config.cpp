#include "proxy/config.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/providers/registry.hpp"

namespace offerscope::proxy {

namespace {

bool ParseNumber(const std::string& s, double& out) {
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return !s.empty() && *end == '\0';
}

// Applies one setting (from a flag or the config file). Returns an error message or "".
std::string Apply(Config& c, const std::string& name, const std::string& value) {
  double n = 0;
  auto number = [&](double lo, double hi) -> std::string {
    if (!ParseNumber(value, n) || n < lo || n > hi)
      return "--" + name + " must be a number from " + std::to_string(static_cast<long long>(lo)) + " to " +
             std::to_string(static_cast<long long>(hi)) + ", got '" + value + "'";
    return "";
  };
  std::string e;
  if (name == "bind") c.bind = value;
  else if (name == "port") { if ((e = number(0, 65535)).empty()) c.port = static_cast<int>(n); }
  else if (name == "static-dir") c.static_dir = value;
  else if (name == "allow-origin") c.allowed_origins.push_back(value);
  else if (name == "access-token") c.access_token = value;
  else if (name == "tls-cert") c.tls_cert = value;
  else if (name == "tls-key") c.tls_key = value;
  else if (name == "ca-file") c.ca_file = value;
  else if (name == "max-pages") { if ((e = number(1, 1000)).empty()) c.max_pages = static_cast<int>(n); }
  else if (name == "cache-ttl") { if ((e = number(0, 86400)).empty()) c.cache_ttl_s = n; }
  else if (name == "cache-stale") { if ((e = number(0, 86400 * 7)).empty()) c.cache_stale_s = n; }
  else if (name == "upstream-timeout") { if ((e = number(1, 600)).empty()) c.upstream_timeout_s = n; }
  else if (name == "retries") { if ((e = number(0, 10)).empty()) c.max_retries = static_cast<int>(n); }
  else if (name == "threads") { if ((e = number(1, 256)).empty()) c.threads = static_cast<int>(n); }
  else if (name == "base-url") {
    std::size_t eq = value.find('=');
    std::optional<core::ProviderId> id = core::ProviderFromName(value.substr(0, eq));
    if (eq == std::string::npos || !id) return "--base-url needs PROVIDER=URL (vast, primeintellect, dispersed)";
    std::string url = value.substr(eq + 1);
    if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) return "--base-url: URL must start with https:// or http://";
    c.base_urls[static_cast<int>(*id)] = url;
  } else {
    return "unknown option --" + name;
  }
  return e;
}

// {"keys": {"vast": "..."}, "allow_origin": [...], "access_token": "...", ...}
std::string LoadConfigFile(Config& c, const std::string& path) {
  struct stat st{};
  if (stat(path.c_str(), &st) != 0) return "cannot read config file " + path;
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return "config file " + path + " is not a JSON object";
  if (auto keys = j.find("keys"); keys != j.end()) {
    // Keys must not be readable by other users of the machine.
    if (st.st_mode & (S_IROTH | S_IWOTH))
      return "config file " + path + " holds API keys but is readable by other users; run: chmod 600 " + path;
    if (!keys->is_object()) return "config file: \"keys\" must be an object";
    for (auto it = keys->begin(); it != keys->end(); ++it) {
      std::optional<core::ProviderId> id = core::ProviderFromName(it.key());
      if (!id || !it->is_string()) return "config file: unknown provider key \"" + it.key() + "\"";
      c.keys[static_cast<int>(*id)] = it->get<std::string>();
    }
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "keys") continue;
    std::string name = it.key();
    for (char& ch : name) if (ch == '_') ch = '-';
    std::vector<nlohmann::json> values = it->is_array() ? std::vector<nlohmann::json>(it->begin(), it->end())
                                                        : std::vector<nlohmann::json>{*it};
    for (const auto& v : values) {
      std::string text = v.is_string() ? v.get<std::string>() : v.dump();
      if (name == "demo") { c.demo = v.is_boolean() && v.get<bool>(); continue; }
      if (std::string e = Apply(c, name, text); !e.empty()) return "config file " + path + ": " + e;
    }
  }
  return "";
}

}  // namespace

ConfigResult ParseServeArgs(int argc, char** argv) {
  ConfigResult r;
  Config& c = r.config;
  // Environment first, so flags override it.
  for (const core::ProviderDef* p : core::AllProviders())
    if (const char* k = std::getenv(std::string(p->key_env).c_str()); k && *k) c.keys[static_cast<int>(p->id)] = k;
  if (const char* t = std::getenv("OFFERSCOPE_ACCESS_TOKEN"); t && *t) c.access_token = t;
  if (const char* o = std::getenv("OFFERSCOPE_ALLOW_ORIGIN"); o && *o) c.allowed_origins.push_back(o);
  std::vector<std::pair<std::string, std::string>> settings;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") return r.help = true, r;
    if (a == "--demo") { c.demo = true; continue; }
    if (a == "--no-demo") { c.demo = false; continue; }
    if (a.rfind("--", 0) != 0) return r.error = "unexpected argument '" + a + "' (see --help)", r;
    std::string name = a.substr(2), value;
    if (std::size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return r.error = "--" + name + " needs a value", r;
    }
    if (name == "config") {
      if (std::string e = LoadConfigFile(c, value); !e.empty()) return r.error = e, r;
      continue;
    }
    settings.emplace_back(name, value);
  }
  for (const auto& [name, value] : settings)
    if (std::string e = Apply(c, name, value); !e.empty()) return r.error = e, r;
  for (const std::string& o : c.allowed_origins)
    if (o == "*" && c.HasAnyKey())
      return r.error = "--allow-origin '*' together with server-held API keys would lend your keys to every web page; "
                       "list your origins instead", r;
  if (c.tls_cert.empty() != c.tls_key.empty()) return r.error = "--tls-cert and --tls-key go together", r;
  return r;
}

std::string ServeHelp() {
  return R"(usage: offerscope serve [options]

Serves the OfferScope web app and a proxy to the GPU marketplaces that adds your API keys,
answers CORS and forwards only allowlisted requests. With no key and no reachable provider
it serves a bundled demo snapshot (every answer says so).

options:
  --bind ADDR            address to listen on (default 127.0.0.1)
  --port N               port (default 8080; 0 picks a free one)
  --static-dir DIR       the built web app (default: build/wasm/site)
  --config FILE          JSON config: {"keys": {"vast": "..."}, "allow_origin": [...], ...};
                         refused when it holds keys and other users can read it
  --allow-origin ORIGIN  allow cross-origin calls from ORIGIN (repeatable; default: none,
                         only the proxy's own origin). '*' is refused with server-held keys.
  --access-token TOKEN   require "Authorization: Bearer TOKEN" on /api/* (recommended when
                         the server holds keys and is reachable by others)
  --tls-cert FILE        serve HTTPS with this certificate (PEM) ...
  --tls-key FILE         ... and this private key
  --ca-file FILE         extra CA bundle for upstream TLS (verification stays on)
  --base-url P=URL       upstream base URL for provider P (tests, the emulator)
  --max-pages N          pages fetched per provider by /api/v1/offers (default 50)
  --cache-ttl S          seconds a cached public answer is fresh (default 60)
  --cache-stale S        seconds it may then be served stale while refreshing (default 600)
  --upstream-timeout S   deadline per upstream request (default 20)
  --retries N            retries on 429/502/503/504 (default 3)
  --threads N            worker threads (default 16)
  --demo / --no-demo     force demo mode on or off (default: automatic)

environment:
  VAST_API_KEY, PRIME_API_KEY, DISPERSED_API_KEY   provider keys held by the server
  OFFERSCOPE_ACCESS_TOKEN                          same as --access-token
  OFFERSCOPE_ALLOW_ORIGIN                          one allowed origin

routes:
  GET  /                                 the web app (gzip/brotli, ETag)
  ANY  /api/v1/providers/<provider>/...  allowlisted pass-through to the provider
  GET  /api/v1/offers?q=...&sort=...     all providers, normalized, filtered, sorted (format=csv)
  GET  /api/v1/instances                 your Vast instances (needs a key; never cached)
  GET  /healthz, /metrics                health and Prometheus metrics

Logs are one JSON object per line on stderr; keys and tokens never appear in them.
)";
}

}  // namespace offerscope::proxy
