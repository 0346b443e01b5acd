#include "proxy/instances.hpp"

#include <httplib.h>

#include <chrono>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/providers/registry.hpp"
#include "core/providers/vast_instances.hpp"
#include "proxy/access.hpp"
#include "proxy/respond.hpp"
#include "proxy/server.hpp"

namespace offerscope::proxy {

namespace {

nlohmann::json Number(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

nlohmann::json ToJson(const core::VastInstance& i) {
  return {{"id", i.id},
          {"label", i.label},
          {"status", i.status},
          {"intended_status", i.intended_status},
          {"gpu", i.gpu},
          {"gpu_count", i.gpu_count},
          {"vram_gb", Number(i.vram_gb)},
          {"price_usd_per_hour", Number(i.price_usd_per_hour)},
          {"uptime_s", Number(i.uptime_s)},
          {"country", i.country},
          {"region", i.region},
          {"image", i.image},
          {"interruptible", i.interruptible}};
}

void HandleInstances(Services& s, const httplib::Request& req, httplib::Response& res) {
  res.set_header("Cache-Control", "no-store, private");
  KeyChoice key = ChooseKey(s.config, req, core::ProviderId::kVast);
  if (!key.error.empty()) return SendError(res, 400, key.error);
  if (key.key.empty() && !s.demo)
    return SendError(res, 401, "listing your Vast instances needs your key: send " +
                                   std::string(core::GetProvider(core::ProviderId::kVast).browser_key_header) +
                                   (s.config.keys[0].empty() ? "" : " or this proxy's access token"));
  double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  nlohmann::json list = nlohmann::json::array();
  long long total = -1;
  std::optional<core::HttpRequest> next = core::PlanVastInstances();
  int pages = 0;
  for (; next && pages < kMaxInstancePages; ++pages) {
    // Straight to the upstream: an account's instances never enter the shared cache.
    UpstreamResponse answer = s.upstream->Fetch(UpstreamRequest{core::ProviderId::kVast, *next, key.key});
    if (answer.status == 0)
      return SendError(res, 502, Redact(answer.error.empty() ? "Vast did not answer" : answer.error, {key.key}));
    core::VastInstancesPage page = core::ParseVastInstances(*next, answer.status, answer.body, now);
    if (!page.error.empty()) {
      int status = answer.status == 401 || answer.status == 403 ? answer.status : 502;
      return SendError(res, status, Redact("Vast: " + page.error, {key.key}));
    }
    for (const core::VastInstance& i : page.instances) list.push_back(ToJson(i));
    if (page.total >= 0) total = page.total;
    next = page.next;
  }
  nlohmann::json body = {{"instances", std::move(list)},
                         {"total", total >= 0 ? nlohmann::json(total) : nlohmann::json(nullptr)},
                         {"truncated", next.has_value()},
                         {"snapshot", s.demo ? nlohmann::json(s.snapshot_time) : nlohmann::json(nullptr)}};
  SendJson(res, 200, body);
}

}  // namespace

void RegisterInstancesRoutes(httplib::Server& server, Services& s) {
  server.Get("/api/v1/instances", Guarded([&s](const httplib::Request& req, httplib::Response& res) {
               HandleInstances(s, req, res);
             }));
}

}  // namespace offerscope::proxy
