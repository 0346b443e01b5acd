// One frame of the app: keep the URL and the state in step, recompute the visible rows when
// the filter or sort changed, lay the panels out. Called by main.cpp's frame loop.
#pragma once

#include <vector>

#include "web/app_state.hpp"

namespace offerscope::web {

void StartApp(AppState& state);  // reads the URL and the saved settings, starts loading
void DrawApp(AppState& state);
// Parses the query and refilters/resorts; on a query error keeps the last good rows.
void RecomputeRows(AppState& state);
// Puts new offers in the table (a provider's answer arrived, synthetic data...), keeping the
// selected offer selected when it is still there.
void ReplaceTable(AppState& state, std::vector<core::Offer> offers);

}  // namespace offerscope::web
