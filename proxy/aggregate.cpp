// GET /api/v1/offers?<share-URL parameters>: every selected provider at once, normalized,
// filtered and sorted by core, with a status per provider. One provider failing never fails
// the answer: its status says what happened and the others' offers are still there.
#include <httplib.h>

#include <chrono>
#include <ctime>
#include <future>

#include "core/filter.hpp"
#include "core/offer_json.hpp"
#include "core/offer_table.hpp"
#include "core/providers/registry.hpp"
#include "core/query.hpp"
#include "core/view_state.hpp"
#include "proxy/server.hpp"

namespace offerscope::proxy {

namespace {

std::string NowIso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

struct ProviderResult {
  core::ProviderId id;
  std::vector<core::Offer> offers;
  std::string status = "ok", message;
  int pages = 0;
  double stale_age_s = 0;
};

// Fetches and parses one page; false with `message` when it failed.
bool FetchPage(Services& s, core::ProviderId id, const core::HttpRequest& request, const std::string& key,
               bool cacheable, const core::NormalizeOptions& opts, core::Page& page, FetchInfo& info,
               std::string& message) {
  const core::ProviderDef& def = core::GetProvider(id);
  UpstreamResponse answer = CachedFetch(s, {id, request, key}, cacheable, info);
  if (answer.status == 0) {
    message = answer.error;
    return false;
  }
  page = def.parse_offers(request, answer.status, answer.body, opts);
  if (!page.error.empty()) {
    message = page.error;
    return false;
  }
  return true;
}

ProviderResult FetchProvider(Services& s, core::ProviderId id, const core::ParsedQuery& query,
                             const core::ViewState& view, const std::string& browser_key) {
  ProviderResult r{id};
  const core::ProviderDef& def = core::GetProvider(id);
  bool caller_key = false;
  std::string key = KeyFor(s, id, browser_key, caller_key);
  core::PlanOptions plan;
  plan.query = &query;
  plan.type = view.interruptible ? "bid" : "on-demand";
  plan.storage_gb = view.disk_gb;
  core::NormalizeOptions opts;
  opts.disk_gb = view.disk_gb;
  opts.keep_raw = false;
  opts.fetched_at = s.demo ? s.snapshot_time : NowIso();
  std::vector<core::HttpRequest> requests = def.plan_offers(plan);
  if (requests.empty()) return r;
  core::Page first;
  FetchInfo info;
  if (!FetchPage(s, id, requests.front(), key, !caller_key, opts, first, info, r.message)) {
    r.status = "error";
    return r;
  }
  r.pages = 1;
  if (info.stale) r.status = "stale", r.stale_age_s = info.age_s;
  r.offers = std::move(first.offers);
  // The remaining pages in parallel, up to the cap.
  std::size_t budget = static_cast<std::size_t>(std::max(0, s.config.max_pages - 1));
  std::size_t wanted = first.more.size();
  std::vector<std::future<std::pair<bool, core::Page>>> futures;
  std::vector<std::string> messages(std::min(wanted, budget));
  for (std::size_t i = 0; i < wanted && i < budget; ++i) {
    futures.push_back(std::async(std::launch::async, [&, i] {
      core::Page p;
      FetchInfo pi;
      bool ok = FetchPage(s, id, first.more[i], key, !caller_key, opts, p, pi, messages[i]);
      return std::make_pair(ok, std::move(p));
    }));
  }
  for (std::size_t i = 0; i < futures.size(); ++i) {
    auto [ok, p] = futures[i].get();
    if (!ok) {
      r.status = "error";
      r.message = "page " + std::to_string(i + 2) + ": " + messages[i];
      continue;
    }
    ++r.pages;
    for (core::Offer& o : p.offers) r.offers.push_back(std::move(o));
  }
  if (wanted > budget && r.status == "ok") {
    r.status = "truncated";
    r.message = "stopped after " + std::to_string(s.config.max_pages) + " pages (--max-pages)";
  }
  return r;
}

}  // namespace

void RegisterAggregateRoutes(httplib::Server& srv, Services& s) {
  srv.Get("/api/v1/offers", [&s](const httplib::Request& req, httplib::Response& res) {
    std::size_t q = req.target.find('?');
    core::DecodedView decoded = core::DecodeFragment(q == std::string::npos ? "" : req.target.substr(q + 1));
    const core::ViewState& view = decoded.state;
    core::ParsedQuery query;
    core::QueryMessage error;
    if (!core::ParseQuery(view.query, query, error)) {
      res.status = 400;
      res.set_content(nlohmann::json({{"error", "query error at column " + std::to_string(error.pos + 1) + ": " + error.message},
                                      {"position", error.pos}, {"length", error.len}})
                          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                      "application/json");
      return;
    }
    core::Result<core::Filter> filter = core::CompileFilter(query);
    if (!filter.ok()) {
      res.status = 400;
      res.set_content(nlohmann::json({{"error", filter.error}}).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                      "application/json");
      return;
    }
    std::vector<core::ProviderId> ids = view.providers;
    if (ids.empty())
      for (const core::ProviderDef* p : core::AllProviders()) ids.push_back(p->id);
    std::vector<std::future<ProviderResult>> futures;
    for (core::ProviderId id : ids) {
      std::string browser_key = req.get_header_value(std::string(core::GetProvider(id).browser_key_header).c_str());
      futures.push_back(std::async(std::launch::async, [&s, id, &query, &view, browser_key] {
        return FetchProvider(s, id, query, view, browser_key);
      }));
    }
    std::vector<core::Offer> all;
    nlohmann::json providers = nlohmann::json::object();
    for (auto& f : futures) {
      ProviderResult r = f.get();
      nlohmann::json st = {{"status", r.status}, {"pages", r.pages}, {"offers", r.offers.size()},
                           {"fetched_at", s.demo ? s.snapshot_time : NowIso()}};
      if (!r.message.empty()) st["message"] = r.message;
      if (r.status == "stale") st["age_s"] = static_cast<long long>(r.stale_age_s);
      providers[std::string(core::ProviderName(r.id))] = st;
      for (core::Offer& o : r.offers) all.push_back(std::move(o));
    }
    core::OfferTable table;
    table.Assign(std::move(all));
    std::vector<std::uint32_t> rows;
    table.Query(filter.value, view.sort, rows);
    if (req.get_param_value("format") == "csv") {
      std::string csv = core::OfferCsvHeader();
      for (std::uint32_t r : rows) core::AppendOfferCsvRow(csv, table.offer(r));
      res.set_header("Content-Disposition", "attachment; filename=\"offers.csv\"");
      res.set_content(csv, "text/csv; charset=utf-8");
      return;
    }
    std::string body = "{\"offers\":[";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (i) body += ',';
      core::AppendOfferJson(body, table.offer(rows[i]));
    }
    body += "],\"providers\":" + providers.dump() + ",\"snapshot\":" +
            (s.demo ? "\"" + s.snapshot_time + "\"" : std::string("null"));
    if (!decoded.notices.empty()) body += ",\"notices\":" + nlohmann::json(decoded.notices).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    body += "}";
    res.set_content(body, "application/json");
  });
}

}  // namespace offerscope::proxy
