// The GPU catalog: one canonical model per physical GPU, whatever a provider calls it, with
// public spec-sheet figures so every offer gets $/TFLOP-hour and $/VRAM-GB-hour.
//
// Canonical names carry no vendor prefix and add the VRAM only where one model ships in
// several sizes: "H100 SXM", "H100 PCIe", "H100 NVL", "A100 SXM 80GB", "A100 PCIe 40GB",
// "RTX 4090", "RTX 4090 48GB", "RTX 6000 Ada", "RTX A6000", "Quadro RTX 8000", "V100 32GB",
// "MI250X". The family comes first, so a filter `gpu=H100` matches every H100 by word prefix.
//
// Figures per GPU: vram_gb as sold (80 for an H100, not nvidia-smi's 81559 MiB), memory
// bandwidth in GB/s, dense (no sparsity) FP16/BF16 tensor TFLOPS with FP32 accumulate (the
// mode training uses; GeForce cards run it at half their FP16-accumulate rate, so an RTX
// 4090 is 165.2, not 330), FP16 shader rate where a card has no tensor cores, and FP32
// TFLOPS. NaN where the vendor publishes no figure: never invented.
#pragma once

#include <string_view>
#include <vector>

#include "offer.hpp"

namespace offerscope::core {

struct GpuSpec {
  std::string_view name;          // canonical
  std::string_view vendor;        // "NVIDIA", "AMD"
  std::string_view architecture;  // "Hopper", "Ada Lovelace", "CDNA 3", ...
  double vram_gb;
  double mem_bandwidth_gb_s;
  double tflops_fp16;  // dense FP16/BF16 tensor, FP32 accumulate
  double tflops_fp32;
};

const std::vector<GpuSpec>& AllGpus();

// A provider's spelling to a catalog entry, or nullptr when unknown. `variant` is Prime's
// socket ("SXM5", "PCIe"); `vram_gb_hint` is the per-GPU memory in GB when the provider
// says (NaN otherwise) and picks between variants that share a name (Vast's "A100 SXM4" is
// both the 40 GB and the 80 GB card; some "RTX 4090" have 48 GB). Vast callers convert
// gpu_ram MiB with MiB/1024 first.
const GpuSpec* FindGpu(ProviderId provider, std::string_view name, std::string_view variant, double vram_gb_hint);
const GpuSpec* FindCanonical(std::string_view canonical_name);

// Sets o.gpu (canonical, or o.gpu_raw verbatim when `spec` is null), o.gpu_known and the
// catalog figures; fills o.vram_gb from the spec only when the provider gave none.
void ApplyGpu(Offer& o, const GpuSpec* spec);

// Push-down helpers: provider spellings of a canonical model.
std::vector<std::string_view> VastNamesFor(std::string_view canonical);
std::vector<std::string_view> PrimeTypesFor(std::string_view canonical);

// Canonical names a user's gpu filter value matches: the exact name (any case), every model
// it is a word prefix of ("H100" -> H100 SXM, H100 PCIe, H100 NVL), or the model a provider
// spelling resolves to ("RTX 6000Ada", "H100_80GB", "A100-SXM4-80GB").
std::vector<std::string_view> MatchGpuFilter(std::string_view value);

}  // namespace offerscope::core
