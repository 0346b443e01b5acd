#include "json_read.hpp"

#include "json_indexer.hpp"

#include <algorithm>
#include <charconv>  // defines __cpp_lib_to_chars when floating-point from_chars exists
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace offerscope::core {

namespace {

using simdjson::ondemand::json_type;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kQuoteMax = 40;  // longest junk excerpt quoted in a warning

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// The value's JSON text as written (quotes included for strings), shortened for a message.
std::string Excerpt(simdjson::ondemand::value& value) {
  std::string_view raw = Trim(value.raw_json_token());
  if (raw.size() > kQuoteMax) return std::string(raw.substr(0, kQuoteMax)) + "...";
  return std::string(raw);
}

// The first '"' or '\\' at or after `p`, eight bytes at a time: every key is read here
// (a Vast record has ~110), and a byte loop was a twelfth of a page's parse time in
// WebAssembly. Reading up to 7 bytes past the quote is safe: the input is a
// simdjson::padded_string (64 readable bytes after the document).
// The zero-byte test (x - 0x01..) & ~x & 0x80.. marks the lowest zero byte of x exactly
// (higher marks may be false, from the borrow), so the lowest mark of either test is the
// answer; bytes are numbered from the low end (little-endian: x86-64 and WebAssembly).
const char* FirstQuoteOrBackslash(const char* p) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  for (;; p += 8) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    const std::uint64_t quote = word ^ (kOnes * '"'), backslash = word ^ (kOnes * '\\');
    const std::uint64_t marks = (((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash)) & kHighs;
    if (marks != 0) return p + __builtin_ctzll(marks) / 8;
  }
}

// a == b for keys: the length first, then 8 bytes at a time (memcmp is a byte loop in
// WebAssembly's libc, and key look-ups run once per field of every record).
bool SameKey(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  std::size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {
    std::uint64_t x, y;
    std::memcpy(&x, a.data() + i, sizeof x);
    std::memcpy(&y, b.data() + i, sizeof y);
    if (x != y) return false;
  }
  for (; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

std::string Describe(json_type type, simdjson::ondemand::value& value) {
  switch (type) {
    case json_type::object: return "an object";
    case json_type::array: return "an array";
    default: return Excerpt(value);
  }
}

void Warn(std::vector<Warning>& warnings, std::string_view field, std::string message) {
  warnings.push_back(Warning{std::string(), std::string(field), std::move(message)});
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Strict decimal grammar: [+-] digits [. digits] [(e|E) [+-] digits], with ".5" and "5."
// allowed (people write them in hand-made data). Anything else is not a number.
bool IsDecimalSyntax(std::string_view s) {
  std::size_t i = 0, n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t int_digits = 0, frac_digits = 0;
  while (i < n && s[i] >= '0' && s[i] <= '9') ++i, ++int_digits;
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == n;
}

}  // namespace

bool ParseDecimal(std::string_view text, double& out) {
  std::string_view s = Trim(text);
  if (!IsDecimalSyntax(s) || s.size() > 64) return false;
  // Copy to a NUL-terminated buffer: strtod needs one, from_chars rejects a leading '+'.
  char buf[72];
  std::size_t start = (s[0] == '+') ? 1 : 0;
  std::memcpy(buf, s.data() + start, s.size() - start);
  buf[s.size() - start] = '\0';
  double d = 0;
#if defined(__cpp_lib_to_chars)
  auto [ptr, ec] = std::from_chars(buf, buf + (s.size() - start), d);
  if (ec != std::errc() || ptr != buf + (s.size() - start)) return false;
#else
  // libc++ of the web toolchain has no floating-point from_chars. strtod reads the "C"
  // numeric locale there (emscripten has no other), and the core never calls setlocale.
  char* end = nullptr;
  d = std::strtod(buf, &end);
  if (end != buf + (s.size() - start)) return false;
#endif
  if (!std::isfinite(d)) return false;
  out = d;
  return true;
}

bool OpenJson(std::string_view body, JsonInput& in) {
  in.error.clear();
  if (Trim(body).empty()) {
    in.error = "malformed JSON: the body is empty";
    return false;
  }
  UseJsonIndexerWhereSimdjsonHasNoSimd();  // before the parser allocates (WebAssembly only)
  auto copy = std::make_shared<simdjson::padded_string>(body.data(), body.size());
  in.buffer = simdjson::padded_string_view(copy->data(), copy->size(), copy->size() + simdjson::SIMDJSON_PADDING);
  in.owner = std::move(copy);
  simdjson::error_code e = in.parser.iterate(in.buffer).get(in.doc);
  if (e) {
    in.error = "malformed JSON: " + std::string(simdjson::error_message(e));
    return false;
  }
  return true;
}

std::string DescribeJsonError(simdjson::error_code error, JsonInput& in) {
  std::string message = "malformed JSON";
  const char* at = nullptr;
  if (!in.doc.current_location().get(at) && at != nullptr) {
    message += " at byte " + std::to_string(at - in.buffer.data());
  } else if (error == simdjson::INCOMPLETE_ARRAY_OR_OBJECT || error == simdjson::TAPE_ERROR) {
    // The iterator ran off the end: the text stopped before its last bracket closed.
    message += " at byte " + std::to_string(in.buffer.size());
  }
  return message + ": " + simdjson::error_message(error);
}

std::string_view FieldKey(simdjson::ondemand::field& field) {
  // raw() points just past the opening quote, inside the padded input: the key ends at the
  // first quote unless a backslash comes first.
  const char* start = field.key().raw();
  const char* p = FirstQuoteOrBackslash(start);
  if (*p == '"') return std::string_view(start, static_cast<std::size_t>(p - start));
  std::string_view unescaped;
  if (field.unescaped_key().get(unescaped)) return {};
  return unescaped;
}

double ReadNumber(simdjson::ondemand::value& value, std::string_view field, std::vector<Warning>& warnings) {
  json_type type;
  if (value.type().get(type)) {
    Warn(warnings, field, "unreadable value; left unknown");
    return kNaN;
  }
  double d = 0;
  switch (type) {
    case json_type::null: return kNaN;
    case json_type::number:
      if (!value.get_double().get(d) && std::isfinite(d)) return d;
      break;
    case json_type::string: {
      // Fast path: "20.04" exactly. Then blank (treated as absent), then padded text.
      if (!value.get_double_in_string().get(d) && std::isfinite(d)) return d;
      std::string_view s;
      if (value.get_string().get(s)) break;
      if (Trim(s).empty()) return kNaN;
      if (ParseDecimal(s, d)) return d;
      break;
    }
    default: break;
  }
  Warn(warnings, field, "expected a number, got " + Describe(type, value) + "; left unknown");
  return kNaN;
}

std::string_view ReadText(simdjson::ondemand::value& value, std::string_view field,
                          std::vector<Warning>& warnings) {
  json_type type;
  if (value.type().get(type)) {
    Warn(warnings, field, "unreadable value; left empty");
    return {};
  }
  std::string_view s;
  bool b = false;
  switch (type) {
    case json_type::string:
      if (!value.get_string().get(s)) return s;
      Warn(warnings, field, "string with a bad escape or encoding; left empty");
      return {};
    case json_type::number: return Trim(value.raw_json_token());
    case json_type::boolean:
      if (!value.get_bool().get(b)) return b ? "true" : "false";
      break;
    case json_type::null: return {};
    default: break;
  }
  Warn(warnings, field, "expected text, got " + Describe(type, value) + "; left empty");
  return {};
}

std::optional<bool> ReadBool(simdjson::ondemand::value& value, std::string_view field,
                             std::vector<Warning>& warnings) {
  json_type type;
  if (value.type().get(type)) {
    Warn(warnings, field, "unreadable value; left unknown");
    return std::nullopt;
  }
  bool b = false;
  double d = 0;
  std::string_view s;
  switch (type) {
    case json_type::boolean:
      if (!value.get_bool().get(b)) return b;
      break;
    case json_type::number:
      if (!value.get_double().get(d)) return d != 0;
      break;
    case json_type::null: return std::nullopt;
    case json_type::string:
      if (value.get_string().get(s)) break;
      s = Trim(s);
      if (s.empty()) return std::nullopt;
      if (EqualsNoCase(s, "true") || EqualsNoCase(s, "yes") || s == "1") return true;
      if (EqualsNoCase(s, "false") || EqualsNoCase(s, "no") || s == "0") return false;
      break;
    default: break;
  }
  Warn(warnings, field, "expected true or false, got " + Describe(type, value) + "; left unknown");
  return std::nullopt;
}

void ReadIdText(simdjson::ondemand::value& value, std::string_view field, std::vector<Warning>& warnings,
                std::string& out) {
  out.clear();
  json_type type;
  if (value.type().get(type)) {
    Warn(warnings, field, "unreadable value; left empty");
    return;
  }
  std::string_view s;
  switch (type) {
    case json_type::null: return;
    case json_type::string:
      if (value.get_string().get(s)) break;
      out.assign(Trim(s));
      return;
    case json_type::number: {
      std::int64_t i = 0;
      std::uint64_t u = 0;
      double d = 0;
      if (!value.get_int64().get(i)) {
        out = std::to_string(i);
      } else if (!value.get_uint64().get(u)) {
        out = std::to_string(u);
      } else if (!value.get_double().get(d) && std::trunc(d) == d && std::fabs(d) < 9e15) {
        out = std::to_string(static_cast<long long>(d));  // 379168.0 -> "379168"
      } else {
        out.assign(Trim(value.raw_json_token()));  // a fractional or huge id: keep the spelling
      }
      return;
    }
    default: break;
  }
  Warn(warnings, field, "expected an id, got " + Describe(type, value) + "; left empty");
}

KeyTable::KeyTable(std::initializer_list<std::pair<std::string_view, int>> keys) : keys_(keys) {
  slots_.fill(-1);
  for (std::size_t i = 0; i < keys_.size() && i < 256; ++i) {
    std::size_t slot = Hash(keys_[i].first);
    while (slots_[slot] >= 0) slot = (slot + 1) & (kSlots - 1);
    slots_[slot] = static_cast<std::int16_t>(i);
  }
}

std::size_t KeyTable::Hash(std::string_view key) {
  // The length and the first and last four bytes, mixed: a few instructions whatever the
  // key's length, and enough to tell apart the keys of a provider record (they differ in
  // length, prefix or suffix); a collision costs one more probe. Hashing every byte
  // (FNV-1a) was a fifth of a Vast page's normalization time in WebAssembly.
  // Fixed-size copies only: a memcpy of variable size is a call into libc in WebAssembly.
  std::size_t n = key.size();
  std::uint32_t head = 0, tail = 0;
  if (n >= 4) {
    std::memcpy(&head, key.data(), 4);
    std::memcpy(&tail, key.data() + n - 4, 4);
  } else {
    for (std::size_t i = 0; i < n; ++i) head |= static_cast<std::uint32_t>(static_cast<unsigned char>(key[i])) << (8 * i);
  }
  std::uint32_t h = head * 0x9E3779B1u ^ tail * 0x85EBCA77u ^ static_cast<std::uint32_t>(n) * 0xC2B2AE3Du;
  h ^= h >> 15;
  h *= 0x2C1B3C6Du;
  h ^= h >> 12;
  return h & (kSlots - 1);
}

int KeyTable::Find(std::string_view key) const {
  for (std::size_t slot = Hash(key);; slot = (slot + 1) & (kSlots - 1)) {
    std::int16_t i = slots_[slot];
    if (i < 0) return -1;
    if (SameKey(keys_[static_cast<std::size_t>(i)].first, key)) return keys_[static_cast<std::size_t>(i)].second;
  }
}

FoundKey KeyTable::FindAndLearn(const char* raw, simdjson::ondemand::field& field, KeyOrder& order) const {
  FoundKey found;
  found.key = FieldKey(field);
  found.value = Find(found.key);
  // Only keys read in place are learnt: an unescaped key lives in the parser's string buffer
  // and would never match raw bytes.
  std::int16_t node = found.key.data() == raw ? order.NodeOf(found) : -1;
  if (node >= 0) {
    if (order.current_ < 0) order.first_ = node;
    else order.nodes_[static_cast<std::size_t>(order.current_)].next = node;
  }
  order.current_ = node;
  return found;
}

std::int16_t KeyOrder::NodeOf(const FoundKey& found) {
  for (std::size_t slot = KeyTable::Hash(found.key);; slot = (slot + 1) & (kSlots - 1)) {
    std::int16_t i = slots_[slot];
    if (i >= 0 && SameKey(nodes_[static_cast<std::size_t>(i)].found.key, found.key)) return i;
    if (i >= 0) continue;
    if (nodes_.size() >= kMaxNodes) return -1;  // a page of ever-new keys: stop learning
    slots_[slot] = static_cast<std::int16_t>(nodes_.size());
    nodes_.push_back(Node{found, -1});
    return slots_[slot];
  }
}

simdjson::error_code OpenObject(simdjson::ondemand::value& value, std::string_view field,
                                std::vector<Warning>& warnings, simdjson::ondemand::object& obj, bool& opened) {
  opened = false;
  json_type type;
  if (auto e = value.type().get(type)) return e;
  if (type == json_type::object) {
    opened = true;
    return value.get_object().get(obj);
  }
  if (type != json_type::null) Warn(warnings, field, "expected an object; ignored");
  return simdjson::SUCCESS;
}

void NameRecordWarnings(std::vector<Warning>& warnings, std::size_t first, std::string_view record) {
  for (std::size_t i = first; i < warnings.size(); ++i) {
    if (warnings[i].record.empty()) warnings[i].record.assign(record);
  }
}

}  // namespace offerscope::core
