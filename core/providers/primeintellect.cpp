#include "primeintellect.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>

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

constexpr std::string_view kName = "Prime Intellect";
constexpr double kMaxGpus = 100000;       // a whole cluster, far beyond any real record
constexpr double kMaxUsdPerHour = 1e7;    // anything above is garbage, not a price

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// "secure_cloud" -> "secure", "community_cloud" -> "community" (Offer::tier's words).
std::string TierOf(std::string_view security) {
  if (security == "secure_cloud") return "secure";
  if (security == "community_cloud") return "community";
  return AsciiLower(security);
}

// The {minCount, defaultCount, maxCount, pricePerUnit, defaultIncludedInPrice} objects.
struct Spec {
  double min = kUnknown, def = kUnknown, max = kUnknown, price = kUnknown;
  std::optional<bool> included;
};
struct SpecLabels {
  std::string_view self, min, def, max, price, included;
};
constexpr SpecLabels kDiskLabels{"disk", "disk.minCount", "disk.defaultCount", "disk.maxCount",
                                 "disk.pricePerUnit", "disk.defaultIncludedInPrice"};
constexpr SpecLabels kVcpuLabels{"vcpu", "vcpu.minCount", "vcpu.defaultCount", "vcpu.maxCount",
                                 "vcpu.pricePerUnit", "vcpu.defaultIncludedInPrice"};
constexpr SpecLabels kMemoryLabels{"memory", "memory.minCount", "memory.defaultCount", "memory.maxCount",
                                   "memory.pricePerUnit", "memory.defaultIncludedInPrice"};
constexpr SpecLabels kStorageLabels{"spec", "spec.minCount", "spec.defaultCount", "spec.maxCount",
                                    "spec.pricePerUnit", "spec.defaultIncludedInPrice"};

// The key orders of the items and of their nested objects (see KeyOrder).
struct ItemKeyOrders {
  KeyOrder item, disk, vcpu, memory, prices;
};

simdjson::error_code ReadSpec(Value& v, const SpecLabels& l, Spec& spec, std::vector<Warning>& w, KeyOrder& order) {
  Object obj;
  bool opened = false;
  if (auto e = OpenObject(v, l.self, w, obj, opened); e || !opened) return e;
  enum SpecKey { kMin, kDefault, kMax, kPrice, kIncluded };
  static const KeyTable keys{{"minCount", kMin}, {"defaultCount", kDefault}, {"maxCount", kMax},
                             {"pricePerUnit", kPrice}, {"defaultIncludedInPrice", kIncluded}};
  order.StartRecord();
  for (auto item : obj) {
    simdjson::ondemand::field f;
    if (auto e = std::move(item).get(f)) return e;
    switch (keys.Find(f, order).value) {
      case kMin: spec.min = ReadNumber(f.value(), l.min, w); break;
      case kDefault: spec.def = ReadNumber(f.value(), l.def, w); break;
      case kMax: spec.max = ReadNumber(f.value(), l.max, w); break;
      case kPrice: spec.price = ReadNumber(f.value(), l.price, w); break;
      case kIncluded: spec.included = ReadBool(f.value(), l.included, w); break;
      default: break;
    }
  }
  return simdjson::SUCCESS;
}

// A size or count that must not be negative: NaN (warned) when it is.
double NonNegative(double x, std::string_view field, std::vector<Warning>& w) {
  if (IsKnown(x) && x < 0) {
    w.push_back({"", std::string(field), "negative; left unknown"});
    return kUnknown;
  }
  return x;
}

// A price: NaN (warned) when negative or absurd.
double Price(double x, std::string_view field, std::vector<Warning>& w) {
  if (IsKnown(x) && (x < 0 || x > kMaxUsdPerHour)) {
    w.push_back({"", std::string(field), "not a plausible price; left unknown"});
    return kUnknown;
  }
  return x;
}

// One GPU record as read, before it becomes an Offer. Views point into the parser's buffers.
struct Item {
  std::string cloud_id;
  std::string_view gpu_type, socket, provider, region, data_center, country, stock, security;
  std::string_view interconnect_type, currency;
  double gpu_count = kUnknown, gpu_memory = kUnknown, interconnect_gbps = kUnknown;
  double on_demand = kUnknown, community = kUnknown;
  Spec disk, vcpu, memory;
  bool spot = false;
};

enum ItemKey {
  kCloudId, kGpuType, kSocket, kProvider, kRegion, kDataCenter, kCountry, kGpuCount, kGpuMemory,
  kDisk, kVcpu, kMemory, kInterconnect, kInterconnectType, kStockStatus, kSecurity, kPrices, kIsSpot
};

const KeyTable& ItemKeys() {
  static const KeyTable table{
      {"cloudId", kCloudId}, {"gpuType", kGpuType}, {"socket", kSocket}, {"provider", kProvider},
      {"region", kRegion}, {"dataCenter", kDataCenter}, {"country", kCountry}, {"gpuCount", kGpuCount},
      {"gpuMemory", kGpuMemory}, {"disk", kDisk}, {"vcpu", kVcpu}, {"memory", kMemory},
      {"interconnect", kInterconnect}, {"interconnectType", kInterconnectType},
      {"stockStatus", kStockStatus}, {"security", kSecurity}, {"prices", kPrices}, {"isSpot", kIsSpot}};
  return table;
}

simdjson::error_code ReadPrices(Value& v, Item& it, std::vector<Warning>& w, KeyOrder& order) {
  enum PriceKey { kOnDemand, kCommunity, kCurrency };
  static const KeyTable keys{{"onDemand", kOnDemand}, {"communityPrice", kCommunity}, {"currency", kCurrency}};
  Object obj;
  bool opened = false;
  if (auto e = OpenObject(v, "prices", w, obj, opened); e || !opened) return e;
  order.StartRecord();
  for (auto item : obj) {
    simdjson::ondemand::field f;
    if (auto e = std::move(item).get(f)) return e;
    int key = keys.Find(f, order).value;
    if (key == kOnDemand) it.on_demand = Price(ReadNumber(f.value(), "prices.onDemand", w), "prices.onDemand", w);
    else if (key == kCommunity)
      it.community = Price(ReadNumber(f.value(), "prices.communityPrice", w), "prices.communityPrice", w);
    else if (key == kCurrency) it.currency = ReadText(f.value(), "prices.currency", w);
  }
  return simdjson::SUCCESS;
}

simdjson::error_code ReadItemField(int key, Value& v, Item& it, std::vector<Warning>& w, ItemKeyOrders& orders) {
  switch (key) {
    case kCloudId: ReadIdText(v, "cloudId", w, it.cloud_id); break;
    case kGpuType: it.gpu_type = ReadText(v, "gpuType", w); break;
    case kSocket: it.socket = ReadText(v, "socket", w); break;
    case kProvider: it.provider = ReadText(v, "provider", w); break;
    case kRegion: it.region = ReadText(v, "region", w); break;
    case kDataCenter: it.data_center = ReadText(v, "dataCenter", w); break;
    case kCountry: it.country = ReadText(v, "country", w); break;
    case kGpuCount: it.gpu_count = ReadNumber(v, "gpuCount", w); break;
    case kGpuMemory: it.gpu_memory = NonNegative(ReadNumber(v, "gpuMemory", w), "gpuMemory", w); break;
    case kDisk: return ReadSpec(v, kDiskLabels, it.disk, w, orders.disk);
    case kVcpu: return ReadSpec(v, kVcpuLabels, it.vcpu, w, orders.vcpu);
    case kMemory: return ReadSpec(v, kMemoryLabels, it.memory, w, orders.memory);
    case kInterconnect: it.interconnect_gbps = NonNegative(ReadNumber(v, "interconnect", w), "interconnect", w); break;
    case kInterconnectType: it.interconnect_type = ReadText(v, "interconnectType", w); break;
    case kStockStatus: it.stock = ReadText(v, "stockStatus", w); break;
    case kSecurity: it.security = ReadText(v, "security", w); break;
    case kPrices: return ReadPrices(v, it, w, orders.prices);
    case kIsSpot: it.spot = ReadBool(v, "isSpot", w).value_or(false); break;
    default: break;
  }
  return simdjson::SUCCESS;
}

struct State {
  explicit State(const NormalizeOptions& o) : options(o) {}
  const NormalizeOptions& options;
  JsonInput in;
  Page page;
  std::string_view legacy_type;  // the gpuType key of the legacy shape
  GpuLookupCache gpus;
  ItemKeyOrders keys;
};

// Disk terms (see the file comment of primeintellect.hpp).
void ApplyDisk(const Spec& d, Offer& o, std::vector<Warning>& w) {
  double price = NonNegative(d.price, "disk.pricePerUnit", w);
  double max = NonNegative(d.max, "disk.maxCount", w);
  double def = NonNegative(d.def, "disk.defaultCount", w);
  double min = NonNegative(d.min, "disk.minCount", w);
  bool resizable = IsKnown(max) && !(IsKnown(def) && max == def);
  o.disk_gb = IsKnown(max) ? max : def;
  o.disk_min_gb = IsKnown(min) ? min : 0;
  if (IsKnown(price)) {
    o.disk_usd_per_gb_hour = price;
    o.disk_included_gb = d.included.value_or(false) && IsKnown(def) ? def : 0;
  } else if (!resizable) {
    // A fixed disk that comes with the machine: nothing more to buy, nothing extra to pay.
    o.disk_usd_per_gb_hour = 0;
    o.disk_included_gb = IsKnown(def) ? def : 0;
  } else {
    o.disk_usd_per_gb_hour = kUnknown;
    o.disk_included_gb = d.included.value_or(false) && IsKnown(def) ? def : 0;
    w.push_back({"", "disk.pricePerUnit", "missing for a resizable disk; the price at other sizes is unknown"});
  }
}

std::string InterconnectOf(const Item& it) {
  std::string out(it.socket);
  std::string extra(it.interconnect_type);
  if (IsKnown(it.interconnect_gbps)) {
    char gbps[48];
    std::snprintf(gbps, sizeof gbps, "%.10g Gbps", it.interconnect_gbps);
    extra += (extra.empty() ? "" : " ") + std::string(gbps);
  }
  if (!extra.empty()) out += (out.empty() ? "" : ", ") + extra;
  return out;
}

// Unique within Prime (see primeintellect.hpp): cloudId@dataCenter/<n>x[/community][/spot].
std::string IdOf(const Item& it, int gpu_count) {
  std::string id = it.cloud_id;
  id += '@';
  id += !it.data_center.empty() ? it.data_center : !it.provider.empty() ? it.provider : it.region;
  id += '/' + std::to_string(gpu_count) + 'x';
  if (it.security == "community_cloud") id += "/community";
  if (it.spot) id += "/spot";
  return id;
}

Offer BuildOffer(const Item& it, std::string_view raw, State& s) {
  std::vector<Warning>& w = s.page.warnings;
  Offer o;
  o.provider = ProviderId::kPrimeIntellect;
  long long count = WholeNumber(it.gpu_count, kMaxGpus);
  if (count < 0) w.push_back({"", "gpuCount", IsKnown(it.gpu_count) ? "not a whole number of GPUs; GPU count unknown"
                                                                   : "missing; GPU count unknown"});
  o.gpu_count = count > 0 ? static_cast<int>(count) : 0;
  if (it.cloud_id.empty()) w.push_back({"", "cloudId", "missing; the offer cannot be provisioned by id"});
  o.id = IdOf(it, o.gpu_count);
  o.source.assign(it.provider);
  std::string_view gpu_type = it.gpu_type.empty() ? s.legacy_type : it.gpu_type;
  o.gpu_raw.assign(gpu_type);
  if (!it.socket.empty()) o.gpu_raw.append("/").append(it.socket);
  // gpuMemory is the whole box (an 8x A100 80GB offer reports 640).
  if (IsKnown(it.gpu_memory) && o.gpu_count > 0) o.vram_gb = it.gpu_memory / o.gpu_count;
  ApplyGpu(o, s.gpus.Find(ProviderId::kPrimeIntellect, gpu_type, it.socket, o.vram_gb));
  o.vcpus = NonNegative(it.vcpu.def, "vcpu.defaultCount", w);
  o.ram_gb = NonNegative(it.memory.def, "memory.defaultCount", w);
  ApplyDisk(it.disk, o, w);
  // Exclusive fields: the secure cloud quotes onDemand, the community cloud communityPrice.
  bool community = it.security == "community_cloud";
  if (IsKnown(it.on_demand) && IsKnown(it.community)) o.base_usd_per_hour = community ? it.community : it.on_demand;
  else o.base_usd_per_hour = IsKnown(it.on_demand) ? it.on_demand : it.community;
  if (!it.currency.empty() && it.currency != "USD") {
    w.push_back({"", "prices.currency", "price is in " + std::string(it.currency) + ", not USD; left unknown"});
    o.base_usd_per_hour = kUnknown;
  } else if (!IsKnown(o.base_usd_per_hour)) {
    w.push_back({"", "prices", "no onDemand or communityPrice; price unknown"});
  }
  o.interruptible = it.spot;
  o.country.assign(it.country);
  o.region.assign(!it.region.empty() ? it.region : it.data_center);
  o.interconnect = InterconnectOf(it);
  o.stock = AsciiLower(it.stock);
  o.tier = TierOf(it.security);
  o.quoted_at = s.options.fetched_at;
  if (s.options.keep_raw) o.raw_json = RawRecord(s.in.owner, raw);
  FinishPrices(o, s.options.disk_gb);
  return o;
}

simdjson::error_code ReadItem(Value& value, std::size_t index, State& s) {
  std::vector<Warning>& w = s.page.warnings;
  std::size_t first_warning = w.size();
  const char* start = value.raw_json_token().data();
  Object obj;
  if (auto e = value.get_object().get(obj)) return e;
  Item it;
  const KeyTable& keys = ItemKeys();
  s.keys.item.StartRecord();
  for (auto item : obj) {
    simdjson::ondemand::field f;
    if (auto e = std::move(item).get(f)) return e;
    int key = keys.Find(f, s.keys.item).value;
    if (key >= 0)
      if (auto e = ReadItemField(key, f.value(), it, w, s.keys)) return e;
  }
  // The record's bytes without a second pass: after its last field the iterator stands on
  // the token after the closing brace (',' or ']').
  std::string_view raw;
  const char* end = nullptr;
  if (s.options.keep_raw && start && !s.in.doc.current_location().get(end) && end > start)
    raw = TrimBlanks(std::string_view(start, static_cast<std::size_t>(end - start)));
  s.page.offers.push_back(BuildOffer(it, raw, s));
  NameRecordWarnings(w, first_warning, it.cloud_id.empty() ? "#" + std::to_string(index) : s.page.offers.back().id);
  return simdjson::SUCCESS;
}

// An array of records; an element that is not an object is skipped with a warning.
simdjson::error_code ReadItems(Value& value, std::string_view field, State& s) {
  simdjson::ondemand::array arr;
  if (auto e = value.get_array().get(arr)) return e;
  for (auto element : arr) {
    Value v;
    if (auto e = element.get(v)) return e;
    json_type t;
    if (auto e = v.type().get(t)) return e;
    std::size_t index = s.page.offers.size();
    if (t == json_type::object) {
      if (auto e = ReadItem(v, index, s)) return e;
    } else {
      s.page.warnings.push_back({"#" + std::to_string(index), std::string(field), "expected an offer object; skipped"});
    }
  }
  return simdjson::SUCCESS;
}

// FastAPI's validation answer is {"detail": [{"loc": ["query","page_size"], "msg": "..."}]}:
// name the parameter and say what is wrong. Anything else as HttpErrorMessage does.
std::string PrimeErrorMessage(int status, std::string_view body) {
  std::string message;
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_discarded() && j.is_object()) {
    auto detail = j.find("detail");
    if (detail != j.end() && detail->is_array()) {
      for (const auto& d : *detail) {
        if (!d.is_object()) continue;
        std::string where;
        if (auto loc = d.find("loc"); loc != d.end() && loc->is_array())
          for (const auto& part : *loc)
            if (part.is_string() || part.is_number()) where += (where.empty() ? "" : ".") + (part.is_string() ? part.get<std::string>() : part.dump());
        auto msg = d.find("msg");
        if (msg == d.end() || !msg->is_string()) continue;
        message += (message.empty() ? "" : "; ") + (where.empty() ? "" : where + ": ") + msg->get<std::string>();
      }
    }
  }
  std::string out = message.empty() ? HttpErrorMessage(kName, status, body)
                                    : std::string(kName) + " answered HTTP " + std::to_string(status) + ": " +
                                          message.substr(0, 300);
  if (status == 401 || status == 403) out += " (Prime needs an API key with the Availability -> Read permission)";
  return out;
}

std::string PageRecord(long long page) { return "page " + std::to_string(page); }

// Warnings about the page as a whole: the replica flake, a first page that contradicts its
// total, an answer that is no availability list at all.
void CheckPage(State& s, long long page, bool saw_items, bool saw_legacy, bool saw_other) {
  std::vector<Warning>& w = s.page.warnings;
  if (saw_items && s.page.offers.empty() && s.page.total == 0)
    w.push_back({PageRecord(page), "totalCount",
                 "Prime answered an empty page with totalCount 0; a replica sometimes does this by mistake, "
                 "so it is not proof that nothing is available: retry before trusting it"});
  else if (saw_items && s.page.offers.empty() && page == 1 && s.page.total > 0)
    w.push_back({PageRecord(page), "items", "empty although totalCount is " + std::to_string(s.page.total)});
  if (!saw_items && !saw_legacy && saw_other)
    w.push_back({PageRecord(page), "items",
                 "the answer holds neither items nor gpuType lists (is it the gpu-summary endpoint?); no offers"});
}

// Reads the root object of a GPU page into s.page; a JSON error is returned as text.
std::string ReadGpuPage(State& s, long long page) {
  Object root;
  if (auto e = s.in.doc.get_object().get(root)) return RootError(e, s.in);
  bool saw_items = false, saw_legacy = false, saw_other = false;
  for (auto item : root) {
    simdjson::ondemand::field f;
    if (auto e = std::move(item).get(f)) return DescribeReadError(e, s.in);
    std::string_view key = FieldKey(f);
    if (key == "totalCount") {
      double t = ReadNumber(f.value(), key, s.page.warnings);
      s.page.total = WholeNumber(t, kMaxTotal);
      if (IsKnown(t) && s.page.total < 0) s.page.warnings.push_back({PageRecord(page), "totalCount", "not a count; ignored"});
      continue;
    }
    json_type type;
    if (auto e = f.value().type().get(type)) return DescribeReadError(e, s.in);
    simdjson::error_code e = simdjson::SUCCESS;
    if (key == "items") {
      saw_items = true;
      if (type == json_type::array) e = ReadItems(f.value(), key, s);
      else if (type != json_type::null) s.page.warnings.push_back({PageRecord(page), "items", "not a list; no offers"});
    } else if (type == json_type::array) {
      // The legacy shape: {"A100_80GB": [...], "A40_48GB": [...]}.
      saw_legacy = true;
      s.legacy_type = key;
      e = ReadItems(f.value(), key, s);
    } else {
      saw_other = true;
    }
    if (e) return DescribeReadError(e, s.in);
  }
  if (std::string e = TrailingContentError(s.in); !e.empty()) return e;
  CheckPage(s, page, saw_items, saw_legacy, saw_other);
  return {};
}

}  // namespace

Page ParsePrimeOffers(const HttpRequest& request, int status, std::string_view body, const NormalizeOptions& options) {
  State s(options);
  if (status < 200 || status > 299) {
    s.page.error = PrimeErrorMessage(status, body);
    return std::move(s.page);
  }
  if (!OpenJson(body, s.in)) {
    s.page.error = std::string(kName) + ": " + DescribeOpenError(body, s.in);
    return std::move(s.page);
  }
  ReserveOffers(s.page.offers, body.size(), 1100);  // ~1,200 bytes per offer
  long long page = QueryInt(request, "page", 1);
  std::string error = ReadGpuPage(s, page);
  if (!error.empty()) {
    // A page read halfway is not a page: no partial offers that look like a full answer.
    Page failed;
    failed.error = std::string(kName) + ": " + error;
    return failed;
  }
  long long size = std::clamp(QueryInt(request, "page_size", kPrimePageSize), 1LL, static_cast<long long>(kPrimePageSize));
  if (page == 1) s.page.more = RemainingPages(request, s.page.total, size, PageRecord(page), s.page.warnings);
  return std::move(s.page);
}

// ---- Disks ------------------------------------------------------------------------------

namespace {

simdjson::error_code ReadDisk(Object& obj, PrimeDisk& d, std::vector<Warning>& w, KeyOrder& spec_keys) {
  Spec spec;
  for (auto item : obj) {
    simdjson::ondemand::field f;
    if (auto e = std::move(item).get(f)) return e;
    std::string_view key = FieldKey(f);
    Value& v = f.value();
    if (key == "cloudId") ReadIdText(v, key, w, d.cloud_id);
    else if (key == "provider") d.provider.assign(ReadText(v, key, w));
    else if (key == "dataCenter") d.data_center.assign(ReadText(v, key, w));
    else if (key == "country") d.country.assign(ReadText(v, key, w));
    else if (key == "region") d.region.assign(ReadText(v, key, w));
    else if (key == "stockStatus") d.stock = AsciiLower(ReadText(v, key, w));
    else if (key == "security") d.security = TierOf(ReadText(v, key, w));
    else if (key == "isMultinode") d.multinode = ReadBool(v, key, w).value_or(false);
    else if (key == "spec") {
      if (auto e = ReadSpec(v, kStorageLabels, spec, w, spec_keys)) return e;
    }
  }
  d.price_usd_per_gb_hour = Price(spec.price, "spec.pricePerUnit", w);
  d.min_gb = NonNegative(spec.min, "spec.minCount", w);
  d.max_gb = NonNegative(spec.max, "spec.maxCount", w);
  return simdjson::SUCCESS;
}

std::string ReadDiskPage(JsonInput& in, PrimeDisksPage& out) {
  Object root;
  if (auto e = in.doc.get_object().get(root)) return RootError(e, in);
  for (auto item : root) {
    simdjson::ondemand::field f;
    if (auto e = std::move(item).get(f)) return DescribeReadError(e, in);
    std::string_view key = FieldKey(f);
    json_type type;
    if (key == "totalCount") {
      out.total = WholeNumber(ReadNumber(f.value(), key, out.warnings), kMaxTotal);
    } else if (key == "items") {
      if (auto e = f.value().type().get(type)) return DescribeReadError(e, in);
      if (type != json_type::array) continue;
      simdjson::ondemand::array arr;
      if (auto e = f.value().get_array().get(arr)) return DescribeReadError(e, in);
      KeyOrder spec_keys;
      for (auto element : arr) {
        std::size_t index = out.disks.size(), first_warning = out.warnings.size();
        Value v;
        Object obj;
        if (auto e = element.get(v)) return DescribeReadError(e, in);
        if (auto e = v.type().get(type)) return DescribeReadError(e, in);
        if (type != json_type::object) {
          out.warnings.push_back({"#" + std::to_string(index), "items", "expected a disk object; skipped"});
          continue;
        }
        if (auto e = v.get_object().get(obj)) return DescribeReadError(e, in);
        PrimeDisk d;
        if (auto e = ReadDisk(obj, d, out.warnings, spec_keys)) return DescribeReadError(e, in);
        std::string record = d.provider + "@" + (d.data_center.empty() ? d.region : d.data_center);
        NameRecordWarnings(out.warnings, first_warning, d.provider.empty() ? "#" + std::to_string(index) : record);
        out.disks.push_back(std::move(d));
      }
    }
  }
  if (std::string e = TrailingContentError(in); !e.empty()) return e;
  return {};
}

}  // namespace

PrimeDisksPage ParsePrimeDisks(const HttpRequest& request, int status, std::string_view body) {
  PrimeDisksPage out;
  if (status < 200 || status > 299) {
    out.error = PrimeErrorMessage(status, body);
    return out;
  }
  JsonInput in;
  if (!OpenJson(body, in)) {
    out.error = std::string(kName) + ": " + DescribeOpenError(body, in);
    return out;
  }
  std::string error = ReadDiskPage(in, out);
  if (!error.empty()) {
    PrimeDisksPage failed;
    failed.error = std::string(kName) + ": " + error;
    return failed;
  }
  long long page = QueryInt(request, "page", 1);
  long long size = std::clamp(QueryInt(request, "page_size", kPrimePageSize), 1LL, static_cast<long long>(kPrimePageSize));
  if (page == 1) out.more = RemainingPages(request, out.total, size, PageRecord(page), out.warnings);
  return out;
}

}  // namespace offerscope::core
