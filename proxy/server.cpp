#include "proxy/server.hpp"

#include <httplib.h>
#include <openssl/crypto.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include "core/providers/registry.hpp"
#include "proxy/demo.hpp"
#include "proxy/log.hpp"

namespace offerscope::proxy {

Services::Services(Config c)
    : config(std::move(c)), cache(config.cache_ttl_s, config.cache_stale_s, config.cache_max_bytes) {}

std::string KeyFor(const Services& s, core::ProviderId id, const std::string& browser_key, bool& caller_key) {
  caller_key = !browser_key.empty();
  return caller_key ? browser_key : s.config.keys[static_cast<int>(id)];
}

UpstreamResponse CachedFetch(Services& s, const UpstreamRequest& r, bool cacheable, FetchInfo& info) {
  if (!cacheable) return s.upstream->Fetch(r);
  std::string key = ResponseCache::Key(r.provider, r.request);
  std::shared_ptr<const CachedAnswer> hit;
  ResponseCache::State state = s.cache.Get(key, hit);
  auto from_cache = [&](const CachedAnswer& a, bool stale) {
    info.from_cache = true;
    info.stale = stale;
    info.age_s = std::chrono::duration<double>(std::chrono::system_clock::now() - a.stored_at).count();
    UpstreamResponse out;
    out.status = a.status;
    out.body = a.body;
    out.content_type = a.content_type;
    return out;
  };
  s.metrics.CountCache(state != ResponseCache::State::kMiss);
  if (state == ResponseCache::State::kFresh) return from_cache(*hit, false);
  if (state == ResponseCache::State::kStale) {
    // Serve what we have and refresh behind it (stale-while-revalidate).
    std::thread([&s, r, key] {
      UpstreamResponse fresh = s.upstream->Fetch(r);
      if (fresh.status >= 200 && fresh.status < 300)
        s.cache.Put(key, {fresh.status, std::move(fresh.body), fresh.content_type, std::chrono::system_clock::now()});
      else
        s.cache.GetAny(key);
    }).detach();
    return from_cache(*hit, true);
  }
  UpstreamResponse fresh = s.upstream->Fetch(r);
  if (fresh.status >= 200 && fresh.status < 300) {
    s.cache.Put(key, {fresh.status, fresh.body, fresh.content_type, std::chrono::system_clock::now()});
    return fresh;
  }
  if (auto old = s.cache.GetAny(key)) return from_cache(*old, true);  // stale beats an error
  return fresh;
}

namespace {

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// Origins allowed to call the API from a page: the configured list, or only our own.
bool OriginAllowed(const Services& s, const httplib::Request& req, const std::string& origin) {
  for (const std::string& o : s.config.allowed_origins)
    if (o == "*" || o == origin) return true;
  std::string host = req.get_header_value("Host");
  return !host.empty() && (origin == "http://" + host || origin == "https://" + host);
}

std::string AllowedHeaders() {
  std::string h = "Authorization, Content-Type";
  for (const core::ProviderDef* p : core::AllProviders()) h += ", " + std::string(p->browser_key_header);
  return h;
}

// Route label for metrics and logs: never the raw path (it could carry anything).
std::string RouteOf(const std::string& path) {
  if (path.rfind("/api/v1/providers/", 0) == 0) return "/api/v1/providers";
  if (path.rfind("/api/", 0) == 0 || path == "/healthz" || path == "/metrics") return path.size() > 40 ? "/api/other" : path;
  return "static";
}

}  // namespace

std::unique_ptr<httplib::Server> MakeServer(Services& s) {
  std::unique_ptr<httplib::Server> server;
  if (!s.config.tls_cert.empty())
    server = std::make_unique<httplib::SSLServer>(s.config.tls_cert.c_str(), s.config.tls_key.c_str());
  else
    server = std::make_unique<httplib::Server>();
  httplib::Server& srv = *server;
  srv.new_task_queue = [&s] { return new httplib::ThreadPool(static_cast<size_t>(s.config.threads)); };
  srv.set_payload_max_length(static_cast<size_t>(s.config.max_body_bytes));
  srv.set_read_timeout(static_cast<time_t>(s.config.read_timeout_s), 0);
  srv.set_write_timeout(30, 0);
  srv.set_keep_alive_timeout(5);

  srv.set_pre_routing_handler([&s](const httplib::Request& req, httplib::Response& res) {
    // CRLF or NUL smuggled into a header value never reaches a handler.
    for (const auto& [k, v] : req.headers)
      if (v.find_first_of("\r\n", 0) != std::string::npos || v.find('\0') != std::string::npos) {
        res.status = 400;
        res.set_content("{\"error\":\"invalid header\"}", "application/json");
        return httplib::Server::HandlerResponse::Handled;
      }
    std::string origin = req.get_header_value("Origin");
    bool api = req.path.rfind("/api/", 0) == 0;
    if (!origin.empty() && OriginAllowed(s, req, origin)) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
    }
    if (req.method == "OPTIONS" && api) {
      res.status = 204;
      if (!origin.empty() && OriginAllowed(s, req, origin)) {
        res.set_header("Access-Control-Allow-Methods", "GET, POST, PUT, OPTIONS");
        res.set_header("Access-Control-Allow-Headers", AllowedHeaders());
        res.set_header("Access-Control-Max-Age", "600");
      }
      return httplib::Server::HandlerResponse::Handled;
    }
    if (api && !s.config.access_token.empty() &&
        !ConstantTimeEquals(req.get_header_value("Authorization"), "Bearer " + s.config.access_token)) {
      res.status = 401;
      res.set_content("{\"error\":\"this OfferScope proxy requires an access token (Authorization: Bearer ...)\"}",
                      "application/json");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  srv.Get("/healthz", [&s](const httplib::Request&, httplib::Response& res) {
    nlohmann::json j = {{"status", "ok"}, {"demo", s.demo}};
    if (s.demo) j["snapshot"] = s.snapshot_time;
    res.set_content(j.dump(), "application/json");
  });
  srv.Get("/metrics", [&s](const httplib::Request&, httplib::Response& res) {
    res.set_content(s.metrics.Render(), "text/plain; version=0.0.4");
  });
  RegisterPassthroughRoutes(srv, s);
  RegisterAggregateRoutes(srv, s);
  RegisterInstancesRoutes(srv, s);
  auto serve_static = [&s](const httplib::Request& req, httplib::Response& res) {
    if (!s.static_files.Serve(req, res)) {
      res.status = 404;
      res.set_content("not found\n", "text/plain");
    }
  };
  srv.Get(R"(/.*)", serve_static);

  srv.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    // A bug must cost one answer, never the server.
    res.status = 500;
    res.set_content("{\"error\":\"internal error\"}", "application/json");
  });
  srv.set_logger([&s](const httplib::Request& req, const httplib::Response& res) {
    std::string route = RouteOf(req.path);
    s.metrics.CountRequest(route, res.status);
    s.metrics.AddBytes("out", static_cast<long long>(res.body.size()));
    // Only method, route and status: paths, queries and headers can carry keys.
    if (route != "static" || res.status >= 400)
      Log("info", {{"msg", "request"}, {"method", req.method}, {"route", route}, {"status", res.status}});
  });
  return server;
}

namespace {
std::atomic<httplib::Server*> g_running{nullptr};
void OnSignal(int) {
  if (httplib::Server* s = g_running.load()) s->stop();  // finishes in-flight requests
}
}  // namespace

int RunServer(Services& s) {
  std::unique_ptr<httplib::Server> server = MakeServer(s);
  int port = s.config.port;
  if (port == 0) {
    port = server->bind_to_any_port(s.config.bind);
    if (port < 0) port = 0;
  } else if (!server->bind_to_port(s.config.bind, port)) {
    port = 0;
  }
  if (port == 0) {
    Log("error", {{"msg", "cannot listen"}, {"bind", s.config.bind}, {"port", s.config.port},
                  {"hint", "is another server using this port? try --port"}});
    return 1;
  }
  std::string scheme = s.config.tls_cert.empty() ? "http" : "https";
  std::string url = scheme + "://" + s.config.bind + ":" + std::to_string(port) + "/";
  Log("info", {{"msg", "listening"}, {"url", url}, {"demo", s.demo}});
  g_running = server.get();
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
  bool ok = server->listen_after_bind();
  g_running = nullptr;
  Log("info", {{"msg", "stopped"}});
  return ok || !server->is_running() ? 0 : 1;
}

}  // namespace offerscope::proxy
