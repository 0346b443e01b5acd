#include "dispersed.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "../catalog.hpp"
#include "../json_read.hpp"
#include "../pricing.hpp"
#include "common.hpp"
#include "primeintellect.hpp"  // WithPage

namespace offerscope::core {

namespace {

using simdjson::ondemand::json_type;

constexpr double kMaxReportedTotal = 1e6;  // offers; the whole Vast market is ~20,000

struct Item {
  std::string id, label, first_model, region, quoted_at;
  double cpu_cores = kUnknown, gpu_count = kUnknown, vram_gib = kUnknown, ram_gib = kUnknown;
  double storage_gib = kUnknown, price = kUnknown;
};

struct State {
  explicit State(const NormalizeOptions& o) : options(o) {}
  const NormalizeOptions& options;
  JsonInput in;
  Page page;
};

simdjson::error_code ReadModels(simdjson::ondemand::value& v, Item& it, std::vector<Warning>& w) {
  json_type type;
  if (auto e = v.type().get(type)) return e;
  if (type != json_type::array) return simdjson::SUCCESS;
  simdjson::ondemand::array arr;
  if (auto e = v.get_array().get(arr)) return e;
  for (auto element : arr) {
    simdjson::ondemand::object m;
    if (auto e = element.get_object().get(m)) return e;
    for (auto item : m) {
      simdjson::ondemand::field f;
      if (auto e = std::move(item).get(f)) return e;
      std::string_view key = FieldKey(f);
      if (key == "name" && it.first_model.empty()) it.first_model = std::string(ReadText(f.value(), "gpu_models.name", w));
      else if (key == "min_vram_gib" && !IsKnown(it.vram_gib)) it.vram_gib = ReadNumber(f.value(), "gpu_models.min_vram_gib", w);
    }
  }
  return simdjson::SUCCESS;
}

simdjson::error_code ReadObject(simdjson::ondemand::value& v, std::string_view name, Item& it, std::vector<Warning>& w) {
  json_type type;
  if (auto e = v.type().get(type)) return e;
  if (type != json_type::object) return simdjson::SUCCESS;
  simdjson::ondemand::object obj;
  if (auto e = v.get_object().get(obj)) return e;
  for (auto item : obj) {
    simdjson::ondemand::field f;
    if (auto e = std::move(item).get(f)) return e;
    std::string_view key = FieldKey(f);
    std::string label = std::string(name) + "." + std::string(key);
    simdjson::ondemand::value& fv = f.value();
    if (name == "hardware_summary") {
      if (key == "cpu_cores") it.cpu_cores = ReadNumber(fv, label, w);
      else if (key == "gpu_count") it.gpu_count = ReadNumber(fv, label, w);
      else if (key == "gpu_model_label") it.label = std::string(ReadText(fv, label, w));
      else if (key == "min_gpu_vram_gib") it.vram_gib = ReadNumber(fv, label, w);
      else if (key == "ram_gib") it.ram_gib = ReadNumber(fv, label, w);
      else if (key == "storage_gib") it.storage_gib = ReadNumber(fv, label, w);
      else if (key == "gpu_models") {
        if (auto e = ReadModels(fv, it, w)) return e;
      }
    } else if (name == "pricing") {
      if (key == "hourly_rate_usd") it.price = ReadNumber(fv, label, w);
      else if (key == "quoted_at") it.quoted_at = std::string(ReadText(fv, label, w));
    }
  }
  return simdjson::SUCCESS;
}

// Country from a cloud-style region code only where it is unambiguous ("us-west-2" -> US).
std::string CountryFromRegionCode(std::string_view code) {
  if (code.substr(0, 3) == "us-") return "US";
  if (code.substr(0, 3) == "ca-") return "CA";
  if (code.size() > 3 && code[2] == '-' && code.substr(0, 2) != "eu" && code.substr(0, 2) != "ap" &&
      code.substr(0, 2) != "sa" && code.substr(0, 2) != "me" && code.substr(0, 2) != "af")
    return {static_cast<char>(std::toupper(code[0])), static_cast<char>(std::toupper(code[1]))};
  return {};
}

// GiB as the provider states them; a GPU's memory is named in GB by vendors, and 80 GiB
// and 80 GB name the same card here, so the figure is used as is.
Offer BuildOffer(const Item& it, std::string_view raw, State& s, std::size_t first_warning) {
  Offer o;
  o.provider = ProviderId::kDispersed;
  o.id = it.id;
  o.gpu_raw = !it.label.empty() ? it.label : it.first_model;
  o.gpu_count = IsKnown(it.gpu_count) && it.gpu_count >= 0 && it.gpu_count <= 4096 ? static_cast<int>(it.gpu_count) : 0;
  o.vram_gb = it.vram_gib;
  const GpuSpec* spec = FindGpu(ProviderId::kDispersed, o.gpu_raw, "", o.vram_gb);
  if (!spec && !it.first_model.empty()) spec = FindGpu(ProviderId::kDispersed, it.first_model, "", o.vram_gb);
  ApplyGpu(o, spec);
  o.vcpus = it.cpu_cores;
  o.ram_gb = it.ram_gib;
  o.disk_gb = it.storage_gib;
  // Storage is part of the quoted rate; no more can be bought per GB.
  o.disk_included_gb = IsKnown(it.storage_gib) ? it.storage_gib : 0;
  o.disk_usd_per_gb_hour = 0;
  o.base_usd_per_hour = IsKnown(it.price) && it.price >= 0 && it.price < 1e6 ? it.price : kUnknown;
  if (IsKnown(it.price) && !IsKnown(o.base_usd_per_hour))
    s.page.warnings.push_back({"", "pricing.hourly_rate_usd", "implausible price; left unknown"});
  if (!IsKnown(it.price)) s.page.warnings.push_back({"", "pricing.hourly_rate_usd", "missing; price unknown"});
  o.region = it.region;
  o.country = CountryFromRegionCode(it.region);
  o.stock = "available";
  o.quoted_at = it.quoted_at.empty() ? s.options.fetched_at : it.quoted_at;
  if (s.options.keep_raw) o.raw_json.assign(raw);
  FinishPrices(o, s.options.disk_gb);
  NameRecordWarnings(s.page.warnings, first_warning, o.id.empty() ? "#" + std::to_string(s.page.offers.size()) : o.id);
  return o;
}

simdjson::error_code ReadOffer(simdjson::ondemand::value& value, State& s) {
  std::vector<Warning>& w = s.page.warnings;
  std::size_t first_warning = w.size();
  const char* start = value.raw_json_token().data();
  simdjson::ondemand::object obj;
  if (auto e = value.get_object().get(obj)) return e;
  Item it;
  for (auto item : obj) {
    simdjson::ondemand::field f;
    if (auto e = std::move(item).get(f)) return e;
    std::string_view key = FieldKey(f);
    if (key == "offer_id") ReadIdText(f.value(), key, w, it.id);
    else if (key == "region_code") it.region = std::string(ReadText(f.value(), key, w));
    else if (key == "hardware_summary" || key == "pricing") {
      if (auto e = ReadObject(f.value(), key, it, w)) return e;
    }
  }
  std::string_view raw;
  const char* end = nullptr;
  if (s.options.keep_raw && start && !s.in.doc.current_location().get(end) && end > start) {
    raw = std::string_view(start, static_cast<std::size_t>(end - start));
    while (!raw.empty() && (raw.back() == ',' || raw.back() == ']' || raw.back() == ' ' || raw.back() == '\n'))
      raw.remove_suffix(1);
  }
  s.page.offers.push_back(BuildOffer(it, raw, s, first_warning));
  return simdjson::SUCCESS;
}

long long QueryNumber(const HttpRequest& r, std::string_view key, long long fallback) {
  for (const auto& [k, v] : r.query)
    if (k == key) return std::atoll(v.c_str());
  return fallback;
}

// A single >= bound on `f`, as an integer, for the filter[min_*] parameters.
bool MinBound(const ParsedQuery* q, Field f, std::string& out) {
  std::vector<const Term*> terms = TermsOn(q, f);
  if (terms.size() != 1 || terms[0]->op != Op::kGte) return false;
  std::vector<std::string> v = TermTexts(*terms[0]);
  if (v.size() != 1) return false;
  char* end = nullptr;
  double x = std::strtod(v[0].c_str(), &end);
  if (*end || x < 0) return false;
  // Vast-style gpu_ram/cpu_ram carry MB: only the neutral GB names are pushed down.
  if (terms[0]->field == "gpu_ram" || terms[0]->field == "cpu_ram") return false;
  out = std::to_string(static_cast<long long>(std::ceil(x)));
  return true;
}

}  // namespace

std::vector<HttpRequest> PlanDispersedOffers(const PlanOptions& options) {
  HttpRequest r{"GET", "/v1/compute/offers", {}, ""};
  const ParsedQuery* q = options.query;
  std::vector<const Term*> gpu = TermsOn(q, Field::kGpu);
  if (gpu.size() == 1 && gpu[0]->op == Op::kEq && TermTexts(*gpu[0]).size() == 1) {
    std::vector<std::string_view> models = MatchGpuFilter(TermTexts(*gpu[0])[0]);
    if (models.size() == 1) r.query.emplace_back("filter[gpu_name]", std::string(models[0]));
  }
  std::vector<const Term*> count = TermsOn(q, Field::kGpuCount);
  if (count.size() == 1 && count[0]->op == Op::kEq && TermTexts(*count[0]).size() == 1)
    r.query.emplace_back("filter[gpu_count]", TermTexts(*count[0])[0]);
  std::string v;
  if (MinBound(q, Field::kVramGb, v)) r.query.emplace_back("filter[min_vram_gb]", v);
  if (MinBound(q, Field::kRamGb, v)) r.query.emplace_back("filter[min_ram_gb]", v);
  if (MinBound(q, Field::kDiskGb, v)) r.query.emplace_back("filter[min_storage_gb]", v);
  if (MinBound(q, Field::kVcpus, v)) r.query.emplace_back("filter[cpu_count]", v);
  std::vector<const Term*> region = TermsOn(q, Field::kRegion);
  if (region.size() == 1 && (region[0]->op == Op::kEq || region[0]->op == Op::kIn)) {
    std::string list;
    for (std::string code : TermTexts(*region[0])) {
      std::replace(code.begin(), code.end(), ' ', '-');
      list += (list.empty() ? "" : ",") + code;
    }
    r.query.emplace_back("filter[allowed_region_codes]", list);
  }
  r.query.emplace_back("limit", std::to_string(kDispersedPageSize));
  r.query.emplace_back("page", "1");
  return {r};
}

Page ParseDispersedOffers(const HttpRequest& request, int status, std::string_view body, const NormalizeOptions& options) {
  State s(options);
  if (status < 200 || status > 299) {
    s.page.error = HttpErrorMessage("Dispersed", status, body);
    return std::move(s.page);
  }
  if (!OpenJson(body, s.in)) {
    s.page.error = "Dispersed: " + s.in.error;
    return std::move(s.page);
  }
  simdjson::ondemand::object root;
  if (auto e = s.in.doc.get_object().get(root)) {
    s.page.error = "Dispersed: expected a JSON object (" + DescribeJsonError(e, s.in) + ")";
    return std::move(s.page);
  }
  long long limit = QueryNumber(request, "limit", kDispersedPageSize);
  for (auto item : root) {
    simdjson::ondemand::field f;
    simdjson::error_code e = std::move(item).get(f);
    std::string_view key = e ? std::string_view() : FieldKey(f);
    if (!e && key == "data") {
      json_type type;
      e = f.value().type().get(type);
      if (!e && type == json_type::array) {
        simdjson::ondemand::array arr;
        e = f.value().get_array().get(arr);
        std::size_t index = 0;
        for (auto element : arr) {
          if (e) break;
          simdjson::ondemand::value v;
          if ((e = element.get(v))) break;
          json_type t;
          if ((e = v.type().get(t))) break;
          if (t == json_type::object) e = ReadOffer(v, s);
          else s.page.warnings.push_back({"#" + std::to_string(index), "data", "expected an offer object; skipped"});
          ++index;
        }
      }
    } else if (!e && key == "total") {
      double t = ReadNumber(f.value(), key, s.page.warnings);
      // A total past any real market (or junk) must not become billions of page requests.
      s.page.total = IsKnown(t) && t >= 0 && t <= kMaxReportedTotal ? static_cast<long long>(t) : -1;
      if (IsKnown(t) && s.page.total < 0)
        s.page.warnings.push_back({"", "total", "implausible total; remaining pages not planned"});
    } else if (!e && key == "limit") {
      double l = ReadNumber(f.value(), key, s.page.warnings);
      if (IsKnown(l) && l >= 1) limit = static_cast<long long>(l);
    }
    if (e) {
      s.page.error = "Dispersed: " + DescribeJsonError(e, s.in);
      return std::move(s.page);
    }
  }
  if (QueryNumber(request, "page", 1) == 1 && s.page.total > 0)
    for (long long p = 2; p <= PageCount(s.page.total, limit); ++p) s.page.more.push_back(WithPage(request, p));
  return std::move(s.page);
}

}  // namespace offerscope::core
