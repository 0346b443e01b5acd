#include "vast.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/catalog.hpp"
#include "core/json_read.hpp"
#include "core/providers/common.hpp"
#include "core/pricing.hpp"
#include "core/vast_query.hpp"

namespace offerscope::core {

using namespace vast_internal;

namespace {

using simdjson::ondemand::json_type;

// The fields of a Vast offer that the normalizer reads. Numbers come first so a RawOffer
// can keep them in one array indexed by the key.
enum class Key : std::uint8_t {
  kGpuRam,
  kGpuTotalRam,
  kNumGpus,
  kCpuCoresEffective,
  kCpuRam,
  kDiskSpace,
  kDphBase,
  kDphTotal,
  kStorageCost,
  kMinBid,
  kReliability,
  kReliability2,
  kInetDown,
  kInetUp,
  kBwNvlink,
  kPciGen,
  kGpuLanes,
  kNumberCount,  // not a key: the numbers above, then the others
  kId,
  kAskContractId,
  kGpuName,
  kGeolocation,
  kVerification,
  kRentable,
  kRented,
  kVerified,
  kSearch,
  kOther
};
constexpr std::size_t kNumbers = static_cast<std::size_t>(Key::kNumberCount);

// The keys read, by name.
const KeyTable& OfferKeys() {
  static const KeyTable table{
      {"ask_contract_id", static_cast<int>(Key::kAskContractId)},
      {"bw_nvlink", static_cast<int>(Key::kBwNvlink)},
      {"cpu_cores_effective", static_cast<int>(Key::kCpuCoresEffective)},
      {"cpu_ram", static_cast<int>(Key::kCpuRam)},
      {"disk_space", static_cast<int>(Key::kDiskSpace)},
      {"dph_base", static_cast<int>(Key::kDphBase)},
      {"dph_total", static_cast<int>(Key::kDphTotal)},
      {"geolocation", static_cast<int>(Key::kGeolocation)},
      {"gpu_lanes", static_cast<int>(Key::kGpuLanes)},
      {"gpu_name", static_cast<int>(Key::kGpuName)},
      {"gpu_ram", static_cast<int>(Key::kGpuRam)},
      {"gpu_total_ram", static_cast<int>(Key::kGpuTotalRam)},
      {"id", static_cast<int>(Key::kId)},
      {"inet_down", static_cast<int>(Key::kInetDown)},
      {"inet_up", static_cast<int>(Key::kInetUp)},
      {"min_bid", static_cast<int>(Key::kMinBid)},
      {"num_gpus", static_cast<int>(Key::kNumGpus)},
      {"pci_gen", static_cast<int>(Key::kPciGen)},
      {"reliability", static_cast<int>(Key::kReliability)},
      {"reliability2", static_cast<int>(Key::kReliability2)},
      {"rentable", static_cast<int>(Key::kRentable)},
      {"rented", static_cast<int>(Key::kRented)},
      {"search", static_cast<int>(Key::kSearch)},
      {"storage_cost", static_cast<int>(Key::kStorageCost)},
      {"verification", static_cast<int>(Key::kVerification)},
      {"verified", static_cast<int>(Key::kVerified)},
  };
  return table;
}

Key AsKey(int value) { return value < 0 ? Key::kOther : static_cast<Key>(value); }
Key KeyOf(std::string_view name) { return AsKey(OfferKeys().Find(name)); }

// One offer as read, before normalization. Reused across offers (strings keep capacity).
struct RawOffer {
  std::array<double, kNumbers> num;
  std::string id, ask_contract_id;
  std::string_view gpu_name, geolocation, verification;  // point into the parser's buffers
  std::optional<bool> rentable, rented, verified;
  double search_gpu_cost = kUnknown;   // search.gpuCostPerHour: dph_base under another name
  double search_disk_hour = kUnknown;  // search.diskHour: storage priced into dph_total
  bool any_offer_key = false;

  void Reset() {
    num.fill(kUnknown);
    id.clear();
    ask_contract_id.clear();
    gpu_name = geolocation = verification = {};
    rentable = rented = verified = std::nullopt;
    search_gpu_cost = search_disk_hour = kUnknown;
    any_offer_key = false;
  }
  double Get(Key k) const { return num[static_cast<std::size_t>(k)]; }
};

// What the request tells about the answer.
struct RequestFacts {
  bool interruptible = false;
  double allocated_storage_gb = 8;  // Vast's documented default when the body gives none
};

RequestFacts FactsOf(const HttpRequest& request) {
  RequestFacts facts;
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return facts;
  // The legacy search nests the query object under "q".
  auto q = body.find("q");
  const nlohmann::json& query = (q != body.end() && q->is_object()) ? *q : body;
  auto type = query.find("type");
  if (type != query.end() && type->is_string()) {
    const std::string& t = type->get_ref<const std::string&>();
    facts.interruptible = (t == "bid" || t == "interruptible");
  }
  auto storage = query.find("allocated_storage");
  if (storage != query.end() && storage->is_number() && storage->get<double>() >= 0)
    facts.allocated_storage_gb = storage->get<double>();
  return facts;
}

struct ParseState {
  JsonInput& in;
  const NormalizeOptions& options;
  RequestFacts facts;
  Page& page;
  RawOffer raw;
  GpuLookupCache gpus;
  KeyOrder offer_keys;  // the key order of the offers in the "offers" list
};

void ReadSearchSplit(simdjson::ondemand::value& value, RawOffer& r, std::vector<Warning>& w) {
  simdjson::ondemand::object obj;
  if (value.get_object().get(obj)) return;  // not an object: the split is optional anyway
  for (auto item : obj) {
    simdjson::ondemand::field field;
    if (std::move(item).get(field)) return;
    std::string_view key = FieldKey(field);
    if (key == "gpuCostPerHour")
      r.search_gpu_cost = ReadNumber(field.value(), "search.gpuCostPerHour", w);
    else if (key == "diskHour")
      r.search_disk_hour = ReadNumber(field.value(), "search.diskHour", w);
  }
}

void ReadOfferField(Key k, std::string_view key, simdjson::ondemand::value& v, RawOffer& r,
                    std::vector<Warning>& w) {
  r.any_offer_key = true;
  switch (k) {
    case Key::kId: ReadIdText(v, key, w, r.id); return;
    case Key::kAskContractId: ReadIdText(v, key, w, r.ask_contract_id); return;
    case Key::kGpuName: r.gpu_name = ReadText(v, key, w); return;
    case Key::kGeolocation: r.geolocation = ReadText(v, key, w); return;
    case Key::kVerification: r.verification = ReadText(v, key, w); return;
    case Key::kRentable: r.rentable = ReadBool(v, key, w); return;
    case Key::kRented: r.rented = ReadBool(v, key, w); return;
    case Key::kVerified: r.verified = ReadBool(v, key, w); return;
    case Key::kSearch: ReadSearchSplit(v, r, w); return;
    case Key::kNumberCount:
    case Key::kOther: return;
    default: r.num[static_cast<std::size_t>(k)] = ReadNumber(v, key, w); return;
  }
}

// The base price of the offer (no disk), following the file comment's order of sources.
// `min_bid` and `disk_per_gb_hour` were already checked (and warned about) by the caller.
double BasePrice(const RawOffer& r, const RequestFacts& facts, double min_bid, double disk_per_gb_hour,
                 std::vector<Warning>& w) {
  if (facts.interruptible) {
    if (!IsKnown(min_bid))
      w.push_back({"", "min_bid", "interruptible search without min_bid; price left unknown"});
    return min_bid;
  }
  double base = SanePrice(r.Get(Key::kDphBase), "dph_base", w);
  if (IsKnown(base)) return base;
  base = SanePrice(r.search_gpu_cost, "search.gpuCostPerHour", w);
  if (IsKnown(base)) return base;
  double total = SanePrice(r.Get(Key::kDphTotal), "dph_total", w);
  if (IsKnown(total) && IsKnown(disk_per_gb_hour)) {
    double storage = disk_per_gb_hour * facts.allocated_storage_gb;
    char message[160];
    (void)std::snprintf(message, sizeof message,
                        "missing; derived as dph_total minus %g GB of storage ($%.6f/h)",
                        facts.allocated_storage_gb, storage);
    w.push_back({"", "dph_base", message});
    return std::max(0.0, total - storage);
  }
  w.push_back({"", "dph_base", "no dph_base, search.gpuCostPerHour or usable dph_total; price left unknown"});
  return kUnknown;
}

// $/GB/hour of disk: storage_cost per 720-hour month (pricing.hpp says why 720), else the
// search split's diskHour over the storage the request priced. Unknown (and said so) when
// neither is there.
double DiskPrice(const RawOffer& r, const RequestFacts& facts, std::vector<Warning>& w) {
  double per_month = SanePrice(r.Get(Key::kStorageCost), "storage_cost", w);
  if (IsKnown(per_month)) return VastDiskUsdPerGbHour(per_month);
  double disk_hour = SanePrice(r.search_disk_hour, "search.diskHour", w);
  if (IsKnown(disk_hour) && facts.allocated_storage_gb > 0) {
    w.push_back({"", "storage_cost", "missing; derived from search.diskHour"});
    return disk_hour / facts.allocated_storage_gb;
  }
  w.push_back({"", "storage_cost", "missing; disk price and total price left unknown"});
  return kUnknown;
}

std::string_view StockOf(const RawOffer& r) {
  if (r.rented == true) return "rented";
  if (r.rentable == true) return "available";
  if (r.rentable == false) return "unavailable";
  return {};
}

std::string_view TierOf(const RawOffer& r) {
  if (r.verification == "verified" || r.verification == "unverified" || r.verification == "deverified")
    return r.verification;
  if (r.verified.has_value()) return *r.verified ? "verified" : "unverified";
  return {};
}

Offer BuildOffer(ParseState& s, std::string_view raw_json) {
  RawOffer& r = s.raw;
  std::vector<Warning>& w = s.page.warnings;
  Offer o;
  o.provider = ProviderId::kVast;
  o.id = !r.id.empty() ? r.id : r.ask_contract_id;
  if (o.id.empty()) w.push_back({"", "id", "missing; the offer cannot be rented by id"});
  o.gpu_raw.assign(TrimSpaces(r.gpu_name));
  o.gpu_count = GpuCount(r.Get(Key::kNumGpus), w);

  double vram_mib = r.Get(Key::kGpuRam);
  if (!IsKnown(vram_mib) && IsKnown(r.Get(Key::kGpuTotalRam)) && o.gpu_count > 0)
    vram_mib = r.Get(Key::kGpuTotalRam) / o.gpu_count;
  const GpuSpec* spec = s.gpus.Find(ProviderId::kVast, o.gpu_raw, {}, VastVramGb(vram_mib, nullptr));
  o.vram_gb = VastVramGb(vram_mib, spec);
  ApplyGpu(o, spec);  // keeps our vram_gb; fills the catalog's only when Vast gave no gpu_ram

  o.vcpus = NonNegative(r.Get(Key::kCpuCoresEffective));
  o.ram_gb = NonNegative(r.Get(Key::kCpuRam)) / 1000;  // NaN stays NaN
  o.disk_gb = NonNegative(r.Get(Key::kDiskSpace));

  o.disk_usd_per_gb_hour = DiskPrice(r, s.facts, w);
  o.bid_usd_per_hour = SanePrice(r.Get(Key::kMinBid), "min_bid", w);
  o.base_usd_per_hour = BasePrice(r, s.facts, o.bid_usd_per_hour, o.disk_usd_per_gb_hour, w);
  o.interruptible = s.facts.interruptible;

  o.country = CountryFromGeolocation(r.geolocation);
  o.region = RegionFromGeolocation(r.geolocation);
  o.reliability = IsKnown(r.Get(Key::kReliability2)) ? r.Get(Key::kReliability2) : r.Get(Key::kReliability);
  o.inet_down_mbps = NonNegative(r.Get(Key::kInetDown));
  o.inet_up_mbps = NonNegative(r.Get(Key::kInetUp));
  o.interconnect = VastInterconnect(r.Get(Key::kBwNvlink), r.Get(Key::kPciGen), r.Get(Key::kGpuLanes));
  o.stock.assign(StockOf(r));
  o.tier.assign(TierOf(r));
  o.quoted_at = s.options.fetched_at;
  if (s.options.keep_raw) o.raw_json = RawRecord(s.in.owner, TrimSpaces(raw_json));

  FinishPrices(o, s.options.disk_gb);
  return o;
}

// Reads one offer object and appends it to the page. Returns a simdjson error when the JSON
// itself breaks (the caller turns it into Page.error).
// `start` points at the object's '{' in the padded input (from the value's raw token).
simdjson::error_code ReadOfferObject(simdjson::ondemand::object& obj, const char* start, ParseState& s) {
  std::size_t first_warning = s.page.warnings.size();
  s.raw.Reset();
  s.offer_keys.StartRecord();
  for (auto item : obj) {
    simdjson::ondemand::field field;
    if (auto e = std::move(item).get(field)) return e;
    FoundKey found = OfferKeys().Find(field, s.offer_keys);
    Key k = AsKey(found.value);
    if (k != Key::kOther) ReadOfferField(k, found.key, field.value(), s.raw, s.page.warnings);
  }
  // The offer's bytes without a second pass: after its last field the iterator stands on the
  // token that follows the closing brace (',' or ']'); BuildOffer trims the blanks between.
  std::string_view raw;
  const char* end = nullptr;
  if (s.options.keep_raw && start != nullptr && !s.in.doc.current_location().get(end) && end > start)
    raw = std::string_view(start, static_cast<std::size_t>(end - start));
  std::size_t index = s.page.offers.size();
  s.page.offers.push_back(BuildOffer(s, raw));
  const std::string& id = s.page.offers.back().id;
  NameRecordWarnings(s.page.warnings, first_warning, id.empty() ? "#" + std::to_string(index) : id);
  return simdjson::SUCCESS;
}

// Reads an array of offers; an element that is not an object is skipped with a warning.
simdjson::error_code ReadOfferArray(simdjson::ondemand::array& arr, ParseState& s) {
  std::size_t position = 0;
  for (auto item : arr) {
    if (auto e = item.error()) return e;
    simdjson::ondemand::value v = item.value_unsafe();
    json_type type;
    if (auto e = v.type().get(type)) return e;
    if (type == json_type::object) {
      const char* start = v.raw_json_token().data();
      simdjson::ondemand::object obj;
      if (auto e = v.get_object().get(obj)) return e;
      if (auto e = ReadOfferObject(obj, start, s)) return e;
    } else {
      s.page.warnings.push_back(
          {"#" + std::to_string(position), "offers", "expected an offer object; skipped"});
    }
    ++position;
  }
  return simdjson::SUCCESS;
}

// The "offers" value: a list, or one object as in Vast's docs example; null means none.
simdjson::error_code ReadOffersValue(simdjson::ondemand::value& value, ParseState& s) {
  json_type type;
  if (auto e = value.type().get(type)) return e;
  if (type == json_type::array) {
    simdjson::ondemand::array arr;
    if (auto e = value.get_array().get(arr)) return e;
    return ReadOfferArray(arr, s);
  }
  if (type == json_type::object) {
    const char* start = value.raw_json_token().data();
    simdjson::ondemand::object obj;
    if (auto e = value.get_object().get(obj)) return e;
    return ReadOfferObject(obj, start, s);
  }
  if (type != json_type::null)
    s.page.warnings.push_back({"", "offers", "expected a list of offers; none read"});
  return simdjson::SUCCESS;
}

// success / error / msg of an envelope. Returns false for any other key.
bool ReadEnvelopeField(std::string_view key, simdjson::ondemand::value& value, Envelope& env,
                       std::vector<Warning>& w) {
  if (key == "success")
    env.success = ReadBool(value, key, w);
  else if (key == "error")
    env.error.assign(ReadText(value, key, w));
  else if (key == "msg")
    env.msg.assign(ReadText(value, key, w));
  else
    return false;
  return true;
}

// A root object is an envelope ({"offers": ...}, {"success": false, ...}) or one bare offer.
// Both are read in the same pass: envelope keys are noted, offer keys go into s.raw.
simdjson::error_code ReadRootObject(simdjson::ondemand::object& root, std::string_view body, ParseState& s) {
  Envelope env;
  bool saw_offers = false;
  s.raw.Reset();
  std::size_t first_warning = s.page.warnings.size();
  for (auto item : root) {
    simdjson::ondemand::field field;
    if (auto e = std::move(item).get(field)) return e;
    std::string_view key = FieldKey(field);
    if (key == "offers") {
      saw_offers = true;
      if (auto e = ReadOffersValue(field.value(), s)) return e;
      first_warning = s.page.warnings.size();
    } else if (!ReadEnvelopeField(key, field.value(), env, s.page.warnings)) {
      Key k = KeyOf(key);
      if (k != Key::kOther) ReadOfferField(k, key, field.value(), s.raw, s.page.warnings);
    }
  }
  if (env.Failed()) {
    s.page.offers.clear();
    s.page.error = env.ErrorText(200);
  } else if (!saw_offers && s.raw.any_offer_key) {
    s.page.offers.push_back(BuildOffer(s, body));
    const std::string& id = s.page.offers.back().id;
    NameRecordWarnings(s.page.warnings, first_warning, id.empty() ? "#0" : id);
  } else if (!saw_offers) {
    s.page.warnings.push_back({"", "offers", "the answer has no offers list and is not an offer"});
  }
  return simdjson::SUCCESS;
}

simdjson::error_code ReadRoot(JsonInput& in, std::string_view body, ParseState& s) {
  json_type type;
  if (auto e = in.doc.type().get(type)) return e;
  if (type == json_type::array) {
    simdjson::ondemand::array arr;
    if (auto e = in.doc.get_array().get(arr)) return e;
    return ReadOfferArray(arr, s);
  }
  if (type == json_type::object) {
    simdjson::ondemand::object obj;
    if (auto e = in.doc.get_object().get(obj)) return e;
    return ReadRootObject(obj, body, s);
  }
  s.page.error = "Vast answered with JSON that is neither an object nor a list";
  return simdjson::SUCCESS;
}

}  // namespace

namespace vast_internal {

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

double NonNegative(double v) {
  return (IsKnown(v) && v >= 0) ? v : kUnknown;
}

double SanePrice(double usd, std::string_view field, std::vector<Warning>& warnings) {
  if (!IsKnown(usd)) return kUnknown;
  if (usd < 0 || usd > 1e6) {
    char message[96];
    (void)std::snprintf(message, sizeof message, "implausible price %g; left unknown", usd);
    warnings.push_back({"", std::string(field), message});
    return kUnknown;
  }
  return usd;
}

int GpuCount(double num_gpus, std::vector<Warning>& warnings) {
  if (!IsKnown(num_gpus)) {
    warnings.push_back({"", "num_gpus", "missing; GPU count left at 0"});
    return 0;
  }
  if (num_gpus < 0 || num_gpus > 4096 || std::trunc(num_gpus) != num_gpus) {
    char message[96];
    (void)std::snprintf(message, sizeof message, "not a GPU count: %g; left at 0", num_gpus);
    warnings.push_back({"", "num_gpus", message});
    return 0;
  }
  return static_cast<int>(num_gpus);
}

std::string Envelope::ErrorText(int status) const {
  std::string text = (status >= 200 && status <= 299) ? std::string("Vast refused the request")
                                                      : "Vast answered HTTP " + std::to_string(status);
  if (!msg.empty()) text += ": " + msg;
  if (!error.empty()) text += msg.empty() ? ": " + error : " (" + error + ")";
  if (status == 401 || status == 403) text += " - check the Vast API key";
  if (status == 429) text += " - rate limited, retry after a pause";
  return text;
}

}  // namespace vast_internal

std::string VastErrorMessage(int status, std::string_view body) {
  Envelope env;
  bool vast_shaped = false;  // the body has Vast's success/error/msg keys
  JsonInput in;
  std::vector<Warning> ignored;
  simdjson::ondemand::object root;
  if (OpenJson(body, in) && !in.doc.get_object().get(root)) {
    for (auto item : root) {
      simdjson::ondemand::field field;
      if (std::move(item).get(field)) break;
      if (ReadEnvelopeField(FieldKey(field), field.value(), env, ignored)) vast_shaped = true;
    }
  }
  if (!vast_shaped) {
    // Not Vast's JSON error (a proxy's HTML page, plain text): quote the start of it.
    std::string excerpt;
    for (char c : TrimSpaces(body).substr(0, 160)) excerpt += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    env.msg = excerpt;
  }
  return env.ErrorText(status);
}

double VastVramGb(double gpu_ram_mib, const GpuSpec* spec) {
  if (!IsKnown(gpu_ram_mib) || gpu_ram_mib <= 0) return kUnknown;
  // nvidia-smi's MiB is a little below the sold size; the small slack keeps an exact
  // 24576 (24.0) at 24 rather than rounding float noise up to 25.
  double estimate = std::ceil(gpu_ram_mib / 1024 - 0.02);
  if (spec != nullptr && IsKnown(spec->vram_gb) && spec->vram_gb > 0) {
    double tolerance = std::max(3.5, 0.1 * spec->vram_gb);
    if (std::fabs(spec->vram_gb - estimate) <= tolerance) return spec->vram_gb;
  }
  return estimate;
}

std::string VastInterconnect(double bw_nvlink, double pci_gen, double gpu_lanes) {
  if (IsKnown(bw_nvlink) && bw_nvlink > 0) return "NVLink";
  if (!IsKnown(pci_gen) || pci_gen <= 0 || pci_gen > 99) return {};
  char text[32];
  if (IsKnown(gpu_lanes) && gpu_lanes >= 1 && gpu_lanes <= 64)
    (void)std::snprintf(text, sizeof text, "PCIe %.1f x%d", pci_gen, static_cast<int>(gpu_lanes));
  else
    (void)std::snprintf(text, sizeof text, "PCIe %.1f", pci_gen);
  return text;
}

std::vector<HttpRequest> PlanVastOffers(const PlanOptions& options) {
  nlohmann::json body = VastSearchBody(options.query, options.order, options.type, options.storage_gb,
                                       options.limit, options.no_default);
  return {HttpRequest{"POST", "/api/v0/bundles/", {}, body.dump()}};
}

HttpRequest PlanVastOffersLegacy(const PlanOptions& options) {
  nlohmann::json body = nlohmann::json::object();
  body["select_cols"] = nlohmann::json::array({"*"});
  body["q"] = VastSearchBody(options.query, options.order, options.type, options.storage_gb, options.limit,
                             options.no_default);
  return HttpRequest{"PUT", "/api/v0/search/asks/", {}, body.dump()};
}

Page ParseVastOffers(const HttpRequest& request, int status, std::string_view body,
                     const NormalizeOptions& options) {
  Page page;
  if (status < 200 || status > 299) {
    page.error = VastErrorMessage(status, body);
    return page;
  }
  JsonInput in;
  if (!OpenJson(body, in)) {
    page.error = "Vast: " + in.error;
    return page;
  }
  ReserveOffers(page.offers, body.size(), 2000);  // ~2,300 bytes per offer (select_cols ["*"])
  ParseState state{in, options, FactsOf(request), page, {}, {}, {}};
  if (simdjson::error_code e = ReadRoot(in, body, state)) {
    page.offers.clear();
    page.error = "Vast: " + DescribeJsonError(e, in);
    return page;
  }
  page.total = static_cast<long long>(page.offers.size());
  return page;
}

}  // namespace offerscope::core
