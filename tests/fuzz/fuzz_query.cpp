// Fuzzes the query language: parsing, compiling to a filter and building the Vast body
// must never crash, and an error must point inside the text.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/filter.hpp"
#include "core/query.hpp"
#include "core/vast_query.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace offerscope::core;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ParsedQuery q;
  QueryMessage err;
  if (!ParseQuery(text, q, err)) {
    if (err.pos > size || err.message.empty()) std::abort();
    return 0;
  }
  (void)CompileFilter(q);
  (void)VastSearchBody(&q, "score-", "on-demand", 5.0, 0, false).dump();
  return 0;
}
