#include "vast_query.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "catalog.hpp"
#include "fields.hpp"

namespace offerscope::core {

namespace {

using nlohmann::json;

// A term's value as a number: JSON numbers, or strings that are a plain decimal number
// (what the CLI sends for `num_gpus=4`). No hex, inf or nan.
bool NumberIn(const json& v, double& out) {
  if (v.is_number()) {
    out = v.get<double>();
    return std::isfinite(out);
  }
  if (!v.is_string()) return false;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.empty() || s.find_first_not_of("0123456789.eE+- ") != std::string::npos) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  while (*end == ' ') ++end;
  return *end == '\0' && end != s.c_str() && std::isfinite(out);
}

// Every value of a term (an in/notin list gives several), each a number; false when one is not.
bool NumbersIn(const json& v, std::vector<double>& out) {
  out.clear();
  double x = 0;
  if (!v.is_array()) return NumberIn(v, x) ? (out.push_back(x), true) : false;
  for (const json& item : v) {
    if (!NumberIn(item, x)) return false;
    out.push_back(x);
  }
  return !out.empty();
}

std::vector<std::string> TextsIn(const json& v) {
  std::vector<std::string> out;
  auto one = [&](const json& x) {
    if (x.is_string()) out.push_back(x.get<std::string>());
  };
  if (v.is_array()) for (const json& x : v) one(x);
  else one(v);
  return out;
}

void AddUnique(json& names, std::string_view name) {
  for (const json& n : names)
    if (n.is_string() && n.get_ref<const std::string&>() == name) return;
  names.push_back(std::string(name));
}

bool IsOrdering(Op op) { return op == Op::kGt || op == Op::kGte || op == Op::kLt || op == Op::kLte; }
// Operators under which Vast and the local filter both drop an offer lacking the value.
bool KeepsNoUnknown(Op op) { return op != Op::kNeq && op != Op::kNotIn; }

// gpu -> gpu_name over every Vast spelling of every model the values match (see the header).
void PushGpu(const Term& t, json& q) {
  const bool negative = t.op == Op::kNeq || t.op == Op::kNotIn;
  if (!negative && t.op != Op::kEq && t.op != Op::kIn) return;
  json names = json::array();
  for (const std::string& v : TextsIn(t.value)) {
    std::size_t before = names.size();
    for (std::string_view model : MatchGpuFilter(v))
      for (std::string_view n : VastNamesFor(model)) AddUnique(names, n);
    // A value Vast has no spelling for keeps offers only the local filter can judge.
    if (!negative && names.size() == before) return;
  }
  if (!names.empty()) q["gpu_name"][negative ? "notin" : "in"] = names;
}

// The largest gpu_ram (MiB) that can still be reported for a card sold with `gb` GB: the
// slack vast.cpp's VastVramGb accepts when snapping nvidia-smi's figure to the sold size.
double VramFloorMib(double gb) { return std::floor(std::max(0.0, gb - std::max(3.5, gb / 10) - 1) * 1024); }

void PushNeutral(const Term& t, Field f, json& q) {
  std::vector<double> xs;
  const bool numeric = NumbersIn(t.value, xs);
  const std::string op(VastOpName(t.op));
  switch (f) {
    case Field::kGpu: PushGpu(t, q); return;
    case Field::kGpuCount:
      if (numeric) q["num_gpus"][op] = t.value;
      return;
    case Field::kVcpus:
    case Field::kDiskGb:
    case Field::kBidUsdPerHour: {
      if (!numeric || !KeepsNoUnknown(t.op)) return;
      const char* name = f == Field::kVcpus ? "cpu_cores_effective" : f == Field::kDiskGb ? "disk_space" : "min_bid";
      q[name][op] = t.value;
      return;
    }
    case Field::kRamGb:
      if (!numeric || !IsOrdering(t.op)) return;
      // cpu_ram is whole MB; the 1e-6 absorbs float noise (64.1 * 1000 = 64099.99999999999).
      if (t.op == Op::kGt || t.op == Op::kGte) q["cpu_ram"]["gte"] = std::floor(xs[0] * 1000 + 1e-6);
      else q["cpu_ram"]["lte"] = std::ceil(xs[0] * 1000 - 1e-6);
      return;
    case Field::kVramGb:
      if (!numeric || !(t.op == Op::kGt || t.op == Op::kGte || t.op == Op::kEq || t.op == Op::kIn)) return;
      if (double mib = VramFloorMib(*std::min_element(xs.begin(), xs.end())); mib > 0) q["gpu_ram"]["gte"] = mib;
      return;
    case Field::kCountry: {
      if (t.op != Op::kEq && t.op != Op::kIn) return;
      json codes = json::array();
      for (std::string c : TextsIn(t.value)) {
        if (c.size() != 2 || !std::isalpha(static_cast<unsigned char>(c[0])) ||
            !std::isalpha(static_cast<unsigned char>(c[1])))
          return;
        for (char& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        codes.push_back(c);
      }
      if (codes.empty()) return;
      if (t.op == Op::kEq) q["geolocation"]["eq"] = codes[0];
      else q["geolocation"]["in"] = codes;
      return;
    }
    default: return;  // no exact Vast equivalent: applied locally only
  }
}

// The Vast column a neutral field sorts by, for -o; empty when Vast has none.
std::string_view VastSortColumn(Field f) {
  switch (f) {
    case Field::kGpu: return "gpu_name";
    case Field::kGpuCount: return "num_gpus";
    case Field::kVramGb: return "gpu_ram";
    case Field::kTotalVramGb: return "gpu_total_ram";
    case Field::kVcpus: return "cpu_cores_effective";
    case Field::kRamGb: return "cpu_ram";
    case Field::kDiskGb: return "disk_space";
    case Field::kPriceUsdPerHour: return "dph_total";
    case Field::kBidUsdPerHour: return "min_bid";
    case Field::kMemBandwidthGbS: return "gpu_mem_bw";
    case Field::kCountry: return "geolocation";
    case Field::kReliability: return "reliability";
    case Field::kInetDownMbps: return "inet_down";
    case Field::kInetUpMbps: return "inet_up";
    case Field::kTier: return "verification";
    case Field::kVerified: return "verified";
    case Field::kId: return "id";
    default: return {};
  }
}

std::string_view PyStrip(std::string_view s, std::string_view chars) {
  while (!s.empty() && chars.find(s.front()) != std::string_view::npos) s.remove_prefix(1);
  while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return s;
}

}  // namespace

bool IsVastField(std::string_view f) {
  static constexpr std::string_view kVast[] = {
      "ask_contract_id", "bundle_id", "bw_nvlink", "cluster_id", "compute_cap", "cpu_arch", "cpu_cores",
      "cpu_cores_effective", "cpu_ghz", "cpu_name", "cpu_ram", "cuda_max_good", "datacenter",
      "direct_port_count", "disk_bw", "disk_name", "disk_space", "dlperf", "dlperf_per_dphtotal", "dph_base",
      "dph_total", "driver_version", "duration", "external", "flops_per_dphtotal", "geolocation", "gpu_arch",
      "gpu_display_active", "gpu_frac", "gpu_lanes", "gpu_max_power", "gpu_max_temp", "gpu_mem_bw", "gpu_name",
      "gpu_ram", "gpu_total_ram", "has_avx", "host_id", "hosting_type", "id", "inet_down", "inet_down_cost",
      "inet_up", "inet_up_cost", "machine_id", "min_bid", "mobo_name", "num_gpus", "os_version", "pci_gen",
      "pcie_bw", "reliability", "reliability2", "rentable", "rented", "resource_type", "score", "static_ip",
      "storage_cost", "total_flops", "ubuntu_version", "verification", "verified", "vericode", "vms_enabled"};
  return std::find(std::begin(kVast), std::end(kVast), f) != std::end(kVast);
}

std::string_view VastFieldAlias(std::string_view field) {
  if (field == "cuda_vers") return "cuda_max_good";
  if (field == "display_active") return "gpu_display_active";
  if (field == "dlperf_usd") return "dlperf_per_dphtotal";
  if (field == "dph") return "dph_total";
  if (field == "flops_usd") return "flops_per_dphtotal";
  return field;
}

double VastFieldMultiplier(std::string_view field) {
  if (field == "cpu_ram" || field == "gpu_ram" || field == "gpu_total_ram") return 1000;
  if (field == "duration") return 86400;
  return 0;
}

nlohmann::json VastDefaultQuery() {
  return {{"verified", {{"eq", true}}}, {"external", {{"eq", false}}}, {"rentable", {{"eq", true}}},
          {"rented", {{"eq", false}}}};
}

nlohmann::json VastQueryObject(const ParsedQuery* query, bool no_default) {
  json q = no_default ? json::object() : VastDefaultQuery();
  if (!query) return q;
  // Every term on a cleared field comes after the clear (ParseQuery dropped the earlier
  // ones), so erasing first and merging the terms after matches the CLI's sequence.
  for (const std::string& f : query->removed) q.erase(f);
  for (const Term& t : query->terms) {
    std::optional<Field> f = FieldFromName(t.field);
    if (IsVastField(t.field) || !f) {
      // Vast's own names, and names nobody knows, go as the CLI sends them.
      q[t.field][std::string(VastOpName(t.op))] = t.value;
    } else {
      PushNeutral(t, *f, q);
    }
  }
  return q;
}

nlohmann::json VastQueryObject(const ParsedQuery& query, bool no_default) { return VastQueryObject(&query, no_default); }

nlohmann::json VastOrder(std::string_view order) {
  if (order.empty()) order = "score-";
  json out = json::array();
  bool dropped = false;
  std::size_t start = 0;
  while (start <= order.size()) {
    std::size_t comma = order.find(',', start);
    std::string_view name =
        PyStrip(order.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start),
                " \t\n\r\v\f");
    start = comma == std::string_view::npos ? order.size() + 1 : comma + 1;
    if (name.empty()) continue;
    // The CLI's rules, each on the name as written: '-' at either end -> desc, then '+' at
    // either end -> asc (so "-a+" sorts "-a" ascending, like the CLI).
    std::string_view field = name;
    const char* direction = "asc";
    if (PyStrip(name, "-") != name) direction = "desc", field = PyStrip(name, "-");
    if (PyStrip(name, "+") != name) direction = "asc", field = PyStrip(name, "+");
    field = VastFieldAlias(field);
    std::optional<Field> neutral = FieldFromName(field);
    if (neutral && !IsVastField(field)) {
      field = VastSortColumn(*neutral);
      if (field.empty()) {
        dropped = true;
        continue;
      }
    }
    out.push_back({std::string(field), direction});
  }
  if (out.empty() && dropped) out.push_back({"score", "desc"});
  return out;
}

nlohmann::json VastSearchBody(const ParsedQuery* query, std::string_view order, std::string_view type,
                              double storage_gb, int limit, bool no_default) {
  json body = VastQueryObject(query, no_default);
  body["order"] = VastOrder(order);
  body["type"] = type.empty() ? std::string("on-demand") : type == "interruptible" ? std::string("bid") : std::string(type);
  body["allocated_storage"] = storage_gb;
  if (limit > 0) body["limit"] = limit;
  return body;
}

}  // namespace offerscope::core
