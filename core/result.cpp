#include "result.hpp"

namespace offerscope::core {

std::string FormatWarning(const Warning& w) {
  std::string s = "record " + (w.record.empty() ? std::string("?") : w.record);
  if (!w.field.empty()) s += ": field " + w.field;
  return s + ": " + w.message;
}

}  // namespace offerscope::core
