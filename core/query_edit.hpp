// Editing a query's text without retyping it: the structured filter controls and the
// chart's price brush change one field's comparisons and leave the rest of what the user
// wrote (spacing, order, other fields) untouched, so text and controls stay in sync.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace offerscope::core {

// Removes every comparison whose field (as written, or after aliases) is one of `fields`
// and appends `new_terms` (each already a comparison, e.g. "price_per_gpu<=2.5"). When the
// query does not parse, it is left as it is and `new_terms` are appended, so a typo never
// loses the user's text.
std::string ReplaceFieldTerms(std::string_view query, const std::vector<std::string>& fields,
                              const std::vector<std::string>& new_terms);

// Formats a number for a query value: shortest text that reads back the same to 6
// significant digits ("2.5", "0.125", "1200").
std::string QueryNumber(double v);

}  // namespace offerscope::core
