// One frame of the app: keep the URL and the state in step, recompute the visible rows when
// the filter or sort changed, lay the panels out. Called by main.cpp's frame loop.
#pragma once

#include "web/app_state.hpp"

namespace offerscope::web {

void StartApp(AppState& state);  // reads the URL, settings, starts loading
void DrawApp(AppState& state);
// Parses the query text and refilters/resorts; keeps the last good rows on a query error.
void RecomputeRows(AppState& state);

}  // namespace offerscope::web
