// Tolerant field readers for provider pages parsed with simdjson's on-demand API.
//
// What problem this solves: provider JSON drifts between captures (PROVIDER_NOTES.md). The
// same field arrives as 4 or 24.0 or "20.04", as null, or not at all, and a flag is false in
// one capture and 0 or null in the next. A normalizer wants one answer per field: a number
// (NaN when unknown), a piece of text, a yes/no/unknown. These helpers give that answer
// without exceptions (SIMDJSON_EXCEPTIONS=0), without heap allocations on the common path,
// and with a Warning only when a value is present but unusable ("junk"), never for a value
// that is merely absent. They are provider-neutral: Vast, Prime Intellect and Dispersed use
// them alike.
//
// Usage pattern (one pass over each record, fields in document order):
//   JsonInput in;
//   if (!OpenJson(body, in)) return error(in.error);
//   ... for (auto item : object) {
//         simdjson::ondemand::field field;
//         if (auto e = std::move(item).get(field)) return error(DescribeJsonError(e, in));
//         std::string_view key = FieldKey(field);
//         simdjson::ondemand::value& v = field.value();
//         if (key == "gpu_ram") offer.vram = ReadNumber(v, key, warnings);
//       }   // fields not read are skipped by simdjson at no cost
//   NameRecordWarnings(warnings, first_warning_of_record, offer.id);
//
// Warnings are pushed with an empty `record` because a record's id is often read after other
// fields (on-demand reads keys in document order); NameRecordWarnings fills it in afterwards.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "result.hpp"

namespace offerscope::core {

// A body copied into simdjson's padded buffer and opened as an on-demand document.
// Keep the whole struct alive while reading: values and strings point into it. The copy is
// shared (`owner`) so that offers can keep slices of it as their raw records (RawRecord).
struct JsonInput {
  std::shared_ptr<const simdjson::padded_string> owner;
  simdjson::padded_string_view buffer;  // *owner
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  std::string error;  // set by OpenJson when it returns false
};

// Copies `body` into `in.buffer` and starts on-demand iteration. Returns false with
// `in.error` set ("malformed JSON: <simdjson's description>", no offset: the first stage
// does not report one) when simdjson's first stage rejects it (unclosed string, invalid
// UTF-8, blank input). Later errors surface while reading; turn
// them into text with DescribeJsonError.
bool OpenJson(std::string_view body, JsonInput& in);

// "malformed JSON at byte 1234: <simdjson's description>" (the byte offset is where the
// document iterator stood when the error surfaced, when simdjson can tell; otherwise the
// message has no offset).
std::string DescribeJsonError(simdjson::error_code error, JsonInput& in);

// The key of an object field, without unescaping when it has no backslash (the common case:
// no copy at all). A key with escapes is unescaped into the parser's string buffer. The view
// stays valid until the document is done. Empty on error.
std::string_view FieldKey(simdjson::ondemand::field& field);

// A number from a value that may be an integer, a float, a numeric string ("20.04",
// " 12 "), null or an empty string. Returns NaN for null/"" (no warning) and for junk (a
// non-numeric string, a boolean, an object, an array, an out-of-range number): then pushes a
// Warning naming `field` and quoting the offending text.
double ReadNumber(simdjson::ondemand::value& value, std::string_view field, std::vector<Warning>& warnings);

// Text from a value: a string as is (unescaped), a number as its JSON spelling (18.04 ->
// "18.04"), a boolean as "true"/"false", null as "". An object or array gives "" and a
// Warning. The view points into the parser's buffers and lives as long as the document.
std::string_view ReadText(simdjson::ondemand::value& value, std::string_view field,
                          std::vector<Warning>& warnings);

// A yes/no from true/false, a number (0 is false, anything else true), or a string
// ("true"/"false"/"yes"/"no"/"1"/"0", any case). null and "" give nullopt silently; junk
// gives nullopt and a Warning.
std::optional<bool> ReadBool(simdjson::ondemand::value& value, std::string_view field,
                             std::vector<Warning>& warnings);

// An identifier as decimal text: 21348645 -> "21348645", 379168.0 -> "379168", "abc" ->
// "abc" (trimmed). null gives "" silently; an object, array or boolean gives "" and a Warning.
// Writes into `out` (cleared first) so a caller can reuse one string's capacity.
void ReadIdText(simdjson::ondemand::value& value, std::string_view field, std::vector<Warning>& warnings,
                std::string& out);

// Opens `value` as an object into `obj`. `opened` is false for null (nothing known,
// silently) and for any other non-object, which also gets a Warning naming `field`. The
// error is simdjson's when the JSON itself breaks.
simdjson::error_code OpenObject(simdjson::ondemand::value& value, std::string_view field,
                                std::vector<Warning>& warnings, simdjson::ondemand::object& obj, bool& opened);

// Sets `record` on warnings[first..] that have none yet (see the file comment).
void NameRecordWarnings(std::vector<Warning>& warnings, std::size_t first, std::string_view record);

// Maps the few keys a reader wants to small integers, fast enough to ask for every key of
// every record: most keys of a provider record are not wanted, and a miss costs one hash
// and usually no comparison (a sorted table with binary search cost ~15% of a Vast page's
// parse time in memcmp). Up to 256 keys; the views must outlive the table (use literals).
class KeyOrder;

// A field's key and its value in a KeyTable (-1 when the table does not have it). `key` is
// empty when the key could not be read.
struct FoundKey {
  std::string_view key;
  int value = -1;
};

class KeyTable {
 public:
  KeyTable(std::initializer_list<std::pair<std::string_view, int>> keys);
  int Find(std::string_view key) const;  // the key's value, or -1 when it is not in the table
  // The field's key and value, first guessing with `order` (see KeyOrder): a right guess costs
  // one comparison against the raw key, a wrong one FieldKey, Find and a look-up in `order`.
  // Inline (below): it runs for every key of every record, and a right guess is a few
  // instructions, which a call would double.
  FoundKey Find(simdjson::ondemand::field& field, KeyOrder& order) const;

 private:
  friend class KeyOrder;  // shares Hash
  // Find's wrong-guess path: FieldKey, the hash look-up, and learning the key's place.
  FoundKey FindAndLearn(const char* raw, simdjson::ondemand::field& field, KeyOrder& order) const;
  static constexpr std::size_t kSlots = 1024;  // power of two, kept sparse so probes are short
  static std::size_t Hash(std::string_view key);
  std::vector<std::pair<std::string_view, int>> keys_;
  std::array<std::int16_t, kSlots> slots_;  // index into keys_, -1 for empty
};

// Which key came after which in the records read so far. A provider sends the records of a
// page with the same keys in the same order (every real capture in shared/fixtures/real
// does), so the key that followed key K last time nearly always follows it again. Checking
// that guess against the raw key skips both the scan for its closing quote and the hash
// look-up, together about a fifth of a page's normalization time in WebAssembly. Guessing
// by successor rather than by position recovers right after a record that differs (the
// benchmark's Vast page mixes two key orders: 93% of guesses hit, against 35% by position).
// One KeyOrder per kind of object and per parse: it keeps views into the parsed document.
class KeyOrder {
 public:
  KeyOrder() { slots_.fill(-1); }
  void StartRecord() { current_ = -1; }

 private:
  friend class KeyTable;
  struct Node {
    FoundKey found;          // a key without escapes, and its table value
    std::int16_t next = -1;  // the node of the key that followed it last time
  };
  static constexpr std::size_t kSlots = 1024, kMaxNodes = 512;  // a record has ~100 keys
  std::int16_t NodeOf(const FoundKey& found);  // finds or adds; -1 when full
  std::vector<Node> nodes_;
  std::array<std::int16_t, kSlots> slots_;  // key hash -> node, -1 for empty
  std::int16_t first_ = -1;                 // the node of the records' first key
  std::int16_t current_ = -1;               // the node of the key just read; -1 at a record's start
};

// a[0..n) == b[0..n), 8 bytes at a time with the last word masked (little-endian): no byte
// loop. Reads up to 7 bytes past the first difference (or past n), so both must lie in
// simdjson's padded input.
inline bool SamePaddedBytes(const char* a, const char* b, std::size_t n) {
  for (std::size_t i = 0;; i += 8) {
    std::uint64_t x, y;
    std::memcpy(&x, a + i, sizeof x);
    std::memcpy(&y, b + i, sizeof y);
    const std::uint64_t diff = x ^ y;
    if (n - i <= 8) return (n - i == 8 ? diff : diff & ((1ULL << (8 * (n - i))) - 1)) == 0;
    if (diff != 0) return false;
  }
}

inline FoundKey KeyTable::Find(simdjson::ondemand::field& field, KeyOrder& order) const {
  const char* raw = field.key().raw();  // just past the opening quote, in the padded input
  const std::int16_t guess =
      order.current_ < 0 ? order.first_ : order.nodes_[static_cast<std::size_t>(order.current_)].next;
  if (guess >= 0) {
    const FoundKey& g = order.nodes_[static_cast<std::size_t>(guess)].found;
    // The guess is an earlier record's key, read in place: it has no quote or backslash,
    // and its closing quote follows it in the input. So this key is the guess when the raw
    // bytes match the guess and its closing quote. A shorter raw key differs from the guess
    // at its own closing quote at the latest, so no read goes further than 7 bytes past a
    // quote of the input: within its padding.
    if (SamePaddedBytes(raw, g.key.data(), g.key.size() + 1)) {
      order.current_ = guess;
      return g;
    }
  }
  return FindAndLearn(raw, field, order);
}

// Parses decimal text such as "24.0", "-1e3", " 12 " (surrounding spaces allowed) into `out`.
// Rejects everything else ("", "abc", "12abc", "nan", "inf", "0x10"). Exposed for callers
// that hold text from elsewhere (a query string, a CSV cell).
bool ParseDecimal(std::string_view text, double& out);

}  // namespace offerscope::core
