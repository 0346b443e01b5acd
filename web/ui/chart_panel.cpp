#include "web/ui/chart_panel.hpp"

#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/chart_math.hpp"
#include "core/query_edit.hpp"
#include "imgui.h"
#include "web/ui/chart_colors.hpp"
#include "web/ui/chart_distribution.hpp"
#include "web/ui/chart_point_size.hpp"
#include "web/ui/chart_scatter.hpp"
#include "web/ui/ui_scale.hpp"

namespace offerscope::web {
namespace {

// Room around the plot for tick labels and the axis title, CSS px at UI scale 1 (ScaledPx).
constexpr float kMarginLeftCss = 56, kMarginBottomCss = 40, kMarginTopCss = 8, kMarginRightCss = 12;

// GL objects and derived geometry live here, not in AppState (which stays plain data).
struct ScatterPanel {
  ChartRenderer renderer;
  bool init_done = false;
  std::string init_error;
  ScatterGeometry geometry;
  std::uint64_t built_version = ~0ull;
  std::string built_settings;
  float built_dpr = 0;
  bool upload = true;
  bool built_once = false;  // the geometry was built at least once
  // Bumped whenever `geometry` changes (rebuilt or re-marked): the renderer's tag for it.
  std::uint64_t geometry_serial = 0;
  // The geometry of the picture on screen. The renderer draws a new picture over several
  // frames (web/render/chart_renderer.hpp) and shows the last complete one meanwhile, so
  // picking, tooltips, axes and the automation hook use this copy, taken when the picture
  // of `geometry` completes, not `geometry`, which may be newer than what is seen.
  struct Shown {
    bool valid = false;
    std::uint64_t serial = ~0ull;     // geometry_serial it was copied at
    std::uint64_t rows_version = 0;   // state.rows_version it was built from
    ScatterGeometry geometry;
  } shown;
  bool waiting = false;     // the points shown are from before the rows changed (typing, redrawing)
  // Screen placement of the plot in the last frame, for the automation hook.
  ImVec2 plot_min, plot_max;
  ChartView view;           // the view of the picture shown
  // Drag state
  bool dragging = false, brushing = false;
  ImVec2 drag_start;
};
ScatterPanel g_scatter;

const char* const kYAxes[][2] = {{"tflops", "Dense FP16/BF16 TFLOPS per GPU"},
                                 {"vram_gb", "VRAM per GPU (GB)"},
                                 {"mem_bw", "Memory bandwidth per GPU (GB/s)"},
                                 {"reliability", "Reliability (0-1)"}};
const char* const kColorBy[][2] = {{"provider", "Provider"}, {"gpu", "GPU model"}, {"none", "None"}};

ImU32 ToImU32(Rgba8 c) { return IM_COL32(c.r, c.g, c.b, c.a); }

std::string SettingsKey(const AppState& s) {
  const core::ChartState& c = s.view.chart;
  // The UI scale sizes the points (web/ui/chart_point_size.hpp).
  return c.x + "|" + c.y + "|" + (c.log_x ? "log" : "lin") + "|" + c.color_by + (s.settings.dark_theme ? "|d" : "|l") + "|" +
         std::to_string(s.settings.ui_scale);
}

void DrawControls(AppState& state) {
  core::ChartState& chart = state.view.chart;
  ImGui::SetNextItemWidth(ScaledPx(state, 260));
  const char* current_y = chart.y.c_str();
  for (auto& y : kYAxes)
    if (chart.y == y[0]) current_y = y[1];
  if (ImGui::BeginCombo("Y axis", current_y)) {
    for (auto& y : kYAxes)
      if (ImGui::Selectable(y[1], chart.y == y[0])) chart.y = y[0], chart.y_min = chart.y_max = core::kUnknown;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ScaledPx(state, 130));
  const char* current_c = chart.color_by.c_str();
  for (auto& c : kColorBy)
    if (chart.color_by == c[0]) current_c = c[1];
  if (ImGui::BeginCombo("Colour", current_c)) {
    for (auto& c : kColorBy)
      if (ImGui::Selectable(c[1], chart.color_by == c[0])) chart.color_by = c[0];
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::Checkbox("Log price", &chart.log_x)) chart.x_min = chart.x_max = core::kUnknown;
  ImGui::SameLine();
  if (ImGui::SmallButton("Reset zoom")) chart.x_min = chart.x_max = chart.y_min = chart.y_max = core::kUnknown;
  ImGui::SameLine();
  ImGui::TextDisabled("(drag: zoom, shift-drag: filter price, double-click: reset)");
}

// Thick line segment as two triangles, thickness in pixels converted to unit space.
void AddSegment(std::vector<ShapeVertex>& out, float x0, float y0, float x1, float y1, float px_w, float px_h,
                float thickness_px, Rgba8 c) {
  float dx = (x1 - x0) * px_w, dy = (y1 - y0) * px_h;
  float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1e-6f) return;
  float nx = -dy / len * thickness_px * 0.5f / px_w, ny = dx / len * thickness_px * 0.5f / px_h;
  ShapeVertex a{x0 + nx, y0 + ny, c.r, c.g, c.b, c.a}, b{x0 - nx, y0 - ny, c.r, c.g, c.b, c.a};
  ShapeVertex d{x1 + nx, y1 + ny, c.r, c.g, c.b, c.a}, e{x1 - nx, y1 - ny, c.r, c.g, c.b, c.a};
  out.insert(out.end(), {a, b, d, b, e, d});
}

void DrawAxes(const AppState& state, const ScatterGeometry& g, const ChartView& v, ImVec2 pmin, ImVec2 pmax) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), grid = ImGui::GetColorU32(ImGuiCol_Border);
  core::AxisScale xs{g.x_fit.FromUnit(v.x0), g.x_fit.FromUnit(v.x1), g.x_fit.log};
  core::AxisScale ys{g.y_fit.FromUnit(v.y0), g.y_fit.FromUnit(v.y1), false};
  float w = pmax.x - pmin.x, h = pmax.y - pmin.y;
  for (const core::Tick& t : core::NiceTicks(xs, std::max(2, static_cast<int>(w / 90)))) {
    float x = pmin.x + static_cast<float>(xs.ToUnit(t.value)) * w;
    dl->AddLine(ImVec2(x, pmax.y), ImVec2(x, pmax.y + 4), text);
    ImVec2 sz = ImGui::CalcTextSize(t.label.c_str());
    dl->AddText(ImVec2(x - sz.x / 2, pmax.y + 6), text, t.label.c_str());
  }
  for (const core::Tick& t : core::NiceTicks(ys, std::max(2, static_cast<int>(h / 50)))) {
    float y = pmax.y - static_cast<float>(ys.ToUnit(t.value)) * h;
    dl->AddLine(ImVec2(pmin.x - 4, y), ImVec2(pmin.x, y), text);
    ImVec2 sz = ImGui::CalcTextSize(t.label.c_str());
    dl->AddText(ImVec2(pmin.x - 6 - sz.x, y - sz.y / 2), text, t.label.c_str());
  }
  dl->AddRect(pmin, pmax, grid);
  std::string xlabel = std::string(core::Info(g.x_field).label) + (g.x_fit.log ? "  (log scale)" : "");
  ImVec2 xsz = ImGui::CalcTextSize(xlabel.c_str());
  dl->AddText(ImVec2(pmin.x + (w - xsz.x) / 2, pmax.y + ScaledPx(state, 22)), text, xlabel.c_str());
  dl->AddText(ImVec2(pmin.x + 6, pmin.y + 4), text, std::string(core::Info(g.y_field).label).c_str());
}

void DrawLegend(const AppState& state, ImVec2 pmax) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  const std::string& by = state.view.chart.color_by;
  std::vector<std::pair<std::string, Rgba8>> items;
  if (by == "provider") {
    for (int p = 0; p < core::kProviderCount; ++p)
      items.emplace_back(std::string(core::ProviderName(static_cast<core::ProviderId>(p))),
                         ProviderColor(p, state.settings.dark_theme));
  } else if (by == "gpu") {
    std::size_t n = std::min<std::size_t>(state.table.CategoryCount(core::Field::kGpu), 8);
    for (std::uint32_t c = 0; c < n; ++c)
      items.emplace_back(std::string(state.table.CategoryName(core::Field::kGpu, c)),
                         CategoryColor(c, state.settings.dark_theme));
  }
  items.emplace_back("Pareto frontier", Rgba8{255, 255, 255, 255});
  // Sized from the text, so that it fits its names at any UI scale: one line per item, a
  // dot in front of each.
  const float line_h = ImGui::GetTextLineHeight() + ScaledPx(state, 1);
  const float dot_r = ScaledPx(state, 4.5f), text_dx = ScaledPx(state, 14), pad = ScaledPx(state, 6);
  float text_w = 0;
  for (const auto& item : items) text_w = std::max(text_w, ImGui::CalcTextSize(item.first.c_str()).x);
  float x = pmax.x - pad - text_dx - text_w - pad;
  float top = pmax.y - pad - static_cast<float>(items.size()) * line_h;
  dl->AddRectFilled(ImVec2(x - pad, top - pad / 2), ImVec2(pmax.x - pad / 2, pmax.y - pad / 2),
                    ImGui::GetColorU32(ImGuiCol_PopupBg, 0.85f));
  for (std::size_t i = 0; i < items.size(); ++i) {
    float yy = top + static_cast<float>(i) * line_h;
    Rgba8 c = items[i].second;
    if (i + 1 == items.size()) c = state.settings.dark_theme ? Rgba8{255, 255, 255, 255} : Rgba8{20, 20, 20, 255};
    dl->AddCircleFilled(ImVec2(x + dot_r, yy + line_h / 2), dot_r, ToImU32(c));
    dl->AddText(ImVec2(x + text_dx, yy), text, items[i].first.c_str());
  }
}

// The selected offer's ring, drawn over the picture by ImGui rather than into it: a
// selection change then redraws a few pixels, not every point (a redraw takes several frames
// in software WebGL). As the point shader's frontier ring, in the same colour, twice as wide.
// `g` must be of the current rows (state.selected_row indexes them).
void DrawSelectedRing(const AppState& state, const ScatterGeometry& g, const ChartView& v, ImVec2 pmin, ImVec2 pmax,
                      const float ring_rgba[4]) {
  const int i = state.selected_row;
  if (i < 0 || static_cast<std::size_t>(i) >= g.ux.size() || std::isnan(g.ux[i]) || std::isnan(g.uy[i])) return;
  const ImVec2 c(pmin.x + (g.ux[i] - v.x0) / (v.x1 - v.x0) * (pmax.x - pmin.x),
                 pmax.y - (g.uy[i] - v.y0) / (v.y1 - v.y0) * (pmax.y - pmin.y));
  if (c.x < pmin.x || c.x > pmax.x || c.y < pmin.y || c.y > pmax.y) return;
  const core::Offer& o = state.table.offer(state.rows[static_cast<std::size_t>(i)]);
  const float dpr = ImGui::GetIO().DisplayFramebufferScale.x;
  const float radius_css = ScatterPointRadiusPx(o.gpu_count, 1.0f, state.settings.ui_scale);
  const float width_css = 3.0f / dpr * state.settings.ui_scale;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(pmin, pmax, true);
  dl->AddCircle(c, radius_css - width_css / 2, ImGui::GetColorU32(ImVec4(ring_rgba[0], ring_rgba[1], ring_rgba[2], 1.0f)), 0,
                width_css);
  dl->PopClipRect();
}

void Tooltip(const AppState& state, std::uint32_t row, core::Field y_field) {
  const core::Offer& o = state.table.offer(row);
  ImGui::BeginTooltip();
  ImGui::Text("%s x%d  (%s)", o.gpu.c_str(), o.gpu_count, std::string(core::ProviderName(o.provider)).c_str());
  ImGui::Text("$%.3f per GPU-hour, $%.3f per hour", o.price_usd_per_gpu_hour, o.price_usd_per_hour);
  ImGui::Text("%s: %.4g", std::string(core::Info(y_field).label).c_str(), state.table.Number(row, y_field));
  if (!o.region.empty()) ImGui::Text("%s", o.region.c_str());
  ImGui::TextDisabled("click to select");
  ImGui::EndTooltip();
}

void ApplyZoomRect(AppState& state, const ScatterGeometry& g, const ChartView& v, ImVec2 a, ImVec2 b, ImVec2 pmin,
                   ImVec2 pmax) {
  auto to_unit_x = [&](float sx) { return v.x0 + (sx - pmin.x) / (pmax.x - pmin.x) * (v.x1 - v.x0); };
  auto to_unit_y = [&](float sy) { return v.y0 + (pmax.y - sy) / (pmax.y - pmin.y) * (v.y1 - v.y0); };
  core::ChartState& c = state.view.chart;
  c.x_min = g.x_fit.FromUnit(std::min(to_unit_x(a.x), to_unit_x(b.x)));
  c.x_max = g.x_fit.FromUnit(std::max(to_unit_x(a.x), to_unit_x(b.x)));
  c.y_min = g.y_fit.FromUnit(std::min(to_unit_y(a.y), to_unit_y(b.y)));
  c.y_max = g.y_fit.FromUnit(std::max(to_unit_y(a.y), to_unit_y(b.y)));
}

void ApplyBrush(AppState& state, const ScatterGeometry& g, const ChartView& v, float sx0, float sx1, ImVec2 pmin,
                ImVec2 pmax) {
  auto to_data = [&](float sx) {
    return g.x_fit.FromUnit(v.x0 + (sx - pmin.x) / (pmax.x - pmin.x) * (v.x1 - v.x0));
  };
  double lo = to_data(std::min(sx0, sx1)), hi = to_data(std::max(sx0, sx1));
  std::string name(core::Info(g.x_field).name);
  state.view.query = core::ReplaceFieldTerms(state.view.query, {name},
                                             {name + ">=" + core::QueryNumber(lo), name + "<=" + core::QueryNumber(hi)});
  state.query_bar.text = state.view.query;
  state.rows_dirty = true;
}

void DrawScatter(AppState& state, float dpr) {
  ScatterPanel& sp = g_scatter;
  if (!sp.init_done) {
    sp.init_done = true;
    if (!sp.renderer.Init(sp.init_error)) std::fprintf(stderr, "chart shaders failed: %s\n", sp.init_error.c_str());
  }
  if (!sp.init_error.empty()) {
    ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "Chart unavailable: %s", sp.init_error.c_str());
    return;
  }
  std::string key = SettingsKey(state);
  bool rows_changed = sp.built_version != state.rows_version && !(sp.built_once && ChartsWaitForTypingPause(state));
  if (rows_changed || sp.built_settings != key || sp.built_dpr != dpr) {
    sp.built_once = true;
    BuildScatter(state, dpr, sp.geometry);
    sp.built_version = state.rows_version, sp.built_settings = key, sp.built_dpr = dpr;
    sp.upload = true;
    ++sp.geometry_serial;
  }
  ScatterGeometry& g = sp.geometry;
  ImVec2 avail = ImGui::GetContentRegionAvail();
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 pmin(origin.x + ScaledPx(state, kMarginLeftCss), origin.y + ScaledPx(state, kMarginTopCss));
  ImVec2 pmax(origin.x + avail.x - ScaledPx(state, kMarginRightCss), origin.y + avail.y - ScaledPx(state, kMarginBottomCss));
  if (pmax.x - pmin.x < 40 || pmax.y - pmin.y < 40) return;
  sp.plot_min = pmin, sp.plot_max = pmax;
  ChartView v = ViewFromZoom(state.view.chart, g);
  float w = pmax.x - pmin.x, h = pmax.y - pmin.y;
  float px_w = w * dpr / (v.x1 - v.x0), px_h = h * dpr / (v.y1 - v.y0);  // framebuffer px per unit

  // Frontier polyline drawn over the points.
  bool dark = state.settings.dark_theme;
  Rgba8 line = dark ? Rgba8{255, 255, 255, 220} : Rgba8{20, 20, 20, 220};
  std::vector<ShapeVertex> under, over;
  for (std::size_t k = 1; k < g.frontier.size(); ++k) {
    std::uint32_t a = g.frontier[k - 1], b = g.frontier[k];
    AddSegment(over, g.ux[a], g.uy[a], g.ux[b], g.uy[b], px_w, px_h, FrontierLinePx(dpr, state.settings.ui_scale), line);
  }
  ImGuiIO& io = ImGui::GetIO();
  float ring[4] = {line.r / 255.f, line.g / 255.f, line.b / 255.f, 1.0f};
  ChartPicture picture = PlotPicture(state, w, h, dpr, v, g.points, sp.upload, sp.geometry_serial);
  picture.under = &under;
  picture.over = &over;
  std::copy(ring, ring + 4, picture.ring_color);
  // While typing, the rows the chart was built from are already out of date and a new
  // picture starts at the pause: drawing this one on would only slow the keystrokes down.
  const FramePace pace = ChartFramePace(state, sp.built_version);
  GLuint tex = sp.renderer.Render(picture, pace);
  sp.upload = false;
  // The picture of the current geometry is complete: from now on it is what is picked in.
  if (sp.renderer.shows_complete() && sp.renderer.shown_tag() == sp.geometry_serial && sp.shown.serial != sp.geometry_serial) {
    sp.shown.geometry = g;
    sp.shown.serial = sp.geometry_serial;
    sp.shown.rows_version = sp.built_version;
    sp.shown.valid = true;
  }
  // Until a first picture completes, the one growing is of `g` (and shown).
  const ScatterGeometry& sg = sp.shown.valid ? sp.shown.geometry : g;
  const ChartView sv = tex ? sp.renderer.shown_view() : v;
  sp.view = sv;
  // The render target's row 0 is the bottom: flip V when showing it.
  ImGui::SetCursorScreenPos(pmin);
  ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex)), ImVec2(w, h), ImVec2(0, 1), ImVec2(1, 0));
  bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // The zoom or price-filter rectangle being dragged: drawn over the picture by ImGui, not
  // into it, so that it follows the mouse every frame while a redraw takes several.
  if (sp.dragging && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    ImVec2 a(std::clamp(sp.drag_start.x, pmin.x, pmax.x), sp.brushing ? pmin.y : std::clamp(sp.drag_start.y, pmin.y, pmax.y));
    ImVec2 b(std::clamp(io.MousePos.x, pmin.x, pmax.x), sp.brushing ? pmax.y : std::clamp(io.MousePos.y, pmin.y, pmax.y));
    ImU32 fill = sp.brushing ? IM_COL32(230, 159, 0, 60) : IM_COL32(86, 180, 233, 50);
    dl->AddRectFilled(ImVec2(std::min(a.x, b.x), std::min(a.y, b.y)), ImVec2(std::max(a.x, b.x), std::max(a.y, b.y)), fill);
  }
  DrawRedrawProgress(state, sp.renderer, pace, pmin.x, pmin.y, w);
  DrawAxes(state, sg, sv, pmin, pmax);
  DrawLegend(state, pmax);
  const bool current = sp.shown.valid && sp.shown.rows_version == state.rows_version;
  if (current) DrawSelectedRing(state, sg, sv, pmin, pmax, ring);

  ImVec2 m = io.MousePos;
  float ux = sv.x0 + (m.x - pmin.x) / w * (sv.x1 - sv.x0), uy = sv.y0 + (pmax.y - m.y) / h * (sv.y1 - sv.y0);
  float unit_per_px_y = (sv.y1 - sv.y0) / h;
  float aspect = (w / (sv.x1 - sv.x0)) / (h / (sv.y1 - sv.y0));
  // While the picture shown is of other rows than the table's (the chart waits for a typing
  // pause, or is still drawing the new rows) its points index rows that changed: no picking
  // (and no selection ring, above).
  sp.waiting = !current;
  int hit = hovered && current ? sg.picker.Nearest(ux, uy, PickRadiusCss(state.settings.ui_scale) * unit_per_px_y, aspect) : -1;
  if (hit >= 0 && !sp.dragging) Tooltip(state, state.rows[hit], sg.y_field);

  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    core::ChartState& c = state.view.chart;
    c.x_min = c.x_max = c.y_min = c.y_max = core::kUnknown;
    sp.dragging = false;
  } else if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    sp.dragging = true;
    sp.brushing = io.KeyShift;
    sp.drag_start = m;
  }
  if (sp.dragging && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
    sp.dragging = false;
    float dx = std::fabs(m.x - sp.drag_start.x), dy = std::fabs(m.y - sp.drag_start.y);
    if (sp.brushing && dx > 4) {
      ApplyBrush(state, sg, sv, sp.drag_start.x, m.x, pmin, pmax);
    } else if (!sp.brushing && dx > 4 && dy > 4) {
      ApplyZoomRect(state, sg, sv, sp.drag_start, m, pmin, pmax);
    } else if (hit >= 0) {
      state.selected_row = hit;  // the table scrolls to it and the details follow
    }
  }
}

}  // namespace

ChartPicture PlotPicture(const AppState& state, float w_css, float h_css, float dpr, const ChartView& view,
                         const std::vector<PointInstance>& points, bool points_changed, std::uint64_t tag) {
  ChartPicture picture;
  picture.width_px = static_cast<int>(w_css * dpr), picture.height_px = static_cast<int>(h_css * dpr);
  picture.view = view;
  // A darker shade of the frames' colour in the dark theme; near-white in the light one.
  const ImVec4 frame = ImGui::GetStyleColorVec4(ImGuiCol_FrameBg);
  const float dark[4] = {frame.x * 0.6f, frame.y * 0.6f, frame.z * 0.6f, 1.0f}, light[4] = {0.98f, 0.98f, 0.98f, 1.0f};
  const float* bg = state.settings.dark_theme ? dark : light;
  std::copy(bg, bg + 4, picture.background);
  picture.points = &points;
  picture.points_changed = points_changed;
  picture.tag = tag;
  return picture;
}

bool ChartsWaitForTypingPause(const AppState& state) { return state.now_ms - state.query_typed_ms < kTypingPauseMs; }

FramePace ChartFramePace(const AppState& state, std::uint64_t built_version) {
  return FramePace{state.frames_run, state.last_frame_interval_ms, state.frame_late_ms,
                   built_version != state.rows_version && ChartsWaitForTypingPause(state)};
}

ChartStatus ScatterChartStatus(const AppState& state) {
  const ScatterPanel& sp = g_scatter;
  ChartStatus st;
  st.shown = sp.shown.valid;
  st.drawing = sp.renderer.drawing();
  st.current = sp.shown.valid && !st.drawing && sp.shown.rows_version == state.rows_version &&
               sp.shown.serial == sp.geometry_serial;
  st.drawn = sp.renderer.run_drawn();
  st.total = sp.renderer.run_total();
  st.points_shown = sp.shown.geometry.points.size();
  return st;
}

void DrawRedrawProgress(const AppState& state, const ChartRenderer& renderer, const FramePace& pace, float x, float y,
                        float width) {
  if (!renderer.drawing() || pace.hold || renderer.run_total() == 0) return;
  const float done = static_cast<float>(renderer.run_drawn()) / static_cast<float>(renderer.run_total());
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x, y), ImVec2(x + done * width, y + ScaledPx(state, 2)),
                                            ImGui::GetColorU32(ImGuiCol_PlotHistogram));
}

void DrawChartPanel(AppState& state) {
  float dpr = ImGui::GetIO().DisplayFramebufferScale.x;
  DrawControls(state);
  if (ImGui::BeginTabBar("chart_tabs")) {
    if (ImGui::BeginTabItem("Price vs performance")) {
      DrawScatter(state, dpr);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Price distribution")) {
      DrawDistribution(state, dpr);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
}

}  // namespace offerscope::web

// Automation: where the point of display row `i` is on screen (CSS pixels), so a test can
// click it; -1 when that row has no point, the scatter is not shown, or it waits for a
// typing pause (its points are from before the rows changed).
extern "C" EMSCRIPTEN_KEEPALIVE double offerscope_chart_point_x(int i) {
  using namespace offerscope::web;
  const ScatterGeometry& g = g_scatter.shown.geometry;
  if (g_scatter.waiting || i < 0 || static_cast<std::size_t>(i) >= g.ux.size() || std::isnan(g.ux[i])) return -1;
  const ChartView& v = g_scatter.view;
  return g_scatter.plot_min.x + (g.ux[i] - v.x0) / (v.x1 - v.x0) * (g_scatter.plot_max.x - g_scatter.plot_min.x);
}
extern "C" EMSCRIPTEN_KEEPALIVE double offerscope_chart_point_y(int i) {
  using namespace offerscope::web;
  const ScatterGeometry& g = g_scatter.shown.geometry;
  if (g_scatter.waiting || i < 0 || static_cast<std::size_t>(i) >= g.uy.size() || std::isnan(g.uy[i])) return -1;
  const ChartView& v = g_scatter.view;
  return g_scatter.plot_max.y - (g.uy[i] - v.y0) / (v.y1 - v.y0) * (g_scatter.plot_max.y - g_scatter.plot_min.y);
}
