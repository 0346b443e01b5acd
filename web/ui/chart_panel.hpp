// The chart panel: a price-performance scatter with the Pareto frontier, and per-GPU price
// distributions, drawn by our shaders (shaders/*.glsl) into render targets shown as images.
#pragma once

#include "web/app_state.hpp"

namespace offerscope::web {

void DrawChartPanel(AppState& state);

}  // namespace offerscope::web
