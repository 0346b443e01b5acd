// Loading offers into the app: for every provider, plan the requests with core, fetch them
// through the proxy's pass-through route (with the user's key for that provider when set),
// parse each page in WebAssembly with the same core code the proxy uses, and follow the
// remaining pages in parallel. Each provider's progress and errors land in AppState.
#pragma once

#include "web/app_state.hpp"

namespace offerscope::web {

// Starts (or restarts) loading every provider the view shows. A provider's previous offers
// stay in the table until its new answer is complete, and stay for good if it fails.
void StartLoading(AppState& state);
// Drops the answers still on their way (synthetic data replaced the table meanwhile).
void CancelLoading(AppState& state);
// Loads the user's Vast instances (all pages) for the "My instances" window.
void LoadInstances(AppState& state);
// Seconds since the provider's data was produced (proxy cache age + time since we fetched
// it); NaN before the first answer.
double DataAgeS(const ProviderStatus& status, double now_ms);
// True when a provider's rows should carry the stale marker in the table.
bool IsStale(const ProviderStatus& status, double now_ms);

}  // namespace offerscope::web
