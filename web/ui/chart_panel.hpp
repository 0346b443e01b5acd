// The chart panel: a price-performance scatter with the Pareto frontier, and per-GPU price
// distributions, drawn by our shaders (shaders/*.glsl) into render targets shown as images.
#pragma once

#include "web/app_state.hpp"

namespace offerscope::web {

void DrawChartPanel(AppState& state);

// True while the user is typing a query (a keystroke within the last kTypingPauseMs): the
// charts keep their last picture until the pause instead of redrawing every point for
// each keystroke. The table follows every key; the charts follow the pause. On a software
// GL (SwiftShader) one redraw of 100,000 points takes over a second, which would otherwise
// stall typing.
constexpr double kTypingPauseMs = 200;
bool ChartsWaitForTypingPause(const AppState& state);

}  // namespace offerscope::web
