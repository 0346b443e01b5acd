#include "number_text.hpp"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace offerscope::core {

void AppendNumber(std::string& out, double value) {
  if (!std::isfinite(value)) return;
  char buffer[64];
  // Whole numbers (GPU counts, GB sizes) read better without nlohmann's ".0".
  if (value == std::floor(value) && std::fabs(value) <= 9007199254740992.0 &&
      !(value == 0 && std::signbit(value))) {
    int n = std::snprintf(buffer, sizeof buffer, "%.0f", value);
    out.append(buffer, static_cast<std::size_t>(n));
    return;
  }
  // nlohmann's Grisu2 gives the shortest round-tripping digits without printf's cost; it
  // is the same code that nlohmann's own dump() uses, pinned by Debian's package.
  char* end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, static_cast<std::size_t>(end - buffer));
}

std::string FormatNumber(double value) {
  std::string out;
  AppendNumber(out, value);
  return out;
}

bool ParseNumber(std::string_view text, double& value) {
  // JSON's number grammar, plus a leading '+', so that strtod never sees "inf", "nan",
  // hex or whitespace (which it would accept).
  std::size_t i = 0, n = text.size();
  auto digits = [&] {
    std::size_t start = i;
    while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
    return i > start;
  };
  if (i < n && (text[i] == '-' || text[i] == '+')) ++i;
  bool whole = digits();
  bool fraction = false;
  if (i < n && text[i] == '.') {
    ++i;
    fraction = digits();
  }
  if (!whole && !fraction) return false;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '-' || text[i] == '+')) ++i;
    if (!digits()) return false;
  }
  if (i != n) return false;
  // Hand nlohmann a strict JSON number ("+.5" -> "0.5", "1." -> "1.0"): its reader does
  // not depend on the C locale's decimal point, which strtod would.
  std::string json_text;
  std::string_view rest = text;
  if (rest.front() == '+' || rest.front() == '-') {
    if (rest.front() == '-') json_text += '-';
    rest.remove_prefix(1);
  }
  if (rest.front() == '.') json_text += '0';
  for (std::size_t k = 0; k < rest.size(); ++k) {
    json_text += rest[k];
    bool next_is_digit = k + 1 < rest.size() && rest[k + 1] >= '0' && rest[k + 1] <= '9';
    if (rest[k] == '.' && !next_is_digit) json_text += '0';
  }
  nlohmann::json parsed = nlohmann::json::parse(json_text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_number()) return false;
  double number = parsed.get<double>();
  if (!std::isfinite(number)) return false;
  value = number;
  return true;
}

}  // namespace offerscope::core
