// The query bar: Vast's language plus neutral fields, the error shown under the text at
// its position, history (up/down in the box) and completion of field names and GPU models.
#include <cstring>

#include "core/catalog.hpp"
#include "core/fields.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "web/ui/panels.hpp"

namespace offerscope::web {

namespace {

// The word under the end of the text, and whether it is a value (after an operator).
std::string LastWord(const std::string& text, bool& is_value) {
  std::size_t start = text.find_last_of(" =<>!,[");
  is_value = start != std::string::npos && std::strchr("=<>!,[", text[start]) != nullptr;
  return text.substr(start == std::string::npos ? 0 : start + 1);
}

std::vector<std::string> Completions(const std::string& text) {
  bool is_value = false;
  std::string word = LastWord(text, is_value);
  std::vector<std::string> out;
  if (word.empty()) return out;
  auto starts = [&](std::string_view cand) {
    if (cand.size() < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(cand[i])) != std::tolower(static_cast<unsigned char>(word[i]))) return false;
    return cand.size() > word.size();
  };
  if (is_value) {
    for (const core::GpuSpec& g : core::AllGpus()) {
      std::string spelled(g.name);
      for (char& c : spelled) if (c == ' ') c = '_';  // the query language's space
      if (starts(spelled)) out.push_back(spelled);
      if (out.size() >= 8) break;
    }
  } else {
    for (int i = 0; i < core::kFieldCount; ++i) {
      std::string_view n = core::Info(static_cast<core::Field>(i)).name;
      if (starts(n)) out.emplace_back(n);
    }
  }
  return out;
}

}  // namespace

void DrawQueryBar(AppState& s) {
  QueryBarState& q = s.query_bar;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Filter");
  ImGui::SameLine();
  if (q.focus_requested) {
    ImGui::SetKeyboardFocusHere();
    q.focus_requested = false;
  }
  ImGui::SetNextItemWidth(-230);
  bool has_error = q.has_error;
  if (has_error) ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0.45f, 0.12f, 0.12f, 1));
  ImVec2 box_pos = ImGui::GetCursorScreenPos();
  bool enter = ImGui::InputTextWithHint("##query", "e.g. gpu=H100 gpu_count>=8 price_per_gpu<2.5 country notin [CN]",
                                        &q.text, ImGuiInputTextFlags_EnterReturnsTrue);
  if (has_error) ImGui::PopStyleColor();
  bool active = ImGui::IsItemActive();
  if (ImGui::IsItemEdited()) {
    s.view.query = q.text;
    s.query_typing = true;
    s.rows_dirty = true;
  }
  if (enter) {
    s.view.query = q.text;
    s.rows_dirty = true;
    s.query_committed = true;
    if (!q.text.empty() && (q.history.empty() || q.history.back() != q.text)) q.history.push_back(q.text);
  }
  ImGui::SameLine();
  if (ImGui::Button("History")) ImGui::OpenPopup("query_history");
  if (ImGui::BeginPopup("query_history")) {
    if (q.history.empty()) ImGui::TextDisabled("Queries you commit with Enter appear here.");
    for (auto it = q.history.rbegin(); it != q.history.rend(); ++it)
      if (ImGui::Selectable(it->c_str())) q.text = s.view.query = *it, s.rows_dirty = true;
    ImGui::EndPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Clear")) q.text.clear(), s.view.query.clear(), s.rows_dirty = true;
  ImGui::SameLine();
  ImGui::TextDisabled("%zu of %zu", s.rows.size(), s.table.size());

  if (active) {
    std::vector<std::string> options = Completions(q.text);
    if (!options.empty()) {
      ImGui::SetNextWindowPos(ImVec2(box_pos.x + 40, box_pos.y + ImGui::GetFrameHeight()));
      ImGui::BeginTooltip();
      ImGui::TextDisabled("Tab completes:");
      for (const std::string& o : options) ImGui::TextUnformatted(o.c_str());
      ImGui::EndTooltip();
      if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Tab))) {
        bool is_value = false;
        std::string word = LastWord(q.text, is_value);
        q.text = q.text.substr(0, q.text.size() - word.size()) + options[0];
        s.view.query = q.text;
        s.rows_dirty = true;
      }
    }
  }
  if (q.has_error) {
    // A caret under the offending text, then the message.
    float x = ImGui::CalcTextSize(q.text.substr(0, std::min(q.error.pos, q.text.size())).c_str()).x;
    ImGui::SetCursorScreenPos(ImVec2(box_pos.x + ImGui::GetStyle().FramePadding.x + x, ImGui::GetCursorScreenPos().y));
    ImGui::TextColored(ImVec4(1, 0.45f, 0.45f, 1), "^ %s (column %zu)", q.error.message.c_str(), q.error.pos + 1);
  } else if (!q.warnings.empty()) {
    ImGui::TextColored(ImVec4(0.95f, 0.75f, 0.3f, 1), "%s", q.warnings.front().c_str());
  }
}

}  // namespace offerscope::web
