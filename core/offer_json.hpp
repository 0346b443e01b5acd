// Normalized offers as JSON and CSV: what `offerscope normalize` prints (one object per
// line), what the proxy's aggregate endpoint answers (an array), and what `offerscope
// filter` reads back. Keys are exactly the Offer members ("provider", "id", "gpu",
// "vram_gb", "price_usd_per_gpu_hour", ...), in declaration order; an unknown number (NaN)
// is null, the provider is its URL name ("vast"). Writing is done by hand rather than via a
// nlohmann::json value: it keeps the member order, costs no allocation per field on the
// proxy's path, and cannot abort on a byte that is not UTF-8 (it becomes U+FFFD).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "offer.hpp"
#include "result.hpp"

namespace offerscope::core {

struct OfferJsonOptions {
  // Also write "raw_json": the provider's record as a JSON string (large; off by default).
  bool include_raw_json = false;
};

// The keys written, in order (without "raw_json"). Also the CSV header's columns.
const std::vector<std::string_view>& OfferJsonKeys();

// One object, no trailing newline: {"provider":"vast","id":"11684738",...}
std::string OfferToJson(const Offer& o, const OfferJsonOptions& options = {});
void AppendOfferJson(std::string& out, const Offer& o, const OfferJsonOptions& options = {});
// "[{...},{...}]"
std::string OffersToJsonArray(const std::vector<Offer>& offers, const OfferJsonOptions& options = {});

// Reads one object written by OfferToJson. Missing keys keep the Offer's defaults, unknown
// keys are ignored (a newer writer may add some), null is NaN/empty; a value of the wrong
// type fails with a message naming the key ("field vram_gb: expected a number or null").
Result<Offer> OfferFromJson(const nlohmann::json& object);
Result<Offer> ParseOfferJson(std::string_view text);
// Reads what the writers above produce: an array of objects, {"offers":[...]}, a single
// object, or JSON lines (one object per line, blank lines skipped). Fails on the first bad
// record, naming its line (JSON lines) or index (array).
Result<std::vector<Offer>> ParseOffersJson(std::string_view text);

// CSV (RFC 4180: comma-separated, fields with , " CR LF or edge spaces quoted, CRLF-free
// "\n" line ends). NaN is an empty cell, booleans are true/false.
std::string OfferCsvHeader();  // the keys of OfferJsonKeys(), comma-separated, ending "\n"
void AppendOfferCsvRow(std::string& out, const Offer& o);   // one line ending "\n"
std::string OffersToCsv(const std::vector<Offer>& offers);  // header + rows

// `text` as a JSON string literal with quotes; bytes that are not UTF-8 become U+FFFD.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace offerscope::core
