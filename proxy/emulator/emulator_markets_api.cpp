// Prime Intellect (seed 003: /api/v1/availability/gpus and /disks, page + page_size <= 100,
// totalCount; the legacy /api/v1/availability/ keyed by gpuType) and Dispersed (seed 000:
// /v1/compute/offers, limit 1..50, page, total, filter[...]). Prime is a FastAPI service, so
// its validation errors are 422 {"detail":[{loc, msg, ...}]}; the auth check is done by the
// caller (HandleEmulated) since every Prime route needs a key.
#include <algorithm>

#include "proxy/emulator/emulator_internal.hpp"

#include "core/catalog.hpp"

namespace offerscope::proxy::emulator_internal {

namespace {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

EmulatorReply Unprocessable(const std::string& param, const std::string& msg, const std::string& input) {
  return JsonReply(422, json{{"detail", {{{"type", "value_error"}, {"loc", {"query", param}}, {"msg", msg}, {"input", input}}}}}.dump());
}

// An integer query parameter within [lo, hi]; `fallback` when absent. An empty `error`
// message means it was fine.
long long IntParam(const core::HttpRequest& r, const std::string& name, long long lo, long long hi, long long fallback,
                   std::string& error) {
  if (!HasParam(r, name)) return fallback;
  long long v = 0;
  if (!ParseInt(Param(r, name), v)) error = "Input should be a valid integer";
  else if (v < lo) error = "Input should be greater than or equal to " + std::to_string(lo);
  else if (v > hi) error = "Input should be less than or equal to " + std::to_string(hi);
  return v;
}

std::string Text(const ojson& item, const char* key) {
  auto it = item.find(key);
  return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Regions may repeat (?regions=a&regions=b) or come comma-separated.
std::vector<std::string> RegionList(const core::HttpRequest& r, const std::string& name) {
  std::vector<std::string> out;
  for (const std::string& v : Params(r, name)) {
    std::size_t start = 0;
    while (start <= v.size()) {
      std::size_t comma = std::min(v.find(',', start), v.size());
      if (comma > start) out.push_back(v.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return out;
}

bool InList(const std::vector<std::string>& list, const std::string& v) {
  return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
}

// The filters shared by Prime's GPU routes; false with `reply` set on a bad parameter.
bool PrimeItemFilter(const core::HttpRequest& r, std::vector<std::size_t>& hits, EmulatorReply& reply) {
  std::string error;
  long long count = IntParam(r, "gpu_count", 1, 1024, 0, error);
  if (!error.empty()) return reply = Unprocessable("gpu_count", error, Param(r, "gpu_count")), false;
  std::string security = Param(r, "security");
  if (!security.empty() && security != "secure_cloud" && security != "community_cloud")
    return reply = Unprocessable("security", "Input should be 'secure_cloud' or 'community_cloud'", security), false;
  std::vector<std::string> regions = RegionList(r, "regions");
  std::string type = Param(r, "gpu_type"), socket = Param(r, "socket"), dc = Param(r, "data_center_id"),
              cloud = Param(r, "cloud_id");
  const std::vector<ojson>& items = GetEmulatorData().prime;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const ojson& it = items[i];
    if ((!type.empty() && Text(it, "gpuType") != type) || (!socket.empty() && Text(it, "socket") != socket) ||
        (!security.empty() && Text(it, "security") != security) || (!dc.empty() && Text(it, "dataCenter") != dc) ||
        (!cloud.empty() && Text(it, "cloudId") != cloud) || (count > 0 && it["gpuCount"].get<long long>() != count) ||
        !InList(regions, Text(it, "region")))
      continue;
    hits.push_back(i);
  }
  return true;
}

bool Paging(const core::HttpRequest& r, long long& page, long long& size, EmulatorReply& reply) {
  std::string error;
  page = IntParam(r, "page", 1, 1LL << 40, 1, error);
  if (!error.empty()) return reply = Unprocessable("page", error, Param(r, "page")), false;
  size = IntParam(r, "page_size", 1, 100, 100, error);
  if (!error.empty()) return reply = Unprocessable("page_size", error, Param(r, "page_size")), false;
  return true;
}

}  // namespace

EmulatorReply PrimeGpus(const core::HttpRequest& r) {
  long long page = 1, size = 100;
  std::vector<std::size_t> hits;
  EmulatorReply bad;
  if (!Paging(r, page, size, bad) || !PrimeItemFilter(r, hits, bad)) return bad;
  const std::vector<std::string>& text = GetEmulatorData().prime_text;
  std::string out = "{\"items\":[";
  long long first = (page - 1) * size;
  for (long long i = first; i < static_cast<long long>(hits.size()) && i < first + size; ++i) {
    if (i > first) out += ',';
    out += text[hits[static_cast<std::size_t>(i)]];
  }
  out += "],\"totalCount\":" + std::to_string(hits.size()) + "}";
  return JsonReply(200, std::move(out));
}

EmulatorReply PrimeDisks(const core::HttpRequest& r) {
  long long page = 1, size = 100;
  EmulatorReply bad;
  if (!Paging(r, page, size, bad)) return bad;
  std::vector<std::string> regions = RegionList(r, "regions");
  std::string dc = Param(r, "data_center_id");
  std::vector<const ojson*> hits;
  for (const ojson& d : GetEmulatorData().prime_disks)
    if (InList(regions, Text(d, "region")) && (dc.empty() || Text(d, "dataCenter") == dc)) hits.push_back(&d);
  ojson items = ojson::array();
  for (long long i = (page - 1) * size; i < static_cast<long long>(hits.size()) && i < page * size; ++i)
    items.push_back(*hits[static_cast<std::size_t>(i)]);
  return JsonReply(200, ojson{{"items", items}, {"totalCount", hits.size()}}.dump());
}

EmulatorReply PrimeLegacy(const core::HttpRequest& r) {
  // The January 2025 shape: {"A100_80GB":[...], ...}, no paging, no region or sharedDisk.
  std::vector<std::size_t> hits;
  EmulatorReply bad;
  if (!PrimeItemFilter(r, hits, bad)) return bad;
  ojson out = ojson::object();
  for (std::size_t i : hits) {
    ojson item = GetEmulatorData().prime[i];
    item.erase("region");
    item.erase("sharedDisk");
    out[Text(item, "gpuType")].push_back(std::move(item));
  }
  return JsonReply(200, out.dump());
}

// ---- Dispersed ------------------------------------------------------------------------------

namespace {

EmulatorReply DispersedError(int status, const std::string& param, const std::string& message) {
  return JsonReply(status, json{{"error", {{"code", status == 403 ? "forbidden" : "invalid_parameter"},
                                           {"parameter", param}, {"message", message}}}}
                               .dump());
}

// The same GPU whatever the spelling: "RTX 4090" (the docs' example), a catalog name
// ("H100 SXM"), or the nvidia-smi name the offers carry.
bool SameGpu(const std::string& wanted, const ojson& hw) {
  std::string label = Text(hw, "gpu_model_label");
  double vram = hw.value("min_gpu_vram_gib", 0.0);
  const core::GpuSpec* have = core::FindGpu(core::ProviderId::kDispersed, label, "", vram);
  const core::GpuSpec* want = core::FindCanonical(wanted);
  if (!want) want = core::FindGpu(core::ProviderId::kDispersed, wanted, "", core::kUnknown);
  if (have && want) return have == want;
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  return lower(label) == lower(wanted);
}

// filter[...] integer bounds: >= 0 as documented.
bool MinFilter(const core::HttpRequest& r, const std::string& name, long long& out, EmulatorReply& reply) {
  out = -1;
  std::string key = "filter[" + name + "]";
  if (!HasParam(r, key) || Param(r, key).empty()) return true;
  if (!ParseInt(Param(r, key), out) || out < 0)
    return reply = DispersedError(400, key, key + " must be an integer of 0 or more"), false;
  return true;
}

}  // namespace

EmulatorReply DispersedOffers(const core::HttpRequest& r) {
  long long limit = 0, page = 0;
  if (!HasParam(r, "limit") || !ParseInt(Param(r, "limit"), limit) || limit < 1 || limit > 50)
    return DispersedError(400, "limit", "limit is required and must be an integer from 1 to 50");
  if (!HasParam(r, "page") || !ParseInt(Param(r, "page"), page) || page < 1 || page > 9007199254740991LL)
    return DispersedError(400, "page", "page is required and must be an integer of 1 or more");
  std::string sort = Param(r, "sort", "created_at");
  if (sort != "created_at" && sort != "-created_at") return DispersedError(400, "sort", "sort must be created_at or -created_at");
  if (Param(r, "filter[ignore_region_constraints]") == "true")
    return DispersedError(403, "filter[ignore_region_constraints]", "filter[ignore_region_constraints] is for admins only");
  long long gpu_count, vram, ram, storage, cpus;
  EmulatorReply bad;
  if (!MinFilter(r, "gpu_count", gpu_count, bad) || !MinFilter(r, "min_vram_gb", vram, bad) ||
      !MinFilter(r, "min_ram_gb", ram, bad) || !MinFilter(r, "min_storage_gb", storage, bad) ||
      !MinFilter(r, "cpu_count", cpus, bad))
    return bad;
  std::string gpu = Param(r, "filter[gpu_name]"), uuid = Param(r, "filter[gpu_registry_uuid]");
  std::vector<std::string> regions = RegionList(r, "filter[allowed_region_codes]");
  const EmulatorData& d = GetEmulatorData();
  std::vector<std::size_t> hits;
  for (std::size_t i = 0; i < d.dispersed.size(); ++i) {
    const ojson& hw = d.dispersed[i]["hardware_summary"];
    if ((gpu_count >= 0 && hw["gpu_count"].get<long long>() != gpu_count) ||
        (vram >= 0 && hw["min_gpu_vram_gib"].get<double>() < static_cast<double>(vram)) ||
        (ram >= 0 && hw["ram_gib"].get<double>() < static_cast<double>(ram)) ||
        (storage >= 0 && hw["storage_gib"].get<double>() < static_cast<double>(storage)) ||
        (cpus >= 0 && hw["cpu_cores"].get<double>() < static_cast<double>(cpus)) ||
        (!uuid.empty() && Text(hw, "gpu_registry_uuid") != uuid) || (!gpu.empty() && !SameGpu(gpu, hw)) ||
        !InList(regions, Text(d.dispersed[i], "region_code")))
      continue;
    hits.push_back(i);
  }
  if (sort == "-created_at") std::reverse(hits.begin(), hits.end());
  std::string out = "{\"data\":[";
  long long first = (page - 1) * limit;
  for (long long i = first; i < static_cast<long long>(hits.size()) && i < first + limit; ++i) {
    if (i > first) out += ',';
    out += d.dispersed_text[hits[static_cast<std::size_t>(i)]];
  }
  out += "],\"limit\":" + std::to_string(limit) + ",\"page\":" + std::to_string(page) +
         ",\"total\":" + std::to_string(hits.size()) + "}";
  return JsonReply(200, std::move(out));
}

}  // namespace offerscope::proxy::emulator_internal
