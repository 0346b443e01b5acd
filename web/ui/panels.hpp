// Every panel is a free function over the app state (STYLE.md: data-only state, functions
// that draw it). One file per panel under web/ui/.
#pragma once

#include "web/app_state.hpp"

namespace offerscope::web {

void DrawQueryBar(AppState& state);       // query_bar.cpp
// Sets the query as if typed and committed with Enter: a new URL history entry, and the
// query bar's history (query_bar.cpp).
void CommitQuery(AppState& state, const std::string& text);
// Whether key presses should wait because the query box is taking the keyboard (after `/`
// or Enter) or letting go of it (query_bar.cpp; web/key_latch.hpp holds them).
bool QueryBoxWantsKeysHeld(const AppState& state);
void DrawFiltersPanel(AppState& state);   // filters_panel.cpp
void DrawOfferTable(AppState& state);     // offer_table_view.cpp
void DrawDetailsPanel(AppState& state);   // details_panel.cpp
void DrawComparePanel(AppState& state);   // compare_panel.cpp
void DrawGroupsPanel(AppState& state);    // groups_panel.cpp
void DrawInstancesPanel(AppState& state); // instances_panel.cpp
void DrawSettingsPanel(AppState& state);  // settings_panel.cpp
void DrawStatusBar(AppState& state);      // status_bar.cpp
void DrawChartPanel(AppState& state);     // chart_panel.cpp

// Shared by panels: "provider:id" of a table row, and adding a row to the comparison.
std::string OfferKey(const core::Offer& o);
bool OfferHasKey(const core::Offer& o, std::string_view key);  // OfferKey(o) == key, allocation-free
void AddToCompare(AppState& state, std::uint32_t table_row);
// The view's compare list as table rows (core::kNoRow for an offer not loaded), resolved
// again only when the list or the table changed.
const std::vector<std::uint32_t>& CompareRows(AppState& state);
// Text for a cell: numbers with the precision their unit deserves, "-" when unknown.
std::string FormatField(const core::Offer& o, core::Field f);
// Export of the filtered rows (export.cpp).
std::string ExportCsv(const AppState& state);
std::string ExportJson(const AppState& state);

}  // namespace offerscope::web
