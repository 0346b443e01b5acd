#include "number_text.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

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
  std::string copy(text);
  char* end = nullptr;
  double parsed = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(parsed)) return false;
  value = parsed;
  return true;
}

}  // namespace offerscope::core
