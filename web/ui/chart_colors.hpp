// Colours shared by the chart and the table badges: one per provider, and a categorical
// palette for GPU models, each in a dark- and a light-theme variant.
#pragma once

#include <cstdint>

namespace offerscope::web {

struct Rgba8 {
  std::uint8_t r, g, b, a;
};

Rgba8 ProviderColor(int provider_index, bool dark_theme);
Rgba8 CategoryColor(std::uint32_t category, bool dark_theme);

}  // namespace offerscope::web
