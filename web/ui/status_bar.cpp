// Live feedback: per-provider progress (pages fetched / total), errors in a banner that
// leaves the other providers' offers in place, "snapshot from <time>" in demo mode,
// "updated N s ago" and Refresh; plus dismissible notices (e.g. a bad share link).
#include <cstdio>
#include <string>
#include <vector>

#include "core/providers/registry.hpp"
#include "imgui.h"
#include "web/data_loader.hpp"
#include "web/ui/chart_colors.hpp"
#include "web/ui/panels.hpp"
#include "web/ui/ui_scale.hpp"

namespace offerscope::web {

namespace {

const ImVec4 kWarn(0.95f, 0.75f, 0.3f, 1);
const ImVec4 kError(1, 0.45f, 0.45f, 1);

// A run of texts on one line, measured before it is drawn so the status line can wrap
// between runs rather than run off the window's right edge (it did at UI scale 1.5 in a
// 1280 px window).
struct TextRun {
  struct Piece {
    std::string text;
    ImVec4 color;
  };
  std::vector<Piece> pieces;

  void Add(std::string text, ImVec4 color) { pieces.push_back({std::move(text), color}); }
  float WidthPx() const {
    float w = 0;
    for (const Piece& piece : pieces) w += ImGui::CalcTextSize(piece.text.c_str()).x;
    return w + ImGui::GetStyle().ItemSpacing.x * static_cast<float>(pieces.size() > 0 ? pieces.size() - 1 : 0);
  }
  void Draw() const {
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      if (i > 0) ImGui::SameLine();
      ImGui::TextColored(pieces[i].color, "%s", pieces[i].text.c_str());
    }
  }
};

// Puts the next item `width_px` wide on the current line after `spacing_px` when it fits in
// the window, else starts a new line for it.
void SameLineIfFits(float width_px, float spacing_px) {
  float right = ImGui::GetItemRectMax().x + spacing_px + width_px;
  if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine(0, spacing_px);
}

// `format` with one %.0f for `value`: "updated 12 s ago".
std::string Whole(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

TextRun ProviderProgress(const AppState& s, int p) {
  const ProviderStatus& st = s.providers[static_cast<std::size_t>(p)];
  const core::ProviderDef& def = core::GetProvider(static_cast<core::ProviderId>(p));
  Rgba8 c = ProviderColor(p, s.settings.dark_theme);
  const ImVec4 text = ImGui::GetStyleColorVec4(ImGuiCol_Text), disabled = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
  TextRun run;
  run.Add(std::string(def.display_name), ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, 1));
  switch (st.phase) {
    case ProviderStatus::Phase::kIdle: run.Add("off", disabled); break;
    case ProviderStatus::Phase::kLoading:
      if (st.pages_total > 0)
        run.Add("loading " + std::to_string(st.pages_fetched) + "/" + std::to_string(st.pages_total) + " pages (" +
                    std::to_string(st.offers) + " offers)",
                text);
      else run.Add("loading...", text);
      break;
    case ProviderStatus::Phase::kDone: run.Add(std::to_string(st.offers) + " offers", text); break;
    case ProviderStatus::Phase::kError: run.Add("error", kError); break;
  }
  if (IsStale(st, s.now_ms)) run.Add(Whole("(stale, %.0f min)", DataAgeS(st, s.now_ms) / 60), kWarn);
  return run;
}

void ErrorBanner(const AppState& s) {
  for (int p = 0; p < core::kProviderCount; ++p) {
    const ProviderStatus& st = s.providers[static_cast<std::size_t>(p)];
    if (st.phase != ProviderStatus::Phase::kError) continue;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.45f, 0.1f, 0.1f, 0.75f));
    ImGui::BeginChild(("err" + std::to_string(p)).c_str(), ImVec2(0, ImGui::GetFrameHeight()), false);
    ImGui::AlignTextToFramePadding();
    bool kept = st.fetched_at_ms > 0;
    ImGui::Text(" %s%s", st.message.c_str(), kept ? "  (showing its previous offers)" : "");
    ImGui::EndChild();
    ImGui::PopStyleColor();
  }
}

void Notices(AppState& s) {
  for (std::size_t i = 0; i < s.notices.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    ImGui::TextColored(kWarn, "%s", s.notices[i].c_str());
    ImGui::SameLine();
    bool dismiss = ImGui::SmallButton("dismiss");
    ImGui::PopID();
    if (dismiss) {
      s.notices.erase(s.notices.begin() + static_cast<long>(i));
      break;
    }
  }
}

}  // namespace

void DrawStatusBar(AppState& s) {
  std::string snapshot;
  double newest_ms = 0;
  bool loading = false;
  const float gap_px = ScaledPx(s, 24);
  for (int p = 0; p < core::kProviderCount; ++p) {
    TextRun run = ProviderProgress(s, p);
    if (p > 0) SameLineIfFits(run.WidthPx(), gap_px);
    run.Draw();
    const ProviderStatus& st = s.providers[static_cast<std::size_t>(p)];
    if (!st.snapshot_time.empty()) snapshot = st.snapshot_time;
    newest_ms = std::max(newest_ms, st.fetched_at_ms);
    loading = loading || st.phase == ProviderStatus::Phase::kLoading;
  }
  if (!snapshot.empty()) {
    std::string text = "snapshot from " + snapshot;
    SameLineIfFits(ImGui::CalcTextSize(text.c_str()).x, gap_px);
    ImGui::TextColored(kWarn, "%s", text.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The proxy runs in demo mode: these are recorded offers, not live ones.");
  }
  const float refresh_px = ImGui::CalcTextSize("Refresh").x + 2 * ImGui::GetStyle().FramePadding.x;
  if (newest_ms > 0) {
    double ago_s = (s.now_ms - newest_ms) / 1000;
    std::string text = ago_s < 120 ? Whole("updated %.0f s ago", ago_s) : Whole("updated %.0f min ago", ago_s / 60);
    // "updated" and Refresh stay together.
    SameLineIfFits(ImGui::CalcTextSize(text.c_str()).x + ImGui::GetStyle().ItemSpacing.x + refresh_px, gap_px);
    ImGui::TextDisabled("%s", text.c_str());
    ImGui::SameLine();
  } else {
    SameLineIfFits(refresh_px, gap_px);
  }
  ImGui::BeginDisabled(loading);
  if (ImGui::SmallButton("Refresh")) StartLoading(s);
  ImGui::EndDisabled();
  s.status_bar_right_css = ImGui::GetItemRectMax().x;  // for the UI-scale test
  ErrorBanner(s);
  Notices(s);
}

}  // namespace offerscope::web
