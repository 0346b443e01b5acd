// Everything the browser app knows, as plain data. Panels are free functions
// `void Draw<Panel>(AppState&)` in web/ui/; they read and change this state and nothing else.
// What a user chose lives in `view` (core's ViewState): it is what the share URL encodes.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/offer.hpp"
#include "core/offer_table.hpp"
#include "core/query.hpp"
#include "core/view_state.hpp"

namespace offerscope::web {

// Loading state of one provider, for the progress line and the error banner.
struct ProviderStatus {
  enum class Phase { kIdle, kLoading, kDone, kError } phase = Phase::kIdle;
  int pages_fetched = 0;
  int pages_total = 0;        // 0 while unknown
  int offers = 0;
  std::string message;        // error text shown in the banner (never contains a key)
  std::string snapshot_time;  // non-empty when the proxy answered from its demo snapshot
  double fetched_at_ms = 0;   // page clock time of the last complete answer
};

struct Settings {
  std::string proxy_url;  // empty: the origin that served the page
  std::array<std::string, core::kProviderCount> keys;  // per provider; never in the URL
  bool remember_keys = false;  // keep keys in this browser's localStorage
  bool dark_theme = true;
  float ui_scale = 1.0f;
};

struct QueryBarState {
  std::string text;                   // what is in the input box (may not parse yet)
  core::QueryMessage error;           // position + message when `has_error`
  bool has_error = false;
  std::vector<std::string> history;   // committed queries, newest last
  bool focus_requested = false;       // set by the `/` shortcut
  std::vector<std::string> warnings;  // e.g. "unknown field" (the query still runs)
};

struct InstanceRow {
  std::string id, label, status, gpu;
  int gpu_count = 0;
  double price_usd_per_hour = core::kUnknown;
  double uptime_s = core::kUnknown;
};

struct InstancesState {
  bool loading = false;
  std::string error;
  std::vector<InstanceRow> rows;  // never part of the share URL
};

struct AppState {
  core::ViewState view;           // the shareable state (query, sort, columns, compare, chart...)
  core::OfferTable table;         // every offer loaded, all providers
  std::vector<std::uint32_t> rows;  // offers matching the filter, in display order
  bool rows_dirty = true;         // filter/sort must be recomputed before drawing
  std::uint64_t rows_version = 0; // bumped each time `rows` or the table changes (charts cache on it)

  QueryBarState query_bar;
  std::array<ProviderStatus, core::kProviderCount> providers;
  Settings settings;

  int selected_row = -1;          // index into `rows`; -1: none
  bool scroll_to_selected = false; // the table scrolls the selected row into view once
  bool show_details = false;
  bool show_compare = false;
  bool show_groups = false;
  bool show_instances = false;
  bool show_settings = false;
  bool show_chart = true;

  InstancesState instances;
  std::string last_fragment;         // what the URL holds now (to tell our changes from the user's)
  bool query_typing = false;         // the pending URL change comes from typing
  bool query_committed = false;      // Enter was pressed in the query bar this frame
  bool url_entry_typing = false;     // the current history entry is a query still being typed
  std::vector<std::string> notices;  // readable messages (bad share link, ...), dismissible
  double now_ms = 0;                 // page clock at the start of the frame
  bool first_rows_shown = false;     // rows shown, or loading settled: window.offerscope.ready()
  std::vector<float> frame_ms;       // recent frame durations (automation: frameTimes())
};

}  // namespace offerscope::web
