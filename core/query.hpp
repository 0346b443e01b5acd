// The query language GPU renters already type (Vast's CLI grammar, see
// shared/docs/VAST_QUERY.md), extended with provider-neutral fields (fields.hpp).
// Parsing keeps each comparison as written so that (a) the Vast request built from it is
// byte-for-byte what the official CLI sends and (b) every provider can push down what it can
// express, while filter.hpp evaluates all of it locally on normalized offers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace offerscope::core {

enum class Op { kEq, kNeq, kGt, kGte, kLt, kLte, kIn, kNotIn };
std::string_view VastOpName(Op op);  // "eq", "neq", "gt", "gte", "lt", "lte", "in", "notin"

// One comparison. `field` has Vast's aliases applied (dph -> dph_total, cuda_vers ->
// cuda_max_good); `value` is what Vast's CLI would send (bool/null/number/string/array,
// `_` turned into spaces, unit multipliers applied, driver_version dots folded).
struct Term {
  std::string field;
  std::string written_field;  // as the user typed it
  Op op = Op::kEq;
  nlohmann::json value;
  std::size_t pos = 0;  // byte offset of the comparison in the query text
  std::size_t len = 0;  // its length in bytes
};

struct QueryMessage {
  std::size_t pos = 0;
  std::size_t len = 0;
  std::string message;  // "unknown field 'foo'", "unconsumed text 'xyz'", ...
};

struct ParsedQuery {
  std::vector<Term> terms;             // in the order written
  std::vector<std::string> removed;    // fields cleared with `field=any|?|*` (terms on a field
                                       // set again later all come after its clear)
  std::vector<QueryMessage> warnings;  // e.g. unknown fields (Vast only warns, too)
};

// Parses `text`. On error returns false and fills `error` with the position of the problem.
bool ParseQuery(std::string_view text, ParsedQuery& out, QueryMessage& error);

}  // namespace offerscope::core
