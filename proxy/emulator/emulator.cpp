#include "proxy/emulator/emulator.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "core/providers/registry.hpp"
#include "proxy/emulator/emulator_data.hpp"

namespace offerscope::proxy {

namespace {

using nlohmann::json;

EmulatorReply Json(int status, const json& body) { return {status, body.dump(), "application/json", 0}; }
EmulatorReply Error(int status, const std::string& message) {
  return Json(status, {{"success", false}, {"error", status == 401 ? "auth_error" : "bad_request"}, {"msg", message}});
}

std::string Param(const core::HttpRequest& r, std::string_view key, std::string fallback = {}) {
  for (const auto& [k, v] : r.query)
    if (k == key) return v;
  return fallback;
}

std::vector<std::string> Params(const core::HttpRequest& r, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& [k, v] : r.query)
    if (k == key) out.push_back(v);
  return out;
}

bool BearerOk(const std::string& authorization) {
  return authorization.size() > 7 && authorization.compare(0, 7, "Bearer ") == 0;
}

// Strict integer in [lo, hi]; false when absent is allowed via `fallback`.
bool IntParam(const core::HttpRequest& r, std::string_view key, long long lo, long long hi, long long fallback,
              long long& out) {
  std::string v = Param(r, key);
  if (v.empty()) return out = fallback, true;
  char* end = nullptr;
  out = std::strtoll(v.c_str(), &end, 10);
  return *end == '\0' && out >= lo && out <= hi;
}

// One comparison of Vast's query object against a record's value.
bool VastCompare(const json& have, const std::string& op, const json& want) {
  auto num = [](const json& j, double& d) {
    if (j.is_number()) return d = j.get<double>(), true;
    if (j.is_string()) {
      char* end = nullptr;
      std::string s = j.get<std::string>();
      d = std::strtod(s.c_str(), &end);
      return !s.empty() && *end == '\0';
    }
    if (j.is_boolean()) return d = j.get<bool>() ? 1 : 0, true;
    return false;
  };
  if (op == "in" || op == "notin") {
    bool found = false;
    if (want.is_array())
      for (const json& w : want) found = found || VastCompare(have, "eq", w);
    return op == "in" ? found : !found;
  }
  double a, b;
  if (num(have, a) && num(want, b)) {
    if (op == "eq") return a == b;
    if (op == "neq") return a != b;
    if (op == "gt") return a > b;
    if (op == "gte") return a >= b;
    if (op == "lt") return a < b;
    if (op == "lte") return a <= b;
  }
  if (have.is_string() && want.is_string()) {
    if (op == "eq") return have == want;
    if (op == "neq") return have != want;
  }
  return op == "neq";
}

bool VastMatches(const json& rec, const json& query) {
  for (auto it = query.begin(); it != query.end(); ++it) {
    const std::string& field = it.key();
    if (!it->is_object()) continue;
    json have;
    if (field == "verified") have = rec.value("verification", "") == "verified";
    else if (field == "geolocation") {
      std::string g = rec.value("geolocation", "");
      have = g.size() >= 2 ? g.substr(g.size() - 2) : g;
    } else if (rec.contains(field)) have = rec[field];
    else continue;  // fields the data set does not carry do not filter
    if (have.is_null()) have = false;  // Vast treats a null flag (external: null) as false
    for (auto op = it->begin(); op != it->end(); ++op)
      if (!VastCompare(have, op.key(), op.value())) return false;
  }
  return true;
}

EmulatorReply VastSearch(const core::HttpRequest& r) {
  json body = json::parse(r.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return Error(400, "request body must be a JSON object");
  json query = r.method == "PUT" ? body.value("q", json::object()) : body;
  std::vector<const json*> hits;
  for (const json& rec : GetEmulatorData().vast)
    if (VastMatches(rec, query)) hits.push_back(&rec);
  if (query.contains("order") && query["order"].is_array() && !query["order"].empty()) {
    const json& first = query["order"][0];
    if (first.is_array() && first.size() == 2 && first[0].is_string()) {
      std::string field = first[0];
      bool desc = first[1] == "desc";
      std::stable_sort(hits.begin(), hits.end(), [&](const json* a, const json* b) {
        double x = a->value(field, 0.0), y = b->value(field, 0.0);
        return desc ? x > y : x < y;
      });
    }
  }
  long long limit = query.value("limit", 3000LL);
  if (limit < 1 || limit > 10000) return Error(400, "limit must be between 1 and 10000");
  json offers = json::array();
  for (std::size_t i = 0; i < hits.size() && static_cast<long long>(i) < limit; ++i) offers.push_back(*hits[i]);
  return Json(200, {{"offers", offers}});
}

EmulatorReply VastInstances(const core::HttpRequest& r, const std::string& authorization) {
  if (!BearerOk(authorization)) return Error(401, "missing or invalid API key");
  long long limit = 0;
  if (!IntParam(r, "limit", 1, 25, 25, limit)) return Error(400, "limit must be between 1 and 25");
  std::vector<json> all = InstancesForKey(authorization.substr(7));
  std::size_t start = 0;
  std::string after = Param(r, "after_token");
  if (!after.empty()) start = static_cast<std::size_t>(std::atoll(after.c_str()));
  json page = json::array();
  for (std::size_t i = start; i < all.size() && page.size() < static_cast<std::size_t>(limit); ++i) page.push_back(all[i]);
  std::size_t next = start + page.size();
  return Json(200, {{"success", true}, {"instances_found", page.size()}, {"total_instances", all.size()},
                    {"label_counts", json::object()},
                    {"next_token", next < all.size() ? json(std::to_string(next)) : json(nullptr)},
                    {"instances", page}});
}

EmulatorReply PrimeGpus(const core::HttpRequest& r, const std::string& authorization) {
  if (!BearerOk(authorization)) return Json(401, {{"detail", "Not authenticated"}});
  long long page = 0, size = 0;
  if (!IntParam(r, "page", 1, 1000000, 1, page)) return Json(422, {{"detail", "page must be >= 1"}});
  if (!IntParam(r, "page_size", 1, 100, 100, size)) return Json(422, {{"detail", "page_size must be between 1 and 100"}});
  std::string type = Param(r, "gpu_type"), count = Param(r, "gpu_count"), security = Param(r, "security");
  std::vector<std::string> regions = Params(r, "regions");
  std::vector<const json*> hits;
  for (const json& it : GetEmulatorData().prime) {
    if (!type.empty() && it["gpuType"] != type) continue;
    if (!count.empty() && it["gpuCount"].get<long long>() != std::atoll(count.c_str())) continue;
    if (!security.empty() && it["security"] != security) continue;
    if (!regions.empty() && std::find(regions.begin(), regions.end(), it["region"].get<std::string>()) == regions.end())
      continue;
    hits.push_back(&it);
  }
  json items = json::array();
  for (long long i = (page - 1) * size; i < static_cast<long long>(hits.size()) && i < page * size; ++i)
    items.push_back(*hits[static_cast<std::size_t>(i)]);
  return Json(200, {{"items", items}, {"totalCount", hits.size()}});
}

EmulatorReply DispersedOffers(const core::HttpRequest& r) {
  long long limit = 0, page = 0;
  if (!IntParam(r, "limit", 1, 50, 20, limit)) return Json(400, {{"message", "limit must be between 1 and 50"}});
  if (!IntParam(r, "page", 1, 9007199254740991LL, 1, page)) return Json(400, {{"message", "page must be >= 1"}});
  std::string gpu = Param(r, "filter[gpu_name]"), count = Param(r, "filter[gpu_count]");
  std::string min_vram = Param(r, "filter[min_vram_gb]"), regions = Param(r, "filter[allowed_region_codes]");
  std::vector<const json*> hits;
  for (const json& o : GetEmulatorData().dispersed) {
    const json& hw = o["hardware_summary"];
    std::string label = hw["gpu_model_label"];
    if (!gpu.empty() && label.find(gpu) == std::string::npos) continue;
    if (!count.empty() && hw["gpu_count"].get<long long>() != std::atoll(count.c_str())) continue;
    if (!min_vram.empty() && hw["min_gpu_vram_gib"].get<double>() < std::atof(min_vram.c_str())) continue;
    if (!regions.empty() && ("," + regions + ",").find("," + o["region_code"].get<std::string>() + ",") == std::string::npos)
      continue;
    hits.push_back(&o);
  }
  json data = json::array();
  for (long long i = (page - 1) * limit; i < static_cast<long long>(hits.size()) && i < page * limit; ++i)
    data.push_back(*hits[static_cast<std::size_t>(i)]);
  return Json(200, {{"data", data}, {"limit", limit}, {"page", page}, {"total", hits.size()}});
}

}  // namespace

std::size_t EmulatedOfferCount(core::ProviderId provider) {
  const EmulatorData& d = GetEmulatorData();
  switch (provider) {
    case core::ProviderId::kVast: return d.vast.size();
    case core::ProviderId::kPrimeIntellect: return d.prime.size();
    case core::ProviderId::kDispersed: return d.dispersed.size();
  }
  return 0;
}

EmulatorReply HandleEmulated(core::ProviderId provider, const core::HttpRequest& r, const std::string& authorization,
                             EmulatorFaults* faults) {
  if (faults) {
    if (faults->fail_provider.load() == static_cast<int>(provider)) return Error(500, "internal error (injected)");
    if (faults->rate_limit_next.load() > 0 && faults->rate_limit_next.fetch_sub(1) > 0) {
      EmulatorReply rep = Error(429, "too many requests");
      rep.retry_after_s = 1;
      return rep;
    }
    if (faults->error_next.load() > 0 && faults->error_next.fetch_sub(1) > 0) return Error(503, "service unavailable");
  }
  EmulatorReply rep;
  using core::ProviderId;
  if (provider == ProviderId::kVast && ((r.method == "POST" && r.path == "/api/v0/bundles/") ||
                                        (r.method == "PUT" && r.path == "/api/v0/search/asks/")))
    rep = VastSearch(r);
  else if (provider == ProviderId::kVast && r.method == "GET" && r.path == "/api/v1/instances/")
    rep = VastInstances(r, authorization);
  else if (provider == ProviderId::kPrimeIntellect && r.method == "GET" && r.path == "/api/v1/availability/gpus")
    rep = PrimeGpus(r, authorization);
  else if (provider == ProviderId::kDispersed && r.method == "GET" && r.path == "/v1/compute/offers")
    rep = DispersedOffers(r);
  else
    rep = Error(404, "no such endpoint: " + r.method + " " + r.path);
  if (faults && rep.status == 200) {
    if (faults->malformed.load()) rep.body = rep.body.substr(0, rep.body.size() / 2);
    if (faults->huge.load()) {
      std::string pad(50u << 20, ' ');
      rep.body = "{\"pad\":\"" + pad + "\"," + rep.body.substr(1);
    }
  }
  return rep;
}

std::unique_ptr<httplib::Server> MakeEmulatorServer(EmulatorFaults& faults) {
  auto server = std::make_unique<httplib::Server>();
  // Clients (the proxy's upstream pool) keep connections open; each holds a worker thread,
  // so the default 8 threads would make a fan-out wait for idle connections to time out.
  server->new_task_queue = [] { return new httplib::ThreadPool(64); };
  server->set_keep_alive_timeout(2);
  auto handle = [&faults](const httplib::Request& req, httplib::Response& res) {
    // /<provider>/<api path>
    std::string path = req.path;
    std::size_t slash = path.find('/', 1);
    std::string name = path.substr(1, slash == std::string::npos ? std::string::npos : slash - 1);
    std::optional<core::ProviderId> id = core::ProviderFromName(name);
    if (!id || slash == std::string::npos) {
      res.status = 404;
      res.set_content("{\"error\":\"unknown provider\"}", "application/json");
      return;
    }
    core::HttpRequest r{req.method, path.substr(slash), {}, req.body};
    for (const auto& [k, v] : req.params) r.query.emplace_back(k, v);
    if (int ms = faults.delay_ms.load(); ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    EmulatorReply rep = HandleEmulated(*id, r, req.get_header_value("Authorization"), &faults);
    res.status = rep.status;
    if (rep.retry_after_s > 0) res.set_header("Retry-After", std::to_string(rep.retry_after_s));
    res.set_content(rep.body, rep.content_type.c_str());
  };
  server->Get(R"(/.*)", handle);
  server->Post(R"(/.*)", handle);
  server->Put(R"(/.*)", handle);
  return server;
}

}  // namespace offerscope::proxy
