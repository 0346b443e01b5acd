#include "dispersed.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <nlohmann/json.hpp>

#include "../catalog.hpp"
#include "../json_read.hpp"
#include "../pricing.hpp"
#include "common.hpp"

namespace offerscope::core {

namespace {

using simdjson::ondemand::json_type;
using Value = simdjson::ondemand::value;
using Object = simdjson::ondemand::object;

constexpr std::string_view kName = "Dispersed";
constexpr double kMaxGpus = 100000;
constexpr double kMaxUsdPerHour = 1e7;

// One offer as read. Views point into the parser's buffers.
struct Item {
  std::string id;
  std::string_view label, first_model, region, quoted_at;
  double cpu_cores = kUnknown, gpu_count = kUnknown, vram_gib = kUnknown, ram_gib = kUnknown;
  double storage_gib = kUnknown, price = kUnknown;
  double first_model_vram_gib = kUnknown, models_count = kUnknown;
  bool mixed_models = false;  // gpu_models names more than one model
};

struct State {
  explicit State(const NormalizeOptions& o) : options(o) {}
  const NormalizeOptions& options;
  JsonInput in;
  Page page;
  std::string page_record = "page 1";  // names warnings about the page as a whole
  GpuLookupCache gpus;
  // The key orders of the offers and of their nested objects (see KeyOrder).
  KeyOrder offer_keys, hardware_keys, model_keys, pricing_keys;
};

// gpu_models: the first model's name and VRAM, and the sum of the counts.
simdjson::error_code ReadModels(Value& v, Item& it, State& s) {
  enum ModelKey { kCount, kName, kMinVram };
  static const KeyTable keys{{"count", kCount}, {"name", kName}, {"min_vram_gib", kMinVram}};
  std::vector<Warning>& w = s.page.warnings;
  json_type type;
  if (auto e = v.type().get(type)) return e;
  if (type != json_type::array) {
    if (type != json_type::null) w.push_back({"", "hardware_summary.gpu_models", "expected a list; ignored"});
    return simdjson::SUCCESS;
  }
  simdjson::ondemand::array arr;
  if (auto e = v.get_array().get(arr)) return e;
  bool first = true;
  for (auto element : arr) {
    Value m;
    if (auto e = element.get(m)) return e;
    Object obj;
    bool opened = false;
    if (auto e = OpenObject(m, "hardware_summary.gpu_models", w, obj, opened)) return e;
    if (!opened) continue;
    s.model_keys.StartRecord();
    for (auto item : obj) {
      simdjson::ondemand::field f;
      if (auto e = std::move(item).get(f)) return e;
      int key = keys.Find(f, s.model_keys).value;
      if (key == kCount) {
        double n = ReadNumber(f.value(), "hardware_summary.gpu_models.count", w);
        if (IsKnown(n)) it.models_count = (IsKnown(it.models_count) ? it.models_count : 0) + n;
      } else if (key == kName) {
        std::string_view name = ReadText(f.value(), "hardware_summary.gpu_models.name", w);
        if (first) it.first_model = name;
        else if (name != it.first_model) it.mixed_models = true;
      } else if (first && key == kMinVram) {
        it.first_model_vram_gib = ReadNumber(f.value(), "hardware_summary.gpu_models.min_vram_gib", w);
      }
    }
    first = false;
  }
  return simdjson::SUCCESS;
}

simdjson::error_code ReadHardware(Value& v, Item& it, State& s) {
  enum HardwareKey { kCpuCores, kGpuCount, kLabel, kMinVram, kRam, kStorage, kModels };
  static const KeyTable keys{{"cpu_cores", kCpuCores}, {"gpu_count", kGpuCount}, {"gpu_model_label", kLabel},
                             {"min_gpu_vram_gib", kMinVram}, {"ram_gib", kRam}, {"storage_gib", kStorage},
                             {"gpu_models", kModels}};
  std::vector<Warning>& w = s.page.warnings;
  Object obj;
  bool opened = false;
  if (auto e = OpenObject(v, "hardware_summary", w, obj, opened); e || !opened) return e;
  s.hardware_keys.StartRecord();
  for (auto item : obj) {
    simdjson::ondemand::field f;
    if (auto e = std::move(item).get(f)) return e;
    Value& fv = f.value();
    switch (keys.Find(f, s.hardware_keys).value) {
      case kCpuCores: it.cpu_cores = ReadNumber(fv, "hardware_summary.cpu_cores", w); break;
      case kGpuCount: it.gpu_count = ReadNumber(fv, "hardware_summary.gpu_count", w); break;
      case kLabel: it.label = ReadText(fv, "hardware_summary.gpu_model_label", w); break;
      case kMinVram: it.vram_gib = ReadNumber(fv, "hardware_summary.min_gpu_vram_gib", w); break;
      case kRam: it.ram_gib = ReadNumber(fv, "hardware_summary.ram_gib", w); break;
      case kStorage: it.storage_gib = ReadNumber(fv, "hardware_summary.storage_gib", w); break;
      case kModels:
        if (auto e = ReadModels(fv, it, s)) return e;
        break;
      default: break;
    }
  }
  return simdjson::SUCCESS;
}

simdjson::error_code ReadPricing(Value& v, Item& it, State& s) {
  enum PricingKey { kHourly, kQuotedAt };
  static const KeyTable keys{{"hourly_rate_usd", kHourly}, {"quoted_at", kQuotedAt}};
  std::vector<Warning>& w = s.page.warnings;
  Object obj;
  bool opened = false;
  if (auto e = OpenObject(v, "pricing", w, obj, opened); e || !opened) return e;
  s.pricing_keys.StartRecord();
  for (auto item : obj) {
    simdjson::ondemand::field f;
    if (auto e = std::move(item).get(f)) return e;
    int key = keys.Find(f, s.pricing_keys).value;
    if (key == kHourly) it.price = ReadNumber(f.value(), "pricing.hourly_rate_usd", w);
    else if (key == kQuotedAt) it.quoted_at = ReadText(f.value(), "pricing.quoted_at", w);
  }
  return simdjson::SUCCESS;
}

// NaN (warned) for a negative size or count.
double NonNegative(double x, std::string_view field, std::vector<Warning>& w) {
  if (IsKnown(x) && x < 0) {
    w.push_back({"", std::string(field), "negative; left unknown"});
    return kUnknown;
  }
  return x;
}

int GpuCountOf(const Item& it, std::vector<Warning>& w) {
  double n = IsKnown(it.gpu_count) ? it.gpu_count : it.models_count;
  long long count = WholeNumber(n, kMaxGpus);
  if (count >= 0) return static_cast<int>(count);
  w.push_back({"", "hardware_summary.gpu_count",
               IsKnown(n) ? "not a whole number of GPUs; GPU count unknown" : "missing; GPU count unknown"});
  return 0;
}

Offer BuildOffer(const Item& it, std::string_view raw, State& s) {
  std::vector<Warning>& w = s.page.warnings;
  Offer o;
  o.provider = ProviderId::kDispersed;
  o.id = it.id;
  if (o.id.empty()) w.push_back({"", "offer_id", "missing; the offer cannot be rented by id"});
  o.gpu_raw.assign(!it.label.empty() ? it.label : it.first_model);
  if (it.mixed_models)
    w.push_back({"", "hardware_summary.gpu_models", "several GPU models in one offer; compared as " + o.gpu_raw});
  o.gpu_count = GpuCountOf(it, w);
  double vram = IsKnown(it.vram_gib) ? it.vram_gib : it.first_model_vram_gib;
  o.vram_gb = NonNegative(vram, "hardware_summary.min_gpu_vram_gib", w);
  const GpuSpec* spec = s.gpus.Find(ProviderId::kDispersed, o.gpu_raw, "", o.vram_gb);
  if (!spec && !it.first_model.empty() && it.first_model != o.gpu_raw)
    spec = s.gpus.Find(ProviderId::kDispersed, it.first_model, "", o.vram_gb);
  ApplyGpu(o, spec);
  o.vcpus = NonNegative(it.cpu_cores, "hardware_summary.cpu_cores", w);
  o.ram_gb = NonNegative(it.ram_gib, "hardware_summary.ram_gib", w);
  o.disk_gb = NonNegative(it.storage_gib, "hardware_summary.storage_gib", w);
  o.disk_included_gb = IsKnown(o.disk_gb) ? o.disk_gb : 0;
  o.disk_usd_per_gb_hour = 0;  // no extra disk is sold: see dispersed.hpp
  o.base_usd_per_hour = it.price;
  if (!IsKnown(it.price)) {
    w.push_back({"", "pricing.hourly_rate_usd", "missing; price unknown"});
  } else if (it.price < 0 || it.price > kMaxUsdPerHour) {
    w.push_back({"", "pricing.hourly_rate_usd", "not a plausible price; left unknown"});
    o.base_usd_per_hour = kUnknown;
  }
  o.region.assign(it.region);
  o.country = CountryFromRegionCode(it.region);
  o.quoted_at.assign(!it.quoted_at.empty() ? it.quoted_at : std::string_view(s.options.fetched_at));
  if (s.options.keep_raw) o.raw_json = RawRecord(s.in.owner, raw);
  FinishPrices(o, s.options.disk_gb);
  return o;
}

simdjson::error_code ReadOffer(Value& value, std::size_t index, State& s) {
  std::vector<Warning>& w = s.page.warnings;
  std::size_t first_warning = w.size();
  const char* start = value.raw_json_token().data();
  Object obj;
  if (auto e = value.get_object().get(obj)) return e;
  enum OfferKey { kOfferId, kRegion, kHardware, kPricing };
  static const KeyTable keys{{"offer_id", kOfferId}, {"region_code", kRegion}, {"hardware_summary", kHardware},
                             {"pricing", kPricing}};
  Item it;
  s.offer_keys.StartRecord();
  for (auto item : obj) {
    simdjson::ondemand::field f;
    if (auto e = std::move(item).get(f)) return e;
    simdjson::error_code e = simdjson::SUCCESS;
    switch (keys.Find(f, s.offer_keys).value) {
      case kOfferId: ReadIdText(f.value(), "offer_id", w, it.id); break;
      case kRegion: it.region = ReadText(f.value(), "region_code", w); break;
      case kHardware: e = ReadHardware(f.value(), it, s); break;
      case kPricing: e = ReadPricing(f.value(), it, s); break;
      default: break;
    }
    if (e) return e;
  }
  // The record's bytes without a second pass: after its last field the iterator stands on
  // the token after the closing brace (',' or ']').
  std::string_view raw;
  const char* end = nullptr;
  if (s.options.keep_raw && start && !s.in.doc.current_location().get(end) && end > start) {
    raw = std::string_view(start, static_cast<std::size_t>(end - start));
    while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.back()))) raw.remove_suffix(1);
  }
  s.page.offers.push_back(BuildOffer(it, raw, s));
  NameRecordWarnings(w, first_warning, it.id.empty() ? "#" + std::to_string(index) : it.id);
  return simdjson::SUCCESS;
}

simdjson::error_code ReadData(Value& value, State& s) {
  json_type type;
  if (auto e = value.type().get(type)) return e;
  if (type != json_type::array) {
    if (type != json_type::null) s.page.warnings.push_back({s.page_record, "data", "not a list; no offers"});
    return simdjson::SUCCESS;
  }
  simdjson::ondemand::array arr;
  if (auto e = value.get_array().get(arr)) return e;
  for (auto element : arr) {
    Value v;
    if (auto e = element.get(v)) return e;
    json_type t;
    if (auto e = v.type().get(t)) return e;
    std::size_t index = s.page.offers.size();
    if (t == json_type::object) {
      if (auto e = ReadOffer(v, index, s)) return e;
    } else {
      s.page.warnings.push_back({"#" + std::to_string(index), "data", "expected an offer object; skipped"});
    }
  }
  return simdjson::SUCCESS;
}

// Reads the root object into s.page; `limit` becomes the page size the answer reports.
std::string ReadPage(State& s, long long& limit) {
  Object root;
  if (auto e = s.in.doc.get_object().get(root)) return RootError(e, s.in);
  for (auto item : root) {
    simdjson::ondemand::field f;
    if (auto e = std::move(item).get(f)) return DescribeReadError(e, s.in);
    std::string_view key = FieldKey(f);
    if (key == "data") {
      if (auto e = ReadData(f.value(), s)) return DescribeReadError(e, s.in);
    } else if (key == "total") {
      double t = ReadNumber(f.value(), key, s.page.warnings);
      s.page.total = WholeNumber(t, kMaxTotal);
      if (IsKnown(t) && s.page.total < 0) s.page.warnings.push_back({s.page_record, "total", "not a count; ignored"});
    } else if (key == "limit") {
      long long l = WholeNumber(ReadNumber(f.value(), key, s.page.warnings), kDispersedPageSize);
      if (l >= 1) limit = l;
    }
  }
  if (std::string e = TrailingContentError(s.in); !e.empty()) return e;
  return {};
}

// Dispersed's error body is undocumented: take {"error": {"message": ...}} as well as the
// flat shapes HttpErrorMessage knows.
std::string DispersedErrorMessage(int status, std::string_view body) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_discarded() && j.is_object()) {
    auto error = j.find("error");
    if (error != j.end() && error->is_object()) {
      auto message = error->find("message");
      if (message != error->end() && message->is_string() && !message->get<std::string>().empty())
        return std::string(kName) + " answered HTTP " + std::to_string(status) + ": " +
               message->get<std::string>().substr(0, 200);
    }
  }
  return HttpErrorMessage(kName, status, body);
}

// --- Push-down ---

std::string MinBound(const ParsedQuery* q, Field f) {
  for (const Term* t : TermsOn(q, f)) {
    if (t->op != Op::kGte) continue;
    std::vector<std::string> values = TermTexts(*t);
    double x = 0;
    if (values.size() != 1 || !ParseDecimal(values[0], x)) continue;
    // Vast's gpu_ram/cpu_ram arrive in MB (GB typed x 1000), as the local filter knows.
    if (t->field == "gpu_ram" || t->field == "cpu_ram") x /= 1000;
    if (x < 0 || x > 1e12) continue;
    return std::to_string(static_cast<long long>(std::floor(x)));  // >= floor(x) keeps every match
  }
  return {};
}

// The model name without a trailing memory size: "RTX 4090 48GB" -> "RTX 4090".
std::string_view WithoutMemory(std::string_view model) {
  std::size_t sp = model.rfind(' ');
  if (sp == std::string_view::npos) return model;
  std::string_view last = model.substr(sp + 1);
  bool memory = last.size() > 2 && last.substr(last.size() - 2) == "GB" &&
                std::all_of(last.begin(), last.end() - 2, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  return memory ? model.substr(0, sp) : model;
}

std::string GpuName(const ParsedQuery* q) {
  for (const Term* t : TermsOn(q, Field::kGpu)) {
    if (!IsPositive(t->op)) continue;
    std::string_view name;
    bool one = true;
    for (const std::string& v : TermTexts(*t)) {
      std::vector<std::string_view> models = MatchGpuFilter(v);
      if (models.empty()) one = false;
      for (std::string_view m : models) {
        std::string_view base = WithoutMemory(m);
        if (name.empty()) name = base;
        else if (name != base) one = false;
      }
    }
    if (one && !name.empty()) return std::string(name);
  }
  return {};
}

std::string RegionCodes(const ParsedQuery* q) {
  for (const Term* t : TermsOn(q, Field::kRegion)) {
    if (!IsPositive(t->op)) continue;
    std::string list;
    bool ok = true;
    for (const std::string& code : TermTexts(*t)) {
      // A space came from '_' or quotes; a comma would split the list: neither is sent.
      if (code.empty() || code.find_first_of(" ,") != std::string::npos) ok = false;
      list += (list.empty() ? "" : ",") + AsciiLower(code);
    }
    if (ok && !list.empty()) return list;
  }
  return {};
}

}  // namespace

std::string CountryFromRegionCode(std::string_view code) {
  // Prefixes that are ISO 3166-1 country codes in cloud region names. Continents ("eu", "ap",
  // "sa" South America, "me" Middle East, "af" Africa, "na") are left out on purpose.
  static constexpr std::string_view kCountries[] = {
      "us", "ca", "mx", "br", "ar", "cl", "co", "jp", "kr", "in", "au", "nz", "sg", "hk", "tw",
      "th", "my", "ph", "vn", "cn", "de", "fr", "gb", "nl", "be", "lu", "ch", "at", "it", "es",
      "pt", "ie", "dk", "no", "se", "fi", "is", "pl", "cz", "hu", "ro", "bg", "gr", "tr", "il",
      "ae", "qa", "za", "ng", "ke", "eg", "ua", "ee", "lv", "lt"};
  if (code.size() < 4 || code[2] != '-') return {};
  std::string prefix = AsciiLower(code.substr(0, 2));
  if (prefix == "uk") return "GB";
  for (std::string_view c : kCountries)
    if (c == prefix) return {static_cast<char>(std::toupper(prefix[0])), static_cast<char>(std::toupper(prefix[1]))};
  return {};
}

std::vector<HttpRequest> PlanDispersedOffers(const PlanOptions& options) {
  HttpRequest r{"GET", "/v1/compute/offers", {}, ""};
  const ParsedQuery* q = options.query;
  auto add = [&](const char* key, std::string value) {
    if (!value.empty()) r.query.emplace_back(key, std::move(value));
  };
  add("filter[gpu_name]", GpuName(q));
  add("filter[gpu_count]", WholeNumberTerm(q, Field::kGpuCount));
  add("filter[min_vram_gb]", MinBound(q, Field::kVramGb));
  add("filter[min_ram_gb]", MinBound(q, Field::kRamGb));
  add("filter[min_storage_gb]", MinBound(q, Field::kDiskGb));
  add("filter[cpu_count]", WholeNumberTerm(q, Field::kVcpus));
  add("filter[allowed_region_codes]", RegionCodes(q));
  r.query.emplace_back("limit", std::to_string(kDispersedPageSize));
  r.query.emplace_back("page", "1");
  return {r};
}

Page ParseDispersedOffers(const HttpRequest& request, int status, std::string_view body, const NormalizeOptions& options) {
  State s(options);
  if (status < 200 || status > 299) {
    s.page.error = DispersedErrorMessage(status, body);
    return std::move(s.page);
  }
  if (!OpenJson(body, s.in)) {
    s.page.error = std::string(kName) + ": " + DescribeOpenError(body, s.in);
    return std::move(s.page);
  }
  ReserveOffers(s.page.offers, body.size(), 450);  // ~500 bytes per offer
  long long page = QueryInt(request, "page", 1);
  s.page_record = "page " + std::to_string(page);
  long long limit = std::clamp(QueryInt(request, "limit", kDispersedPageSize), 1LL, static_cast<long long>(kDispersedPageSize));
  std::string error = ReadPage(s, limit);
  if (!error.empty()) {
    Page failed;  // a page read halfway is not a page
    failed.error = std::string(kName) + ": " + error;
    return failed;
  }
  if (page == 1) {
    // Later pages must use the page size the pages were counted with.
    HttpRequest next = WithParam(request, "limit", std::to_string(limit));
    s.page.more = RemainingPages(next, s.page.total, limit, s.page_record, s.page.warnings);
  }
  return std::move(s.page);
}

}  // namespace offerscope::core
