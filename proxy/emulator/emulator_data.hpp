// The emulator's deterministic data set, in each provider's own JSON shape, built from the
// fields and value spellings of the real captures in shared/fixtures/real (see SOURCES.md,
// VOCAB.md): Vast bundles records with every field a 2024-25 record has, Prime Intellect
// availability items (secure and community prices, gpuMemory as the box total, null data
// centres and countries), Dispersed offers exactly as its documented schema. GPU models are
// real (names as each provider spells them), prices and places plausible for late 2026.
// Same build, same bytes: a fixed seed, no clock.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace offerscope::proxy {

// One GPU model as every provider spells it, with market figures for the generator.
struct EmulatedGpu {
  const char* canonical;     // core catalog name ("A100 SXM 80GB")
  const char* vast_name;     // Vast gpu_name ("A100 SXM4")
  double vast_mib;           // Vast gpu_ram per GPU, MiB as nvidia-smi reports
  const char* prime_type;    // Prime gpuType, "" when Prime does not list it
  const char* prime_socket;  // Prime socket
  const char* smi_name;      // nvidia-smi product name (Dispersed's gpu_models[].name)
  double vram_gb;            // as sold
  int compute_cap;           // x100
  double mem_bw_gb_s;
  int max_power_w;
  double tflops_fp32;        // Vast's total_flops per GPU
  double dlperf;             // Vast's DLPerf score per GPU
  double usd_low, usd_high;  // market $/GPU-hour
  int weight;                // how common on Vast
  bool datacenter;           // sold in 8-GPU servers
};
const std::vector<EmulatedGpu>& EmulatedGpus();

// A Vast record: the fields that do not depend on the request, and the figures the
// per-request price fields are computed from (dph_total includes the requested storage).
struct VastRecord {
  nlohmann::json fields;  // every field but the price fields below
  std::string text;       // `fields` serialized once, without its closing brace
  double dph_base = 0;
  double storage_cost = 0;  // $/GB/month
  double dlperf = 0, total_flops = 0;
  double adj = 1;           // dph_total_adj / dph_total
};

struct EmulatorData {
  std::vector<VastRecord> vast;
  std::vector<nlohmann::ordered_json> prime;         // availability/gpus items
  std::vector<std::string> prime_text;               // the same, serialized once
  std::vector<nlohmann::ordered_json> prime_disks;   // availability/disks items
  std::vector<nlohmann::ordered_json> dispersed;     // compute offers
  std::vector<std::string> dispersed_text;
};

const EmulatorData& GetEmulatorData();

// The price fields of a Vast record for a search with `allocated_storage_gb` of disk.
struct VastPrices {
  double disk_hour = 0;  // storage_total_cost: the requested disk, per hour
  double total = 0;      // dph_total = dph_base + disk_hour
  double total_adj = 0;  // dph_total_adj
  double dlperf_per_dph = 0, flops_per_dph = 0;
};
VastPrices ComputeVastPrices(const VastRecord& r, double allocated_storage_gb);
// The price fields as JSON members: ,"dph_total":...,"search":{...},"instance":{...}
void AppendVastPriceFields(std::string& out, const VastRecord& r, const VastPrices& p);

// Vast instances owned by the account behind `api_key`: 5 to 60 of them, ids ascending,
// derived from the key alone (the same key always sees the same instances).
std::vector<nlohmann::json> InstancesForKey(const std::string& api_key);

}  // namespace offerscope::proxy
