// Live feedback: per-provider progress (pages fetched / total), errors in a banner that
// leaves the other providers' offers in place, "snapshot from <time>" in demo mode,
// "updated N s ago" and Refresh; plus dismissible notices (e.g. a bad share link).
#include <cstdio>

#include "core/providers/registry.hpp"
#include "imgui.h"
#include "web/data_loader.hpp"
#include "web/ui/chart_colors.hpp"
#include "web/ui/panels.hpp"

namespace offerscope::web {

void DrawStatusBar(AppState& s) {
  std::string snapshot;
  double newest_ms = 0;
  for (int p = 0; p < core::kProviderCount; ++p) {
    const ProviderStatus& st = s.providers[static_cast<std::size_t>(p)];
    const core::ProviderDef& def = core::GetProvider(static_cast<core::ProviderId>(p));
    Rgba8 c = ProviderColor(p, s.settings.dark_theme);
    ImGui::TextColored(ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, 1), "%s", std::string(def.display_name).c_str());
    ImGui::SameLine();
    switch (st.phase) {
      case ProviderStatus::Phase::kIdle: ImGui::TextDisabled("off"); break;
      case ProviderStatus::Phase::kLoading:
        ImGui::Text("loading %d/%s pages", st.pages_fetched, st.pages_total ? std::to_string(st.pages_total).c_str() : "?");
        break;
      case ProviderStatus::Phase::kDone: ImGui::Text("%d offers", st.offers); break;
      case ProviderStatus::Phase::kError: ImGui::TextColored(ImVec4(1, 0.45f, 0.45f, 1), "error"); break;
    }
    ImGui::SameLine(0, 24);
    if (!st.snapshot_time.empty()) snapshot = st.snapshot_time;
    newest_ms = std::max(newest_ms, st.fetched_at_ms);
  }
  if (!snapshot.empty()) {
    ImGui::TextColored(ImVec4(0.95f, 0.75f, 0.3f, 1), "demo snapshot from %s", snapshot.c_str());
    ImGui::SameLine(0, 24);
  }
  if (newest_ms > 0) {
    ImGui::TextDisabled("updated %.0f s ago", (s.now_ms - newest_ms) / 1000);
    ImGui::SameLine();
  }
  if (ImGui::SmallButton("Refresh")) StartLoading(s);

  for (int p = 0; p < core::kProviderCount; ++p) {
    const ProviderStatus& st = s.providers[static_cast<std::size_t>(p)];
    if (st.phase != ProviderStatus::Phase::kError) continue;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.45f, 0.1f, 0.1f, 0.6f));
    ImGui::BeginChild(("err" + std::to_string(p)).c_str(), ImVec2(0, ImGui::GetFrameHeightWithSpacing()), false);
    ImGui::Text(" %s", st.message.c_str());
    ImGui::EndChild();
    ImGui::PopStyleColor();
  }
  for (std::size_t i = 0; i < s.notices.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    ImGui::TextColored(ImVec4(0.95f, 0.75f, 0.3f, 1), "%s", s.notices[i].c_str());
    ImGui::SameLine();
    bool dismiss = ImGui::SmallButton("dismiss");
    ImGui::PopID();
    if (dismiss) {
      s.notices.erase(s.notices.begin() + static_cast<long>(i));
      break;
    }
  }
}

}  // namespace offerscope::web
