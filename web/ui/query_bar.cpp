// The query bar: Vast's language plus neutral fields. The error is underlined in the text and
// explained under it at its column; Up/Down walk the history of committed queries; Tab
// completes field names, GPU models, providers and countries.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

#include "core/catalog.hpp"
#include "core/fields.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "imgui_stdlib.h"
#include "web/platform/storage.hpp"
#include "web/ui/panels.hpp"
#include "web/ui/ui_scale.hpp"

namespace offerscope::web {

namespace {

constexpr const char* kWordBreaks = " =<>!,[]";
constexpr std::size_t kMaxCompletions = 10;
constexpr std::size_t kMaxHistory = 50;
// The box is active one frame after it is asked for (ActivateItem); a few more for slack.
constexpr int kMaxFocusingFrames = 6;

bool StartsWithNoCase(std::string_view cand, std::string_view word) {
  if (cand.size() <= word.size()) return false;  // nothing left to complete
  for (std::size_t i = 0; i < word.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(cand[i])) != std::tolower(static_cast<unsigned char>(word[i]))) return false;
  return true;
}

bool EndsWithWord(std::string_view head, std::string_view word) {
  if (head.size() < word.size() || head.substr(head.size() - word.size()) != word) return false;
  return head.size() == word.size() || head[head.size() - word.size() - 1] == ' ';
}

// The field a value being typed belongs to: "gpu" for "gpu=H1", "gpu in [A10,H1" or
// "gpu notin [". Empty when the word is not a value.
std::string FieldOfValue(std::string_view head) {
  std::size_t end = head.size();
  std::size_t lb = head.rfind('['), rb = head.rfind(']');
  bool in_list = lb != std::string_view::npos && (rb == std::string_view::npos || rb < lb);
  if (in_list) end = lb;
  std::size_t before_ops = end;
  while (end > 0 && std::strchr("=<>! ", head[end - 1])) --end;
  bool had_op = end < before_ops && head.substr(end, before_ops - end).find_first_of("=<>!") != std::string_view::npos;
  for (std::string_view w : {"notin", "in"})
    if (EndsWithWord(head.substr(0, end), w)) {
      end -= w.size();
      while (end > 0 && head[end - 1] == ' ') --end;
      had_op = true;
      break;
    }
  if (!had_op && !in_list) return {};
  std::size_t start = end;
  while (start > 0 && (std::isalnum(static_cast<unsigned char>(head[start - 1])) || head[start - 1] == '_')) --start;
  return std::string(head.substr(start, end - start));
}

struct CompletionContext {
  std::size_t word_start = 0;
  std::string word;
  std::string value_field;  // empty: completing a field name
};

CompletionContext ContextAt(const std::string& text, std::size_t cursor) {
  CompletionContext c;
  std::string_view head(text.data(), std::min(cursor, text.size()));
  std::size_t b = head.find_last_of(kWordBreaks);
  c.word_start = b == std::string_view::npos ? 0 : b + 1;
  c.word = std::string(head.substr(c.word_start));
  c.value_field = FieldOfValue(head.substr(0, c.word_start));
  return c;
}

void AddIfMatches(std::vector<std::string>& out, std::string value, const std::string& word) {
  for (char& ch : value)
    if (ch == ' ') ch = '_';  // the query language's space
  if (out.size() < kMaxCompletions && StartsWithNoCase(value, word) &&
      std::find(out.begin(), out.end(), value) == out.end())
    out.push_back(std::move(value));
}

std::vector<std::string> Completions(const AppState& s, const CompletionContext& c) {
  std::vector<std::string> out;
  if (c.word.empty()) return out;
  std::optional<core::Field> field = c.value_field.empty() ? std::nullopt : core::FieldFromName(c.value_field);
  if (c.value_field.empty()) {
    for (int i = 0; i < core::kFieldCount; ++i) AddIfMatches(out, std::string(core::Info(static_cast<core::Field>(i)).name), c.word);
  } else if (field == core::Field::kGpu) {
    for (const auto& [gpu, n] : s.facets.gpus) AddIfMatches(out, gpu, c.word);  // on the market first
    for (const core::GpuSpec& g : core::AllGpus()) AddIfMatches(out, std::string(g.name), c.word);
  } else if (field == core::Field::kProvider) {
    for (int p = 0; p < core::kProviderCount; ++p)
      AddIfMatches(out, std::string(core::ProviderName(static_cast<core::ProviderId>(p))), c.word);
  } else if (field == core::Field::kCountry) {
    for (const auto& [country, n] : s.facets.countries) AddIfMatches(out, country, c.word);
  } else if (field && core::Info(*field).type == core::FieldType::kBool) {
    AddIfMatches(out, "true", c.word);
    AddIfMatches(out, "false", c.word);
  }
  return out;
}

// Tab: the candidates' common prefix, or the first candidate when that adds nothing.
std::string CompletionFor(const std::vector<std::string>& options, const std::string& word) {
  std::string common = options.front();
  for (const std::string& o : options) {
    std::size_t n = 0;
    while (n < common.size() && n < o.size() &&
           std::tolower(static_cast<unsigned char>(common[n])) == std::tolower(static_cast<unsigned char>(o[n])))
      ++n;
    common.resize(n);
  }
  return common.size() > word.size() ? common : options.front();
}

void ReplaceAll(ImGuiInputTextCallbackData* data, const std::string& text) {
  data->DeleteChars(0, data->BufTextLen);
  data->InsertChars(0, text.c_str());
}

int BoxCallback(ImGuiInputTextCallbackData* data) {
  AppState& s = *static_cast<AppState*>(data->UserData);
  QueryBarState& q = s.query_bar;
  if (data->EventFlag == ImGuiInputTextFlags_CallbackAlways) {
    q.cursor = data->CursorPos;
  } else if (data->EventFlag == ImGuiInputTextFlags_CallbackCompletion) {
    std::string text(data->Buf, static_cast<std::size_t>(data->BufTextLen));
    CompletionContext c = ContextAt(text, static_cast<std::size_t>(data->CursorPos));
    std::vector<std::string> options = Completions(s, c);
    if (options.empty()) return 0;
    std::string pick = CompletionFor(options, c.word);
    data->DeleteChars(static_cast<int>(c.word_start), static_cast<int>(c.word.size()));
    data->InsertChars(static_cast<int>(c.word_start), pick.c_str());
  } else if (data->EventFlag == ImGuiInputTextFlags_CallbackHistory && !q.history.empty()) {
    int n = static_cast<int>(q.history.size());
    if (data->EventKey == ImGuiKey_UpArrow) q.history_pos = q.history_pos < 0 ? n - 1 : std::max(0, q.history_pos - 1);
    else if (q.history_pos >= 0) q.history_pos = q.history_pos + 1 < n ? q.history_pos + 1 : -1;
    ReplaceAll(data, q.history_pos < 0 ? std::string() : q.history[static_cast<std::size_t>(q.history_pos)]);
  }
  return 0;
}

void Commit(AppState& s) {
  QueryBarState& q = s.query_bar;
  s.view.query = q.text;
  s.rows_dirty = true;
  s.query_typing = false;
  s.url_entry_typing = false;  // the next keystroke starts a new history entry
  q.history_pos = -1;
  if (q.text.empty() || (!q.history.empty() && q.history.back() == q.text)) return;
  q.history.erase(std::remove(q.history.begin(), q.history.end(), q.text), q.history.end());
  q.history.push_back(q.text);
  if (q.history.size() > kMaxHistory) q.history.erase(q.history.begin());
  // Queries are no secret (they are in the URL anyway): keep them for the next visit.
  std::string saved;
  for (const std::string& h : q.history) saved += h + "\n";
  StorageSet("offerscope.history", saved);
}

void SetText(AppState& s, const std::string& text) { CommitQuery(s, text); }

// The error: a red underline under the offending text in the box, and the message below,
// starting under it.
void DrawError(const QueryBarState& q, ImVec2 box_pos, float box_w) {
  const ImGuiStyle& st = ImGui::GetStyle();
  std::size_t pos = std::min(q.error.pos, q.text.size());
  std::size_t len = std::max<std::size_t>(1, std::min(q.error.len, q.text.size() - pos));
  float x0 = ImGui::CalcTextSize(q.text.c_str(), q.text.c_str() + pos).x;
  float x1 = x0 + (pos < q.text.size() ? ImGui::CalcTextSize(q.text.c_str() + pos, q.text.c_str() + pos + len).x
                                       : ImGui::CalcTextSize(" ").x);
  float left = box_pos.x + st.FramePadding.x;
  float y = box_pos.y + ImGui::GetFrameHeight() - st.FramePadding.y + 1;
  if (left + x1 < box_pos.x + box_w)
    ImGui::GetWindowDrawList()->AddLine(ImVec2(left + x0, y), ImVec2(left + x1, y), IM_COL32(255, 110, 110, 255), 2);
  char msg[512];
  std::snprintf(msg, sizeof msg, "^ %s (column %zu)", q.error.message.c_str(), q.error.pos + 1);
  float at = std::min(left + x0, box_pos.x + std::max(0.0f, box_w - ImGui::CalcTextSize(msg).x));
  ImGui::SetCursorScreenPos(ImVec2(at, ImGui::GetCursorScreenPos().y));
  ImGui::TextColored(ImVec4(1, 0.45f, 0.45f, 1), "%s", msg);
}

// The list at `at`; returns where it was drawn (x0, y0, x1, y1).
std::array<float, 4> DrawCompletions(const std::vector<std::string>& options, ImVec2 at) {
  ImGui::SetNextWindowPos(at);
  ImGui::BeginTooltip();
  ImGui::TextDisabled("Tab completes");
  for (std::size_t i = 0; i < options.size(); ++i) {
    if (i == 0) ImGui::TextColored(ImVec4(0.55f, 0.8f, 1, 1), "%s", options[i].c_str());
    else ImGui::TextUnformatted(options[i].c_str());
  }
  const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  ImGui::EndTooltip();
  return {pos.x, pos.y, pos.x + size.x, pos.y + size.y};
}

std::array<float, 4> LastItemRect() {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  return {a.x, a.y, b.x, b.y};
}

void HistoryButton(AppState& s) {
  QueryBarState& q = s.query_bar;
  if (ImGui::Button("History")) ImGui::OpenPopup("query_history");
  if (!ImGui::BeginPopup("query_history")) return;
  if (q.history.empty()) ImGui::TextDisabled("Queries you commit with Enter appear here (Up/Down in the box too).");
  for (auto it = q.history.rbegin(); it != q.history.rend(); ++it) {
    ImGui::PushID(static_cast<int>(it - q.history.rbegin()));
    if (ImGui::Selectable(it->c_str())) SetText(s, std::string(*it));
    ImGui::PopID();
  }
  ImGui::EndPopup();
}

// Gives the box the keyboard when `/` or Enter asked for it, or drops the request when the
// user clicked somewhere since.
void TakeKeyboardIfAsked(QueryBarState& q, ImGuiID box_id) {
  const bool asked_before = (q.focus_requested_frame >= 0 && q.focus_requested_frame < ImGui::GetFrameCount()) || q.focusing_frames >= 0;
  if (asked_before && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    // A click after the box was asked for but before it has the keyboard: the user went
    // elsewhere (a click on the box activates it anyway). Without this the activation would
    // still land a frame or two later and take the keys meant for where they clicked. (A
    // click in the very frame of `/` came first: Chromium sends both before a frame.)
    ImGuiContext& g = *ImGui::GetCurrentContext();
    if (g.NavNextActivateId == box_id) g.NavNextActivateId = 0;
    if (g.NavActivateInputId == box_id) g.NavActivateInputId = 0;
    q.focus_requested_frame = -1;
    q.focusing_frames = -1;
  }
  if (q.focus_requested_frame >= 0) {
    // Activated by its ID (at the next NewFrame), as keyboard navigation would, keeping the
    // caret. Not SetKeyboardFocusHere: in ImGui 1.86 that is a navigation request which
    // EndFrame dropped in most tries here, so `/` often left the box inactive and the keys
    // typed next went nowhere.
    ImGui::ActivateItem(box_id);
    ImGui::GetCurrentContext()->NavNextActivateFlags = ImGuiActivateFlags_PreferInput | ImGuiActivateFlags_TryToPreserveState;
    q.focus_requested_frame = -1;
    q.focusing_frames = 0;
  }
}

}  // namespace

void CommitQuery(AppState& s, const std::string& text) {
  s.query_bar.text = text;
  Commit(s);
}

bool QueryBoxWantsKeysHeld(const AppState& s) {
  const QueryBarState& q = s.query_bar;
  // Taking the keyboard (after `/` or Enter), or about to let go of it because the query was
  // changed from outside: the shortcuts run before the box lets go in the next frame, so
  // they would leave the key to the box, which no longer takes it.
  return q.focus_requested_frame >= 0 || q.focusing_frames >= 0 || (q.box_active && q.text != q.box_text);
}

void DrawQueryBar(AppState& s) {
  QueryBarState& q = s.query_bar;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Filter");
  ImGui::SameLine();
  // ImGui keeps its own copy of the text while the box is being edited: when the query
  // changed elsewhere (filters, chart brush, back button, automation), let go of the box so
  // it shows the new text instead of writing the old one back on the next key.
  ImGuiID box_id = ImGui::GetID("##query");
  if (q.text != q.box_text && ImGui::GetActiveID() == box_id) ImGui::ClearActiveID();
  TakeKeyboardIfAsked(q, box_id);
  float right_w = ImGui::CalcTextSize("History  Clear  000000 of 000000 offers").x + 4 * ImGui::GetStyle().ItemSpacing.x;
  ImGui::SetNextItemWidth(std::max(ScaledPx(s, 200), ImGui::GetContentRegionAvail().x - right_w));
  if (q.has_error) ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0.45f, 0.12f, 0.12f, 1));
  ImVec2 box_pos = ImGui::GetCursorScreenPos();
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackCompletion |
                              ImGuiInputTextFlags_CallbackHistory | ImGuiInputTextFlags_CallbackAlways;
  bool enter = ImGui::InputTextWithHint("##query", "e.g. gpu=H100 gpu_count>=8 price_per_gpu<2.5 country notin [CN]    (/ focuses, Enter commits, Esc leaves)",
                                        &q.text, flags, BoxCallback, &s);
  float box_w = ImGui::GetItemRectSize().x;
  if (q.has_error) ImGui::PopStyleColor();
  bool active = ImGui::IsItemActive();
  // Active by the end of this frame: from the next frame on the box takes keys itself. A box
  // that never becomes active (a click elsewhere took the focus) stops holding keys soon.
  if (q.focusing_frames >= 0 && (active || ++q.focusing_frames > kMaxFocusingFrames)) q.focusing_frames = -1;
  if (ImGui::IsItemEdited()) {
    s.view.query = q.text;
    s.query_typing = true;  // replaceState: one history entry per committed query, not per key
    s.query_typed_ms = s.now_ms;
    s.rows_dirty = true;
  }
  // Enter commits and keeps the box for more editing (ImGui would let go of it); Escape
  // leaves it, back to the committed text, and the arrows drive the table again.
  if (enter) {
    Commit(s);
    q.focus_requested_frame = ImGui::GetFrameCount();
  }
  q.box_text = q.text;
  q.box_active = ImGui::GetActiveID() == box_id;
  ImGui::SameLine();
  HistoryButton(s);
  ImGui::SameLine();
  if (ImGui::Button("Clear")) SetText(s, "");
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%zu of %zu offers", s.rows.size(), s.table.size());

  // The line under the box is always there, empty when all is well: a message appearing
  // and going while one types would make everything below jump (and redraw the charts).
  q.message_rect = {};
  if (q.has_error) {
    DrawError(q, box_pos, box_w);
    q.message_rect = LastItemRect();
  } else if (!q.warnings.empty()) {
    ImGui::TextColored(ImVec4(0.95f, 0.75f, 0.3f, 1), "%s", q.warnings.front().c_str());
    q.message_rect = LastItemRect();
  } else {
    ImGui::Dummy(ImVec2(0, ImGui::GetTextLineHeight()));
  }
  q.completions.clear();
  q.completions_rect = {};
  if (active) {
    q.completions = Completions(s, ContextAt(q.text, static_cast<std::size_t>(std::max(0, q.cursor))));
    if (!q.completions.empty()) {
      // Under the box, or under the message line drawn above when it shows an error or a
      // warning: the list (a tooltip, on top of everything) must not hide what is wrong
      // with the query being typed.
      const bool message_shown = q.message_rect[3] > q.message_rect[1];
      float x = ImGui::CalcTextSize(q.text.c_str(), q.text.c_str() + std::min<std::size_t>(q.text.size(), q.cursor)).x;
      float y = (message_shown ? q.message_rect[3] : box_pos.y + ImGui::GetFrameHeight()) + 2;
      q.completions_rect = DrawCompletions(q.completions, ImVec2(box_pos.x + ImGui::GetStyle().FramePadding.x + x, y));
    }
  }
}

}  // namespace offerscope::web
