#include "web/data_loader.hpp"

#include <memory>

#include "core/providers/registry.hpp"
#include "core/query.hpp"
#include "web/platform/browser.hpp"
#include "web/platform/http.hpp"

namespace offerscope::web {

namespace {

std::string ProxyBase(const AppState& s) {
  std::string base = s.settings.proxy_url.empty() ? PageOrigin() : s.settings.proxy_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

HttpCall CallFor(const AppState& s, const core::ProviderDef& def, const core::HttpRequest& r) {
  HttpCall c;
  c.method = r.method;
  c.url = ProxyBase(s) + "/api/v1/providers/" + std::string(def.name) + core::Target(r);
  c.body = r.body;
  if (!r.body.empty()) c.headers.emplace_back("Content-Type", "application/json");
  const std::string& key = s.settings.keys[static_cast<int>(def.id)];
  if (!key.empty()) c.headers.emplace_back(std::string(def.browser_key_header), key);
  return c;
}

// Offers arriving for one provider during one load. Kept apart until the provider is
// done, then swapped into the table in one go (so the table never shows half a load).
struct Load {
  AppState* state;
  core::ProviderId id;
  unsigned generation;
  std::vector<std::vector<core::Offer>> pages;  // by page position, so arrival order never matters
  int outstanding = 0;
  int offers = 0;
};

unsigned g_generation = 0;

// Offers are kept in provider order (vast, primeintellect, dispersed) whatever order the
// answers arrive in, so an unsorted view shows the same rows in the same order every time.
void ReplaceProviderOffers(AppState& s, core::ProviderId id, std::vector<core::Offer> fresh) {
  std::vector<core::Offer> all;
  all.reserve(s.table.size() + fresh.size());
  for (int p = 0; p < core::kProviderCount; ++p) {
    if (p == static_cast<int>(id)) {
      for (core::Offer& o : fresh) all.push_back(std::move(o));
      continue;
    }
    for (const core::Offer& o : s.table.offers())
      if (static_cast<int>(o.provider) == p) all.push_back(o);
  }
  s.table.Assign(std::move(all));
  s.rows_dirty = true;
}

void OnPage(std::shared_ptr<Load> load, std::size_t position, core::HttpRequest request, HttpResult result) {
  AppState& s = *load->state;
  if (load->generation != g_generation) return;  // a newer load replaced this one
  ProviderStatus& st = s.providers[static_cast<int>(load->id)];
  const core::ProviderDef& def = core::GetProvider(load->id);
  --load->outstanding;
  if (!result.snapshot.empty()) st.snapshot_time = result.snapshot;
  if (result.status == 0) {
    st.phase = ProviderStatus::Phase::kError;
    st.message = def.display_name.data() + std::string(": ") + result.error;
    return;
  }
  core::NormalizeOptions opts;
  opts.disk_gb = s.view.disk_gb;
  opts.fetched_at = st.snapshot_time;
  core::Page page = def.parse_offers(request, result.status, result.body, opts);
  if (!page.error.empty()) {
    st.phase = ProviderStatus::Phase::kError;
    st.message = page.error;
    return;
  }
  ++st.pages_fetched;
  load->offers += static_cast<int>(page.offers.size());
  if (load->pages.size() <= position) load->pages.resize(position + 1);
  load->pages[position] = std::move(page.offers);
  if (!page.more.empty()) {
    st.pages_total = 1 + static_cast<int>(page.more.size());
    std::size_t base = load->pages.size();
    load->pages.resize(base + page.more.size());
    for (std::size_t i = 0; i < page.more.size(); ++i) {
      const core::HttpRequest next = page.more[i];
      ++load->outstanding;
      HttpFetch(CallFor(s, def, next), [load, next, p = base + i](HttpResult r) { OnPage(load, p, next, std::move(r)); });
    }
  }
  st.offers = load->offers;
  if (load->outstanding == 0 && st.phase != ProviderStatus::Phase::kError) {
    st.phase = ProviderStatus::Phase::kDone;
    if (st.pages_total == 0) st.pages_total = st.pages_fetched;
    st.fetched_at_ms = NowMs();
    std::vector<core::Offer> all;
    for (std::vector<core::Offer>& p : load->pages)
      for (core::Offer& o : p) all.push_back(std::move(o));
    ReplaceProviderOffers(s, load->id, std::move(all));
  }
}

}  // namespace

void StartLoading(AppState& s) {
  ++g_generation;
  for (const core::ProviderDef* def : core::AllProviders()) {
    ProviderStatus& st = s.providers[static_cast<int>(def->id)];
    bool wanted = s.view.providers.empty() ||
                  std::find(s.view.providers.begin(), s.view.providers.end(), def->id) != s.view.providers.end();
    if (!wanted) {
      st = ProviderStatus{};
      continue;
    }
    st.phase = ProviderStatus::Phase::kLoading;
    st.pages_fetched = st.pages_total = st.offers = 0;
    st.message.clear();
    core::PlanOptions plan;
    // Fetch broadly and filter locally: typing a query then never waits on the network.
    plan.type = s.view.interruptible ? "bid" : "on-demand";
    auto load = std::make_shared<Load>(Load{&s, def->id, g_generation, {}, 0, 0});
    std::vector<core::HttpRequest> first = def->plan_offers(plan);
    load->pages.resize(first.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
      const core::HttpRequest r = first[i];
      ++load->outstanding;
      HttpFetch(CallFor(s, *def, r), [load, r, i](HttpResult res) { OnPage(load, i, r, std::move(res)); });
    }
  }
}

void LoadInstances(AppState& s) {
  s.instances.loading = true;
  s.instances.error.clear();
  HttpCall c;
  c.url = ProxyBase(s) + "/api/v1/instances";
  const core::ProviderDef& vast = core::GetProvider(core::ProviderId::kVast);
  const std::string& key = s.settings.keys[static_cast<int>(core::ProviderId::kVast)];
  if (!key.empty()) c.headers.emplace_back(std::string(vast.browser_key_header), key);
  AppState* sp = &s;
  HttpFetch(c, [sp](HttpResult r) {
    sp->instances.loading = false;
    nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
    if (r.status != 200 || j.is_discarded()) {
      std::string msg = !j.is_discarded() && j.is_object() && j.contains("error") && j["error"].is_string()
                            ? j["error"].get<std::string>()
                            : "the proxy answered HTTP " + std::to_string(r.status);
      sp->instances.error = msg;
      return;
    }
    sp->instances.rows.clear();
    if (j.contains("instances") && j["instances"].is_array())
      for (const auto& i : j["instances"]) {
        InstanceRow row;
        row.id = i.value("id", "");
        row.label = i.value("label", "");
        row.status = i.value("status", "");
        row.gpu = i.value("gpu", "");
        row.gpu_count = i.value("gpu_count", 0);
        row.price_usd_per_hour = i["price_usd_per_hour"].is_number() ? i["price_usd_per_hour"].get<double>() : core::kUnknown;
        row.uptime_s = i["uptime_s"].is_number() ? i["uptime_s"].get<double>() : core::kUnknown;
        sp->instances.rows.push_back(std::move(row));
      }
  });
}

}  // namespace offerscope::web
