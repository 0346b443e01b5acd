// Building the scatter's geometry from the offer table, and mapping between screen and
// data space. Separate from drawing so the panel file stays about interaction.
#pragma once

#include <cstdint>
#include <vector>

#include "core/chart_math.hpp"
#include "core/fields.hpp"
#include "web/app_state.hpp"
#include "web/render/chart_renderer.hpp"

namespace offerscope::web {

struct ScatterGeometry {
  core::Field x_field = core::Field::kPriceUsdPerGpuHour;
  core::Field y_field = core::Field::kTflopsFp16;
  core::AxisScale x_fit, y_fit;           // the filtered data's range (unzoomed)
  std::vector<float> ux, uy;              // per entry of state.rows, unit coords (NaN: not drawn)
  std::vector<PointInstance> points;      // drawable points only
  std::vector<std::uint32_t> point_row;   // points[i] is state.rows[point_row[i]]
  std::vector<std::uint32_t> frontier;    // indices into state.rows, by x ascending
  core::PointPicker picker;
};

// Rebuilds everything from the table, rows and chart settings. `dpr` and the UI scale
// (state.settings.ui_scale) scale point sizes.
void BuildScatter(const AppState& state, float dpr, ScatterGeometry& g);
// Marks the points on the Pareto frontier (the shader rings them). The selected point is not
// marked here: the panel rings it over the picture, so a selection change (the arrow keys
// step through rows) costs no redraw of every point.
void MarkFrontier(ScatterGeometry& g);

// The visible window in unit coordinates from the chart's zoom (NaN = whole range).
ChartView ViewFromZoom(const core::ChartState& chart, const ScatterGeometry& g);

}  // namespace offerscope::web
