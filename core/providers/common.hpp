// Pieces the provider modules share: reading push-down candidates out of a parsed query,
// describing an HTTP error answer or a JSON error with where it happened, and planning the
// pages still to fetch.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "../fields.hpp"
#include "../http.hpp"
#include "../json_read.hpp"
#include "../query.hpp"
#include "../result.hpp"

namespace offerscope::core {

// The terms of `query` on neutral field `f` (any of its names), in order.
std::vector<const Term*> TermsOn(const ParsedQuery* query, Field f);
// A term's value(s) as text: strings as they are, numbers in JSON spelling, lists item by item.
std::vector<std::string> TermTexts(const Term& t);

// ASCII lower case ("SECURE_cloud" -> "secure_cloud"); other bytes as they are.
std::string AsciiLower(std::string_view s);

// "<Provider> answered HTTP 429: <message from the body, if any>" (body quoted at most 200
// bytes, never a header, so no key can leak into it).
std::string HttpErrorMessage(std::string_view provider, int status, std::string_view body);

// Room for the offers a page of `body_bytes` holds at about `record_bytes` each (the real
// captures' record sizes), so a 20 MB page does not regrow its vector a dozen times, moving
// every offer each time.
void ReserveOffers(std::vector<Offer>& offers, std::size_t body_bytes, std::size_t record_bytes);

// ceil(total / page_size), at least 1.
long long PageCount(long long total, long long page_size);

// At most this many records are requested for one search, whatever total a provider claims:
// a garbled total (or a hostile upstream) must not plan millions of requests.
inline constexpr long long kMaxPagedRecords = 10000;
// The largest total a page may claim and still be read as a count (2^53, JSON's exact range).
inline constexpr double kMaxTotal = 9007199254740992.0;

// The same request with query parameter `key` set to `value` (replaced where present,
// appended otherwise); every other parameter is kept in order.
HttpRequest WithParam(const HttpRequest& request, std::string_view key, std::string value);
// The request for page `page` of the same search.
HttpRequest WithPage(const HttpRequest& request, long long page);
// An integer query parameter of `request`, or `fallback` when absent or not a number.
long long QueryInt(const HttpRequest& request, std::string_view key, long long fallback);

// Requests for pages 2..ceil(total / page_size) of `first` (at most kMaxPagedRecords
// records in all; a warning on `record` says when the cap cut the list short).
std::vector<HttpRequest> RemainingPages(const HttpRequest& first, long long total, long long page_size,
                                        std::string_view record, std::vector<Warning>& warnings);

// A JSON error as "<what> at byte <where>". OpenJson's own message has no offset (simdjson's
// first stage does not report one), so DescribeOpenError finds the offending byte itself for
// the usual causes: invalid UTF-8, a raw control character inside a string, a string never
// closed (a body cut short). DescribeReadError is DescribeJsonError, except that a document
// whose brackets never close is reported at its end (where it was cut), not at byte 0.
std::string DescribeOpenError(std::string_view body, const JsonInput& in);
std::string DescribeReadError(simdjson::error_code error, JsonInput& in);
// Why the root value could not be opened as an object: "expected a JSON object, got an
// array" or DescribeReadError's text.
std::string RootError(simdjson::error_code error, JsonInput& in);
// After the root value was read: an error naming the byte where more text follows it, or "".
std::string TrailingContentError(JsonInput& in);

// A double that holds a whole number in [0, max] as that number; otherwise -1.
long long WholeNumber(double x, double max);

// = and in: the comparisons whose values a provider filter can stand for.
bool IsPositive(Op op);
// The first = term on `f` (or in-list of one value) holding a whole number >= 0, as decimal
// text ("8" for "8" or "8.0"); empty when there is none.
std::string WholeNumberTerm(const ParsedQuery* query, Field f);

}  // namespace offerscope::core
