#include "web/ui/chart_distribution.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/chart_math.hpp"
#include "imgui.h"
#include "web/render/chart_renderer.hpp"
#include "web/ui/chart_panel.hpp"
#include "web/ui/chart_colors.hpp"
#include "web/ui/chart_point_size.hpp"
#include "web/ui/ui_scale.hpp"

namespace offerscope::web {
namespace {

struct Group {
  std::string gpu;
  core::BoxStats box;
  std::vector<std::uint32_t> rows;  // positions in state.rows
};

struct DistributionPanel {
  ChartRenderer renderer;
  bool init_done = false;
  std::string error;
  std::uint64_t built_version = ~0ull;
  std::string built_key;
  std::vector<Group> groups;
  core::AxisScale y;
  std::vector<PointInstance> points;
  std::vector<std::uint32_t> point_row;
  std::vector<ShapeVertex> boxes;
  bool upload = true;
  bool built_once = false;  // the geometry was built at least once
  std::uint64_t serial = 0;  // bumped by each Build: the renderer's tag for the points
  // The groups and scale of the picture on screen (the renderer shows the last complete
  // picture while it draws a newer one over several frames): labels and tooltips use these.
  std::uint64_t shown_serial = ~0ull;
  std::vector<Group> shown_groups;
  core::AxisScale shown_y;
};
DistributionPanel g_dist;

constexpr std::size_t kMaxGroups = 24;

void Rect(std::vector<ShapeVertex>& out, float x0, float y0, float x1, float y1, Rgba8 c) {
  ShapeVertex a{x0, y0, c.r, c.g, c.b, c.a}, b{x1, y0, c.r, c.g, c.b, c.a};
  ShapeVertex d{x0, y1, c.r, c.g, c.b, c.a}, e{x1, y1, c.r, c.g, c.b, c.a};
  out.insert(out.end(), {a, b, d, b, e, d});
}

// Deterministic jitter so strip points do not move between frames.
float Jitter(std::uint32_t i) {
  std::uint32_t h = i * 2654435761u;
  return static_cast<float>(h >> 8) / static_cast<float>(1u << 24) - 0.5f;
}

void Build(const AppState& state, float dpr, float plot_h_px) {
  DistributionPanel& d = g_dist;
  std::vector<Group> by_gpu(state.table.CategoryCount(core::Field::kGpu));
  for (std::size_t i = 0; i < state.rows.size(); ++i) {
    std::uint32_t row = state.rows[i];
    if (!std::isfinite(state.table.Number(row, core::Field::kPriceUsdPerGpuHour))) continue;
    by_gpu[state.table.Category(row, core::Field::kGpu)].rows.push_back(static_cast<std::uint32_t>(i));
  }
  d.groups.clear();
  std::vector<double> all;
  for (std::uint32_t c = 0; c < by_gpu.size(); ++c) {
    Group& g = by_gpu[c];
    if (g.rows.empty()) continue;
    g.gpu = std::string(state.table.CategoryName(core::Field::kGpu, c));
    std::vector<double> v;
    for (std::uint32_t i : g.rows) v.push_back(state.table.Number(state.rows[i], core::Field::kPriceUsdPerGpuHour));
    g.box = core::ComputeBoxStats(v);
    d.groups.push_back(std::move(g));
  }
  // Most offered models first, then the shown ones ordered by median price.
  std::sort(d.groups.begin(), d.groups.end(), [](const Group& a, const Group& b) { return a.box.count > b.box.count; });
  if (d.groups.size() > kMaxGroups) d.groups.resize(kMaxGroups);
  std::sort(d.groups.begin(), d.groups.end(), [](const Group& a, const Group& b) { return a.box.median < b.box.median; });
  for (const Group& g : d.groups)
    for (std::uint32_t i : g.rows) all.push_back(state.table.Number(state.rows[i], core::Field::kPriceUsdPerGpuHour));
  d.y = core::FitScale(all, state.view.chart.log_x);
  d.points.clear();
  d.point_row.clear();
  d.boxes.clear();
  bool dark = state.settings.dark_theme;
  Rgba8 box_fill = dark ? Rgba8{255, 255, 255, 40} : Rgba8{0, 0, 0, 30};
  Rgba8 ink = dark ? Rgba8{235, 235, 235, 255} : Rgba8{30, 30, 30, 255};
  const float n = static_cast<float>(d.groups.size());
  const float line = 1.5f * dpr / plot_h_px;  // a line 1.5 px high, in unit y
  for (std::size_t k = 0; k < d.groups.size(); ++k) {
    const Group& g = d.groups[k];
    float cx = (static_cast<float>(k) + 0.5f) / n, half = 0.3f / n;
    auto uy = [&](double v) { return static_cast<float>(d.y.ToUnit(v)); };
    Rect(d.boxes, cx - half, uy(g.box.q1), cx + half, uy(g.box.q3), box_fill);
    Rect(d.boxes, cx - half, uy(g.box.median) - line, cx + half, uy(g.box.median) + line, ink);
    float wx = 0.6f / n * 0.05f + line * 0.3f;
    Rect(d.boxes, cx - wx, uy(g.box.whisker_low), cx + wx, uy(g.box.q1), ink);
    Rect(d.boxes, cx - wx, uy(g.box.q3), cx + wx, uy(g.box.whisker_high), ink);
    for (std::uint32_t i : g.rows) {
      std::uint32_t row = state.rows[i];
      Rgba8 c = ProviderColor(static_cast<int>(state.table.offer(row).provider), dark);
      float x = cx + Jitter(row) * half * 1.6f;
      d.points.push_back({x, uy(state.table.Number(row, core::Field::kPriceUsdPerGpuHour)), c.r, c.g, c.b, 170,
                          StripPointRadiusPx(dpr, state.settings.ui_scale), 0.0f});
      d.point_row.push_back(i);
    }
  }
  d.upload = true;
  ++d.serial;
}

}  // namespace

void DrawDistribution(AppState& state, float dpr) {
  DistributionPanel& d = g_dist;
  if (!d.init_done) {
    d.init_done = true;
    if (!d.renderer.Init(d.error)) std::fprintf(stderr, "distribution shaders failed: %s\n", d.error.c_str());
  }
  if (!d.error.empty()) {
    ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "Chart unavailable: %s", d.error.c_str());
    return;
  }
  ImVec2 avail = ImGui::GetContentRegionAvail();
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 pmin(origin.x + ScaledPx(state, 56), origin.y + ScaledPx(state, 8));
  ImVec2 pmax(origin.x + avail.x - ScaledPx(state, 12), origin.y + avail.y - ScaledPx(state, 44));
  float w = pmax.x - pmin.x, h = pmax.y - pmin.y;
  if (w < 40 || h < 40) return;
  std::string key = std::to_string(h * dpr) + (state.view.chart.log_x ? "log" : "lin") + (state.settings.dark_theme ? "d" : "l") +
                    std::to_string(state.settings.ui_scale);
  bool rows_changed = d.built_version != state.rows_version && !(d.built_once && ChartsWaitForTypingPause(state));
  if (rows_changed || d.built_key != key) {
    d.built_once = true;
    Build(state, dpr, h * dpr);
    d.built_version = state.rows_version;
    d.built_key = key;
  }
  if (d.groups.empty() && d.shown_groups.empty()) {
    ImGui::TextDisabled("No priced offers match the filter.");
    return;
  }
  ChartPicture picture = PlotPicture(state, w, h, dpr, ChartView(), d.points, d.upload, d.serial);
  picture.under = &d.boxes;
  const FramePace pace = ChartFramePace(state, d.built_version);
  GLuint tex = d.renderer.Render(picture, pace);
  d.upload = false;
  // The picture of the latest groups is on screen (complete, or a first one growing): its
  // labels go with it.
  if (d.shown_serial != d.serial && d.renderer.shown_tag() == d.serial) {
    d.shown_groups = d.groups;
    d.shown_y = d.y;
    d.shown_serial = d.serial;
  }
  const std::vector<Group>& groups = d.shown_groups;
  ImGui::SetCursorScreenPos(pmin);
  ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex)), ImVec2(w, h), ImVec2(0, 1), ImVec2(1, 0));
  bool hovered = ImGui::IsItemHovered();
  DrawRedrawProgress(state, d.renderer, pace, pmin.x, pmin.y, w);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  for (const core::Tick& t : core::NiceTicks(d.shown_y, std::max(2, static_cast<int>(h / 50)))) {
    float y = pmax.y - static_cast<float>(d.shown_y.ToUnit(t.value)) * h;
    std::string label = "$" + t.label;
    ImVec2 sz = ImGui::CalcTextSize(label.c_str());
    dl->AddText(ImVec2(pmin.x - 6 - sz.x, y - sz.y / 2), text, label.c_str());
    dl->AddLine(ImVec2(pmin.x - 4, y), ImVec2(pmin.x, y), text);
  }
  dl->AddText(ImVec2(pmin.x + 6, pmin.y + 4), text, "$/GPU-h by GPU model (boxes: quartiles, line: median)");
  const float n = static_cast<float>(groups.size());
  for (std::size_t k = 0; k < groups.size(); ++k) {
    float cx = pmin.x + (static_cast<float>(k) + 0.5f) / n * w;
    std::string label = groups[k].gpu;
    float room = 2 * w / n - 6;
    while (label.size() > 3 && ImGui::CalcTextSize(label.c_str()).x > room) label.pop_back();
    ImVec2 sz = ImGui::CalcTextSize(label.c_str());
    dl->AddText(ImVec2(cx - sz.x / 2, pmax.y + 4 + (k % 2) * ImGui::GetTextLineHeight()), text, label.c_str());
  }
  if (hovered) {
    float mx = ImGui::GetIO().MousePos.x;
    int k = static_cast<int>((mx - pmin.x) / w * n);
    if (k >= 0 && k < static_cast<int>(groups.size())) {
      const Group& g = groups[k];
      ImGui::BeginTooltip();
      ImGui::Text("%s: %d offers", g.gpu.c_str(), g.box.count);
      ImGui::Text("$/GPU-h  min %.3f  median %.3f  max %.3f", g.box.min, g.box.median, g.box.max);
      ImGui::Text("quartiles %.3f .. %.3f", g.box.q1, g.box.q3);
      ImGui::EndTooltip();
    }
  }
}

}  // namespace offerscope::web
