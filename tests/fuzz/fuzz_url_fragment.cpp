// Fuzzes the share-URL codec: any bytes decode to some state without crashing, and the
// state re-encodes to a fragment that decodes back to the same encoding.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/view_state.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace offerscope::core;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  DecodedView first = DecodeFragment(text);
  std::string once = EncodeFragment(first.state);
  DecodedView second = DecodeFragment(once);
  if (EncodeFragment(second.state) != once) std::abort();
  return 0;
}
