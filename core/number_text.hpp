// Numbers as text for JSON, CSV and share URLs: the shortest spelling that reads back to the
// very same double (so an offer or a view survives a round trip bit for bit), and a strict
// reader that accepts only plain decimal numbers (no "inf", "nan", hex or trailing junk).
#pragma once

#include <string>
#include <string_view>

namespace offerscope::core {

// "80", "2.7012", "-0.5", "1e-05", "1.2345678901234567e+30". Integral values up to 2^53
// print without a fraction. Empty for NaN and infinities (which JSON cannot spell).
std::string FormatNumber(double value);
void AppendNumber(std::string& out, double value);

// Parses the whole of `text` ("12", "-0.25", "1e3"); false for anything else.
bool ParseNumber(std::string_view text, double& value);

}  // namespace offerscope::core
