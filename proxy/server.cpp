#include "proxy/server.hpp"

#include <httplib.h>

#include <cmath>
#include <exception>

#include "core/providers/registry.hpp"
#include "proxy/access.hpp"
#include "proxy/aggregate.hpp"
#include "proxy/cors.hpp"
#include "proxy/instances.hpp"
#include "proxy/log.hpp"
#include "proxy/passthrough.hpp"
#include "proxy/request_checks.hpp"
#include "proxy/respond.hpp"

namespace offerscope::proxy {

using Handled = httplib::Server::HandlerResponse;

Services::Services(Config c)
    : config(std::move(c)), cache(config.cache_ttl_s, config.cache_stale_s, config.cache_max_bytes) {}

ConnectionLimits LimitsFor(const Config& c) {
  ConnectionLimits l;
  l.request_timeout_s = c.read_timeout_s;
  l.max_header_bytes = static_cast<std::size_t>(c.max_header_bytes);
  l.max_body_bytes = static_cast<std::size_t>(c.max_body_bytes);
  l.threads = c.threads;
  return l;
}

std::string RouteLabel(std::string_view path) {
  for (std::string_view exact : {"/healthz", "/metrics", "/api/v1/offers", "/api/v1/instances"})
    if (path == exact) return std::string(exact);
  constexpr std::string_view kProviders = "/api/v1/providers/";
  if (path.substr(0, kProviders.size()) == kProviders) {
    std::string_view rest = path.substr(kProviders.size());
    std::size_t slash = rest.find('/');
    std::optional<core::ProviderId> id = core::ProviderFromName(rest.substr(0, slash));
    if (!id) return "/api/v1/providers/unknown";
    const core::ProviderDef& def = core::GetProvider(*id);
    std::string label = std::string(kProviders) + std::string(def.name);
    std::string_view upstream = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
    for (const char* m : {"GET", "POST", "PUT"})
      if (core::IsAllowed(def, m, upstream)) return label + std::string(upstream);  // text from the allowlist
    return label + "/other";
  }
  if (path.rfind("/api/", 0) == 0) return "/api/other";
  return "static";
}

namespace {

const char* StatusText(int status) {
  switch (status) {
    case 400: return "malformed request";
    case 404: return "not found";
    case 413: return "request body too large";
    case 414: return "request line too long";
    case 416: return "range not satisfiable";
    default: return status >= 500 ? "internal error" : "request refused";
  }
}

// Headers every API answer carries: its body is data, never a page of our origin.
void ApiHeaders(httplib::Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox");
}

// The checks every request passes before a route sees it (see server.hpp). Handled: answered.
Handled PreRoute(Services& s, const httplib::Request& req, httplib::Response& res) {
  if (Refusal r = CheckRequest(req, static_cast<std::size_t>(s.config.max_body_bytes))) {
    if (r.close) {
      CloseConnectionAfterResponse();
      res.set_header("Connection", "close");
    }
    if (r.status == 405) res.set_header("Allow", "GET, HEAD, POST, PUT, OPTIONS");
    SendError(res, r.status, r.message);
    return Handled::Handled;
  }
  if (!HostAllowed(s.config, req)) {
    SendError(res, 421,
              "this proxy listens on " + s.config.bind +
                  " and answers only local host names (DNS rebinding protection); add --allow-origin for others");
    return Handled::Handled;
  }
  bool cors = IsCorsRoute(req.path);
  if (cors) ApiHeaders(res);
  if (req.method == "OPTIONS") {
    if (cors) {
      AnswerPreflight(s.config, req, res);
    } else {
      res.status = 405;
      res.set_header("Allow", "GET, HEAD");
    }
    return Handled::Handled;
  }
  if (!cors) return Handled::Unhandled;
  bool origin_allowed = ApplyCors(s.config, req, res);  // true too when there is no Origin
  bool api = req.path.rfind("/api/", 0) == 0 || req.path == "/metrics";
  if (api && !origin_allowed) {
    // Refused before any upstream call: the page could not read the answer, but the call
    // would still spend the owner's keys and rate limits.
    SendError(res, 403, "this proxy does not accept API calls from pages of other origins; its owner can allow "
                        "one with --allow-origin");
    return Handled::Handled;
  }
  TokenState token = CheckAccessToken(s.config, req);
  if (api && (token == TokenState::kWrong || (token == TokenState::kMissing && RouteNeedsToken(req.path)))) {
    res.set_header("WWW-Authenticate", "Bearer");
    SendError(res, 401, token == TokenState::kWrong
                            ? "wrong access token"
                            : "this route needs the proxy's access token (Authorization: Bearer <token>)");
    return Handled::Handled;
  }
  return Handled::Unhandled;
}

void Healthz(const Services& s, const httplib::Request& req, httplib::Response& res) {
  nlohmann::json j = {{"status", "ok"},
                      {"demo", s.demo},
                      {"snapshot", s.demo ? nlohmann::json(s.snapshot_time) : nlohmann::json(nullptr)},
                      {"tls", !s.config.tls_cert.empty()},
                      {"access_token_required", !s.config.access_token.empty()}};
  // Which providers the server holds a key for, told only to callers allowed to use them.
  if (MayUseServerKeys(s.config, req)) {
    nlohmann::json keys = nlohmann::json::object();
    for (const core::ProviderDef* p : core::AllProviders())
      keys[std::string(p->name)] = !s.config.keys[static_cast<int>(p->id)].empty();
    j["server_keys"] = std::move(keys);
  }
  res.set_header("Cache-Control", "no-store");
  SendJson(res, 200, j);
}

void LogAnswer(Services& s, const httplib::Request& req, const httplib::Response& res) {
  if (CurrentRequestRefused()) return;  // the connection layer answered and logged it
  std::string route = RouteLabel(req.path);
  long long bytes = static_cast<long long>(res.body.empty() ? res.content_length_ : res.body.size());
  if (req.method == "HEAD" || res.status == 304) bytes = 0;
  s.metrics.CountRequest(route, res.status);
  s.metrics.AddBytes("out", bytes);
  // Method, route label, status, time and size only: paths, queries and headers can carry
  // keys, tokens and account data.
  LogRequest(req.method, route, res.status, CurrentRequestElapsedMs(), bytes);
}

void InstallHooks(httplib::Server& srv, Services& s) {
  srv.set_pre_routing_handler([&s](const httplib::Request& req, httplib::Response& res) {
    try {
      return PreRoute(s, req, res);
    } catch (const std::exception& e) {
      AnswerInternalError(req, res, e.what());
    } catch (...) {
      AnswerInternalError(req, res, "unknown exception");
    }
    return Handled::Handled;
  });
  srv.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    const char* what = "unknown exception";
    std::string text;
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      text = e.what();
      what = text.c_str();
    } catch (...) {
    }
    AnswerInternalError(req, res, what);
  });
  // Errors cpp-httplib answers itself (404 for a route nobody serves, 400 for a request it
  // cannot parse) get a JSON body too. This runs outside httplib's try block: never throw.
  httplib::Server::HandlerWithResponse on_error = [](const httplib::Request&, httplib::Response& res) {
    try {
      if (res.body.empty() && res.content_length_ == 0 && !res.content_provider_)
        res.set_content(nlohmann::json{{"error", StatusText(res.status)}}.dump(), "application/json");
    } catch (...) {
    }
    return Handled::Handled;
  };
  srv.set_error_handler(std::move(on_error));
  srv.set_logger([&s](const httplib::Request& req, const httplib::Response& res) {
    try {
      LogAnswer(s, req, res);
    } catch (...) {
    }
  });
}

// Fresh cached answers to pass-through GETs skip cpp-httplib (connection.hpp, FastPath):
// the same checks (PreRoute), the same route code, the same log line and metrics.
void InstallFastPath(httplib::Server& srv, Services& s) {
  FastPath fast;
  fast.answer = [&s](const httplib::Request& req, httplib::Response& res, FastPath::Answer& again) {
    try {
      if (req.path.rfind("/api/v1/providers/", 0) != 0) return false;
      if (PreRoute(s, req, res) == Handled::Handled) return false;  // a refusal: the usual path answers it
      httplib::Headers checked = res.headers;  // what the checks added (CORS, API headers)
      std::string cache_key;
      if (!AnswerFreshPassthrough(s, req, res, cache_key)) return false;
      // The same request again: the checks and the key depend on its bytes only. The answer
      // comes out the same, byte for byte, while the copy and its Age (whole seconds) are the
      // same as last time; `last` holds that copy, so it cannot be replaced by another one at
      // the same address meanwhile.
      again = [&s, checked = std::move(checked), cache_key = std::move(cache_key), last = CacheLookup()](
                  const httplib::Request& same, httplib::Response& out) mutable {
        try {
          CacheLookup look = FreshCopy(s, cache_key);
          if (!look.answer) return FastPath::Again::kNo;
          if (look.answer == last.answer && AgeHeaderSeconds(look) == AgeHeaderSeconds(last)) {
            s.metrics.CountCache(true);  // as AnswerCopy would
            return FastPath::Again::kSame;
          }
          out.headers = checked;
          AnswerCopy(s, same, out, look, cache_key);
          last = std::move(look);
          return FastPath::Again::kNew;
        } catch (...) {
          return FastPath::Again::kNo;
        }
      };
      return true;
    } catch (...) {
      return false;  // the usual path answers the request (and reports the failure)
    }
  };
  fast.written = [&s](const httplib::Request& req, const httplib::Response& res) {
    try {
      s.metrics.CountFastAnswer();
      LogAnswer(s, req, res);
    } catch (...) {
    }
  };
  SetFastPath(srv, std::move(fast));
}

}  // namespace

std::unique_ptr<httplib::Server> MakeServer(Services& s) {
  std::string error;
  auto on_refusal = [&s](int status, double ms) {
    s.metrics.CountRequest("refused", status);
    Log("info", {{"msg", "request"}, {"route", "refused"}, {"status", status}, {"ms", std::round(ms * 10) / 10}});
  };
  std::unique_ptr<httplib::Server> server =
      MakeGuardedServer(LimitsFor(s.config), s.config.tls_cert, s.config.tls_key, on_refusal, error);
  if (!server) {
    Log("error", {{"msg", error}});
    return nullptr;
  }
  httplib::Server& srv = *server;
  // cpp-httplib's own limit is a backstop: CheckRequest refuses larger bodies before reading.
  srv.set_payload_max_length(static_cast<std::size_t>(s.config.max_body_bytes));
  InstallHooks(srv, s);
  InstallFastPath(srv, s);

  srv.Get("/healthz", Guarded([&s](const httplib::Request& req, httplib::Response& res) { Healthz(s, req, res); }));
  srv.Get("/metrics", Guarded([&s](const httplib::Request&, httplib::Response& res) {
            res.set_header("Cache-Control", "no-store");
            SendBytes(res, 200, std::make_shared<const std::string>(s.metrics.Render()),
                      "text/plain; version=0.0.4; charset=utf-8");
          }));
  RegisterPassthroughRoutes(srv, s);
  RegisterAggregateRoutes(srv, s);
  RegisterInstancesRoutes(srv, s);
  srv.Get(R"(/.*)", Guarded([&s](const httplib::Request& req, httplib::Response& res) {
            if (s.static_files.Serve(req, res)) return;
            if (req.path.rfind("/api/", 0) == 0) return SendError(res, 404, "no such API route");
            SendBytes(res, 404, std::make_shared<const std::string>("not found\n"), "text/plain; charset=utf-8");
          }));
  return server;
}

}  // namespace offerscope::proxy
