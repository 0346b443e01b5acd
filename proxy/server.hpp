// `offerscope serve`: everything the server holds, and the functions that build and run it.
// Every route is registered in MakeServer before listen(); main.cpp only parses and runs.
//
// Routes (one file per concern):
//   GET  /healthz                       {"status":"ok","demo":bool,...}          server.cpp
//   GET  /metrics                       Prometheus text                           server.cpp
//   *    /api/v1/providers/<p>/<path>   allowlisted pass-through                  passthrough.cpp
//   GET  /api/v1/offers                 all providers, normalized                 aggregate.cpp
//   GET  /api/v1/instances              the caller's Vast instances               instances.cpp
//   GET  /...                           the web app's files                       static_files.cpp
// Before any route: request_checks.hpp (hostile input), cors.hpp (origins, hosts,
// preflight), access.hpp (the access token); below them all, connection.hpp (slow clients,
// size limits, TLS, draining).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "proxy/cache.hpp"
#include "proxy/config.hpp"
#include "proxy/connection.hpp"
#include "proxy/metrics.hpp"
#include "proxy/static_files.hpp"
#include "proxy/upstream.hpp"

namespace httplib {
class Server;
}

namespace offerscope::proxy {

struct Services {
  explicit Services(Config c);
  Config config;
  Metrics metrics;
  ResponseCache cache;
  StaticFiles static_files;
  std::unique_ptr<Upstream> upstream;
  bool demo = false;
  std::string snapshot_time;  // ISO time of the demo snapshot; empty when live
};

// The connection limits Config asks for.
ConnectionLimits LimitsFor(const Config& config);

// The server with every route registered; HTTPS when Config::tls_cert/tls_key are set.
// Null (after logging why) when the TLS files cannot be used.
std::unique_ptr<httplib::Server> MakeServer(Services& services);

// Binds Config::bind:port (0: a free port), logs {"msg":"listening","url":...}, serves until
// SIGTERM or SIGINT, then drains: no new connections, requests in flight are answered, for
// at most Config::shutdown_grace_s (a second signal exits at once). Returns the exit code:
// 0 after a drain, 1 when the server could not start or the grace period ran out.
int RunServer(Services& services);

// The label a request is counted and logged under: a fixed set ("/healthz", "static",
// "/api/v1/providers/vast/api/v0/bundles/", "/api/other", ...), never request text, so
// neither a secret in a path nor an attacker's junk reaches logs or metric labels.
std::string RouteLabel(std::string_view path);

}  // namespace offerscope::proxy
