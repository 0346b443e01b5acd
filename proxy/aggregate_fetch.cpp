// One provider's part of /api/v1/offers: plan with core, fetch the first page, then every
// page it announced in parallel (up to Config::max_pages), parse with core, and say how it
// went. Public pages go through the response cache, whose keys the pass-through shares, so
// both routes reuse each other's pages.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "core/providers/registry.hpp"
#include "proxy/aggregate.hpp"
#include "proxy/server.hpp"

namespace offerscope::proxy {

namespace {

using SystemClock = std::chrono::system_clock;

double UnixSeconds(SystemClock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

struct PageResult {
  bool ok = false;
  core::Page page;
  std::string message;              // why it failed, or why a stale copy stood in
  bool stale_after_failure = false;
  double age_s = 0;
  SystemClock::time_point fetched;  // when the provider gave this answer
};

// A page parsed by the fetch that made it, handed back so a miss is parsed once. Shared, as
// a background refresh may run the same fetch after the request is gone.
struct ParsedSlot {
  std::mutex mu;
  bool set = false;
  core::Page page;
};

// The provider's own words for a failed answer (core's parser knows each error shape).
std::string FailureText(const core::ProviderDef& def, const core::HttpRequest& req, const UpstreamResponse& r,
                        const core::NormalizeOptions& opts) {
  if (r.status == 0) return r.error;
  std::string text = def.parse_offers(req, r.status, r.body, opts).error;
  if (text.empty()) text = std::string(def.display_name) + " answered HTTP " + std::to_string(r.status);
  return r.error.empty() ? text : text + " (" + r.error + ")";
}

PageResult FetchUncached(Services& s, const core::ProviderDef& def, const UpstreamRequest& up,
                         const core::NormalizeOptions& opts) {
  PageResult out;
  out.fetched = SystemClock::now();
  UpstreamResponse r = s.upstream->Fetch(up);
  if (r.status == 0) {
    out.message = r.error;
    return out;
  }
  out.page = def.parse_offers(up.request, r.status, r.body, opts);
  out.message = out.page.error;
  out.ok = out.page.error.empty();
  return out;
}

PageResult FetchPage(Services& s, core::ProviderId id, const core::HttpRequest& req, const std::string& key, bool cacheable,
                     const core::NormalizeOptions& opts) {
  const core::ProviderDef& def = core::GetProvider(id);
  UpstreamRequest up{id, req, key};
  if (!cacheable) return FetchUncached(s, def, up, opts);
  auto slot = std::make_shared<ParsedSlot>();
  Upstream* upstream = s.upstream.get();
  std::string cache_key = ResponseCache::Key(id, req);
  CacheLookup look = s.cache.Fetch(cache_key, [upstream, up, slot, opts, &def] {
    UpstreamResponse r = upstream->Fetch(up);
    if (r.status < 200 || r.status > 299) return r;
    core::Page page = def.parse_offers(up.request, r.status, r.body, opts);
    if (!page.error.empty()) {
      // An unreadable 2xx (cut short, not JSON) is a failure: never cached, and a stored
      // copy is preferred to it.
      UpstreamResponse bad;
      bad.error = page.error;
      return bad;
    }
    std::lock_guard<std::mutex> lock(slot->mu);
    slot->page = std::move(page);
    slot->set = true;
    return r;
  });
  s.metrics.CountCache(look.from_cache);
  PageResult out;
  if (!look.answer) {
    out.message = FailureText(def, req, look.failure, opts);
    return out;
  }
  {
    std::lock_guard<std::mutex> lock(slot->mu);
    if (slot->set && !look.from_cache) out.page = std::move(slot->page);
    else out.page = def.parse_offers(req, look.answer->status, look.answer->body, opts);
  }
  if (!out.page.error.empty()) {
    s.cache.Erase(cache_key);  // stored by another route, and not readable: do not keep it
    out.message = out.page.error;
    return out;
  }
  out.ok = true;
  out.fetched = look.answer->stored_at;
  if (look.after_failure) {
    out.stale_after_failure = true;
    out.age_s = look.age_s;
    out.message = FailureText(def, req, look.failure, opts);
  }
  return out;
}

// Fetches `requests` in parallel with at most Config::provider_concurrency workers.
std::vector<PageResult> FetchAll(Services& s, core::ProviderId id, const std::vector<core::HttpRequest>& requests,
                                 const std::string& key, bool cacheable, const core::NormalizeOptions& opts) {
  std::vector<PageResult> results(requests.size());
  std::atomic<std::size_t> next{0};
  std::size_t workers = std::min<std::size_t>(requests.size(), static_cast<std::size_t>(std::max(1, s.config.provider_concurrency)));
  std::vector<std::thread> pool;
  for (std::size_t w = 0; w < workers; ++w)
    pool.emplace_back([&] {
      for (std::size_t i; (i = next++) < requests.size();) results[i] = FetchPage(s, id, requests[i], key, cacheable, opts);
    });
  for (std::thread& t : pool) t.join();
  return results;
}

// Adds pages to an outcome and keeps what its status block needs.
struct Tally {
  explicit Tally(ProviderOutcome& o) : out(o) {}
  ProviderOutcome& out;
  std::string page_error;   // first failed page after the first
  std::string stale_note;   // why a stale copy was used
  SystemClock::time_point oldest = SystemClock::now();

  void Add(PageResult& r, int page_number, std::vector<core::HttpRequest>& more) {
    if (!r.ok) {
      if (page_error.empty()) page_error = "page " + std::to_string(page_number) + " failed: " + r.message;
      return;
    }
    ++out.pages;
    oldest = std::min(oldest, r.fetched);
    if (r.stale_after_failure) {
      out.age_s = std::max(out.age_s, r.age_s);
      if (stale_note.empty()) stale_note = r.message;
    }
    for (core::Offer& o : r.page.offers) out.offers.push_back(std::move(o));
    for (core::HttpRequest& m : r.page.more) more.push_back(std::move(m));
  }
};

void Conclude(ProviderOutcome& out, const Tally& t, std::size_t left, int max_pages) {
  out.fetched_at = IsoTime(UnixSeconds(t.oldest));
  out.settled = t.page_error.empty() && t.stale_note.empty();
  if (!t.page_error.empty()) {
    out.status = "error";
    out.message = t.page_error + "; the other pages' offers are included";
  } else if (!t.stale_note.empty()) {
    out.status = "stale";
    out.message = t.stale_note + "; using a copy from " + std::to_string(static_cast<long long>(out.age_s)) + " s ago";
  } else if (left > 0) {
    out.status = "truncated";
    out.message = "stopped after " + std::to_string(out.pages) + " of " + std::to_string(out.pages + static_cast<int>(left)) +
                  " pages (max_pages " + std::to_string(max_pages) + ")";
  }
}

}  // namespace

ProviderOutcome FetchProviderOffers(Services& s, core::ProviderId id, const OffersRequest& request,
                                    const std::string& caller_key) {
  const core::ProviderDef& def = core::GetProvider(id);
  ProviderOutcome out;
  out.provider = id;
  out.used_caller_key = !caller_key.empty();
  std::string key = out.used_caller_key ? caller_key : s.config.keys[static_cast<int>(id)];
  bool cacheable = !out.used_caller_key;  // a caller's key: their answer, never shared
  core::PlanOptions plan;
  plan.query = &request.query;
  plan.type = request.view.interruptible ? "bid" : "on-demand";
  plan.storage_gb = request.view.disk_gb;
  core::NormalizeOptions opts;
  opts.disk_gb = request.view.disk_gb;
  opts.keep_raw = false;  // the answer carries no raw records
  opts.fetched_at = s.demo ? s.snapshot_time : IsoTime(UnixSeconds(SystemClock::now()));

  if (key.empty() && def.offers_need_key && !s.demo) {
    // Known without asking: the provider refuses anonymous calls.
    out.status = "error";
    out.message = std::string(def.display_name) + " needs an API key: set " + std::string(def.key_env) +
                  " on the server, or send your own in " + std::string(def.browser_key_header);
    out.fetched_at = opts.fetched_at;
    return out;
  }
  Tally tally(out);
  std::vector<core::HttpRequest> queue = def.plan_offers(plan);
  int page_number = 0;
  // First page alone (it tells how many follow), then the rest in parallel batches.
  while (!queue.empty() && out.pages < s.config.max_pages) {
    std::size_t room = static_cast<std::size_t>(s.config.max_pages - out.pages);
    std::size_t take = page_number == 0 ? 1 : std::min(room, queue.size());
    std::vector<core::HttpRequest> batch(queue.begin(), queue.begin() + static_cast<long>(take));
    queue.erase(queue.begin(), queue.begin() + static_cast<long>(take));
    std::vector<PageResult> results = FetchAll(s, id, batch, key, cacheable, opts);
    if (page_number == 0 && !results[0].ok) {
      out.status = "error";
      out.settled = false;
      out.message = results[0].message;
      out.fetched_at = IsoTime(UnixSeconds(SystemClock::now()));
      return out;
    }
    for (PageResult& r : results) tally.Add(r, ++page_number, queue);
  }
  Conclude(out, tally, queue.size(), s.config.max_pages);
  if (s.demo) out.fetched_at = s.snapshot_time;
  return out;
}

}  // namespace offerscope::proxy
