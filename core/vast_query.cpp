#include "vast_query.hpp"

#include "catalog.hpp"
#include "fields.hpp"

namespace offerscope::core {

namespace {

// Neutral field -> Vast field, for the ones Vast can filter on exactly. Values are the
// query's; vram_gb (GB) becomes gpu_ram (MB, the CLI's x1000 multiplier).
struct Translation {
  std::string field;
  nlohmann::json value;
};

bool TranslateNeutral(const Term& t, Translation& out) {
  std::optional<Field> f = FieldFromName(t.field);
  if (!f) return false;
  switch (*f) {
    case Field::kGpu: {
      if (t.field == "gpu_name") return false;  // already Vast's
      // Every Vast spelling of every model the value matches.
      nlohmann::json names = nlohmann::json::array();
      auto add = [&](const std::string& v) {
        for (std::string_view model : MatchGpuFilter(v))
          for (std::string_view n : VastNamesFor(model))
            if (std::find(names.begin(), names.end(), std::string(n)) == names.end()) names.push_back(std::string(n));
      };
      if (t.value.is_array()) {
        for (const auto& v : t.value)
          if (v.is_string()) add(v.get<std::string>());
      } else if (t.value.is_string()) {
        add(t.value.get<std::string>());
      }
      if (names.empty() || (t.op != Op::kEq && t.op != Op::kIn)) return false;
      out.field = "gpu_name";
      out.value = names;
      return true;
    }
    case Field::kGpuCount:
      if (t.field == "num_gpus") return false;
      out.field = "num_gpus";
      out.value = t.value;
      return true;
    case Field::kVramGb: {
      if (t.field == "gpu_ram" || !t.value.is_string()) return false;
      char* end = nullptr;
      std::string s = t.value.get<std::string>();
      double gb = std::strtod(s.c_str(), &end);
      if (*end) return false;
      out.field = "gpu_ram";
      out.value = gb * 1000;
      return true;
    }
    case Field::kCountry:
      if (t.field == "geolocation") return false;
      out.field = "geolocation";
      out.value = t.value;
      return true;
    default:
      return false;
  }
}

}  // namespace

bool IsVastField(std::string_view f) {
  static constexpr std::string_view kVast[] = {
      "bw_nvlink", "compute_cap", "cpu_arch", "cpu_cores", "cpu_cores_effective", "cpu_ghz", "cpu_ram",
      "cuda_max_good", "datacenter", "direct_port_count", "disk_bw", "disk_space", "dlperf",
      "dlperf_per_dphtotal", "dph_base", "dph_total", "driver_version", "duration", "external",
      "flops_per_dphtotal", "geolocation", "gpu_arch", "gpu_display_active", "gpu_frac", "gpu_max_power",
      "gpu_max_temp", "gpu_mem_bw", "gpu_name", "gpu_ram", "gpu_total_ram", "has_avx", "host_id",
      "hosting_type", "id", "inet_down", "inet_down_cost", "inet_up", "inet_up_cost", "machine_id",
      "min_bid", "num_gpus", "os_version", "pci_gen", "pcie_bw", "reliability", "reliability2",
      "rentable", "rented", "score", "static_ip", "storage_cost", "total_flops", "ubuntu_version",
      "verification", "verified", "vms_enabled", "bundle_id", "ask_contract_id", "cluster_id",
      "resource_type", "vericode", "gpu_lanes", "mobo_name", "cpu_name", "disk_name"};
  for (std::string_view k : kVast)
    if (k == f) return true;
  return false;
}

nlohmann::json VastDefaultQuery() {
  return {{"verified", {{"eq", true}}}, {"external", {{"eq", false}}}, {"rentable", {{"eq", true}}},
          {"rented", {{"eq", false}}}};
}

nlohmann::json VastQueryObject(const ParsedQuery* query, bool no_default) {
  nlohmann::json q = no_default ? nlohmann::json::object() : VastDefaultQuery();
  if (!query) return q;
  for (const std::string& f : query->removed) q.erase(f);
  for (const Term& t : query->terms) {
    std::optional<Field> f = FieldFromName(t.field);
    Translation tr;
    if (TranslateNeutral(t, tr)) {
      // "gpu=H100" becomes gpu_name in [...] so every H100 variant comes back.
      std::string op = tr.value.is_array() && t.op == Op::kEq ? "in" : std::string(VastOpName(t.op));
      q[tr.field][op] = tr.value;
      continue;
    }
    // Neutral-only names (price_per_gpu, provider, tier, ...) mean nothing to Vast: they stay
    // out of the request and are applied locally. Vast names and unknown names go as written.
    if (f && !IsVastField(t.field)) continue;
    q[t.field][std::string(VastOpName(t.op))] = t.value;
  }
  return q;
}

nlohmann::json VastOrder(std::string_view order) {
  nlohmann::json out = nlohmann::json::array();
  if (order.empty()) order = "score-";
  std::size_t start = 0;
  while (start <= order.size()) {
    std::size_t comma = order.find(',', start);
    std::string name(order.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    while (!name.empty() && name.front() == ' ') name.erase(0, 1);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (!name.empty()) {
      std::string direction = "asc";
      std::string field = name;
      if (field.find_first_not_of('-') != 0 || field.back() == '-') {
        direction = "desc";
        field.erase(0, field.find_first_not_of('-'));
        while (!field.empty() && field.back() == '-') field.pop_back();
      }
      if (field.front() == '+' || field.back() == '+') {
        direction = "asc";
        field.erase(0, field.find_first_not_of('+'));
        while (!field.empty() && field.back() == '+') field.pop_back();
      }
      ParsedQuery dummy;
      QueryMessage err;
      // Aliases as in queries (dph -> dph_total).
      if (ParseQuery(field + "=1", dummy, err) && !dummy.terms.empty()) field = dummy.terms[0].field;
      out.push_back({field, direction});
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

nlohmann::json VastSearchBody(const ParsedQuery* query, std::string_view order, std::string_view type,
                              double storage_gb, int limit, bool no_default) {
  nlohmann::json body = VastQueryObject(query, no_default);
  body["order"] = VastOrder(order);
  body["type"] = type == "interruptible" ? std::string("bid") : std::string(type.empty() ? "on-demand" : type);
  body["allocated_storage"] = storage_gb;
  if (limit > 0) body["limit"] = limit;
  return body;
}

}  // namespace offerscope::core
