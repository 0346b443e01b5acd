// A provider emulator: each seed API (shared/seeds) answered as documented, over a
// deterministic data set of a few thousand realistic offers (emulator_data.hpp).
//
// Two ways in:
// - HandleEmulated: a pure function from a request to the answer the provider would give.
//   Demo mode (demo.cpp) calls it in-process, so `offerscope serve` opens to data with no
//   key and no network.
// - MakeEmulatorServer: the same behind a cpp-httplib server, for integration tests and
//   benchmarks. It serves every provider under its name (/vast/api/v0/bundles/, ...), so a
//   provider's base URL is http://127.0.0.1:<port>/<provider> (EmulatorBaseUrl).
//
// Faults are injected per provider on demand (EmulatorFaults): 429 with Retry-After for the
// first N calls, 5xx, delays, malformed or truncated bodies, a 50 MB answer, a reset
// connection, an API that echoes the caller's key in its errors.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/http.hpp"
#include "core/offer.hpp"

namespace httplib {
class Server;
}

namespace offerscope::proxy {

// When the demo data set was taken, as shown to users ("snapshot from ..."). Every time in
// the data set (quoted_at, start_date, ...) is relative to it.
inline constexpr const char* kDemoSnapshotTime = "2026-11-20T12:00:00Z";
inline constexpr double kDemoSnapshotUnixS = 1795176000;  // the same instant

// Faults to inject. The "first N calls" faults count the calls this object has seen, so a
// fresh (or freshly assigned) EmulatorFaults starts counting at zero.
struct EmulatorFaults {
  int rate_limit_first = 0;          // the first N calls answer 429 ...
  int retry_after_s = 1;             // ... with "Retry-After: <s>" (negative: no header)
  bool retry_after_as_date = false;  // server: send Retry-After as an HTTP-date instead
  int error_first = 0;               // then N calls answer `error_status`; -1: every call
  int error_status = 503;
  int delay_ms = 0;                  // server: wait this long before answering
  bool malformed_json = false;       // 200 with JSON cut off half way (a complete HTTP answer)
  bool truncated_body = false;       // server: Content-Length of the whole body, half sent, closed
  bool huge_body = false;            // 200 with about 50 MB of valid JSON
  bool reset_connection = false;     // server: headers, then the connection closes
  bool echo_key_in_errors = false;   // error bodies quote the Authorization value, as careless APIs do
  std::vector<std::string> valid_keys;  // non-empty: any other key is refused with 401

  mutable std::atomic<int> calls{0};  // calls seen so far

  EmulatorFaults() = default;
  EmulatorFaults(const EmulatorFaults& o);
  EmulatorFaults& operator=(const EmulatorFaults& o);
};

struct EmulatorReply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  int retry_after_s = -1;  // >= 0: send a Retry-After header
  // Transport faults, carried out by the server wrapper (in-process callers ignore them).
  int delay_ms = 0;
  bool truncate = false;
  bool reset = false;
  bool retry_after_as_date = false;
};

// The answer `provider` would give to `request`. `authorization` is the value of the
// Authorization header ("Bearer <key>"), empty when none was sent. Routes:
//   vast            POST /api/v0/bundles/, PUT /api/v0/search/asks/, GET /api/v1/instances/
//   primeintellect  GET /api/v1/availability/gpus, /api/v1/availability/disks, /api/v1/availability/
//   dispersed       GET /v1/compute/offers
// Anything else is a 404 in the provider's error shape.
EmulatorReply HandleEmulated(core::ProviderId provider, const core::HttpRequest& request,
                             const std::string& authorization, const EmulatorFaults& faults);
EmulatorReply HandleEmulated(core::ProviderId provider, const core::HttpRequest& request,
                             const std::string& authorization);

// Records in the data set, per provider (Vast bundles, Prime GPU items, Dispersed offers).
std::size_t EmulatedOfferCount(core::ProviderId provider);
// Vast instances the emulator keeps for the account behind `api_key` (5 to 60, by key).
std::size_t EmulatedInstanceCount(const std::string& api_key);

// Shared between an emulator server and whoever runs it: faults can be changed while it
// serves, and the counters tell what it saw (calls, and the most calls at once).
class EmulatorControl {
 public:
  EmulatorControl();
  void SetFaults(core::ProviderId provider, const EmulatorFaults& faults);
  std::shared_ptr<const EmulatorFaults> Faults(core::ProviderId provider) const;

  std::array<std::atomic<int>, core::kProviderCount> calls{};
  std::array<std::atomic<int>, core::kProviderCount> in_flight{};
  std::array<std::atomic<int>, core::kProviderCount> max_in_flight{};
  std::atomic<int> connections{0};  // TCP connections accepted (connection reuse checks)

 private:
  mutable std::mutex mu_;
  std::array<std::shared_ptr<const EmulatorFaults>, core::kProviderCount> faults_;
};

struct EmulatorOptions {
  std::shared_ptr<EmulatorControl> control;  // null: a private one without faults
};

// A cpp-httplib server answering /<provider>/<api path>. The caller binds and listens.
std::unique_ptr<httplib::Server> MakeEmulatorServer(EmulatorOptions options = {});

// "http://127.0.0.1:<port>/vast": the base URL that points `provider` at an emulator server.
std::string EmulatorBaseUrl(const std::string& host, int port, core::ProviderId provider);

}  // namespace offerscope::proxy
