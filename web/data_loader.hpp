// Loading offers into the app: for every provider, plan the requests with core, fetch them
// through the proxy's pass-through route (with the user's key for that provider when set),
// parse each page in WebAssembly with the same core code the proxy uses, and follow the
// remaining pages in parallel. Each provider's progress and errors land in AppState.
#pragma once

#include "web/app_state.hpp"

namespace offerscope::web {

// Starts (or restarts) loading every provider. Offers of a previous load stay until the
// new answer of the same provider arrives.
void StartLoading(AppState& state);
// Loads Vast instances for the "My instances" window.
void LoadInstances(AppState& state);

}  // namespace offerscope::web
