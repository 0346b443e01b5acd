// The UI scale a user picks in Settings (Settings::ui_scale) multiplies the font size,
// ImGui's style sizes (padding, spacing, scrollbars) and every fixed length a panel uses,
// so that the whole layout grows or shrinks together. Lengths in the code are written as CSS
// pixels at UI scale 1 and go through ScaledPx.
#pragma once

#include <algorithm>
#include <cmath>

#include "web/app_state.hpp"

namespace offerscope::web {

constexpr float kUiScaleMin = 0.75f, kUiScaleMax = 2.0f;
// The scale moves in steps of 0.05: the font atlas is rasterised for it (web/main.cpp), and
// a free-running slider would rebuild the atlas (and the style) on nearly every frame of a drag.
constexpr float kUiScaleStep = 0.05f;

// The nearest allowed UI scale: clamped to [kUiScaleMin, kUiScaleMax], on a kUiScaleStep step.
inline float QuantiseUiScale(float scale) {
  if (!std::isfinite(scale)) return 1.0f;
  return std::round(std::clamp(scale, kUiScaleMin, kUiScaleMax) / kUiScaleStep) * kUiScaleStep;
}

// A length given in CSS pixels at UI scale 1, at the current UI scale.
inline float ScaledPx(const AppState& s, float css_px_at_scale_1) { return css_px_at_scale_1 * s.settings.ui_scale; }

}  // namespace offerscope::web
