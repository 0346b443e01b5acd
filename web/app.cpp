#include "web/app.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdlib>

#include "core/filter.hpp"
#include "core/query.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "web/data_loader.hpp"
#include "web/platform/browser.hpp"
#include "web/platform/clipboard.hpp"
#include "web/platform/download.hpp"
#include "web/platform/storage.hpp"
#include "web/platform/url_hash.hpp"
#include "web/ui/panels.hpp"
#include "web/ui/ui_scale.hpp"

namespace offerscope::web {

namespace {

constexpr float kFiltersWidth = 270;  // CSS px at UI scale 1

void ApplyFragment(AppState& s, const std::string& fragment) {
  core::DecodedView d = core::DecodeFragment(fragment);
  for (const std::string& n : d.notices) s.notices.push_back("Share link: " + n);
  bool reload = d.state.providers != s.view.providers || d.state.interruptible != s.view.interruptible;
  bool disk_changed = d.state.disk_gb != s.view.disk_gb;
  s.view = d.state;
  s.query_bar.text = s.view.query;
  s.url_entry_typing = false;
  s.last_fragment = core::EncodeFragment(s.view);
  if (disk_changed && s.table.size() > 0) {
    s.table.Reprice(s.view.disk_gb);
    ++s.table_version;
  }
  s.rows_dirty = true;
  if (reload) StartLoading(s);
}

void LoadSettings(AppState& s) {
  Settings& st = s.settings;
  st.remember_keys = StorageGet("offerscope.remember") == "1";
  st.proxy_url = StorageGet("offerscope.proxy");
  st.dark_theme = StorageGet("offerscope.theme") != "light";
  std::string scale = StorageGet("offerscope.scale");
  if (!scale.empty()) st.ui_scale = QuantiseUiScale(static_cast<float>(std::atof(scale.c_str())));
  if (st.remember_keys)
    for (int p = 0; p < core::kProviderCount; ++p)
      st.keys[static_cast<std::size_t>(p)] = StorageGet("offerscope.key." + std::string(core::ProviderName(static_cast<core::ProviderId>(p))));
  std::string history = StorageGet("offerscope.history");
  for (std::size_t at = 0; at < history.size();) {
    std::size_t end = history.find('\n', at);
    if (end == std::string::npos) end = history.size();
    if (end > at) s.query_bar.history.push_back(history.substr(at, end - at));
    at = end + 1;
  }
}

// ImGui 1.86 names only navigation keys; letters and '/' are the platform's (GLFW) key codes.
bool Pressed(ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key)); }

void MoveSelection(AppState& s, int to) {
  int n = static_cast<int>(s.rows.size());
  s.selected_row = std::clamp(to, 0, n - 1);
  s.scroll_to_selected = true;
}

// Whether a text box has the keyboard now. Not io.WantTextInput, which is last frame's: a
// key pressed in the frame after a click took the keyboard from a box was lost, the box no
// longer taking it and the shortcuts still thinking it did.
bool TextBoxHasKeyboard() {
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  return g.ActiveId != 0 && g.ActiveId == g.InputTextState.ID;
}

// Keys that act on the table when no text field has focus.
void HandleShortcuts(AppState& s) {
  if (TextBoxHasKeyboard()) return;
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsKeyPressed(GLFW_KEY_SLASH)) s.query_bar.focus_requested_frame = ImGui::GetFrameCount();
  if (Pressed(ImGuiKey_Escape)) s.show_details = false;
  int n = static_cast<int>(s.rows.size());
  if (n == 0) return;
  int page = 20;
  if (Pressed(ImGuiKey_DownArrow)) MoveSelection(s, s.selected_row + 1);
  if (Pressed(ImGuiKey_UpArrow)) MoveSelection(s, s.selected_row < 0 ? 0 : s.selected_row - 1);
  if (Pressed(ImGuiKey_PageDown)) MoveSelection(s, s.selected_row + page);
  if (Pressed(ImGuiKey_PageUp)) MoveSelection(s, s.selected_row - page);
  if (Pressed(ImGuiKey_Home)) MoveSelection(s, 0);
  if (Pressed(ImGuiKey_End)) MoveSelection(s, n - 1);
  if (s.selected_row < 0 || s.selected_row >= n) return;
  if (Pressed(ImGuiKey_Enter) || Pressed(ImGuiKey_KeyPadEnter)) s.show_details = true;
  if (ImGui::IsKeyPressed(GLFW_KEY_C) && !io.KeyCtrl && !io.KeySuper) AddToCompare(s, s.rows[static_cast<std::size_t>(s.selected_row)]);
}

void SyncUrl(AppState& s) {
  if (TakeUrlNavigation()) {
    ApplyFragment(s, GetUrlFragment());
    return;
  }
  bool typing = s.query_typing;
  s.query_typing = false;
  std::string now = core::EncodeFragment(s.view);
  if (now == s.last_fragment) return;
  // The first keystroke of a query pushes a history entry, the next ones replace it, and
  // any other change pushes one: back and forward step through filters, not keystrokes.
  if (typing && s.url_entry_typing) ReplaceUrlFragment(now);
  else PushUrlFragment(now);
  s.url_entry_typing = typing;
  s.last_fragment = now;
}

// ImGui's style is global: rebuilt only when the theme or the UI scale changes. Style sizes
// (padding, spacing, scrollbars, rounding) follow the UI scale like the font does, or a
// larger font would sit in frames and rows sized for the smaller one.
void ApplyTheme(const AppState& s) {
  static bool applied_dark = false;
  static float applied_scale = 0;  // 0: never applied
  if (applied_scale == s.settings.ui_scale && applied_dark == s.settings.dark_theme) return;
  applied_dark = s.settings.dark_theme;
  applied_scale = s.settings.ui_scale;
  ImGuiStyle& st = ImGui::GetStyle();
  st = ImGuiStyle();  // the defaults at scale 1, then colours, our sizes, and the scale
  if (applied_dark) ImGui::StyleColorsDark();
  else ImGui::StyleColorsLight();
  st.WindowRounding = 4;
  st.FrameRounding = 3;
  st.CellPadding = ImVec2(6, 3);
  // Floating windows (details, compare...) are opaque: table text showing through them
  // made both unreadable.
  st.Colors[ImGuiCol_WindowBg].w = 1;
  st.Colors[ImGuiCol_PopupBg].w = 1;
  st.ScaleAllSizes(applied_scale);  // rounds each size down to whole CSS pixels
}

void ExportMenu(AppState& s) {
  if (!ImGui::BeginMenu("Export")) return;
  std::string what = std::to_string(s.rows.size()) + " filtered rows";
  if (ImGui::MenuItem(("CSV (" + what + ")").c_str())) DownloadFile("offerscope-offers.csv", "text/csv", ExportCsv(s));
  if (ImGui::MenuItem(("JSON (" + what + ")").c_str())) DownloadFile("offerscope-offers.json", "application/json", ExportJson(s));
  ImGui::EndMenu();
}

void MenuBar(AppState& s) {
  if (!ImGui::BeginMenuBar()) return;
  ImGui::TextUnformatted("OfferScope");
  ImGui::Separator();
  ImGui::MenuItem("Chart", nullptr, &s.show_chart);
  ImGui::MenuItem("Groups", nullptr, &s.show_groups);
  std::string compare = "Compare (" + std::to_string(s.view.compare.size()) + ")";
  ImGui::MenuItem(compare.c_str(), nullptr, &s.show_compare);
  if (ImGui::MenuItem("My instances", nullptr, &s.show_instances) && s.show_instances) LoadInstances(s);
  ImGui::MenuItem("Settings", nullptr, &s.show_settings);
  ExportMenu(s);
  if (ImGui::Button("Copy link")) {
    CopyToClipboard(PageUrlWithoutFragment() + "#" + core::EncodeFragment(s.view));
    s.link_copied_ms = s.now_ms;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The address bar always holds this view; this copies it.");
  if (s.link_copied_ms > 0 && s.now_ms - s.link_copied_ms < 2000) ImGui::TextDisabled("copied");
  ImGui::EndMenuBar();
}

void MainLayout(AppState& s) {
  DrawStatusBar(s);
  DrawQueryBar(s);
  ImGui::BeginChild("filters", ImVec2(ScaledPx(s, kFiltersWidth), 0), true);
  DrawFiltersPanel(s);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("main", ImVec2(0, 0), false);
  float chart_h = s.show_chart ? std::max(ScaledPx(s, 220), ImGui::GetContentRegionAvail().y * 0.42f) : 0;
  ImGui::BeginChild("table", ImVec2(0, ImGui::GetContentRegionAvail().y - chart_h), false);
  DrawOfferTable(s);
  ImGui::EndChild();
  if (s.show_chart) {
    ImGui::BeginChild("chart", ImVec2(0, 0), true);
    DrawChartPanel(s);
    ImGui::EndChild();
  }
  ImGui::EndChild();
}

}  // namespace

void StartApp(AppState& s) {
  LoadSettings(s);
  ApplyFragment(s, GetUrlFragment());
  StartLoading(s);
}

void ReplaceTable(AppState& s, std::vector<core::Offer> offers) {
  // Row numbers mean nothing in the new table: remember the selection by its key.
  if (s.selected_row >= 0 && s.selected_row < static_cast<int>(s.rows.size()))
    s.reselect_key = OfferKey(s.table.offer(s.rows[static_cast<std::size_t>(s.selected_row)]));
  s.table.Assign(std::move(offers));
  s.rows.clear();
  s.selected_row = -1;
  ++s.table_version;
  s.rows_dirty = true;
}

namespace {

// The query as a filter; on an error, the message goes to the query bar and `ok` is false.
core::Result<core::Filter> CompileQuery(const std::string& text, core::ParsedQuery& q, core::QueryMessage& err) {
  if (!core::ParseQuery(text, q, err)) return core::Result<core::Filter>::Fail(err.message);
  core::Result<core::Filter> f = core::CompileFilter(q);
  if (!f.ok()) err = {0, text.size(), f.error};
  return f;
}

}  // namespace

void RecomputeRows(AppState& s) {
  s.rows_dirty = false;
  core::ParsedQuery q;
  core::QueryMessage err;
  core::Result<core::Filter> f = CompileQuery(s.view.query, q, err);
  s.query_bar.has_error = !f.ok();
  if (f.ok()) {
    s.rows_query = s.view.query;
  } else {
    s.query_bar.error = err;
    // Mid-typo the table keeps showing the last query that worked (re-sorted or refilled
    // when the sort or the data changed meanwhile), so a typo never blanks it.
    q = core::ParsedQuery{};
    f = CompileQuery(s.rows_query, q, err);
    if (!f.ok()) return;
  }
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
  // While a query is typed most keystrokes leave the filter as it was (mid-word the text
  // does not parse and the last good query stays) or only add to it: skip or narrow the
  // work then; a pass over every offer plus a sort is most of a keystroke's cost at 100,000.
  const bool same_input = s.rows_table_version == s.table_version && s.rows_sort == s.view.sort;
  const bool narrower = same_input && core::Refines(f.value, s.rows_filter);
  if (narrower && core::Refines(s.rows_filter, f.value)) {
    s.rows_filter = std::move(f.value);  // same rows; keep the text's own form of them
    return;
  }
  std::uint32_t selected = s.selected_row >= 0 && s.selected_row < static_cast<int>(s.rows.size())
                               ? s.rows[static_cast<std::size_t>(s.selected_row)]
                               : core::kNoRow;
  if (narrower) s.table.NarrowRows(f.value, s.rows);
  else s.table.Query(f.value, s.view.sort, s.rows);
  s.rows_filter = std::move(f.value);
  s.rows_sort = s.view.sort;
  s.rows_table_version = s.table_version;
  s.selected_row = -1;
  for (std::size_t i = 0; i < s.rows.size() && (selected != core::kNoRow || !s.reselect_key.empty()); ++i) {
    bool same = selected != core::kNoRow ? s.rows[i] == selected : OfferHasKey(s.table.offer(s.rows[i]), s.reselect_key);
    if (same) {
      s.selected_row = static_cast<int>(i);
      break;
    }
  }
  s.reselect_key.clear();
  ++s.rows_version;
}

void DrawApp(AppState& s) {
  s.now_ms = NowMs();
  ApplyTheme(s);
  SyncUrl(s);
  if (s.rows_dirty) RecomputeRows(s);
  HandleShortcuts(s);

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  // Unfilled: the frame's clear colour is this window's background (see web/main.cpp).
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0, 0, 0, 0));
  ImGui::Begin("OfferScope", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_MenuBar);
  ImGui::PopStyleColor();
  MenuBar(s);
  MainLayout(s);
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
