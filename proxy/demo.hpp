// Demo mode: the same pipeline over the bundled snapshot (the emulator's data set, answered
// in-process by MakeDemoUpstream in upstream.hpp), so the app always opens to data. Every
// answer says it is a snapshot and from when (kDemoSnapshotTime).
#pragma once

#include "proxy/config.hpp"

namespace offerscope::proxy {

// Config::demo when set (--demo / --no-demo). Otherwise demo mode is on when the server
// holds no provider key and no provider's host accepts a TCP connection within
// `probe_timeout_s` (all probed at once, so start-up waits at most that long even when DNS
// hangs on a closed network).
bool DecideDemoMode(const Config& config, double probe_timeout_s = 1.5);

// True when some provider's base host (Config::base_urls or the registry's) accepts a TCP
// connection within `timeout_s`.
bool AnyProviderReachable(const Config& config, double timeout_s);

}  // namespace offerscope::proxy
