// Demo mode: the same pipeline over the bundled snapshot (the emulator's data set, answered
// in-process), so the app always opens to data. Every answer says it is a snapshot.
#pragma once

#include "proxy/config.hpp"

namespace offerscope::proxy {

// Forced by --demo/--no-demo; otherwise on when the server holds no provider key (then
// Prime Intellect refuses every call and the app would open empty). Decided without
// network probes so start-up never waits on a closed network.
bool DecideDemoMode(const Config& config);

}  // namespace offerscope::proxy
