// Sizes of the charts' marks, which follow the UI scale a user picks in Settings
// (web/ui/ui_scale.hpp) as the text and the rest of the layout do: a larger UI with points and
// a pick radius sized for scale 1 left the points tiny next to their labels and hard to hit.
// Pure: tested natively (tests/web/chart_point_size_test.cpp).
#pragma once

#include <algorithm>
#include <cmath>

namespace offerscope::web {

// A scatter point's radius, framebuffer px: 2.5 CSS px at UI scale 1 for a one-GPU offer,
// growing with the log of the GPU count (an 8-GPU offer is 6.1 CSS px), times the UI scale
// and the device pixel ratio.
inline float ScatterPointRadiusPx(int gpu_count, float dpr, float ui_scale) {
  return (2.5f + 1.2f * std::log2(static_cast<float>(std::max(1, gpu_count)))) * ui_scale * dpr;
}

// A price-distribution strip point's radius, framebuffer px (2.2 CSS px at UI scale 1).
inline float StripPointRadiusPx(float dpr, float ui_scale) { return 2.2f * ui_scale * dpr; }

// How far from the mouse a scatter point is still picked, CSS px (8 at UI scale 1).
inline float PickRadiusCss(float ui_scale) { return 8.0f * ui_scale; }

// The Pareto frontier line's width, framebuffer px (1.5 CSS px at UI scale 1).
inline float FrontierLinePx(float dpr, float ui_scale) { return 1.5f * ui_scale * dpr; }

}  // namespace offerscope::web
