#include "vast_instances.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "core/catalog.hpp"
#include "core/json_read.hpp"
#include "vast.hpp"

namespace offerscope::core {

using namespace vast_internal;

namespace {

using simdjson::ondemand::json_type;

// The instance keys read. Everything else, secrets included, is skipped unread.
enum class Key : std::uint8_t {
  kNumGpus,
  kGpuRam,
  kGpuTotalRam,
  kCpuCoresEffective,
  kCpuRam,
  kDiskSpace,
  kDphTotal,
  kDphBase,
  kMinBid,
  kStartDate,
  kEndDate,
  kUptimeMins,
  kReliability,
  kReliability2,
  kNumberCount,  // not a key: the numbers above, then the others
  kId,
  kLabel,
  kActualStatus,
  kIntendedStatus,
  kCurState,
  kStatusMsg,
  kGpuName,
  kIsBid,
  kMachineId,
  kHostId,
  kGeolocation,
  kImageUuid,
  kVerification,
  kOther
};
constexpr std::size_t kNumbers = static_cast<std::size_t>(Key::kNumberCount);

// The keys read, by name (gpu_totalram in v0 instances, gpu_total_ram in offers).
Key KeyOf(std::string_view name) {
  static const KeyTable table{
      {"actual_status", static_cast<int>(Key::kActualStatus)},
      {"cpu_cores_effective", static_cast<int>(Key::kCpuCoresEffective)},
      {"cpu_ram", static_cast<int>(Key::kCpuRam)},
      {"cur_state", static_cast<int>(Key::kCurState)},
      {"disk_space", static_cast<int>(Key::kDiskSpace)},
      {"dph_base", static_cast<int>(Key::kDphBase)},
      {"dph_total", static_cast<int>(Key::kDphTotal)},
      {"end_date", static_cast<int>(Key::kEndDate)},
      {"geolocation", static_cast<int>(Key::kGeolocation)},
      {"gpu_name", static_cast<int>(Key::kGpuName)},
      {"gpu_ram", static_cast<int>(Key::kGpuRam)},
      {"gpu_total_ram", static_cast<int>(Key::kGpuTotalRam)},
      {"gpu_totalram", static_cast<int>(Key::kGpuTotalRam)},
      {"host_id", static_cast<int>(Key::kHostId)},
      {"id", static_cast<int>(Key::kId)},
      {"image_uuid", static_cast<int>(Key::kImageUuid)},
      {"intended_status", static_cast<int>(Key::kIntendedStatus)},
      {"is_bid", static_cast<int>(Key::kIsBid)},
      {"label", static_cast<int>(Key::kLabel)},
      {"machine_id", static_cast<int>(Key::kMachineId)},
      {"min_bid", static_cast<int>(Key::kMinBid)},
      {"num_gpus", static_cast<int>(Key::kNumGpus)},
      {"reliability", static_cast<int>(Key::kReliability)},
      {"reliability2", static_cast<int>(Key::kReliability2)},
      {"start_date", static_cast<int>(Key::kStartDate)},
      {"status_msg", static_cast<int>(Key::kStatusMsg)},
      {"uptime_mins", static_cast<int>(Key::kUptimeMins)},
      {"verification", static_cast<int>(Key::kVerification)},
  };
  int k = table.Find(name);
  return k < 0 ? Key::kOther : static_cast<Key>(k);
}

// One instance as read, before it becomes a VastInstance.
struct RawInstance {
  std::array<double, kNumbers> num;
  VastInstance text;  // id, label, statuses, gpu_raw, machine/host ids, geolocation, image
  std::string geolocation;
  std::optional<bool> is_bid;
  bool any_key = false;

  void Reset() {
    num.fill(kUnknown);
    text = VastInstance();
    geolocation.clear();
    is_bid = std::nullopt;
    any_key = false;
  }
  double Get(Key k) const { return num[static_cast<std::size_t>(k)]; }
};

void ReadInstanceField(Key k, std::string_view key, simdjson::ondemand::value& v, RawInstance& r,
                       std::vector<Warning>& w) {
  r.any_key = true;
  VastInstance& t = r.text;
  switch (k) {
    case Key::kId: ReadIdText(v, key, w, t.id); return;
    case Key::kMachineId: ReadIdText(v, key, w, t.machine_id); return;
    case Key::kHostId: ReadIdText(v, key, w, t.host_id); return;
    case Key::kLabel: t.label.assign(ReadText(v, key, w)); return;
    case Key::kActualStatus: t.status.assign(ReadText(v, key, w)); return;
    case Key::kIntendedStatus: t.intended_status.assign(ReadText(v, key, w)); return;
    case Key::kCurState: t.current_state.assign(ReadText(v, key, w)); return;
    case Key::kStatusMsg: t.status_message.assign(TrimSpaces(ReadText(v, key, w))); return;
    case Key::kGpuName: t.gpu_raw.assign(TrimSpaces(ReadText(v, key, w))); return;
    case Key::kGeolocation: r.geolocation.assign(ReadText(v, key, w)); return;
    case Key::kImageUuid: t.image.assign(ReadText(v, key, w)); return;
    case Key::kVerification: t.tier.assign(ReadText(v, key, w)); return;
    case Key::kIsBid: r.is_bid = ReadBool(v, key, w); return;
    case Key::kNumberCount:
    case Key::kOther: return;
    default: r.num[static_cast<std::size_t>(k)] = ReadNumber(v, key, w); return;
  }
}

// A unix time in seconds that is plausible (after 2000, before 2200); NaN otherwise.
double UnixTime(double t) {
  return (IsKnown(t) && t > 946684800 && t < 7258118400) ? t : kUnknown;
}

VastInstance BuildInstance(RawInstance& r, double now_unix_s, std::vector<Warning>& w) {
  VastInstance inst = std::move(r.text);
  if (inst.id.empty()) w.push_back({"", "id", "missing"});
  inst.gpu_count = GpuCount(r.Get(Key::kNumGpus), w);
  double vram_mib = r.Get(Key::kGpuRam);
  if (!IsKnown(vram_mib) && IsKnown(r.Get(Key::kGpuTotalRam)) && inst.gpu_count > 0)
    vram_mib = r.Get(Key::kGpuTotalRam) / inst.gpu_count;

  // The catalog speaks Offer: borrow one to name the GPU the same way offers do.
  const GpuSpec* spec = FindGpu(ProviderId::kVast, inst.gpu_raw, {}, VastVramGb(vram_mib, nullptr));
  Offer named;
  named.provider = ProviderId::kVast;
  named.gpu_raw = inst.gpu_raw;
  named.vram_gb = VastVramGb(vram_mib, spec);
  ApplyGpu(named, spec);
  inst.gpu = named.gpu;
  inst.gpu_known = named.gpu_known;
  inst.vram_gb = named.vram_gb;

  inst.vcpus = NonNegative(r.Get(Key::kCpuCoresEffective));
  inst.ram_gb = NonNegative(r.Get(Key::kCpuRam)) / 1000;
  inst.disk_gb = NonNegative(r.Get(Key::kDiskSpace));
  inst.price_usd_per_hour = SanePrice(r.Get(Key::kDphTotal), "dph_total", w);
  inst.base_usd_per_hour = SanePrice(r.Get(Key::kDphBase), "dph_base", w);
  inst.bid_usd_per_hour = SanePrice(r.Get(Key::kMinBid), "min_bid", w);
  inst.interruptible = r.is_bid.value_or(false);

  inst.start_time_unix_s = UnixTime(r.Get(Key::kStartDate));
  inst.end_time_unix_s = UnixTime(r.Get(Key::kEndDate));
  if (IsKnown(inst.start_time_unix_s) && IsKnown(now_unix_s))
    inst.age_s = std::max(0.0, now_unix_s - inst.start_time_unix_s);
  double uptime_mins = NonNegative(r.Get(Key::kUptimeMins));
  if (IsKnown(uptime_mins))
    inst.uptime_s = uptime_mins * 60;
  else if (inst.status == "running")
    inst.uptime_s = inst.age_s;

  inst.country = CountryFromGeolocation(r.geolocation);
  inst.region = RegionFromGeolocation(r.geolocation);
  inst.reliability =
      IsKnown(r.Get(Key::kReliability2)) ? r.Get(Key::kReliability2) : r.Get(Key::kReliability);
  return inst;
}

struct ParseState {
  VastInstancesPage& page;
  double now_unix_s;
  RawInstance raw;
};

void FinishInstance(ParseState& s, std::size_t first_warning) {
  std::size_t index = s.page.instances.size();
  s.page.instances.push_back(BuildInstance(s.raw, s.now_unix_s, s.page.warnings));
  const std::string& id = s.page.instances.back().id;
  NameRecordWarnings(s.page.warnings, first_warning, id.empty() ? "#" + std::to_string(index) : id);
}

simdjson::error_code ReadInstanceObject(simdjson::ondemand::object& obj, ParseState& s) {
  std::size_t first_warning = s.page.warnings.size();
  s.raw.Reset();
  for (auto item : obj) {
    simdjson::ondemand::field field;
    if (auto e = std::move(item).get(field)) return e;
    std::string_view key = FieldKey(field);
    Key k = KeyOf(key);
    if (k != Key::kOther) ReadInstanceField(k, key, field.value(), s.raw, s.page.warnings);
  }
  FinishInstance(s, first_warning);
  return simdjson::SUCCESS;
}

// A list of instances, one instance object, or null.
simdjson::error_code ReadInstancesValue(simdjson::ondemand::value& value, ParseState& s) {
  json_type type;
  if (auto e = value.type().get(type)) return e;
  if (type == json_type::object) {
    simdjson::ondemand::object obj;
    if (auto e = value.get_object().get(obj)) return e;
    return ReadInstanceObject(obj, s);
  }
  if (type == json_type::null) return simdjson::SUCCESS;
  if (type != json_type::array) {
    s.page.warnings.push_back({"", "instances", "expected a list of instances; none read"});
    return simdjson::SUCCESS;
  }
  simdjson::ondemand::array arr;
  if (auto e = value.get_array().get(arr)) return e;
  std::size_t position = 0;
  for (auto item : arr) {
    if (auto e = item.error()) return e;
    simdjson::ondemand::value v = item.value_unsafe();
    simdjson::ondemand::object obj;
    if (v.get_object().get(obj)) {
      s.page.warnings.push_back(
          {"#" + std::to_string(position), "instances", "expected an instance object; skipped"});
    } else if (auto e = ReadInstanceObject(obj, s)) {
      return e;
    }
    ++position;
  }
  return simdjson::SUCCESS;
}

// The root object: the v1/v0 envelope or one bare instance, told apart in one pass.
simdjson::error_code ReadRootObject(simdjson::ondemand::object& root, ParseState& s,
                                    std::string& next_token) {
  Envelope env;
  bool saw_list = false;
  std::vector<Warning>& w = s.page.warnings;
  s.raw.Reset();
  std::size_t first_warning = w.size();
  for (auto item : root) {
    simdjson::ondemand::field field;
    if (auto e = std::move(item).get(field)) return e;
    std::string_view key = FieldKey(field);
    simdjson::ondemand::value& v = field.value();
    if (key == "instances") {
      saw_list = true;
      if (auto e = ReadInstancesValue(v, s)) return e;
      first_warning = w.size();
    } else if (key == "next_token") {
      next_token.assign(ReadText(v, key, w));
    } else if (key == "total_instances") {
      double total = ReadNumber(v, key, w);
      if (IsKnown(total) && total >= 0 && total < 9e15) s.page.total = static_cast<long long>(total);
    } else if (key == "success") {
      env.success = ReadBool(v, key, w);
    } else if (key == "error") {
      env.error.assign(ReadText(v, key, w));
    } else if (key == "msg") {
      env.msg.assign(ReadText(v, key, w));
    } else if (Key k = KeyOf(key); k != Key::kOther) {
      ReadInstanceField(k, key, v, s.raw, w);
    }
  }
  if (env.Failed()) {
    s.page.instances.clear();
    s.page.error = env.ErrorText(200);
  } else if (!saw_list && s.raw.any_key) {
    FinishInstance(s, first_warning);
  } else if (!saw_list) {
    w.push_back({"", "instances", "the answer has no instances list and is not an instance"});
  }
  return simdjson::SUCCESS;
}

simdjson::error_code ReadRoot(JsonInput& in, ParseState& s, std::string& next_token) {
  json_type type;
  if (auto e = in.doc.type().get(type)) return e;
  if (type == json_type::object) {
    simdjson::ondemand::object obj;
    if (auto e = in.doc.get_object().get(obj)) return e;
    return ReadRootObject(obj, s, next_token);
  }
  if (type == json_type::array) {
    // A bare array: read it as the "instances" value of an envelope.
    simdjson::ondemand::value v;
    if (auto e = in.doc.get_value().get(v)) return e;
    return ReadInstancesValue(v, s);
  }
  s.page.error = "Vast answered with JSON that is neither an object nor a list";
  return simdjson::SUCCESS;
}

// The request for the page after `request`, with after_token set to `token`.
HttpRequest WithAfterToken(const HttpRequest& request, const std::string& token) {
  HttpRequest next = request;
  auto it = std::find_if(next.query.begin(), next.query.end(),
                         [](const auto& kv) { return kv.first == "after_token"; });
  if (it != next.query.end()) {
    it->second = token;
  } else {
    auto limit = std::find_if(next.query.begin(), next.query.end(),
                              [](const auto& kv) { return kv.first == "limit"; });
    next.query.insert(limit == next.query.end() ? next.query.begin() : limit + 1, {"after_token", token});
  }
  return next;
}

std::string AfterTokenOf(const HttpRequest& request) {
  for (const auto& [k, v] : request.query) {
    if (k == "after_token") return v;
  }
  return {};
}

}  // namespace

HttpRequest PlanVastInstances(int limit, std::string_view after_token, const nlohmann::json& select_filters,
                              const nlohmann::json& order_by, const std::vector<std::string>& select_cols) {
  HttpRequest r{"GET", "/api/v1/instances/", {}, {}};
  if (limit <= 0 || limit > kVastInstancesMaxLimit) limit = kVastInstancesMaxLimit;
  r.query.emplace_back("limit", std::to_string(limit));
  if (!after_token.empty()) r.query.emplace_back("after_token", std::string(after_token));
  if (select_filters.is_object() && !select_filters.empty())
    r.query.emplace_back("select_filters", select_filters.dump());
  if (order_by.is_array() && !order_by.empty()) r.query.emplace_back("order_by", order_by.dump());
  if (!select_cols.empty()) r.query.emplace_back("select_cols", nlohmann::json(select_cols).dump());
  return r;
}

VastInstancesPage ParseVastInstances(const HttpRequest& request, int status, std::string_view body,
                                     double now_unix_s) {
  VastInstancesPage page;
  if (status < 200 || status > 299) {
    page.error = VastErrorMessage(status, body);
    return page;
  }
  JsonInput in;
  if (!OpenJson(body, in)) {
    page.error = "Vast: " + in.error;
    return page;
  }
  ParseState s{page, now_unix_s, {}};
  std::string next_token;
  if (simdjson::error_code e = ReadRoot(in, s, next_token)) {
    page.instances.clear();
    page.error = "Vast: " + DescribeJsonError(e, in);
    return page;
  }
  if (!next_token.empty() && !page.instances.empty()) {
    if (next_token == AfterTokenOf(request)) {
      page.warnings.push_back({"", "next_token", "same as this page's after_token; stopped paging"});
    } else {
      page.next = WithAfterToken(request, next_token);
    }
  }
  return page;
}

}  // namespace offerscope::core
