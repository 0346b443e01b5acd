// The chart panel: a price-performance scatter with the Pareto frontier, and per-GPU price
// distributions, drawn by our shaders (shaders/*.glsl) into render targets shown as images.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "web/app_state.hpp"
#include "web/render/chart_renderer.hpp"

namespace offerscope::web {

void DrawChartPanel(AppState& state);

// True while the user is typing a query (a keystroke within the last kTypingPauseMs): the
// charts keep their last picture until the pause instead of redrawing every point for
// each keystroke. The table follows every key; the charts follow the pause. On a software
// GL (SwiftShader) one redraw of 100,000 points takes over a second, which would otherwise
// stall typing.
constexpr double kTypingPauseMs = 200;
bool ChartsWaitForTypingPause(const AppState& state);
// This frame's pace for a chart renderer whose geometry was built from rows version
// `built_version`: it holds its batches while those rows are out of date and the user is
// still typing (a new picture starts at the pause).
FramePace ChartFramePace(const AppState& state, std::uint64_t built_version);

// The picture of `points` (ring_color, under and over left to the caller) filling a plot of
// w x h CSS px at `dpr`, on the plot background of the current theme: both charts take
// theirs from here, so they look alike.
ChartPicture PlotPicture(const AppState& state, float w_css, float h_css, float dpr, const ChartView& view,
                         const std::vector<PointInstance>& points, bool points_changed, std::uint64_t tag);

// What the scatter shows (automation: chartState()).
struct ChartStatus {
  bool shown = false;        // a picture is on screen
  bool current = false;      // ...of the table's current rows and selection, complete, none newer being drawn
  bool drawing = false;      // a newer picture is being drawn
  std::size_t drawn = 0, total = 0;  // its points drawn so far, and in all
  std::size_t points_shown = 0;      // points in the picture on screen
};
ChartStatus ScatterChartStatus(const AppState& state);

// While `renderer` draws a newer picture over several frames (and shows the last complete
// one), a thin bar along the plot's top edge (x, y: its top-left corner; `width`: the
// plot's, CSS px) shows how far it got. It also makes each such frame change on screen, so
// the frame is presented and the browser paces the next one by this one's GPU work, which
// is what the renderer sizes its batches by (web/render/batch_sizer.hpp).
void DrawRedrawProgress(const AppState& state, const ChartRenderer& renderer, const FramePace& pace, float x, float y,
                        float width);

}  // namespace offerscope::web
