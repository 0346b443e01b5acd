// A provider emulator: each seed API answered as documented, over a deterministic data set
// of a few thousand realistic offers. Integration tests and benchmarks run it as a server
// (MakeEmulatorServer); demo mode calls HandleEmulated in-process, so `offerscope serve`
// opens to data with no key and no network.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "core/http.hpp"
#include "core/offer.hpp"

namespace httplib {
class Server;
}

namespace offerscope::proxy {

// When the demo data set was taken, as shown to users ("snapshot from ...").
inline constexpr const char* kDemoSnapshotTime = "2026-11-20T12:00:00Z";

// Faults to inject, for tests of retries and error handling. Counters are shared by all
// requests to the emulator.
struct EmulatorFaults {
  std::atomic<int> rate_limit_next{0};  // answer 429 (Retry-After: 1) to the next N calls
  std::atomic<int> error_next{0};       // answer 503 to the next N calls
  std::atomic<int> delay_ms{0};         // sleep before answering (server only)
  std::atomic<bool> malformed{false};   // answer JSON that is cut short
  std::atomic<bool> huge{false};        // answer ~50 MB
  std::atomic<int> fail_provider{-1};   // always 500 for this ProviderId index
};

struct EmulatorReply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  int retry_after_s = 0;  // > 0: send a Retry-After header
};

// The answer the provider would give. `authorization` is the Authorization header value.
EmulatorReply HandleEmulated(core::ProviderId provider, const core::HttpRequest& request,
                             const std::string& authorization, EmulatorFaults* faults = nullptr);

// Offers in the data set per provider (for tests).
std::size_t EmulatedOfferCount(core::ProviderId provider);

// An HTTP server answering /<provider>/<api path> (e.g. /vast/api/v0/bundles/), so each
// provider's base URL can point at http://127.0.0.1:<port>/<provider>.
std::unique_ptr<httplib::Server> MakeEmulatorServer(EmulatorFaults& faults);

}  // namespace offerscope::proxy
