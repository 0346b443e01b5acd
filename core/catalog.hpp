// The GPU catalog: one canonical model per physical GPU, whatever a provider calls it, with
// public spec-sheet figures so every offer gets $/TFLOP-hour and $/VRAM-GB-hour.
//
// Canonical names carry no vendor prefix ("NVIDIA", "GeForce", "Tesla", "AMD Instinct") and
// add the VRAM only where one model ships in several sizes that providers cannot tell apart
// by name: "H100 SXM", "H100 PCIe", "H100 NVL", "H200", "GH200 96GB", "A100 SXM 80GB",
// "A100 PCIe 40GB", "RTX 4090", "RTX 4090 48GB", "RTX 6000 Ada", "RTX A6000",
// "Quadro RTX 8000", "V100 32GB", "MI250X". The family comes first, so a filter `gpu=H100`
// matches every H100 by word prefix.
//
// Figures are per GPU (an MI250X or K80 board counts as what the OS sees):
// - vram_gb: as sold (80 for an H100, not nvidia-smi's 81559 MiB).
// - mem_bandwidth_gb_s: vendor figure in GB/s.
// - tflops_fp16: dense (no 2:4 sparsity) FP16/BF16 tensor TFLOPS with FP32 accumulate, the
//   mode training uses. GeForce cards run it at half their FP16-accumulate rate, so an RTX
//   4090 is 165.2 (not 330.3); data-centre and workstation cards run it at full rate. Cards
//   without tensor/matrix cores get their FP16 shader rate (Pascal GeForce: 1/64 of FP32,
//   hence 0.18 for a GTX 1080 Ti; GP100/P100 and AMD: packed FP16, twice FP32).
// - tflops_fp32: FP32 shader (non-tensor) TFLOPS at boost clock.
// Any figure the vendor does not publish is NaN, never invented; a model that exists only
// as a provider's label (Vast's "RTX 4090 Ti") is kept with NaN figures so it still resolves.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "offer.hpp"

namespace offerscope::core {

struct GpuSpec {
  std::string_view name;          // canonical, see above
  std::string_view vendor;        // "NVIDIA", "AMD"
  std::string_view architecture;  // "Hopper", "Ada Lovelace", "CDNA 3", ...
  double vram_gb;                 // per GPU, GB as sold; NaN when not published
  double mem_bandwidth_gb_s;      // per GPU
  double tflops_fp16;             // dense FP16/BF16 tensor, FP32 accumulate (see above)
  double tflops_fp32;             // FP32 shader
};

// Every catalog model, in a fixed order (data centre, GeForce, workstation, AMD); the
// pointers FindGpu returns point into this vector and stay valid for the program's life.
const std::vector<GpuSpec>& AllGpus();

// A provider's spelling to a catalog entry, or nullptr when unknown (callers then keep the
// spelling verbatim: see ApplyGpu). Matching ignores case, separators (" ", "-", "_") and
// words that never tell models apart ("NVIDIA", "GeForce", "Tesla", "HBM3", "Generation",
// ...), and reads "80GB" as a memory size, so Vast's "H100 SXM", Prime's "H100_80GB" with
// socket "SXM5" and an nvidia-smi label "NVIDIA H100 80GB HBM3" all find "H100 SXM".
//   variant: a form factor given apart from the name (Prime's socket: "PCIe", "SXM4",
//            "SXM5", ...); empty when none. Any provider may pass one.
//   vram_gb_hint: per-GPU memory in GB when the provider says, NaN (or <= 0) otherwise. It
//            picks between models that share a name (Vast's "A100 SXM4" is both the 40 GB
//            and the 80 GB card; some Vast "RTX 4090" have 48 GB): the model whose VRAM is
//            closest wins, so nvidia-smi's shortfall needs no rounding. Vast callers pass
//            gpu_ram MiB / 1024; Prime callers gpuMemory / gpuCount (gpuMemory is the whole
//            box); Dispersed callers the GiB figure as is. Without a hint, a memory size
//            written in the name is used; without either, the common variant (listed first:
//            H100 SXM, A100 SXM 80GB, RTX 4090 24 GB) is returned.
// No heap allocation: the name is normalised into a stack buffer and looked up by binary
// search, so it can run once per offer.
const GpuSpec* FindGpu(ProviderId provider, std::string_view name, std::string_view variant, double vram_gb_hint);

// FindGpu with a memory, for parsers: a provider page repeats a handful of models thousands
// of times, and the look-up (normalising the name) was a tenth of a page's parse time in
// WebAssembly. Remembers up to 64 (name, variant, VRAM hint) look-ups, more than the models
// one page holds. One per page being parsed; not shared between threads.
class GpuLookupCache {
 public:
  const GpuSpec* Find(ProviderId provider, std::string_view name, std::string_view variant, double vram_gb_hint);

 private:
  struct Entry {
    std::string name;
    std::string variant;
    double vram_gb_hint;
    const GpuSpec* spec;
  };
  std::vector<Entry> entries_;
};

// The entry with this canonical name, ignoring case; nullptr when none.
const GpuSpec* FindCanonical(std::string_view canonical_name);

// Sets o.gpu (the canonical name, or o.gpu_raw verbatim when `spec` is null), o.gpu_known
// and the catalog figures (NaN when `spec` is null); fills o.vram_gb from the spec only when
// the provider gave none.
void ApplyGpu(Offer& o, const GpuSpec* spec);

// Push-down helpers: the provider spellings of a canonical model, in the provider's own
// form (Vast gpu_name values; Prime gpuType values, whose socket is given apart: "H100 SXM"
// and "H100 PCIe" are both {"H100_80GB"}). Empty when the provider has no such model.
std::vector<std::string_view> VastNamesFor(std::string_view canonical);
std::vector<std::string_view> PrimeTypesFor(std::string_view canonical);

// Canonical names a user's gpu filter value matches, in catalog order:
// 1. the canonical name itself, any case ("h100 sxm");
// 2. every model it is a word prefix of, where the rest only qualifies the form factor or
//    memory ("H100" -> H100 SXM, H100 PCIe, H100 NVL; "A100 SXM" -> both sizes; but
//    "RTX 4090" is not the RTX 4090 Ti); a value without digits names a family and matches
//    every model it prefixes ("RTX PRO", "Titan", "Quadro");
// 3. otherwise the models a provider spelling stands for ("RTX 6000Ada", "Tesla V100" ->
//    both V100 sizes; "H100_80GB" or "H100 80GB" -> H100 SXM and H100 PCIe);
// 4. otherwise what FindGpu's normalisation finds: its one model when the value names a
//    memory size ("A100-SXM4-80GB"), else every model sharing the key ("NVIDIA GeForce RTX
//    4090" -> both 4090 sizes).
// Empty when nothing matches.
std::vector<std::string_view> MatchGpuFilter(std::string_view value);

}  // namespace offerscope::core
