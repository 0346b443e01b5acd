// GET /api/v1/instances: the caller's own Vast instances, read by core (vast_instances.hpp).
//
// Needs a key: the caller's X-OfferScope-Key-Vast, or the server's for a caller allowed to
// use it (access.hpp); 401 without one (demo mode answers from the snapshot). Never cached,
// sent with Cache-Control: no-store, and logged as route + status only: instances belong
// to one account. Follows Vast's pages up to kMaxInstancePages.
//
// Answer: {"instances": [{"id", "label", "status", "intended_status", "gpu", "gpu_count",
// "vram_gb", "price_usd_per_hour", "uptime_s", "country", "region", "image",
// "interruptible"}...], "total": N|null, "truncated": bool, "snapshot": null|"<ISO>"}
// (unknown numbers are null). Upstream failures: 502 {"error"}; Vast refusing the key:
// its status (401/403) with its message.
#pragma once

namespace httplib {
class Server;
}

namespace offerscope::proxy {

struct Services;

inline constexpr int kMaxInstancePages = 20;

void RegisterInstancesRoutes(httplib::Server& server, Services& services);

}  // namespace offerscope::proxy
