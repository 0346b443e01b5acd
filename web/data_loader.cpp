#include "web/data_loader.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "core/providers/registry.hpp"
#include "core/providers/vast_instances.hpp"
#include "web/app.hpp"
#include "web/platform/browser.hpp"
#include "web/platform/http.hpp"
#include "web/platform/url_hash.hpp"

namespace offerscope::web {

namespace {

// Data older than this (proxy cache age included) gets the stale marker.
constexpr double kStaleAfterS = 10 * 60;

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
  const std::string& key = s.settings.keys[static_cast<std::size_t>(def.id)];
  if (!key.empty()) c.headers.emplace_back(std::string(def.browser_key_header), key);
  return c;
}

// One provider's load. Pages arrive in any order; each is filed under its place in the
// page sequence (the path of "more" indices that led to it: {0}, {0,1}, {0,0,0}...), whose
// lexicographic order is the provider's own page order for parallel and keyset paging
// alike. The table is only touched once every page is in, so it never shows half a load and
// a reload shows the same rows in the same order.
struct Load {
  AppState* state;
  core::ProviderId id;
  unsigned generation;
  std::map<std::vector<int>, std::vector<core::Offer>> pages;
  int outstanding = 0;
  std::size_t first_page_offers = 0;
  bool failed = false;
  bool stale_cache = false;  // some page came from the proxy's cache past its freshness
  double cache_age_s = 0;    // oldest page's age in the proxy's cache (Age header)
};

unsigned g_generation = 0;

// The table keeps providers in ProviderId order, each in its page order.
void ReplaceProviderOffers(AppState& s, const Load& load) {
  std::vector<core::Offer> all;
  std::size_t total = s.table.size();
  for (const auto& page : load.pages) total += page.second.size();
  all.reserve(total);
  for (int p = 0; p < core::kProviderCount; ++p) {
    auto id = static_cast<core::ProviderId>(p);
    if (id == load.id) {
      for (const auto& page : load.pages) all.insert(all.end(), page.second.begin(), page.second.end());
    } else {
      for (const core::Offer& o : s.table.offers())
        if (o.provider == id) all.push_back(o);
    }
  }
  ReplaceTable(s, std::move(all));
}

void NoteHeaders(ProviderStatus& st, Load& load, const HttpResult& r) {
  std::string snapshot = HeaderValue(r, "x-offerscope-snapshot");
  if (!snapshot.empty()) st.snapshot_time = snapshot;
  if (HeaderValue(r, "x-offerscope-cache") == "stale") load.stale_cache = true;
  std::string age = HeaderValue(r, "age");
  if (!age.empty()) load.cache_age_s = std::max(load.cache_age_s, std::atof(age.c_str()));
}

void Fail(ProviderStatus& st, Load& load, std::string message) {
  st.phase = ProviderStatus::Phase::kError;
  st.message = std::move(message);
  load.failed = true;
}

void FetchPage(std::shared_ptr<Load> load, core::HttpRequest request, std::vector<int> path);

void OnPage(const std::shared_ptr<Load>& load, const core::HttpRequest& request, const std::vector<int>& path,
            HttpResult result) {
  if (load->generation != g_generation) return;  // a newer load replaced this one
  AppState& s = *load->state;
  ProviderStatus& st = s.providers[static_cast<std::size_t>(load->id)];
  const core::ProviderDef& def = core::GetProvider(load->id);
  --load->outstanding;
  if (load->failed) return;
  NoteHeaders(st, *load, result);
  if (result.status == 0) return Fail(st, *load, std::string(def.display_name) + ": " + result.error);
  core::NormalizeOptions opts;
  opts.disk_gb = s.view.disk_gb;
  opts.fetched_at = st.snapshot_time;
  core::Page page = def.parse_offers(request, result.status, result.body, opts);
  if (!page.error.empty()) return Fail(st, *load, page.error);
  ++st.pages_fetched;
  if (path.size() == 1) load->first_page_offers = page.offers.size();
  st.offers += static_cast<int>(page.offers.size());
  load->pages[path] = std::move(page.offers);
  for (std::size_t i = 0; i < page.more.size(); ++i) {
    std::vector<int> next_path = path;
    next_path.push_back(static_cast<int>(i));
    FetchPage(load, page.more[i], std::move(next_path));
  }
  // Keyset paging names one next page at a time: estimate the total from the item count.
  int estimate = 0;
  if (page.total > 0 && load->first_page_offers > 0)
    estimate = static_cast<int>((page.total + load->first_page_offers - 1) / load->first_page_offers);
  st.pages_total = std::max(st.pages_fetched + load->outstanding, estimate);
  if (load->outstanding > 0) return;
  st.phase = ProviderStatus::Phase::kDone;
  st.pages_total = st.pages_fetched;
  st.fetched_at_ms = NowMs();
  st.stale_cache = load->stale_cache;
  st.cache_age_s = load->cache_age_s;
  ReplaceProviderOffers(s, *load);
  load->pages.clear();
}

void FetchPage(std::shared_ptr<Load> load, core::HttpRequest request, std::vector<int> path) {
  ++load->outstanding;
  const core::ProviderDef& def = core::GetProvider(load->id);
  HttpCall call = CallFor(*load->state, def, request);
  HttpFetch(call, [load, request = std::move(request), path = std::move(path)](HttpResult r) {
    OnPage(load, request, path, std::move(r));
  });
}

bool Wanted(const AppState& s, core::ProviderId id) {
  return s.view.providers.empty() || std::find(s.view.providers.begin(), s.view.providers.end(), id) != s.view.providers.end();
}

}  // namespace

double DataAgeS(const ProviderStatus& st, double now_ms) {
  if (st.fetched_at_ms <= 0) return core::kUnknown;
  return st.cache_age_s + (now_ms - st.fetched_at_ms) / 1000;
}

bool IsStale(const ProviderStatus& st, double now_ms) {
  if (st.fetched_at_ms <= 0) return false;
  return st.stale_cache || DataAgeS(st, now_ms) > kStaleAfterS;
}

void CancelLoading(AppState& s) {
  ++g_generation;
  for (ProviderStatus& st : s.providers)
    if (st.phase == ProviderStatus::Phase::kLoading) st.phase = ProviderStatus::Phase::kIdle;
}

void StartLoading(AppState& s) {
  ++g_generation;
  for (const core::ProviderDef* def : core::AllProviders()) {
    ProviderStatus& st = s.providers[static_cast<std::size_t>(def->id)];
    if (!Wanted(s, def->id)) {
      st.phase = ProviderStatus::Phase::kIdle;
      continue;
    }
    ProviderStatus fresh;
    fresh.phase = ProviderStatus::Phase::kLoading;
    fresh.snapshot_time = st.snapshot_time;
    // The rows on screen are still the previous answer's: keep saying how old they are.
    fresh.fetched_at_ms = st.fetched_at_ms;
    fresh.stale_cache = st.stale_cache;
    fresh.cache_age_s = st.cache_age_s;
    st = fresh;
    // Fetch broadly and filter locally: typing a query then never waits on the network.
    core::PlanOptions plan;
    plan.type = s.view.interruptible ? "bid" : "on-demand";
    auto load = std::make_shared<Load>(Load{&s, def->id, g_generation, {}, 0, 0, false, false, 0});
    std::vector<core::HttpRequest> first = def->plan_offers(plan);
    st.pages_total = static_cast<int>(first.size());
    for (std::size_t i = 0; i < first.size(); ++i) FetchPage(load, first[i], {static_cast<int>(i)});
  }
}

namespace {

void FetchInstancesPage(AppState* s, unsigned generation, core::HttpRequest request);

unsigned g_instances_generation = 0;

void OnInstancesPage(AppState* s, unsigned generation, const core::HttpRequest& request, HttpResult r) {
  if (generation != g_instances_generation) return;
  InstancesState& in = s->instances;
  std::string snapshot = HeaderValue(r, "x-offerscope-snapshot");
  if (!snapshot.empty()) in.snapshot_time = snapshot;
  if (r.status == 0) {
    in.loading = false;
    in.error = "Vast.ai: " + r.error;
    return;
  }
  core::VastInstancesPage page = core::ParseVastInstances(request, r.status, r.body, UnixTimeS());
  if (!page.error.empty()) {
    in.loading = false;
    in.error = page.error;
    return;
  }
  ++in.pages_fetched;
  for (core::VastInstance& i : page.instances) in.loaded.push_back(std::move(i));
  if (page.next && in.pages_fetched < 40) return FetchInstancesPage(s, generation, *page.next);
  in.loading = false;
  in.rows = std::move(in.loaded);
  in.loaded.clear();
  in.fetched_at_ms = NowMs();
}

void FetchInstancesPage(AppState* s, unsigned generation, core::HttpRequest request) {
  const core::ProviderDef& vast = core::GetProvider(core::ProviderId::kVast);
  HttpCall call = CallFor(*s, vast, request);
  HttpFetch(call, [s, generation, request = std::move(request)](HttpResult r) {
    OnInstancesPage(s, generation, request, std::move(r));
  });
}

}  // namespace

void LoadInstances(AppState& s) {
  ++g_instances_generation;
  s.instances.loading = true;
  s.instances.error.clear();
  s.instances.loaded.clear();
  s.instances.pages_fetched = 0;
  // Instances go through the same pass-through route as offers (never cached by the proxy,
  // which knows this path belongs to one account) and are read by core's parser here.
  FetchInstancesPage(&s, g_instances_generation, core::PlanVastInstances());
}

}  // namespace offerscope::web
