#include "web/app.hpp"

#include <GLFW/glfw3.h>

#include "core/filter.hpp"
#include "core/offer_json.hpp"
#include "core/query.hpp"
#include "imgui.h"
#include "web/data_loader.hpp"
#include "web/platform/browser.hpp"
#include "web/ui/panels.hpp"

namespace offerscope::web {

namespace {

void ApplyFragment(AppState& s, const std::string& fragment) {
  core::DecodedView d = core::DecodeFragment(fragment);
  for (const std::string& n : d.notices) s.notices.push_back("Share link: " + n);
  bool providers_changed = d.state.providers != s.view.providers || d.state.interruptible != s.view.interruptible;
  bool disk_changed = d.state.disk_gb != s.view.disk_gb;
  s.view = d.state;
  s.query_bar.text = s.view.query;
  s.last_fragment = core::EncodeFragment(s.view);
  if (disk_changed) s.table.Reprice(s.view.disk_gb);
  s.rows_dirty = true;
  if (providers_changed) StartLoading(s);
}

void LoadSettings(AppState& s) {
  s.settings.remember_keys = StorageGet("offerscope.remember") == "1";
  s.settings.proxy_url = StorageGet("offerscope.proxy");
  s.settings.dark_theme = StorageGet("offerscope.theme") != "light";
  std::string scale = StorageGet("offerscope.scale");
  if (!scale.empty()) s.settings.ui_scale = std::max(0.75f, std::min(2.0f, static_cast<float>(std::atof(scale.c_str()))));
  if (s.settings.remember_keys)
    for (int p = 0; p < core::kProviderCount; ++p)
      s.settings.keys[p] = StorageGet("offerscope.key." + std::string(core::ProviderName(static_cast<core::ProviderId>(p))));
}

// ImGui 1.86 names only navigation keys; letters are the platform's (GLFW) key codes.
bool Pressed(ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key)); }

// Keys that act on the table when no text field has focus.
void HandleShortcuts(AppState& s) {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  if (ImGui::IsKeyPressed(GLFW_KEY_SLASH)) s.query_bar.focus_requested = true;
  int n = static_cast<int>(s.rows.size());
  if (n == 0) return;
  if (Pressed(ImGuiKey_DownArrow)) s.selected_row = std::min(n - 1, s.selected_row + 1), s.scroll_to_selected = true;
  if (Pressed(ImGuiKey_UpArrow)) s.selected_row = std::max(0, s.selected_row - 1), s.scroll_to_selected = true;
  if (s.selected_row >= 0 && s.selected_row < n) {
    if (Pressed(ImGuiKey_Enter) || Pressed(ImGuiKey_KeyPadEnter)) s.show_details = true;
    if (ImGui::IsKeyPressed(GLFW_KEY_C)) AddToCompare(s, s.rows[s.selected_row]);
  }
}

void SyncUrl(AppState& s) {
  if (TakeUrlNavigation()) {
    ApplyFragment(s, GetUrlFragment());
    s.url_entry_typing = false;
    return;
  }
  // History holds filters, not keystrokes: the first keystroke after a committed view adds
  // an entry (so back returns to that view), later keystrokes replace it, Enter commits it,
  // and any other change (sort, columns, chart, compare) adds an entry of its own.
  std::string now = core::EncodeFragment(s.view);
  bool commit = s.query_committed;
  s.query_committed = false;
  if (now == s.last_fragment) {
    if (commit) s.url_entry_typing = false;
    s.query_typing = false;
    return;
  }
  if (s.query_typing) {
    if (s.url_entry_typing) ReplaceUrlFragment(now);
    else PushUrlFragment(now);
    s.url_entry_typing = !commit;
  } else if (commit && s.url_entry_typing) {
    ReplaceUrlFragment(now);
    s.url_entry_typing = false;
  } else {
    PushUrlFragment(now);
    s.url_entry_typing = false;
  }
  s.query_typing = false;
  s.last_fragment = now;
}

void ApplyTheme(const AppState& s) {
  static int applied = -1;
  int want = s.settings.dark_theme ? 1 : 0;
  if (applied == want) return;
  applied = want;
  if (want) ImGui::StyleColorsDark();
  else ImGui::StyleColorsLight();
  ImGuiStyle& st = ImGui::GetStyle();
  st.WindowRounding = 4;
  st.FrameRounding = 3;
  st.CellPadding = ImVec2(6, 3);
}

}  // namespace

void StartApp(AppState& s) {
  LoadSettings(s);
  ApplyFragment(s, GetUrlFragment());
  StartLoading(s);
}

void RecomputeRows(AppState& s) {
  core::ParsedQuery q;
  core::QueryMessage err;
  if (!core::ParseQuery(s.view.query, q, err)) {
    s.query_bar.has_error = true;
    s.query_bar.error = err;
    s.rows_dirty = false;
    return;
  }
  core::Result<core::Filter> f = core::CompileFilter(q);
  if (!f.ok()) {
    s.query_bar.has_error = true;
    s.query_bar.error = {0, s.view.query.size(), f.error};
    s.rows_dirty = false;
    return;
  }
  s.query_bar.has_error = false;
  s.query_bar.warnings.clear();
  for (const auto& w : q.warnings) s.query_bar.warnings.push_back(w.message);
  for (const auto& w : f.value.warnings) s.query_bar.warnings.push_back(w.message);
  // Providers switched off in the view are filtered here too.
  if (!s.view.providers.empty()) {
    core::Condition c;
    c.field = core::Field::kProvider;
    c.op = core::Op::kIn;
    for (core::ProviderId p : s.view.providers) c.texts.emplace_back(core::ProviderName(p));
    f.value.conditions.push_back(c);
  }
  std::string selected_key = s.selected_row >= 0 && s.selected_row < static_cast<int>(s.rows.size())
                                 ? OfferKey(s.table.offer(s.rows[s.selected_row]))
                                 : std::string();
  s.table.Query(f.value, s.view.sort, s.rows);
  s.selected_row = -1;
  if (!selected_key.empty())
    for (std::size_t i = 0; i < s.rows.size(); ++i)
      if (OfferKey(s.table.offer(s.rows[i])) == selected_key) s.selected_row = static_cast<int>(i);
  ++s.rows_version;
  s.rows_dirty = false;
}

void DrawApp(AppState& s) {
  s.now_ms = NowMs();
  ApplyTheme(s);
  ImGui::GetIO().FontGlobalScale = s.settings.ui_scale / ImGui::GetIO().DisplayFramebufferScale.x;
  SyncUrl(s);
  if (s.rows_dirty) RecomputeRows(s);
  HandleShortcuts(s);

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("OfferScope", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_MenuBar);
  if (ImGui::BeginMenuBar()) {
    ImGui::TextUnformatted("OfferScope");
    ImGui::Separator();
    ImGui::MenuItem("Chart", nullptr, &s.show_chart);
    ImGui::MenuItem("Groups", nullptr, &s.show_groups);
    if (ImGui::MenuItem("Compare", nullptr, &s.show_compare)) {}
    if (ImGui::MenuItem("My instances", nullptr, &s.show_instances) && s.show_instances) LoadInstances(s);
    ImGui::MenuItem("Settings", nullptr, &s.show_settings);
    if (ImGui::BeginMenu("Export")) {
      if (ImGui::MenuItem("CSV (filtered rows)")) DownloadFile("offers.csv", "text/csv", ExportCsv(s));
      if (ImGui::MenuItem("JSON (filtered rows)")) DownloadFile("offers.json", "application/json", ExportJson(s));
      ImGui::EndMenu();
    }
    if (ImGui::Button("Copy link")) CopyToClipboard(PageOrigin() + "/#" + core::EncodeFragment(s.view));
    ImGui::EndMenuBar();
  }
  DrawStatusBar(s);
  DrawQueryBar(s);
  float filters_w = 250;
  ImGui::BeginChild("filters", ImVec2(filters_w, 0), true);
  DrawFiltersPanel(s);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("main", ImVec2(0, 0), false);
  float chart_h = s.show_chart ? std::max(220.0f, ImGui::GetContentRegionAvail().y * 0.42f) : 0;
  ImGui::BeginChild("table", ImVec2(0, ImGui::GetContentRegionAvail().y - chart_h), false);
  DrawOfferTable(s);
  ImGui::EndChild();
  if (s.show_chart) {
    ImGui::BeginChild("chart", ImVec2(0, 0), true);
    DrawChartPanel(s);
    ImGui::EndChild();
  }
  ImGui::EndChild();
  ImGui::End();

  DrawDetailsPanel(s);
  DrawComparePanel(s);
  DrawGroupsPanel(s);
  DrawInstancesPanel(s);
  DrawSettingsPanel(s);
  // Ready once the user sees an answer: rows, or (every provider settled) an empty result or
  // a query error. A share link with a broken query is still a page that has loaded.
  if (!s.first_rows_shown) {
    bool settled = true;
    for (const ProviderStatus& p : s.providers)
      if (p.phase == ProviderStatus::Phase::kLoading || p.phase == ProviderStatus::Phase::kIdle) settled = false;
    s.first_rows_shown = !s.rows.empty() || settled;
  }
}

}  // namespace offerscope::web
