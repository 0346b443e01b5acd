#include "proxy/config.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/providers/registry.hpp"
#include "proxy/access.hpp"
#include "proxy/cors.hpp"

namespace offerscope::proxy {

namespace {

constexpr std::size_t kMinTokenChars = 16;
constexpr long long kMaxConfigFileBytes = 1 << 20;

using Settings = std::vector<std::pair<std::string, std::string>>;  // (flag name, value), in order

struct NumberSetting {
  const char* name;
  double lo, hi;
  std::function<void(Config&, double)> set;
};

const std::vector<NumberSetting>& NumberSettings() {
  static const std::vector<NumberSetting> kSettings = {
      {"port", 0, 65535, [](Config& c, double v) { c.port = static_cast<int>(v); }},
      {"max-pages", 1, 1000, [](Config& c, double v) { c.max_pages = static_cast<int>(v); }},
      {"cache-ttl", 0, 86400, [](Config& c, double v) { c.cache_ttl_s = v; }},
      {"cache-stale", 0, 7 * 86400, [](Config& c, double v) { c.cache_stale_s = v; }},
      {"cache-max-bytes", 0, 64.0 * (1LL << 30), [](Config& c, double v) { c.cache_max_bytes = static_cast<long long>(v); }},
      {"upstream-timeout", 1, 600, [](Config& c, double v) { c.upstream_timeout_s = v; }},
      {"max-upstream-bytes", 1024, 4.0 * (1LL << 30), [](Config& c, double v) { c.max_upstream_bytes = static_cast<long long>(v); }},
      {"retries", 0, 10, [](Config& c, double v) { c.max_retries = static_cast<int>(v); }},
      {"provider-concurrency", 1, 64, [](Config& c, double v) { c.provider_concurrency = static_cast<int>(v); }},
      {"threads", 1, 1024, [](Config& c, double v) { c.threads = static_cast<int>(v); }},
      {"max-body-bytes", 1024, 64 << 20, [](Config& c, double v) { c.max_body_bytes = static_cast<long long>(v); }},
      {"max-header-bytes", 1024, 1 << 20, [](Config& c, double v) { c.max_header_bytes = static_cast<long long>(v); }},
      {"read-timeout", 0.1, 600, [](Config& c, double v) { c.read_timeout_s = v; }},
      {"shutdown-grace", 0, 3600, [](Config& c, double v) { c.shutdown_grace_s = v; }},
  };
  return kSettings;
}

bool ParseNumber(const std::string& s, double& out) {
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return !s.empty() && end && *end == '\0' && out == out;  // out == out: not NaN
}

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

// "vast=https://..." -> Config::base_urls. Plain http only to this machine: a key must never
// cross a network in clear text.
std::string ApplyBaseUrl(Config& c, const std::string& value) {
  std::size_t eq = value.find('=');
  std::optional<core::ProviderId> id = eq == std::string::npos ? std::nullopt : core::ProviderFromName(value.substr(0, eq));
  if (!id) return "--base-url needs PROVIDER=URL with PROVIDER one of vast, primeintellect, dispersed";
  std::string url = value.substr(eq + 1);
  bool https = url.rfind("https://", 0) == 0, http = url.rfind("http://", 0) == 0;
  if (!https && !http) return "--base-url: the URL must start with https:// (or http:// for this machine)";
  std::string rest = url.substr(https ? 8 : 7);
  std::string authority = rest.substr(0, rest.find('/'));
  if (authority.empty() || url.find_first_of("?#@ \t\r\n\\") != std::string::npos)
    return "--base-url: expected scheme://host[:port][/path], without query, fragment or user name";
  std::string host = authority[0] == '[' ? authority.substr(0, authority.find(']') + 1)
                                         : authority.substr(0, authority.find(':'));
  if (http && !IsLoopbackHost(host))
    return "--base-url: plain http:// is only allowed for this machine (localhost, 127.0.0.1); use https://";
  while (url.size() > 8 && url.back() == '/') url.pop_back();
  c.base_urls[static_cast<int>(*id)] = url;
  return {};
}

std::string ApplyOrigins(Config& c, const std::vector<std::string>& origins) {
  c.allowed_origins.clear();
  for (const std::string& o : origins) {
    if (o == "*") {
      c.allowed_origins.push_back(o);
      continue;
    }
    std::string n = NormalizeOrigin(o);
    if (n.empty()) return "--allow-origin '" + o + "': expected '*' or an origin like https://team.example[:port]";
    c.allowed_origins.push_back(n);
  }
  return {};
}

// Applies one layer of settings (a config file, the environment or the flags). Lists given
// in a layer replace those of the layers below.
std::string ApplySettings(Config& c, const Settings& settings, const std::string& where) {
  std::vector<std::string> origins;
  bool have_origins = false;
  for (const auto& [name, value] : settings) {
    auto fail = [&](const std::string& e) { return where + e; };
    if (name == "allow-origin") {
      have_origins = true;
      std::stringstream list(value);  // the environment variable holds a comma-separated list
      for (std::string o; std::getline(list, o, ',');)
        if (!o.empty()) origins.push_back(o);
      continue;
    }
    if (name == "demo") {
      if (value != "true" && value != "false") return fail("demo must be true or false");
      c.demo = value == "true";
      continue;
    }
    if (name == "bind") c.bind = value;
    else if (name == "static-dir") c.static_dir = value;
    else if (name == "access-token") c.access_token = value;
    else if (name == "tls-cert") c.tls_cert = value;
    else if (name == "tls-key") c.tls_key = value;
    else if (name == "ca-file") c.ca_file = value;
    else if (name == "base-url") {
      if (std::string e = ApplyBaseUrl(c, value); !e.empty()) return fail(e);
    } else {
      const NumberSetting* setting = nullptr;
      for (const NumberSetting& n : NumberSettings())
        if (name == n.name) setting = &n;
      if (!setting) return fail("unknown option --" + name + " (see --help)");
      double v = 0;
      if (!ParseNumber(value, v) || v < setting->lo || v > setting->hi) {
        std::ostringstream m;
        m << "--" << name << " must be a number from " << setting->lo << " to " << setting->hi << ", got '" << value
          << "'";
        return fail(m.str());
      }
      setting->set(c, v);
    }
  }
  if (have_origins)
    if (std::string e = ApplyOrigins(c, origins); !e.empty()) return where + e;
  return {};
}

// {"keys": {"vast": "..."}, "allow_origin": [...], "access_token": "...", "port": 8080, ...}
std::string LoadConfigFile(Config& c, const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return "cannot read the config file " + path;
  if (st.st_size > kMaxConfigFileBytes) return "the config file " + path + " is larger than 1 MB";
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return "cannot read the config file " + path;
  nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return "the config file " + path + " is not a JSON object";
  std::string where = "config file " + path + ": ";
  bool secrets = j.contains("keys") || j.contains("access_token") || j.contains("access-token");
  if (secrets && (st.st_mode & (S_IROTH | S_IWOTH)))
    return "the config file " + path + " holds API keys or the access token but other users of this machine can " +
           "read it; run: chmod 600 " + path;
  Settings settings;
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string name = it.key();
    for (char& ch : name) ch = ch == '_' ? '-' : ch;
    if (name == "keys") {
      if (!it->is_object()) return where + "\"keys\" must be an object {\"vast\": \"...\"}";
      for (auto k = it->begin(); k != it->end(); ++k) {
        std::optional<core::ProviderId> id = core::ProviderFromName(k.key());
        if (!id || !k->is_string())
          return where + "\"keys\" takes string keys for vast, primeintellect, dispersed (got \"" + k.key() + "\")";
        c.keys[static_cast<int>(*id)] = k->get<std::string>();
      }
      continue;
    }
    std::vector<nlohmann::json> values;
    if (it->is_array()) values.assign(it->begin(), it->end());
    else values.push_back(*it);
    for (const nlohmann::json& v : values) {
      if (v.is_object() || v.is_array() || v.is_null()) return where + "\"" + it.key() + "\" has an unusable value";
      settings.emplace_back(name, v.is_string() ? v.get<std::string>() : v.dump());
    }
  }
  return ApplySettings(c, settings, where);
}

Settings EnvironmentSettings(Config& c) {
  for (const core::ProviderDef* p : core::AllProviders())
    if (const char* k = std::getenv(std::string(p->key_env).c_str()); k && *k) c.keys[static_cast<int>(p->id)] = k;
  Settings s;
  if (const char* t = std::getenv("OFFERSCOPE_ACCESS_TOKEN"); t && *t) s.emplace_back("access-token", t);
  if (const char* o = std::getenv("OFFERSCOPE_ALLOW_ORIGIN"); o && *o) s.emplace_back("allow-origin", o);
  return s;
}

bool VisibleAscii(const std::string& s) {
  for (unsigned char ch : s)
    if (ch <= 0x20 || ch >= 0x7f) return false;
  return !s.empty();
}

bool Readable(const std::string& path) { return access(path.c_str(), R_OK) == 0; }

// Settings that are fine one by one but not together, and secrets that could not work.
std::string CheckCombination(const Config& c) {
  for (const core::ProviderDef* p : core::AllProviders()) {
    const std::string& k = c.keys[static_cast<int>(p->id)];
    std::string which = std::string("the ") + std::string(p->display_name) + " key (" + std::string(p->key_env) + ")";
    if (!k.empty() && !VisibleAscii(k)) return which + " holds spaces or control characters; check how it was pasted";
    if (!k.empty() && k.size() < kMinKeyChars)
      return which + " is " + std::to_string(k.size()) + " characters long; provider keys are long random strings, " +
             "and answers are scrubbed of the key, so one this short would garble them (at least " +
             std::to_string(kMinKeyChars) + ")";
  }
  if (!c.access_token.empty() && (c.access_token.size() < kMinTokenChars || !VisibleAscii(c.access_token)))
    return "the access token must be at least 16 visible characters without spaces; e.g. openssl rand -hex 24";
  for (const std::string& o : c.allowed_origins)
    if (o == "*" && c.HasAnyKey())
      return "--allow-origin '*' together with server-held API keys would let every web page use your keys; "
             "list the origins that may call this proxy instead";
  if (c.tls_cert.empty() != c.tls_key.empty()) return "--tls-cert and --tls-key go together";
  for (const std::string* f : {&c.tls_cert, &c.tls_key, &c.ca_file})
    if (!f->empty() && !Readable(*f)) return "cannot read " + *f;
  return {};
}

}  // namespace

ConfigResult ParseServeArgs(int argc, char** argv) {
  ConfigResult r;
  Settings flags;
  std::string config_file;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i] ? argv[i] : "";
    if (a == "--help" || a == "-h") return r.help = true, r;
    if (a == "--demo" || a == "--no-demo") {
      flags.emplace_back("demo", a == "--demo" ? "true" : "false");
      continue;
    }
    if (a.rfind("--", 0) != 0 || a.size() == 2) return r.error = "unexpected argument '" + a + "' (see --help)", r;
    std::string name = a.substr(2), value;
    if (std::size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (i + 1 < argc && argv[i + 1]) {
      value = argv[++i];
    } else {
      return r.error = "--" + name + " needs a value", r;
    }
    if (name == "config") config_file = value;
    else flags.emplace_back(name, value);
  }
  // Lowest layer first: the file, then the environment, then the flags.
  Config& c = r.config;
  if (!config_file.empty())
    if (std::string e = LoadConfigFile(c, config_file); !e.empty()) return r.error = e, r;
  Settings env = EnvironmentSettings(c);
  if (std::string e = ApplySettings(c, env, "environment: "); !e.empty()) return r.error = e, r;
  if (std::string e = ApplySettings(c, flags, ""); !e.empty()) return r.error = e, r;
  if (std::string e = CheckCombination(c); !e.empty()) return r.error = e, r;
  return r;
}

std::string ServeHelp() {
  return R"(usage: offerscope serve [options]

Serves the OfferScope web app and a proxy to the GPU marketplaces that adds your API keys,
answers CORS and forwards only allowlisted requests. With no key and no reachable provider
it serves a bundled demo snapshot (every answer says so).

Settings come from flags, then environment variables, then --config FILE, then defaults.

listening:
  --bind ADDR              address to listen on (default 127.0.0.1; 0.0.0.0 for every
                           interface). On a loopback address only local Host names are
                           answered (protection against DNS rebinding).
  --port N                 port (default 8080; 0 picks a free one and logs it)
  --tls-cert FILE          serve HTTPS with this certificate chain (PEM) ...
  --tls-key FILE           ... and this private key (PEM); TLS 1.2 or newer
  --static-dir DIR         the built web app (default build/wasm/site)
  --threads N              worker threads, one connection each at a time (default 16);
                           one per core takes new requests, the rest stand in for
                           those waiting on a provider or a slow client

access:
  --allow-origin ORIGIN    let pages of ORIGIN (https://team.example[:port]) call the API;
                           repeatable. Default: only this server's own origin. '*' allows
                           every page and is refused while the server holds API keys.
  --access-token TOKEN     callers must send "Authorization: Bearer TOKEN" to use the keys
                           this server holds (and for /api/v1/offers and /metrics); others
                           can still use the pass-through with their own keys. At least 16
                           characters, e.g. $(openssl rand -hex 24). Prefer the environment
                           variable: command lines are visible to other users (ps).
  --config FILE            JSON: {"keys": {"vast": "...", "primeintellect": "...",
                           "dispersed": "..."}, "access_token": "...", "allow_origin":
                           [...], "port": 8443, ...} (any option below, '_' or '-').
                           Refused when it holds keys or the token and other users of the
                           machine can read it (chmod 600 FILE).

providers:
  --base-url P=URL         upstream for provider P (vast, primeintellect, dispersed), e.g.
                           the provider emulator; https://, or http:// to this machine only
  --ca-file FILE           extra CA bundle for upstream TLS (verification stays on)
  --upstream-timeout S     deadline for one upstream request, retries included (default 20)
  --retries N              retries on 429/502/503/504 and connection errors (default 3)
  --provider-concurrency N simultaneous requests per provider (default 4)
  --max-upstream-bytes N   larger upstream answers are errors (default 67108864)
  --max-pages N            pages fetched per provider by /api/v1/offers (default 50)
  --cache-ttl S            seconds a cached public answer is fresh (default 60)
  --cache-stale S          seconds it may then be served while being refreshed (default 600)
  --cache-max-bytes N      memory for cached answers (default 268435456)
  --demo / --no-demo       force demo mode on or off (default: on when the server holds no
                           key and no provider is reachable)

limits:
  --max-body-bytes N       larger request bodies get 413 (default 1048576)
  --max-header-bytes N     larger request heads get 431 (default 16384)
  --read-timeout S         a request must arrive within S seconds of its first byte, or the
                           client is dropped with 408 (default 10)
  --shutdown-grace S       on SIGTERM/SIGINT, requests in flight get S seconds to finish
                           (default 10); a second signal exits at once

environment:
  VAST_API_KEY, PRIME_API_KEY, DISPERSED_API_KEY   provider keys held by the server (there
                                                   are no key flags: argv is public); at
                                                   least 8 visible ASCII characters each
  OFFERSCOPE_ACCESS_TOKEN                          same as --access-token
  OFFERSCOPE_ALLOW_ORIGIN                          comma-separated --allow-origin list

routes:
  GET  /                                  the web app (gzip/brotli, ETag, 304)
  GET|POST|PUT /api/v1/providers/P/PATH   allowlisted pass-through to provider P; a page
                                          may send its own key in X-OfferScope-Key-Vast,
                                          -Primeintellect or -Dispersed (8 to 512 visible
                                          ASCII characters; used once, never stored or
                                          logged)
  GET  /api/v1/offers?q=...&sort=...      all providers, normalized, filtered, sorted
                                          (format=csv for CSV)
  GET  /api/v1/instances                  your Vast instances (needs a key; never cached)
  GET  /healthz, /metrics                 health (JSON) and Prometheus metrics

Logs go to stderr, one JSON object per line: method, route, status, ms, bytes. Headers,
query strings, keys and tokens are never logged.
)";
}

}  // namespace offerscope::proxy
