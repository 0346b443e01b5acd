// Settings: proxy URL, per-provider API keys (kept in memory, or in this browser's
// localStorage only when "remember" is ticked), theme and UI scale. Disk GB and hours live
// in the filters panel because they are part of the shared view. Nothing here is ever put
// in the share URL.
#include <cmath>
#include <cstdio>
#include <string>

#include "core/providers/registry.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "web/data_loader.hpp"
#include "web/platform/storage.hpp"
#include "web/ui/panels.hpp"
#include "web/ui/ui_scale.hpp"

namespace offerscope::web {

namespace {

std::string KeyName(int p) { return "offerscope.key." + std::string(core::ProviderName(static_cast<core::ProviderId>(p))); }

void KeysSection(AppState& s) {
  Settings& st = s.settings;
  ImGui::TextDisabled("Keys go only to your proxy, in one header on that provider's requests.");
  for (int p = 0; p < core::kProviderCount; ++p) {
    const core::ProviderDef& def = core::GetProvider(static_cast<core::ProviderId>(p));
    std::string label = std::string(def.display_name) + " API key";
    std::string& key = st.keys[static_cast<std::size_t>(p)];
    ImGui::SetNextItemWidth(ScaledPx(s, -170));
    if (ImGui::InputTextWithHint(label.c_str(), def.offers_need_key ? "needed for offers" : "optional", &key,
                                 ImGuiInputTextFlags_Password) &&
        st.remember_keys)
      StorageSet(KeyName(p), key);
  }
  if (ImGui::Checkbox("Remember keys in this browser", &st.remember_keys)) {
    StorageSet("offerscope.remember", st.remember_keys ? "1" : "0");
    for (int p = 0; p < core::kProviderCount; ++p) {
      if (st.remember_keys) StorageSet(KeyName(p), st.keys[static_cast<std::size_t>(p)]);
      else StorageRemove(KeyName(p));
    }
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Unticked: keys live in this tab's memory only and are gone on reload.");
  ImGui::SameLine();
  if (ImGui::Button("Forget keys")) {
    for (int p = 0; p < core::kProviderCount; ++p) {
      st.keys[static_cast<std::size_t>(p)].clear();
      StorageRemove(KeyName(p));
    }
  }
}

}  // namespace

void DrawSettingsPanel(AppState& s) {
  if (!s.show_settings) return;
  ImGui::SetNextWindowSize(ImVec2(ScaledPx(s, 560), ScaledPx(s, 330)), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowPos(ImVec2(ScaledPx(s, 360), ScaledPx(s, 120)), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Settings", &s.show_settings)) return ImGui::End();
  Settings& st = s.settings;
  ImGui::SetNextItemWidth(ScaledPx(s, -170));
  if (ImGui::InputTextWithHint("Proxy URL", "(the origin that served this page)", &st.proxy_url))
    StorageSet("offerscope.proxy", st.proxy_url);
  ImGui::Separator();
  KeysSection(s);
  if (ImGui::Button("Reload offers with these settings")) StartLoading(s);
  ImGui::Separator();
  if (ImGui::Checkbox("Dark theme", &st.dark_theme)) StorageSet("offerscope.theme", st.dark_theme ? "dark" : "light");
  ImGui::SetNextItemWidth(ScaledPx(s, 200));
  // The slider moves in the scale's 0.05 steps (ui_scale.hpp), so that a drag rebuilds the
  // font atlas once per step, not once per pixel, and the knob and the number show the
  // scale in use. The format is the value as text: ImGui prints a format with no %d as is.
  int steps = static_cast<int>(std::lround(st.ui_scale / kUiScaleStep));
  char shown[8];
  std::snprintf(shown, sizeof shown, "%.2f", st.ui_scale);
  if (ImGui::SliderInt("UI scale", &steps, static_cast<int>(std::lround(kUiScaleMin / kUiScaleStep)),
                       static_cast<int>(std::lround(kUiScaleMax / kUiScaleStep)), shown, ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_NoInput)) {
    st.ui_scale = QuantiseUiScale(static_cast<float>(steps) * kUiScaleStep);
    std::snprintf(shown, sizeof shown, "%.2f", st.ui_scale);
    StorageSet("offerscope.scale", shown);
  }
  ImGui::End();
}

}  // namespace offerscope::web
