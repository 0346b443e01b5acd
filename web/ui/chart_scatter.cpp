#include "web/ui/chart_scatter.hpp"

#include <cmath>

#include "web/ui/chart_colors.hpp"
#include "web/ui/chart_point_size.hpp"

namespace offerscope::web {

namespace {

core::Field FieldOr(const std::string& name, core::Field fallback) {
  std::optional<core::Field> f = core::FieldFromName(name);
  return f && core::Info(*f).type == core::FieldType::kNumber ? *f : fallback;
}

Rgba8 PointColor(const AppState& state, std::uint32_t row) {
  const std::string& by = state.view.chart.color_by;
  bool dark = state.settings.dark_theme;
  if (by == "gpu") return CategoryColor(state.table.Category(row, core::Field::kGpu), dark);
  if (by == "none") return CategoryColor(0, dark);
  return ProviderColor(static_cast<int>(state.table.offer(row).provider), dark);
}

}  // namespace

void BuildScatter(const AppState& state, float dpr, ScatterGeometry& g) {
  const core::ChartState& chart = state.view.chart;
  g.x_field = FieldOr(chart.x, core::Field::kPriceUsdPerGpuHour);
  g.y_field = FieldOr(chart.y, core::Field::kTflopsFp16);
  const std::size_t n = state.rows.size();
  std::vector<double> xs(n), ys(n);
  for (std::size_t i = 0; i < n; ++i) {
    xs[i] = state.table.Number(state.rows[i], g.x_field);
    ys[i] = state.table.Number(state.rows[i], g.y_field);
  }
  g.x_fit = core::FitScale(xs, chart.log_x);
  g.y_fit = core::FitScale(ys, false);
  g.ux.assign(n, NAN);
  g.uy.assign(n, NAN);
  g.points.clear();
  g.point_row.clear();
  // Dense scatters need translucency to show where offers pile up.
  const std::uint8_t alpha = n > 20000 ? 150 : n > 2000 ? 200 : 235;
  for (std::size_t i = 0; i < n; ++i) {
    bool drawable = std::isfinite(xs[i]) && std::isfinite(ys[i]) && (!chart.log_x || xs[i] > 0);
    if (!drawable) continue;
    g.ux[i] = static_cast<float>(g.x_fit.ToUnit(xs[i]));
    g.uy[i] = static_cast<float>(g.y_fit.ToUnit(ys[i]));
    const core::Offer& o = state.table.offer(state.rows[i]);
    Rgba8 c = PointColor(state, state.rows[i]);
    float radius = ScatterPointRadiusPx(o.gpu_count, dpr, state.settings.ui_scale);
    g.points.push_back({g.ux[i], g.uy[i], c.r, c.g, c.b, alpha, radius, 0.0f});
    g.point_row.push_back(static_cast<std::uint32_t>(i));
  }
  // The frontier comes from core (same definition as everywhere else), in table rows.
  std::vector<std::uint32_t> frontier_rows = state.table.ParetoFrontier(state.rows, g.y_field, g.x_field);
  g.frontier.clear();
  if (!frontier_rows.empty()) {
    // Map table rows back to positions in state.rows.
    std::vector<std::int32_t> position(state.table.size(), -1);
    for (std::size_t i = 0; i < n; ++i) position[state.rows[i]] = static_cast<std::int32_t>(i);
    for (std::uint32_t r : frontier_rows)
      if (position[r] >= 0) g.frontier.push_back(static_cast<std::uint32_t>(position[r]));
  }
  g.picker.Build(g.ux, g.uy, 64);
  MarkFrontier(g);
}

void MarkFrontier(ScatterGeometry& g) {
  // Sized by the rows the geometry was built from (g.ux), never by state.rows: while the
  // chart waits for a typing pause or draws a new picture, the rows change under the
  // geometry shown. (Selection marks sized by fewer new rows once wrote past their end: heap
  // corruption, found with an AddressSanitizer build of the app in the browser tests.
  // Selection is now drawn over the picture by the panel, from the geometry on screen.)
  std::vector<bool> on_frontier(g.ux.size(), false);
  for (std::uint32_t i : g.frontier) on_frontier[i] = true;
  for (std::size_t p = 0; p < g.points.size(); ++p) g.points[p].mark = on_frontier[g.point_row[p]] ? 1.0f : 0.0f;
}

ChartView ViewFromZoom(const core::ChartState& chart, const ScatterGeometry& g) {
  ChartView v;
  auto unit = [](const core::AxisScale& s, double value, float fallback) {
    if (!std::isfinite(value) || (s.log && value <= 0)) return fallback;
    return static_cast<float>(s.ToUnit(value));
  };
  v.x0 = unit(g.x_fit, chart.x_min, 0.0f);
  v.x1 = unit(g.x_fit, chart.x_max, 1.0f);
  v.y0 = unit(g.y_fit, chart.y_min, 0.0f);
  v.y1 = unit(g.y_fit, chart.y_max, 1.0f);
  if (!(v.x1 > v.x0)) v.x0 = 0, v.x1 = 1;
  if (!(v.y1 > v.y0)) v.y0 = 0, v.y1 = 1;
  return v;
}

}  // namespace offerscope::web
