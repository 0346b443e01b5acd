#include "offer_json.hpp"

#include <cstdint>

#include "number_text.hpp"

namespace offerscope::core {

namespace {

using nlohmann::json;

enum class Kind : std::uint8_t { kProvider, kText, kNumber, kGpuCount, kFlag };

// One Offer member: its JSON key and where it lives. A table, so that the JSON writer, the
// reader and the CSV writer cannot drift apart.
struct Member {
  std::string_view key;
  Kind kind;
  std::string Offer::*text = nullptr;
  double Offer::*number = nullptr;
  bool Offer::*flag = nullptr;
};

Member Text(std::string_view key, std::string Offer::*m) {
  return {key, Kind::kText, m};
}
Member Number(std::string_view key, double Offer::*m) {
  return {key, Kind::kNumber, nullptr, m};
}
Member Flag(std::string_view key, bool Offer::*m) {
  return {key, Kind::kFlag, nullptr, nullptr, m};
}

// Declaration order of offer.hpp; raw_json is handled apart (optional, JSON only).
const std::vector<Member>& Members() {
  static const std::vector<Member> members = {
      {"provider", Kind::kProvider},
      Text("id", &Offer::id),
      Text("source", &Offer::source),
      Text("gpu", &Offer::gpu),
      Text("gpu_raw", &Offer::gpu_raw),
      Flag("gpu_known", &Offer::gpu_known),
      {"gpu_count", Kind::kGpuCount},
      Number("vram_gb", &Offer::vram_gb),
      Number("vcpus", &Offer::vcpus),
      Number("ram_gb", &Offer::ram_gb),
      Number("disk_gb", &Offer::disk_gb),
      Number("disk_min_gb", &Offer::disk_min_gb),
      Number("base_usd_per_hour", &Offer::base_usd_per_hour),
      Number("disk_usd_per_gb_hour", &Offer::disk_usd_per_gb_hour),
      Number("disk_included_gb", &Offer::disk_included_gb),
      Number("price_usd_per_hour", &Offer::price_usd_per_hour),
      Number("price_usd_per_gpu_hour", &Offer::price_usd_per_gpu_hour),
      Flag("interruptible", &Offer::interruptible),
      Number("bid_usd_per_hour", &Offer::bid_usd_per_hour),
      Number("usd_per_tflop_hour", &Offer::usd_per_tflop_hour),
      Number("usd_per_vram_gb_hour", &Offer::usd_per_vram_gb_hour),
      Number("tflops_fp16", &Offer::tflops_fp16),
      Number("tflops_fp32", &Offer::tflops_fp32),
      Number("mem_bandwidth_gb_s", &Offer::mem_bandwidth_gb_s),
      Text("country", &Offer::country),
      Text("region", &Offer::region),
      Number("reliability", &Offer::reliability),
      Number("inet_down_mbps", &Offer::inet_down_mbps),
      Number("inet_up_mbps", &Offer::inet_up_mbps),
      Text("interconnect", &Offer::interconnect),
      Text("stock", &Offer::stock),
      Text("tier", &Offer::tier),
      Text("quoted_at", &Offer::quoted_at),
  };
  return members;
}

constexpr std::string_view kRawJsonKey = "raw_json";

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not one
// (overlong forms, surrogates and code points past U+10FFFF are rejected too).
std::size_t Utf8Length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  if (n == 2 && c < 0xC2) return 0;
  if (n == 3) {
    unsigned char d = byte(i + 1);
    if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d >= 0xA0)) return 0;
  }
  if (n == 4) {
    unsigned char d = byte(i + 1);
    if ((c == 0xF0 && d < 0x90) || (c == 0xF4 && d >= 0x90) || c > 0xF4) return 0;
  }
  return n;
}

void AppendCsvField(std::string& out, std::string_view text) {
  bool quote = !text.empty() && (text.front() == ' ' || text.back() == ' ');
  for (char c : text) quote = quote || c == ',' || c == '"' || c == '\n' || c == '\r';
  if (!quote) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// Reads `value` into the member; false with `error` set on a wrong type.
bool ReadMember(const Member& m, const json& value, Offer& o, std::string& error) {
  switch (m.kind) {
    case Kind::kProvider: {
      auto id = value.is_string() ? ProviderFromName(value.get_ref<const std::string&>()) : std::nullopt;
      if (!id) {
        error = "expected a provider name (vast, primeintellect, dispersed)";
        return false;
      }
      o.provider = *id;
      return true;
    }
    case Kind::kText:
      if (value.is_null()) {
        (o.*m.text).clear();
      } else if (value.is_string()) {
        o.*m.text = value.get_ref<const std::string&>();
      } else {
        error = "expected a string or null";
        return false;
      }
      return true;
    case Kind::kNumber:
      if (value.is_null()) {
        o.*m.number = kUnknown;
      } else if (value.is_number()) {
        o.*m.number = value.get<double>();
      } else {
        error = "expected a number or null";
        return false;
      }
      return true;
    case Kind::kGpuCount: {
      double count = value.is_number() ? value.get<double>() : -1;
      if (!(count >= 0 && count <= 1e6 && count == static_cast<int>(count))) {
        error = "expected a whole number of GPUs";
        return false;
      }
      o.gpu_count = static_cast<int>(count);
      return true;
    }
    case Kind::kFlag:
      if (!value.is_boolean()) {
        error = "expected true or false";
        return false;
      }
      o.*m.flag = value.get<bool>();
      return true;
  }
  return false;
}

// Splits JSON lines; each non-blank line must be one offer object.
Result<std::vector<Offer>> ParseJsonLines(std::string_view text) {
  std::vector<Offer> offers;
  std::size_t line_number = 0, start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    ++line_number;
    start = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    Result<Offer> one = ParseOfferJson(line);
    if (!one.ok())
      return Result<std::vector<Offer>>::Fail("line " + std::to_string(line_number) + ": " + one.error);
    offers.push_back(std::move(one.value));
  }
  return Result<std::vector<Offer>>::Ok(std::move(offers));
}

}  // namespace

const std::vector<std::string_view>& OfferJsonKeys() {
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> k;
    for (const Member& m : Members()) k.push_back(m.key);
    return k;
  }();
  return keys;
}

void AppendJsonString(std::string& out, std::string_view text) {
  static const char* kHex = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else if (c >= 0x80) {
      std::size_t n = Utf8Length(text, i);
      if (n == 0) {
        out += "\\ufffd";
        ++i;
        continue;
      }
      out.append(text.data() + i, n);
      i += n;
      continue;
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  out += '"';
}

void AppendOfferJson(std::string& out, const Offer& o, const OfferJsonOptions& options) {
  out += '{';
  bool first = true;
  for (const Member& m : Members()) {
    if (!first) out += ',';
    first = false;
    out += '"';
    out += m.key;
    out += "\":";
    switch (m.kind) {
      case Kind::kProvider: AppendJsonString(out, ProviderName(o.provider)); break;
      case Kind::kText: AppendJsonString(out, o.*m.text); break;
      case Kind::kGpuCount: out += std::to_string(o.gpu_count); break;
      case Kind::kFlag: out += (o.*m.flag) ? "true" : "false"; break;
      case Kind::kNumber: {
        double x = o.*m.number;
        if (std::isfinite(x))
          AppendNumber(out, x);
        else
          out += "null";
        break;
      }
    }
  }
  if (options.include_raw_json) {
    out += ",\"raw_json\":";
    AppendJsonString(out, o.raw_json.view());
  }
  out += '}';
}

std::string OfferToJson(const Offer& o, const OfferJsonOptions& options) {
  std::string out;
  out.reserve(768);
  AppendOfferJson(out, o, options);
  return out;
}

std::string OffersToJsonArray(const std::vector<Offer>& offers, const OfferJsonOptions& options) {
  std::string out = "[";
  out.reserve(offers.size() * 768 + 2);
  for (std::size_t i = 0; i < offers.size(); ++i) {
    if (i) out += ',';
    AppendOfferJson(out, offers[i], options);
  }
  out += ']';
  return out;
}

Result<Offer> OfferFromJson(const json& object) {
  if (!object.is_object()) return Result<Offer>::Fail("expected an offer object");
  Offer o;
  std::string error;
  for (const Member& m : Members()) {
    auto it = object.find(m.key);
    if (it == object.end()) continue;
    if (!ReadMember(m, *it, o, error))
      return Result<Offer>::Fail("field " + std::string(m.key) + ": " + error);
  }
  auto raw = object.find(kRawJsonKey);
  if (raw != object.end() && raw->is_string()) o.raw_json = RawRecord(raw->get_ref<const std::string&>());
  return Result<Offer>::Ok(std::move(o));
}

Result<Offer> ParseOfferJson(std::string_view text) {
  json object = json::parse(text.begin(), text.end(), nullptr, false);
  if (object.is_discarded()) return Result<Offer>::Fail("not valid JSON");
  return OfferFromJson(object);
}

Result<std::vector<Offer>> ParseOffersJson(std::string_view text) {
  using Offers = Result<std::vector<Offer>>;
  json doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded()) return ParseJsonLines(text);  // several objects, one per line
  if (doc.is_object() && doc.contains("offers")) doc = std::move(doc["offers"]);
  if (doc.is_object()) {
    Result<Offer> one = OfferFromJson(doc);
    if (!one.ok()) return Offers::Fail(one.error);
    return Offers::Ok({std::move(one.value)});
  }
  if (!doc.is_array()) return Offers::Fail("expected an array of offers or one offer per line");
  std::vector<Offer> offers;
  offers.reserve(doc.size());
  for (std::size_t i = 0; i < doc.size(); ++i) {
    Result<Offer> one = OfferFromJson(doc[i]);
    if (!one.ok()) return Offers::Fail("offer #" + std::to_string(i) + ": " + one.error);
    offers.push_back(std::move(one.value));
  }
  return Offers::Ok(std::move(offers));
}

std::string OfferCsvHeader() {
  std::string out;
  for (std::string_view key : OfferJsonKeys()) {
    if (!out.empty()) out += ',';
    out += key;
  }
  out += '\n';
  return out;
}

void AppendOfferCsvRow(std::string& out, const Offer& o) {
  bool first = true;
  for (const Member& m : Members()) {
    if (!first) out += ',';
    first = false;
    switch (m.kind) {
      case Kind::kProvider: out += ProviderName(o.provider); break;
      case Kind::kText: AppendCsvField(out, o.*m.text); break;
      case Kind::kGpuCount: out += std::to_string(o.gpu_count); break;
      case Kind::kFlag: out += (o.*m.flag) ? "true" : "false"; break;
      case Kind::kNumber: AppendNumber(out, o.*m.number); break;
    }
  }
  out += '\n';
}

std::string OffersToCsv(const std::vector<Offer>& offers) {
  std::string out = OfferCsvHeader();
  for (const Offer& o : offers) AppendOfferCsvRow(out, o);
  return out;
}

}  // namespace offerscope::core
