// Settings: proxy URL, per-provider API keys (kept in memory, or in this browser's
// localStorage only when "remember" is ticked), theme and UI scale. Disk GB and hours live
// in the filters panel because they are part of the shared view.
#include "core/providers/registry.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "web/data_loader.hpp"
#include "web/platform/browser.hpp"
#include "web/ui/panels.hpp"

namespace offerscope::web {

namespace {
std::string KeyName(int p) { return "offerscope.key." + std::string(core::ProviderName(static_cast<core::ProviderId>(p))); }
}  // namespace

void DrawSettingsPanel(AppState& s) {
  if (!s.show_settings) return;
  ImGui::SetNextWindowSize(ImVec2(480, 360), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Settings", &s.show_settings)) return ImGui::End();
  Settings& st = s.settings;
  if (ImGui::InputTextWithHint("Proxy URL", "(the origin that served this page)", &st.proxy_url))
    StorageSet("offerscope.proxy", st.proxy_url);
  ImGui::TextDisabled("API keys are sent only to your proxy, for that provider's requests.");
  for (int p = 0; p < core::kProviderCount; ++p) {
    const core::ProviderDef& def = core::GetProvider(static_cast<core::ProviderId>(p));
    std::string label = std::string(def.display_name) + " key";
    if (ImGui::InputText(label.c_str(), &st.keys[static_cast<std::size_t>(p)], ImGuiInputTextFlags_Password) && st.remember_keys)
      StorageSet(KeyName(p), st.keys[static_cast<std::size_t>(p)]);
  }
  if (ImGui::Checkbox("Remember keys in this browser", &st.remember_keys)) {
    StorageSet("offerscope.remember", st.remember_keys ? "1" : "0");
    for (int p = 0; p < core::kProviderCount; ++p) {
      if (st.remember_keys) StorageSet(KeyName(p), st.keys[static_cast<std::size_t>(p)]);
      else StorageRemove(KeyName(p));
    }
  }
  if (ImGui::Button("Reload offers with these settings")) StartLoading(s);
  ImGui::Separator();
  if (ImGui::Checkbox("Dark theme", &st.dark_theme)) StorageSet("offerscope.theme", st.dark_theme ? "dark" : "light");
  if (ImGui::SliderFloat("UI scale", &st.ui_scale, 0.75f, 2.0f, "%.2f")) StorageSet("offerscope.scale", std::to_string(st.ui_scale));
  ImGui::End();
}

}  // namespace offerscope::web
