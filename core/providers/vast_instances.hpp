// The caller's own Vast instances (rentals): plan GET /api/v1/instances/ and read its answer.
//
// Instances belong to one account and carry secrets (jupyter_token, ssh endpoints, public
// and local IPs, ports, environment variables, onstart scripts, image arguments). The reader
// never reads those keys, so none of them can reach a VastInstance, a log line or a cache;
// for the same reason a VastInstance has no raw JSON copy. Callers must not cache instance
// answers across users (PROVIDER_NOTES.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "provider.hpp"

namespace offerscope::core {

struct VastInstance {
  std::string id;               // Vast's instance (contract) id as decimal text
  std::string label;            // the user's label; empty when none
  std::string status;           // actual_status: "running", "loading", "exited", ...; empty
                                // while Vast has none yet (null: provisioning)
  std::string intended_status;  // what the user asked for: "running" / "stopped"
  std::string current_state;    // cur_state: "running" / "stopped"
  std::string status_message;   // status_msg from the container runtime, as Vast gives it

  std::string gpu;      // canonical catalog model, or gpu_raw when unknown
  std::string gpu_raw;  // Vast's gpu_name ("RTX A5000")
  bool gpu_known = false;
  int gpu_count = 0;          // num_gpus
  double vram_gb = kUnknown;  // per GPU, sold size (same rule as offers: VastVramGb)
  double vcpus = kUnknown;    // cpu_cores_effective
  double ram_gb = kUnknown;   // cpu_ram / 1000 (as Vast's CLI shows it)
  double disk_gb = kUnknown;  // disk_space allocated to the instance

  double price_usd_per_hour = kUnknown;  // dph_total: GPU share plus this instance's disk
  double base_usd_per_hour = kUnknown;   // dph_base: without disk
  double bid_usd_per_hour = kUnknown;    // min_bid of the machine
  bool interruptible = false;            // is_bid: rented at a bid

  double start_time_unix_s = kUnknown;  // start_date (seconds since 1970, UTC)
  double end_time_unix_s = kUnknown;    // end_date: when the host's offer ends
  double age_s = kUnknown;              // now - start_date
  double uptime_s = kUnknown;           // uptime_mins x 60 when Vast gives it, else age_s
                                        // while status is "running", else unknown

  std::string machine_id;
  std::string host_id;
  std::string country;            // ISO alpha-2 from geolocation, empty when unknown
  std::string region;             // geolocation as given (see RegionFromGeolocation)
  std::string image;              // image_uuid ("pytorch/pytorch:latest")
  double reliability = kUnknown;  // reliability2, else reliability
  std::string tier;               // verification: "verified" / "unverified" / "deverified"
};

struct VastInstancesPage {
  std::vector<VastInstance> instances;
  std::vector<Warning> warnings;
  std::optional<HttpRequest> next;  // the next page (keyset: after_token = next_token)
  long long total = -1;             // total_instances when Vast says, else -1
  std::string error;                // non-empty: the page could not be read
};

inline constexpr int kVastInstancesMaxLimit = 25;

// GET /api/v1/instances/ with limit (clamped to 1..25; 0 or less means 25), after_token
// (omitted when empty), select_filters (sent when a non-empty object), order_by (sent when a
// non-empty array, e.g. [{"col":"id","dir":"asc"}]) and select_cols (sent when non-empty).
// JSON parameters are compact JSON text, percent-encoded by the transport (EncodeQueryString).
HttpRequest PlanVastInstances(int limit = kVastInstancesMaxLimit, std::string_view after_token = {},
                              const nlohmann::json& select_filters = nlohmann::json(),
                              const nlohmann::json& order_by = nlohmann::json(),
                              const std::vector<std::string>& select_cols = {});

// Reads an instances answer. Accepted shapes: the v1 object {success, instances_found,
// total_instances, label_counts, next_token, instances:[...]}, v0 {"instances":[...]},
// {"instances":{...}} (one object), a bare array and a bare instance object.
// {"success":false,...} and non-2xx statuses give `error` with Vast's message. `next` is the
// request for the following page when Vast gives a next_token (never the same token again).
// `now_unix_s` is the caller's clock (the core has none); NaN leaves ages unknown.
VastInstancesPage ParseVastInstances(const HttpRequest& request, int status, std::string_view body,
                                     double now_unix_s);

}  // namespace offerscope::core
