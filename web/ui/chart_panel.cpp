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
  int built_selected = -2;
  float built_dpr = 0;
  bool upload = true;
  bool built_once = false;  // the geometry was built at least once
  bool waiting = false;     // the points shown are from before the rows changed (typing)
  // Screen placement of the plot in the last frame, for the automation hook.
  ImVec2 plot_min, plot_max;
  ChartView view;
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
  return c.x + "|" + c.y + "|" + (c.log_x ? "log" : "lin") + "|" + c.color_by + (s.settings.dark_theme ? "|d" : "|l");
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

void AddRect(std::vector<ShapeVertex>& out, float x0, float y0, float x1, float y1, Rgba8 c) {
  ShapeVertex a{x0, y0, c.r, c.g, c.b, c.a}, b{x1, y0, c.r, c.g, c.b, c.a};
  ShapeVertex d{x0, y1, c.r, c.g, c.b, c.a}, e{x1, y1, c.r, c.g, c.b, c.a};
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
    sp.built_selected = state.selected_row;
    sp.upload = true;
  } else if (sp.built_selected != state.selected_row) {
    MarkSelection(state, sp.geometry);
    sp.built_selected = state.selected_row;
    sp.upload = true;
  }
  ScatterGeometry& g = sp.geometry;
  ImVec2 avail = ImGui::GetContentRegionAvail();
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 pmin(origin.x + ScaledPx(state, kMarginLeftCss), origin.y + ScaledPx(state, kMarginTopCss));
  ImVec2 pmax(origin.x + avail.x - ScaledPx(state, kMarginRightCss), origin.y + avail.y - ScaledPx(state, kMarginBottomCss));
  if (pmax.x - pmin.x < 40 || pmax.y - pmin.y < 40) return;
  sp.plot_min = pmin, sp.plot_max = pmax;
  ChartView v = ViewFromZoom(state.view.chart, g);
  sp.view = v;
  float w = pmax.x - pmin.x, h = pmax.y - pmin.y;
  float px_w = w * dpr / (v.x1 - v.x0), px_h = h * dpr / (v.y1 - v.y0);  // framebuffer px per unit

  // Frontier polyline drawn over the points.
  bool dark = state.settings.dark_theme;
  Rgba8 line = dark ? Rgba8{255, 255, 255, 220} : Rgba8{20, 20, 20, 220};
  std::vector<ShapeVertex> under, over;
  for (std::size_t k = 1; k < g.frontier.size(); ++k) {
    std::uint32_t a = g.frontier[k - 1], b = g.frontier[k];
    AddSegment(over, g.ux[a], g.uy[a], g.ux[b], g.uy[b], px_w, px_h, 1.5f * dpr, line);
  }
  ImGuiIO& io = ImGui::GetIO();
  if (sp.dragging && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    auto unit_x = [&](float sx) { return v.x0 + (sx - pmin.x) / w * (v.x1 - v.x0); };
    auto unit_y = [&](float sy) { return v.y0 + (pmax.y - sy) / h * (v.y1 - v.y0); };
    Rgba8 fill = sp.brushing ? Rgba8{230, 159, 0, 60} : Rgba8{86, 180, 233, 50};
    if (sp.brushing)
      AddRect(over, unit_x(sp.drag_start.x), v.y0, unit_x(io.MousePos.x), v.y1, fill);
    else
      AddRect(over, unit_x(sp.drag_start.x), unit_y(sp.drag_start.y), unit_x(io.MousePos.x), unit_y(io.MousePos.y), fill);
  }
  ImVec4 bgc = ImGui::GetStyleColorVec4(ImGuiCol_FrameBg);
  float bg[4] = {bgc.x * 0.6f, bgc.y * 0.6f, bgc.z * 0.6f, 1.0f};
  if (!dark) bg[0] = bg[1] = bg[2] = 0.98f;
  float ring[4] = {line.r / 255.f, line.g / 255.f, line.b / 255.f, 1.0f};
  GLuint tex = sp.renderer.Render(static_cast<int>(w * dpr), static_cast<int>(h * dpr), v, bg, g.points, sp.upload,
                                  under, over, ring);
  sp.upload = false;
  // The render target's row 0 is the bottom: flip V when showing it.
  ImGui::SetCursorScreenPos(pmin);
  ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex)), ImVec2(w, h), ImVec2(0, 1), ImVec2(1, 0));
  bool hovered = ImGui::IsItemHovered();
  DrawAxes(state, g, v, pmin, pmax);
  DrawLegend(state, pmax);

  ImVec2 m = io.MousePos;
  float ux = v.x0 + (m.x - pmin.x) / w * (v.x1 - v.x0), uy = v.y0 + (pmax.y - m.y) / h * (v.y1 - v.y0);
  float unit_per_px_y = (v.y1 - v.y0) / h;
  float aspect = (w / (v.x1 - v.x0)) / (h / (v.y1 - v.y0));
  // While the chart waits for a typing pause its points index rows that changed: no picking.
  bool current = sp.built_version == state.rows_version;
  sp.waiting = !current;
  int hit = hovered && current ? g.picker.Nearest(ux, uy, 8.0f * unit_per_px_y, aspect) : -1;
  if (hit >= 0 && !sp.dragging) Tooltip(state, state.rows[hit], g.y_field);

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
      ApplyBrush(state, g, v, sp.drag_start.x, m.x, pmin, pmax);
    } else if (!sp.brushing && dx > 4 && dy > 4) {
      ApplyZoomRect(state, g, v, sp.drag_start, m, pmin, pmax);
    } else if (hit >= 0) {
      state.selected_row = hit;  // the table scrolls to it and the details follow
    }
  }
}

}  // namespace

bool ChartsWaitForTypingPause(const AppState& state) { return state.now_ms - state.query_typed_ms < kTypingPauseMs; }

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
  const ScatterGeometry& g = g_scatter.geometry;
  if (g_scatter.waiting || i < 0 || static_cast<std::size_t>(i) >= g.ux.size() || std::isnan(g.ux[i])) return -1;
  const ChartView& v = g_scatter.view;
  return g_scatter.plot_min.x + (g.ux[i] - v.x0) / (v.x1 - v.x0) * (g_scatter.plot_max.x - g_scatter.plot_min.x);
}
extern "C" EMSCRIPTEN_KEEPALIVE double offerscope_chart_point_y(int i) {
  using namespace offerscope::web;
  const ScatterGeometry& g = g_scatter.geometry;
  if (g_scatter.waiting || i < 0 || static_cast<std::size_t>(i) >= g.uy.size() || std::isnan(g.uy[i])) return -1;
  const ChartView& v = g_scatter.view;
  return g_scatter.plot_max.y - (g.uy[i] - v.y0) / (v.y1 - v.y0) * (g_scatter.plot_max.y - g_scatter.plot_min.y);
}
