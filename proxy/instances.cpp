// GET /api/v1/instances: the caller's own Vast instances. Needs a key (the caller's header,
// or the server's when the caller passed the access token check); never cached, never
// logged beyond route and status, since instances carry tokens and addresses.
#include <httplib.h>

#include <chrono>

#include "core/providers/registry.hpp"
#include "core/providers/vast_instances.hpp"
#include "proxy/server.hpp"

namespace offerscope::proxy {

void RegisterInstancesRoutes(httplib::Server& srv, Services& s) {
  srv.Get("/api/v1/instances", [&s](const httplib::Request& req, httplib::Response& res) {
    const core::ProviderDef& vast = core::GetProvider(core::ProviderId::kVast);
    bool caller_key = false;
    std::string key = KeyFor(s, core::ProviderId::kVast, req.get_header_value(std::string(vast.browser_key_header).c_str()),
                             caller_key);
    if (key.empty() && !s.demo) {
      res.status = 401;
      res.set_content("{\"error\":\"a Vast API key is needed to list your instances (Settings, or VAST_API_KEY)\"}",
                      "application/json");
      return;
    }
    double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    nlohmann::json list = nlohmann::json::array();
    std::optional<core::HttpRequest> next = core::PlanVastInstances();
    for (int page = 0; next && page < 20; ++page) {
      UpstreamRequest up{core::ProviderId::kVast, *next, key};
      UpstreamResponse answer = s.upstream->Fetch(up);
      if (answer.status == 0) {
        res.status = 502;
        res.set_content(nlohmann::json({{"error", answer.error}}).dump(), "application/json");
        return;
      }
      core::VastInstancesPage p = core::ParseVastInstances(*next, answer.status, answer.body, now);
      if (!p.error.empty()) {
        res.status = answer.status >= 400 ? answer.status : 502;
        res.set_content(nlohmann::json({{"error", p.error}}).dump(), "application/json");
        return;
      }
      for (const core::VastInstance& i : p.instances)
        list.push_back({{"id", i.id}, {"label", i.label}, {"status", i.status}, {"gpu", i.gpu}, {"gpu_count", i.gpu_count},
                        {"price_usd_per_hour", i.price_usd_per_hour}, {"uptime_s", i.uptime_s}, {"region", i.region},
                        {"image", i.image}});
      next = p.next;
    }
    res.set_header("Cache-Control", "no-store, private");
    res.set_content(nlohmann::json({{"instances", list}, {"snapshot", s.demo ? nlohmann::json(s.snapshot_time) : nlohmann::json(nullptr)}})
                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json");
  });
}

}  // namespace offerscope::proxy
