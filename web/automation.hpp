// Connects the automation hook (window.offerscope) to the running app's state.
#pragma once

#include "web/app_state.hpp"

namespace offerscope::web {

void InstallAutomation(AppState& state);

}  // namespace offerscope::web
