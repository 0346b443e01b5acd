// Everything the browser app knows, as plain data. Panels are free functions
// `void Draw<Panel>(AppState&)` in web/ui/; they read and change this state and nothing else.
// What a user chose lives in `view` (core's ViewState): it is what the share URL encodes.
// Anything else here (keys, instances, caches) never reaches a URL.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <deque>
#include <vector>

#include "core/filter.hpp"
#include "core/offer.hpp"
#include "core/offer_table.hpp"
#include "core/providers/vast_instances.hpp"
#include "core/query.hpp"
#include "core/view_state.hpp"

namespace offerscope::web {

// Loading state of one provider, for the progress line and the error banner.
struct ProviderStatus {
  enum class Phase { kIdle, kLoading, kDone, kError } phase = Phase::kIdle;
  int pages_fetched = 0;
  int pages_total = 0;        // pages known so far (grows while paging); 0 while unknown
  int offers = 0;             // offers read in the current load
  std::string message;        // error text shown in the banner (never contains a key)
  std::string snapshot_time;  // non-empty when the proxy answered from its demo snapshot
  double fetched_at_ms = 0;   // page clock (ms) when the offers in the table arrived; 0: never
  double cache_age_s = 0;     // how old the proxy's cached answer was then (Age header), s
  bool stale_cache = false;   // the proxy served a stale cache entry while refreshing
};

struct Settings {
  std::string proxy_url;  // empty: the origin that served the page
  std::array<std::string, core::kProviderCount> keys;  // per provider; never in the URL
  bool remember_keys = false;  // keep keys in this browser's localStorage
  bool dark_theme = true;
  float ui_scale = 1.0f;       // multiplies font, style and panel sizes: 0.75..2 in 0.05 steps
                               // (web/ui/ui_scale.hpp)
};

struct QueryBarState {
  std::string text;                   // what is in the input box (may not parse yet)
  core::QueryMessage error;           // position + message when `has_error`
  bool has_error = false;
  std::vector<std::string> history;   // committed queries, oldest first (Up/Down walk it)
  int history_pos = -1;               // -1: not browsing history; else index into `history`
  // ImGui frame in which the `/` shortcut or Enter (which keeps the box) asked for the box
  // to take the keyboard; -1: not asked. A click in a later frame cancels the request.
  int focus_requested_frame = -1;
  // Frames since the box was asked to take the keyboard, while it has not yet: ImGui
  // activates it at the next frame and ignores keys in its first active frame. Keys pressed
  // meanwhile would go to the table (an Up right after Enter moved the row selection
  // instead of recalling history), so they wait (QueryBoxWantsKeysHeld).
  int focusing_frames = -1;           // -1: not focusing
  std::string box_text;               // what the box showed last frame (to spot outside edits)
  bool box_active = false;            // the box had the keyboard at the end of last frame
  int cursor = 0;                     // caret position in `text`, bytes (while editing)
  std::vector<std::string> warnings;  // e.g. "unknown field" (the query still runs)
  std::vector<std::string> completions;  // candidates for the word at the end of the text
  // Where the last frame drew the completion list and the error or warning line under the
  // box (CSS px: x0, y0, x1, y1; all 0 when not shown), for automation: state().
  std::array<float, 4> completions_rect{};
  std::array<float, 4> message_rect{};
};

struct InstancesState {
  bool loading = false;
  std::string error;
  std::vector<core::VastInstance> rows;    // the last complete answer
  std::vector<core::VastInstance> loaded;  // pages of the answer still arriving
  int pages_fetched = 0;
  std::string snapshot_time;  // demo answer
  double fetched_at_ms = 0;
};

// Distinct values of the filterable text columns with their offer counts, most common
// first, for the filter controls. Recounted only when the table changes.
struct Facets {
  std::uint64_t table_version = ~0ull;
  std::vector<std::pair<std::string, int>> gpus;
  std::vector<std::pair<std::string, int>> countries;
  std::string gpu_search, country_search;  // what the user typed above each list
};

// One drawn frame, for attributing the slow ones (automation: frameLog()).
struct FrameRecord {
  double start_ms = 0;      // page clock
  float interval_ms = -1;   // to the next frame's start (frame clock); -1 until that started
  float callback_interval_ms = -1;  // the same on the page clock, from our callback's start to
                                    // the next's (frame times before session 10; adds jitter)
  float late_ms = 0;        // from the frame's start (frame clock) to our callback's start
  float work_ms = 0;        // the app's own work (layout, filtering, GL submission)
  float app_ms = 0;         // ...of which DrawApp (panels, filtering, the chart's offscreen drawing)
  float render_ms = 0;      // ...of which the renderer (damage, GL submission of the UI)
  std::array<float, 4> damage_css{};  // the bounding box of what was redrawn: x0, y0, x1, y1
  int damage_rects = 0;     // rectangles redrawn
  float damage_share = 0;   // their area over the canvas's
  int draw_calls = 0;
  int fill_triangles = 0;
  int textured_triangles = 0;
  int lists = 0;            // ImGui draw lists (windows)
  bool chart_drawn = false; // the chart texture shown changed in this frame (a picture completed)
  int chart_points = 0;     // chart points drawn in this frame (a batch of a progressive redraw)
  bool rows_changed = false;  // the filtered rows were recomputed in this frame
  std::string cause;        // the renderer's account of what changed (ImGuiRenderer::Counts)
};

struct AppState {
  core::ViewState view;           // the shareable state (query, sort, columns, compare, chart...)
  core::OfferTable table;         // every offer loaded, all providers, in ProviderId order
  std::uint64_t table_version = 0;  // bumped whenever the table's offers or prices change
  std::vector<std::uint32_t> rows;  // offers matching the filter, in display order
  bool rows_dirty = true;         // filter/sort must be recomputed before drawing
  std::uint64_t rows_version = 0; // bumped each time `rows` or the table changes (charts cache on it)
  std::string rows_query;         // the query `rows` were filtered with (the last one that parsed)
  // What `rows` were computed from: the conditions (query + providers), the sort and the
  // table. A keystroke that leaves them alike (a typo, a space) costs no filtering, and one
  // that only makes them stricter filters `rows` instead of the whole table (RecomputeRows).
  core::Filter rows_filter;
  std::vector<core::SortKey> rows_sort;
  std::uint64_t rows_table_version = ~0ull;

  QueryBarState query_bar;
  std::array<ProviderStatus, core::kProviderCount> providers;
  Settings settings;
  Facets facets;

  int selected_row = -1;           // index into `rows`; -1: none
  std::string reselect_key;        // "provider:id" to select again once the new table's rows are in
  bool scroll_to_selected = false; // the table scrolls the selected row into view once
  bool show_details = false;
  bool show_compare = false;
  bool show_groups = false;
  bool show_instances = false;
  bool show_settings = false;
  bool show_chart = true;          // the chart panel under the table (issue 6)

  // Table <-> view sync: the sort the ImGui table shows, so that a sort set elsewhere (URL,
  // automation, back button) is pushed into the table and a header click is told apart.
  std::vector<core::SortKey> table_sort_shown;
  std::string table_sort_table;  // id of the ImGui table `table_sort_shown` was pushed into
  // The compare list resolved to table rows (kNoRow: not loaded), for the view's keys at
  // `compare_table_version`.
  std::vector<std::uint32_t> compare_rows;
  std::vector<std::string> compare_keys_resolved;
  std::uint64_t compare_table_version = ~0ull;

  std::vector<core::GroupRow> groups;  // GroupByGpu(rows) for the group view...
  std::uint64_t groups_version = ~0ull;  // ...at this rows_version

  InstancesState instances;        // never part of the share URL
  std::string last_fragment;       // what the URL holds now (to tell our changes from the user's)
  bool query_typing = false;       // the pending URL change came from typing
  double query_typed_ms = -1e9;    // page clock of the last keystroke in the query box
  bool url_entry_typing = false;   // the URL's current history entry was pushed by typing and
                                   // follows the text (replaceState) until Enter
  std::vector<std::string> notices;  // readable messages (bad share link, ...), dismissible
  double link_copied_ms = 0;       // page clock when "Copy link" was pressed (shows "copied")
  double now_ms = 0;               // page clock at the start of the frame
  bool first_rows_shown = false;   // rows shown, or loading settled: window.offerscope.ready()
  // Frames the loop has run, and for the recent ones it drew (unchanged ones are not drawn):
  // time from the frame's start to the next frame's start, and the app's own work in it, ms.
  // (automation: frameCount(), frameTimes(), frameWorkTimes())
  long long frames_run = 0;
  float last_frame_interval_ms = 0;  // the previous frame's start to this one's, drawn or not
                                     // (the chart sizes its per-frame drawing by it)
  float frame_late_ms = 0;  // this frame's start (frame clock) to the loop's callback's start
  int font_atlas_builds = 0;       // times web/main.cpp rasterised the font atlas (uiMetrics())
  // What the last drawn frame sent to WebGL (uiMetrics()): draw calls, and triangles drawn
  // untextured (plain fills) or textured (glyphs, images); web/render/imgui_renderer.hpp.
  int last_draw_calls = 0;
  int last_fill_triangles = 0;
  int last_textured_triangles = 0;
  std::array<float, 4> last_damage_css{};  // the rectangle it redrew: x0, y0, x1, y1
  float status_bar_right_css = 0;          // right edge of the status line's last item
  bool full_redraw_requested = false;      // automation: redrawAll()
  std::vector<float> frame_ms;
  std::vector<float> frame_work_ms;
  std::deque<FrameRecord> frame_log;  // the recent drawn frames (up to 240), oldest first
  bool describe_frames = false;        // automation: describeFrames(); fills FrameRecord::cause
};

}  // namespace offerscope::web
