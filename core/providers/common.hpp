// Pieces the provider modules share: reading push-down candidates out of a parsed query,
// describing an HTTP error answer, and resolving the numbers of pages still to fetch.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "../fields.hpp"
#include "../query.hpp"

namespace offerscope::core {

// The terms of `query` on neutral field `f` (any of its names), in order.
std::vector<const Term*> TermsOn(const ParsedQuery* query, Field f);
// A term's value(s) as text: strings as they are, numbers in JSON spelling, lists item by item.
std::vector<std::string> TermTexts(const Term& t);

// "<Provider> answered HTTP 429: <message from the body, if any>" (body quoted at most 200
// bytes, never a header, so no key can leak into it).
std::string HttpErrorMessage(std::string_view provider, int status, std::string_view body);

// ceil(total / page_size), at least 1.
long long PageCount(long long total, long long page_size);

}  // namespace offerscope::core
