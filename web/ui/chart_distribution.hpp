// Per-GPU price distributions: one box (quartiles, median, Tukey whiskers) per GPU model
// with every offer as a strip point coloured by provider, sorted by median $/GPU-hour.
// Drawn by the same shader pipeline as the scatter.
#pragma once

#include "web/app_state.hpp"

namespace offerscope::web {

void DrawDistribution(AppState& state, float dpr);

}  // namespace offerscope::web
