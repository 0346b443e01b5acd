#include "web/ui/chart_colors.hpp"

namespace offerscope::web {

namespace {
// Okabe-Ito-like hues: distinguishable with the common colour-vision deficiencies.
constexpr Rgba8 kDark[] = {{86, 180, 233, 255},  {230, 159, 0, 255},  {0, 200, 140, 255},
                           {240, 228, 66, 255},  {204, 121, 167, 255}, {213, 94, 0, 255},
                           {160, 160, 255, 255}, {130, 210, 90, 255},  {255, 130, 130, 255},
                           {120, 220, 220, 255}, {200, 170, 120, 255}, {190, 190, 190, 255}};
constexpr Rgba8 kLight[] = {{0, 114, 178, 255},  {200, 120, 0, 255},   {0, 140, 100, 255},
                            {150, 140, 0, 255},  {170, 70, 130, 255},  {190, 70, 0, 255},
                            {80, 80, 200, 255},  {70, 150, 40, 255},   {200, 60, 60, 255},
                            {0, 140, 150, 255},  {140, 100, 50, 255},  {100, 100, 100, 255}};
constexpr int kCount = sizeof(kDark) / sizeof(kDark[0]);
}  // namespace

Rgba8 ProviderColor(int provider_index, bool dark) { return CategoryColor(static_cast<std::uint32_t>(provider_index), dark); }

Rgba8 CategoryColor(std::uint32_t category, bool dark) {
  return dark ? kDark[category % kCount] : kLight[category % kCount];
}

}  // namespace offerscope::web
