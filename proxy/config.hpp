// Configuration of `offerscope serve`: flags, environment variables and an optional
// config file, merged in that order of precedence (flag > environment > file > default).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/offer.hpp"

namespace offerscope::proxy {

struct Config {
  std::string bind = "127.0.0.1";
  int port = 8080;               // 0: pick a free port (tests)
  std::string static_dir;        // built web app (index.html, offerscope.js, .wasm)

  // Provider API keys held by the server, by core::ProviderId index. Never logged.
  std::array<std::string, core::kProviderCount> keys;
  // Upstream base URLs, by provider; empty = the provider's fixed HTTPS URL from core's
  // registry. Tests and the emulator point these at http://127.0.0.1:<port>.
  std::array<std::string, core::kProviderCount> base_urls;
  std::string ca_file;           // extra CA bundle for upstream TLS (tests); verification stays on

  // Access
  std::vector<std::string> allowed_origins;  // CORS; empty = same origin only; "*" = any
  std::string access_token;      // when set, /api/* requires "Authorization: Bearer <token>"

  // TLS for the server itself
  std::string tls_cert, tls_key;

  // Upstream behaviour
  double upstream_timeout_s = 20;       // whole-request deadline per upstream call
  long long max_upstream_bytes = 64LL << 20;  // larger answers are an error, not an OOM
  int max_retries = 3;                  // on 429/502/503/504 and connection errors
  int provider_concurrency = 4;         // simultaneous upstream calls per provider
  double cache_ttl_s = 60;              // fresh for this long
  double cache_stale_s = 600;           // then served stale while revalidating
  long long cache_max_bytes = 256LL << 20;
  int max_pages = 50;                   // pagination cap per provider for /api/v1/offers

  // Server limits
  long long max_body_bytes = 1 << 20;
  long long max_header_bytes = 16 << 10;  // request line + headers; larger requests get 431
  double read_timeout_s = 10;           // slow clients are dropped after this
  int threads = 16;
  double shutdown_grace_s = 10;         // SIGTERM: requests in flight get this long to finish

  // Demo mode: serve the bundled snapshot instead of calling providers.
  // Unset: automatic (demo when no key is configured and no provider is reachable).
  std::optional<bool> demo;

  bool HasAnyKey() const {
    for (const auto& k : keys)
      if (!k.empty()) return true;
    return false;
  }
};

struct ConfigResult {
  Config config;
  std::string error;  // non-empty: a message for the user, exit 2
  bool help = false;
};

// Parses `serve` arguments (argv after "serve") plus the environment and `--config FILE`.
ConfigResult ParseServeArgs(int argc, char** argv);
// The text of `offerscope serve --help`: every flag and environment variable.
std::string ServeHelp();

}  // namespace offerscope::proxy
