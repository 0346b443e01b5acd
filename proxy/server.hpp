// `offerscope serve`: everything the server holds, and the function that builds it. Every
// route is registered in MakeServer before listen(); main.cpp only parses and listens.
#pragma once

#include <memory>
#include <string>

#include "proxy/cache.hpp"
#include "proxy/config.hpp"
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

// How an answer was obtained, for headers and the aggregate's status block.
struct FetchInfo {
  bool from_cache = false;
  bool stale = false;   // served from cache after the upstream failed, or while refreshing
  double age_s = 0;
};

// The key a request is made with: the caller's (browser header) or the server's.
// `caller_key` tells which, since answers fetched with a caller's key are never cached.
std::string KeyFor(const Services& s, core::ProviderId id, const std::string& browser_key, bool& caller_key);

// One upstream call through the cache (when `cacheable`): fresh hits answer at once, stale
// ones answer and refresh in the background, failures fall back to a stale copy.
UpstreamResponse CachedFetch(Services& s, const UpstreamRequest& r, bool cacheable, FetchInfo& info);

std::unique_ptr<httplib::Server> MakeServer(Services& services);

// Binds, logs the URL, serves until SIGTERM/SIGINT, drains in-flight requests. Exit code.
int RunServer(Services& services);

// Route registration, one file per concern.
void RegisterPassthroughRoutes(httplib::Server& server, Services& services);  // passthrough.cpp
void RegisterAggregateRoutes(httplib::Server& server, Services& services);    // aggregate.cpp
void RegisterInstancesRoutes(httplib::Server& server, Services& services);    // instances.cpp

}  // namespace offerscope::proxy
