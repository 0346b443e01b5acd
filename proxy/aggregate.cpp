// GET /api/v1/offers: reading the request, fanning out to providers (aggregate_fetch.cpp),
// and writing the answer with core's table and offer JSON/CSV. See aggregate.hpp.
#include "proxy/aggregate.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <future>

#include "core/filter.hpp"
#include "core/offer_json.hpp"
#include "core/offer_table.hpp"
#include "core/providers/registry.hpp"
#include "proxy/server.hpp"
#include "proxy/worker_pool.hpp"

namespace offerscope::proxy {

namespace {

using nlohmann::json;

constexpr const char* kKnownParameters[] = {"q",    "providers", "sort", "cols", "compare", "disk", "hours",
                                            "interruptible", "x", "y", "logx", "color", "xmin", "xmax",
                                            "ymin", "ymax", "v", "format"};

bool Known(const std::string& key) {
  for (const char* k : kKnownParameters)
    if (key == k) return true;
  return false;
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// "Ignored unknown sort field 'zz' in 'sort'." -> "unknown sort field 'zz'"
std::string Reason(std::string notice, const std::string& key) {
  if (notice.rfind("Ignored ", 0) == 0) notice.erase(0, 8);
  std::string tail = " in '" + key + "'.";
  if (notice.size() > tail.size() && notice.compare(notice.size() - tail.size(), tail.size(), tail) == 0)
    notice.resize(notice.size() - tail.size());
  return notice;
}

// Checks each "key=value" piece on its own, so an error names the parameter it is in.
bool CheckPieces(std::string_view qs, OffersRequest& out, OffersRequestError& error) {
  std::size_t start = 0;
  while (start < qs.size()) {
    std::size_t amp = std::min(qs.find('&', start), qs.size());
    std::string_view piece = qs.substr(start, amp - start);
    start = amp + 1;
    if (piece.empty()) continue;
    std::string key;
    if (!core::UrlDecode(piece.substr(0, piece.find('=')), key, true)) {
      error = {"parameter '" + std::string(piece.substr(0, piece.find('='))) + "': broken %-escape", key};
      return false;
    }
    if (key == "format") {
      std::string value;
      core::UrlDecode(piece.substr(std::min(piece.size(), key.size() + 1)), value, true);
      if (value != "csv" && value != "json") {
        error = {"parameter 'format': expected json or csv, got '" + value + "'", "format"};
        return false;
      }
      out.csv = value == "csv";
      continue;
    }
    core::DecodedView alone = core::DecodeFragment(piece);
    if (!Known(key) || !alone.state.unknown.empty()) {
      error = {"unknown parameter '" + key + "' (known: q, providers, sort, disk, hours, interruptible, format and the "
               "share URL's view keys)", key};
      return false;
    }
    for (const std::string& n : alone.notices)
      if (n.rfind("This link comes from a newer", 0) != 0) {
        error = {"parameter '" + key + "': " + Reason(n, key), key};
        return false;
      }
  }
  return true;
}

}  // namespace

std::string IsoTime(double unix_s) {
  std::time_t t = static_cast<std::time_t>(unix_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool ParseOffersRequest(std::string_view qs, OffersRequest& out, OffersRequestError& error) {
  if (!CheckPieces(qs, out, error)) return false;
  core::DecodedView decoded = core::DecodeFragment(qs);
  out.view = std::move(decoded.state);
  core::QueryMessage problem;
  if (!core::ParseQuery(out.view.query, out.query, problem)) {
    error = {"parameter 'q': " + problem.message + " at column " + std::to_string(problem.pos + 1), "q",
             static_cast<long long>(problem.pos), static_cast<long long>(problem.len)};
    return false;
  }
  return true;
}

namespace {

json StatusBlock(const ProviderOutcome& o) {
  json b = {{"status", o.status},
            {"message", o.message.empty() ? json(nullptr) : json(o.message)},
            {"fetched_at", o.fetched_at},
            {"pages", o.pages},
            {"offers", o.offers.size()}};
  if (o.status == "stale") b["age_s"] = static_cast<long long>(o.age_s);
  return b;
}

// Filters and sorts everything fetched with core's table, and writes the answer's body.
std::string Render(const OffersRequest& request, const core::Filter& filter, std::vector<ProviderOutcome>& outcomes,
                   const Services& s) {
  json providers = json::object();
  std::vector<core::Offer> all;
  for (ProviderOutcome& o : outcomes) {
    providers[std::string(core::ProviderName(o.provider))] = StatusBlock(o);
    for (core::Offer& offer : o.offers) all.push_back(std::move(offer));
  }
  core::OfferTable table;
  table.Assign(std::move(all));
  std::vector<core::SortKey> sort = request.view.sort;
  if (sort.empty()) sort.push_back(core::SortKey{});  // cheapest per GPU-hour first
  std::vector<std::uint32_t> rows;
  table.Query(filter, sort, rows);
  std::string body;
  if (request.csv) {
    body = core::OfferCsvHeader();
    for (std::uint32_t r : rows) core::AppendOfferCsvRow(body, table.offer(r));
    return body;
  }
  body.reserve(rows.size() * 700 + 512);
  body = "{\"offers\":[";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i) body += ',';
    core::AppendOfferJson(body, table.offer(rows[i]));
  }
  body += "],\"providers\":" + Dump(providers) + ",\"snapshot\":" + (s.demo ? Dump(json(s.snapshot_time)) : "null") + "}";
  return body;
}

void SendError(const httplib::Request& req, httplib::Response& res, int status, const OffersRequestError& e) {
  json body = {{"error", e.message}, {"parameter", e.parameter}};
  if (e.position >= 0) {
    body["position"] = e.position;
    body["length"] = e.length;
  }
  res.status = status;
  res.set_content(Dump(body), "application/json");
}

// The key a whole answer is cached under: what changes its bytes, in canonical form.
std::string AnswerKey(const OffersRequest& r) {
  core::ViewState v;
  v.query = r.view.query;
  v.providers = r.view.providers;
  v.sort = r.view.sort;
  v.disk_gb = r.view.disk_gb;
  v.interruptible = r.view.interruptible;
  return std::string("aggregate\n") + core::EncodeFragment(v) + (r.csv ? "\ncsv" : "\njson");
}

void Send(const httplib::Request& req, httplib::Response& res, const Services& s, std::shared_ptr<const CachedAnswer> a,
          const char* cache_state) {
  res.set_header("X-OfferScope-Cache", cache_state);
  res.set_header("Cache-Control", "no-store");
  if (s.demo) res.set_header("X-OfferScope-Snapshot", s.snapshot_time);
  if (a->content_type.rfind("text/csv", 0) == 0) res.set_header("Content-Disposition", "attachment; filename=\"offers.csv\"");
  WriteCachedAnswer(req, res, std::move(a));
}

void HandleOffers(Services& s, const httplib::Request& req, httplib::Response& res) {
  std::size_t q = req.target.find('?');
  std::string_view qs = q == std::string::npos ? std::string_view() : std::string_view(req.target).substr(q + 1);
  OffersRequest request;
  OffersRequestError error;
  if (!ParseOffersRequest(qs, request, error)) return SendError(req, res, 400, error);
  core::Result<core::Filter> filter = core::CompileFilter(request.query);
  if (!filter.ok()) return SendError(req, res, 400, {"parameter 'q': " + filter.error, "q"});

  std::vector<core::ProviderId> ids;
  for (core::ProviderId id : request.view.providers)
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);  // "vast,vast" asks once
  if (ids.empty())
    for (const core::ProviderDef* p : core::AllProviders()) ids.push_back(p->id);
  std::vector<std::string> caller_keys;
  bool any_caller_key = false;
  for (core::ProviderId id : ids) {
    caller_keys.push_back(req.get_header_value(std::string(core::GetProvider(id).browser_key_header).c_str()));
    any_caller_key = any_caller_key || !caller_keys.back().empty();
  }
  std::string answer_key = AnswerKey(request);
  if (!any_caller_key) {
    if (std::shared_ptr<const CachedAnswer> hit = s.cache.GetFresh(answer_key)) {
      s.metrics.CountCache(true);  // misses are counted per page, where the fetching happens
      if (AcceptsGzip(req.get_header_value("Accept-Encoding"))) hit = s.cache.Gzipped(answer_key, std::move(hit));
      return Send(req, res, s, std::move(hit), "hit");
    }
  }

  WillBlock();  // waits for the providers' answers: another worker takes new requests meanwhile
  std::vector<std::future<ProviderOutcome>> futures;
  for (std::size_t i = 0; i < ids.size(); ++i)
    futures.push_back(std::async(std::launch::async, [&s, &request, id = ids[i], key = caller_keys[i]] {
      return FetchProviderOffers(s, id, request, key);
    }));
  std::vector<ProviderOutcome> outcomes;
  bool settled = true;  // no provider failed for now only: the answer may be reused
  for (auto& f : futures) {
    outcomes.push_back(f.get());
    settled = settled && outcomes.back().settled;
  }
  CachedAnswer answer;
  answer.status = 200;
  answer.body = Render(request, filter.value, outcomes, s);
  answer.content_type = request.csv ? "text/csv; charset=utf-8" : "application/json";
  answer.stored_at = std::chrono::system_clock::now();
  bool gzip = AcceptsGzip(req.get_header_value("Accept-Encoding"));
  if (settled && !any_caller_key) {
    // Stored plain; a caller that takes gzip waits for it to be made (once, for every later
    // hit that takes it too).
    std::shared_ptr<const CachedAnswer> stored = s.cache.Put(answer_key, std::move(answer));
    if (gzip) stored = s.cache.Gzipped(answer_key, std::move(stored));
    return Send(req, res, s, std::move(stored), "miss");
  }
  answer.gzip_body = gzip ? GzipBytes(answer.body) : "";
  Send(req, res, s, std::make_shared<const CachedAnswer>(std::move(answer)), "miss");
}

}  // namespace

void RegisterAggregateRoutes(httplib::Server& server, Services& s) {
  server.Get("/api/v1/offers", [&s](const httplib::Request& req, httplib::Response& res) { HandleOffers(s, req, res); });
}

}  // namespace offerscope::proxy
