#include "primeintellect.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "../catalog.hpp"
#include "../json_read.hpp"
#include "../pricing.hpp"
#include "common.hpp"

namespace offerscope::core {

namespace {

using simdjson::ondemand::json_type;

constexpr double kMaxReportedTotal = 1e6;  // offers; the whole Vast market is ~20,000

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// One item's fields as read, before they become an Offer.
struct Item {
  std::string cloud_id, gpu_type, socket, source, region, data_center, country, stock, security;
  std::string interconnect_type;
  double gpu_count = kUnknown, gpu_memory = kUnknown, interconnect_gbps = kUnknown;
  double vcpus = kUnknown, memory_gb = kUnknown;
  double disk_min = kUnknown, disk_default = kUnknown, disk_max = kUnknown, disk_price = kUnknown;
  bool disk_included = false;
  double on_demand = kUnknown, community = kUnknown;
  std::string currency;
  bool spot = false;
};

struct State {
  explicit State(const NormalizeOptions& o) : options(o) {}
  const NormalizeOptions& options;
  JsonInput in;
  Page page;
  std::string legacy_type;  // the gpuType key of the legacy shape
};

// The "minCount/defaultCount/maxCount/pricePerUnit/defaultIncludedInPrice" objects.
simdjson::error_code ReadSpec(simdjson::ondemand::value& v, std::string_view name, Item& it, std::vector<Warning>& w) {
  json_type type;
  if (auto e = v.type().get(type)) return e;
  if (type != json_type::object) return simdjson::SUCCESS;  // null: nothing known
  simdjson::ondemand::object obj;
  if (auto e = v.get_object().get(obj)) return e;
  for (auto item : obj) {
    simdjson::ondemand::field f;
    if (auto e = std::move(item).get(f)) return e;
    std::string_view key = FieldKey(f);
    std::string label = std::string(name) + "." + std::string(key);
    if (name == "disk") {
      if (key == "minCount") it.disk_min = ReadNumber(f.value(), label, w);
      else if (key == "defaultCount") it.disk_default = ReadNumber(f.value(), label, w);
      else if (key == "maxCount") it.disk_max = ReadNumber(f.value(), label, w);
      else if (key == "pricePerUnit") it.disk_price = ReadNumber(f.value(), label, w);
      else if (key == "defaultIncludedInPrice") it.disk_included = ReadBool(f.value(), label, w).value_or(false);
    } else if (key == "defaultCount") {
      (name == "vcpu" ? it.vcpus : it.memory_gb) = ReadNumber(f.value(), label, w);
    }
  }
  return simdjson::SUCCESS;
}

simdjson::error_code ReadPrices(simdjson::ondemand::value& v, Item& it, std::vector<Warning>& w) {
  json_type type;
  if (auto e = v.type().get(type)) return e;
  if (type != json_type::object) return simdjson::SUCCESS;
  simdjson::ondemand::object obj;
  if (auto e = v.get_object().get(obj)) return e;
  for (auto item : obj) {
    simdjson::ondemand::field f;
    if (auto e = std::move(item).get(f)) return e;
    std::string_view key = FieldKey(f);
    if (key == "onDemand") it.on_demand = ReadNumber(f.value(), "prices.onDemand", w);
    else if (key == "communityPrice") it.community = ReadNumber(f.value(), "prices.communityPrice", w);
    else if (key == "currency") it.currency = std::string(ReadText(f.value(), "prices.currency", w));
  }
  return simdjson::SUCCESS;
}

Offer BuildOffer(const Item& it, std::string_view raw, State& s, std::size_t first_warning) {
  std::vector<Warning>& w = s.page.warnings;
  Offer o;
  o.provider = ProviderId::kPrimeIntellect;
  // cloudId repeats across data centres; with the data centre it is unique (PROVIDER_NOTES).
  o.id = it.cloud_id + "@" + (it.data_center.empty() ? it.region : it.data_center);
  o.source = it.source;
  std::string gpu_type = it.gpu_type.empty() ? s.legacy_type : it.gpu_type;
  o.gpu_raw = it.socket.empty() ? gpu_type : gpu_type + "/" + it.socket;
  o.gpu_count = IsKnown(it.gpu_count) && it.gpu_count >= 0 && it.gpu_count <= 4096 ? static_cast<int>(it.gpu_count) : 0;
  // gpuMemory is the whole box (8x A100 80GB reports 640).
  if (IsKnown(it.gpu_memory) && o.gpu_count > 0) o.vram_gb = it.gpu_memory / o.gpu_count;
  ApplyGpu(o, FindGpu(ProviderId::kPrimeIntellect, gpu_type, it.socket, o.vram_gb));
  o.vcpus = it.vcpus;
  o.ram_gb = it.memory_gb;
  o.disk_gb = it.disk_max;
  o.disk_min_gb = IsKnown(it.disk_min) ? it.disk_min : 0;
  o.disk_usd_per_gb_hour = IsKnown(it.disk_price) ? it.disk_price : 0;
  o.disk_included_gb = it.disk_included && IsKnown(it.disk_default) ? it.disk_default : 0;
  // Exclusive price fields: secure cloud quotes onDemand, community cloud communityPrice.
  o.base_usd_per_hour = IsKnown(it.on_demand) ? it.on_demand : it.community;
  if (!it.currency.empty() && it.currency != "USD") {
    w.push_back({"", "prices.currency", "price is in " + it.currency + ", not USD; left unknown"});
    o.base_usd_per_hour = kUnknown;
  }
  if (IsKnown(o.base_usd_per_hour) && !(o.base_usd_per_hour >= 0 && o.base_usd_per_hour < 1e6)) {
    w.push_back({"", "prices", "implausible price " + std::to_string(o.base_usd_per_hour) + "; left unknown"});
    o.base_usd_per_hour = kUnknown;
  }
  if (!(o.disk_usd_per_gb_hour >= 0 && o.disk_usd_per_gb_hour < 1e3)) {
    w.push_back({"", "disk.pricePerUnit", "implausible disk price; disk treated as unpriced"});
    o.disk_usd_per_gb_hour = 0;
  }
  if (!(o.disk_min_gb >= 0 && o.disk_min_gb < 1e9)) o.disk_min_gb = 0;
  if (!(o.disk_included_gb >= 0 && o.disk_included_gb < 1e9)) o.disk_included_gb = 0;
  if (!IsKnown(o.base_usd_per_hour)) w.push_back({"", "prices", "no onDemand or communityPrice; price unknown"});
  o.interruptible = it.spot;
  o.country = it.country;
  o.region = it.region.empty() ? it.data_center : it.data_center.empty() ? it.region : it.region + " / " + it.data_center;
  o.interconnect = it.socket;
  if (!it.interconnect_type.empty()) o.interconnect += (o.interconnect.empty() ? "" : ", ") + it.interconnect_type;
  if (IsKnown(it.interconnect_gbps)) o.interconnect += " " + std::to_string(static_cast<long long>(it.interconnect_gbps)) + " Gbps";
  o.stock = Lower(it.stock);
  o.tier = it.security == "secure_cloud" ? "secure" : it.security == "community_cloud" ? "community" : Lower(it.security);
  o.quoted_at = s.options.fetched_at;
  if (s.options.keep_raw) o.raw_json.assign(raw);
  FinishPrices(o, s.options.disk_gb);
  NameRecordWarnings(w, first_warning, o.id);
  return o;
}

simdjson::error_code ReadItem(simdjson::ondemand::value& value, State& s) {
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
    simdjson::ondemand::value& v = f.value();
    if (key == "cloudId") ReadIdText(v, key, w, it.cloud_id);
    else if (key == "gpuType") it.gpu_type = std::string(ReadText(v, key, w));
    else if (key == "socket") it.socket = std::string(ReadText(v, key, w));
    else if (key == "provider") it.source = std::string(ReadText(v, key, w));
    else if (key == "region") it.region = std::string(ReadText(v, key, w));
    else if (key == "dataCenter") it.data_center = std::string(ReadText(v, key, w));
    else if (key == "country") it.country = std::string(ReadText(v, key, w));
    else if (key == "gpuCount") it.gpu_count = ReadNumber(v, key, w);
    else if (key == "gpuMemory") it.gpu_memory = ReadNumber(v, key, w);
    else if (key == "interconnect") it.interconnect_gbps = ReadNumber(v, key, w);
    else if (key == "interconnectType") it.interconnect_type = std::string(ReadText(v, key, w));
    else if (key == "stockStatus") it.stock = std::string(ReadText(v, key, w));
    else if (key == "security") it.security = std::string(ReadText(v, key, w));
    else if (key == "isSpot") it.spot = ReadBool(v, key, w).value_or(false);
    else if (key == "disk" || key == "vcpu" || key == "memory") {
      if (auto e = ReadSpec(v, key, it, w)) return e;
    } else if (key == "prices") {
      if (auto e = ReadPrices(v, it, w)) return e;
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

simdjson::error_code ReadItems(simdjson::ondemand::value& value, State& s) {
  json_type type;
  if (auto e = value.type().get(type)) return e;
  if (type != json_type::array) return simdjson::SUCCESS;
  simdjson::ondemand::array arr;
  if (auto e = value.get_array().get(arr)) return e;
  std::size_t index = 0;
  for (auto element : arr) {
    simdjson::ondemand::value v;
    if (auto e = element.get(v)) return e;
    json_type t;
    if (auto e = v.type().get(t)) return e;
    if (t == json_type::object) {
      if (auto e = ReadItem(v, s)) return e;
    } else {
      s.page.warnings.push_back({"#" + std::to_string(index), "items", "expected an offer object; skipped"});
    }
    ++index;
  }
  return simdjson::SUCCESS;
}

long long QueryNumber(const HttpRequest& r, std::string_view key, long long fallback) {
  for (const auto& [k, v] : r.query)
    if (k == key) return std::atoll(v.c_str());
  return fallback;
}

}  // namespace

HttpRequest WithPage(const HttpRequest& request, long long page) {
  HttpRequest r = request;
  bool found = false;
  for (auto& [k, v] : r.query)
    if (k == "page") v = std::to_string(page), found = true;
  if (!found) r.query.emplace_back("page", std::to_string(page));
  return r;
}

std::vector<HttpRequest> PlanPrimeOffers(const PlanOptions& options) {
  HttpRequest r{"GET", "/api/v1/availability/gpus", {}, ""};
  const ParsedQuery* q = options.query;
  // gpu_type: only when the filter names exactly one Prime type (else filter locally).
  std::vector<const Term*> gpu = TermsOn(q, Field::kGpu);
  if (gpu.size() == 1 && gpu[0]->op == Op::kEq) {
    std::vector<std::string_view> types, sockets;
    for (const std::string& v : TermTexts(*gpu[0]))
      for (std::string_view model : MatchGpuFilter(v))
        for (std::string_view t : PrimeTypesFor(model))
          if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
    if (types.size() == 1) r.query.emplace_back("gpu_type", std::string(types[0]));
  }
  std::vector<const Term*> count = TermsOn(q, Field::kGpuCount);
  if (count.size() == 1 && count[0]->op == Op::kEq && TermTexts(*count[0]).size() == 1)
    r.query.emplace_back("gpu_count", TermTexts(*count[0])[0]);
  for (const Term* t : TermsOn(q, Field::kRegion))
    if (t->op == Op::kEq || t->op == Op::kIn)
      for (std::string v : TermTexts(*t)) {
        std::replace(v.begin(), v.end(), ' ', '_');  // the query turned '_' into spaces
        r.query.emplace_back("regions", Lower(v));
      }
  std::vector<const Term*> tier = TermsOn(q, Field::kTier);
  if (tier.size() == 1 && tier[0]->op == Op::kEq && TermTexts(*tier[0]).size() == 1) {
    std::string t = Lower(TermTexts(*tier[0])[0]);
    if (t == "secure" || t == "community") r.query.emplace_back("security", t + "_cloud");
  }
  r.query.emplace_back("page", "1");
  r.query.emplace_back("page_size", std::to_string(kPrimePageSize));
  return {r};
}

Page ParsePrimeOffers(const HttpRequest& request, int status, std::string_view body, const NormalizeOptions& options) {
  State s(options);
  if (status < 200 || status > 299) {
    s.page.error = HttpErrorMessage("Prime Intellect", status, body);
    return std::move(s.page);
  }
  if (!OpenJson(body, s.in)) {
    s.page.error = "Prime Intellect: " + s.in.error;
    return std::move(s.page);
  }
  simdjson::ondemand::object root;
  if (auto e = s.in.doc.get_object().get(root)) {
    s.page.error = "Prime Intellect: expected a JSON object (" + DescribeJsonError(e, s.in) + ")";
    return std::move(s.page);
  }
  bool saw_items = false;
  for (auto item : root) {
    simdjson::ondemand::field f;
    if (auto e = std::move(item).get(f)) {
      s.page.error = "Prime Intellect: " + DescribeJsonError(e, s.in);
      return std::move(s.page);
    }
    std::string_view key = FieldKey(f);
    simdjson::error_code e = simdjson::SUCCESS;
    if (key == "items") {
      saw_items = true;
      e = ReadItems(f.value(), s);
    } else if (key == "totalCount") {
      double t = ReadNumber(f.value(), key, s.page.warnings);
      // A total past any real market (or junk) must not become billions of page requests.
      s.page.total = IsKnown(t) && t >= 0 && t <= kMaxReportedTotal ? static_cast<long long>(t) : -1;
      if (IsKnown(t) && s.page.total < 0)
        s.page.warnings.push_back({"", "totalCount", "implausible total; remaining pages not planned"});
    } else if (!saw_items) {
      // The legacy shape: {"A100_80GB": [...], "A40_48GB": [...]}.
      s.legacy_type = std::string(key);
      e = ReadItems(f.value(), s);
    }
    if (e) {
      s.page.error = "Prime Intellect: " + DescribeJsonError(e, s.in);
      return std::move(s.page);
    }
  }
  long long page = QueryNumber(request, "page", 1);
  long long size = QueryNumber(request, "page_size", kPrimePageSize);
  if (s.page.total == 0 && s.page.offers.empty())
    s.page.warnings.push_back({"", "totalCount", "Prime answered an empty page; a replica sometimes does this by mistake, so it is not proof that nothing is available"});
  if (page == 1 && s.page.total > 0)
    for (long long p = 2; p <= PageCount(s.page.total, size); ++p) s.page.more.push_back(WithPage(request, p));
  return std::move(s.page);
}

HttpRequest PlanPrimeDisks(const std::vector<std::string>& regions) {
  HttpRequest r{"GET", "/api/v1/availability/disks", {}, ""};
  for (const std::string& region : regions) r.query.emplace_back("regions", region);
  r.query.emplace_back("page", "1");
  r.query.emplace_back("page_size", std::to_string(kPrimePageSize));
  return r;
}

PrimeDisksPage ParsePrimeDisks(const HttpRequest& request, int status, std::string_view body) {
  PrimeDisksPage out;
  if (status < 200 || status > 299) {
    out.error = HttpErrorMessage("Prime Intellect", status, body);
    return out;
  }
  // Disk pages are a few KB: nlohmann is simpler here and fast enough.
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    out.error = "Prime Intellect: malformed JSON in the disks answer";
    return out;
  }
  auto text = [](const nlohmann::json& o, const char* k) {
    auto it = o.find(k);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto number = [](const nlohmann::json& o, const char* k) {
    auto it = o.find(k);
    return it != o.end() && it->is_number() ? it->get<double>() : kUnknown;
  };
  if (auto it = j.find("items"); it != j.end() && it->is_array()) {
    for (const auto& d : *it) {
      if (!d.is_object()) continue;
      PrimeDisk disk{text(d, "provider"), text(d, "dataCenter"), text(d, "country"), text(d, "region"),
                     Lower(text(d, "stockStatus")), text(d, "security")};
      if (auto spec = d.find("spec"); spec != d.end() && spec->is_object()) {
        disk.price_usd_per_gb_hour = number(*spec, "pricePerUnit");
        disk.min_gb = number(*spec, "minCount");
        disk.max_gb = number(*spec, "maxCount");
      }
      auto multi = d.find("isMultinode");
      disk.multinode = multi != d.end() && multi->is_boolean() && multi->get<bool>();
      out.disks.push_back(std::move(disk));
    }
  }
  if (auto t = j.find("totalCount"); t != j.end() && t->is_number_integer()) out.total = t->get<long long>();
  if (QueryNumber(request, "page", 1) == 1 && out.total > 0)
    for (long long p = 2; p <= PageCount(out.total, QueryNumber(request, "page_size", kPrimePageSize)); ++p)
      out.more.push_back(WithPage(request, p));
  return out;
}

}  // namespace offerscope::core
