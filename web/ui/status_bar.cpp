// Live feedback: per-provider progress (pages fetched / total), errors in a banner that
// leaves the other providers' offers in place, "snapshot from <time>" in demo mode,
// "updated N s ago" and Refresh; plus dismissible notices (e.g. a bad share link).
#include <cstdio>

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

void ProviderProgress(const AppState& s, int p) {
  const ProviderStatus& st = s.providers[static_cast<std::size_t>(p)];
  const core::ProviderDef& def = core::GetProvider(static_cast<core::ProviderId>(p));
  Rgba8 c = ProviderColor(p, s.settings.dark_theme);
  ImGui::TextColored(ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, 1), "%s", std::string(def.display_name).c_str());
  ImGui::SameLine();
  switch (st.phase) {
    case ProviderStatus::Phase::kIdle: ImGui::TextDisabled("off"); break;
    case ProviderStatus::Phase::kLoading:
      if (st.pages_total > 0) ImGui::Text("loading %d/%d pages (%d offers)", st.pages_fetched, st.pages_total, st.offers);
      else ImGui::Text("loading...");
      break;
    case ProviderStatus::Phase::kDone: ImGui::Text("%d offers", st.offers); break;
    case ProviderStatus::Phase::kError: ImGui::TextColored(kError, "error"); break;
  }
  if (IsStale(st, s.now_ms)) {
    ImGui::SameLine();
    ImGui::TextColored(kWarn, "(stale, %.0f min)", DataAgeS(st, s.now_ms) / 60);
  }
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
  for (int p = 0; p < core::kProviderCount; ++p) {
    ProviderProgress(s, p);
    ImGui::SameLine(0, ScaledPx(s, 24));
    const ProviderStatus& st = s.providers[static_cast<std::size_t>(p)];
    if (!st.snapshot_time.empty()) snapshot = st.snapshot_time;
    newest_ms = std::max(newest_ms, st.fetched_at_ms);
    loading = loading || st.phase == ProviderStatus::Phase::kLoading;
  }
  if (!snapshot.empty()) {
    ImGui::TextColored(kWarn, "snapshot from %s", snapshot.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The proxy runs in demo mode: these are recorded offers, not live ones.");
    ImGui::SameLine(0, ScaledPx(s, 24));
  }
  if (newest_ms > 0) {
    double ago = (s.now_ms - newest_ms) / 1000;
    if (ago < 120) ImGui::TextDisabled("updated %.0f s ago", ago);
    else ImGui::TextDisabled("updated %.0f min ago", ago / 60);
    ImGui::SameLine();
  }
  ImGui::BeginDisabled(loading);
  if (ImGui::SmallButton("Refresh")) StartLoading(s);
  ImGui::EndDisabled();
  ErrorBanner(s);
  Notices(s);
}

}  // namespace offerscope::web
