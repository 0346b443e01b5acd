#include "catalog.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

namespace offerscope::core {

namespace {

constexpr double N = kUnknown;

struct Entry {
  GpuSpec spec;
  // Other spellings ('|'-separated) beyond the canonical name and the provider lists below;
  // all are normalised like a looked-up name. A leading '=' keeps a memory word in the key,
  // for names where the number is not the VRAM ("GH200 480GB" counts the CPU's LPDDR5X).
  const char* aliases;
  const char* vast;   // Vast gpu_name values ('|'-separated)
  const char* prime;  // Prime gpuType values
};

// Figures from vendor datasheets and architecture whitepapers; catalog.hpp gives the rules.
// Where several entries share a spelling ("A100 SXM4"), the first listed is the default when
// no VRAM is known, so the common variant comes first.
// clang-format off
const Entry kEntries[] = {
    // NVIDIA data centre. HGX per-GPU figures for B200/B300, NVL72 ones for GB200/GB300.
    {{"B200", "NVIDIA", "Blackwell", 180, 7700, 2250, 75}, "", "B200", "B200_180GB"},
    {{"B300", "NVIDIA", "Blackwell Ultra", 270, 7700, 2250, 75}, "", "", "B300_262GB"},
    {{"GB200", "NVIDIA", "Blackwell", 186, 8000, 2500, 80}, "", "", "GB200"},
    {{"GB300", "NVIDIA", "Blackwell Ultra", 279, 8000, 2500, 80}, "", "", "GB300"},
    {{"H200", "NVIDIA", "Hopper", 141, 4800, 989.5, 67}, "", "H200", "H200_141GB"},
    {{"H200 NVL", "NVIDIA", "Hopper", 141, 4800, 835.5, 60}, "", "H200 NVL", ""},
    {{"GH200 96GB", "NVIDIA", "Hopper", 96, 4000, 989.5, 67}, "=GH200 480GB", "GH200 SXM", "GH200_96GB|GH200_480GB"},
    {{"GH200 144GB", "NVIDIA", "Hopper", 144, 4900, 989.5, 67}, "=GH200 624GB", "GH200 SXM", "GH200_624GB"},
    {{"H100 SXM", "NVIDIA", "Hopper", 80, 3350, 989.5, 67}, "H100", "H100 SXM", "H100_80GB"},
    {{"H100 PCIe", "NVIDIA", "Hopper", 80, 2000, 756, 51}, "", "H100 PCIE", "H100_80GB"},
    {{"H100 NVL", "NVIDIA", "Hopper", 94, 3900, 835.5, 60}, "", "H100 NVL", ""},
    {{"A100 SXM 80GB", "NVIDIA", "Ampere", 80, 2039, 312, 19.5}, "A100", "A100 SXM4|A100 SXM", "A100_80GB"},
    {{"A100 SXM 40GB", "NVIDIA", "Ampere", 40, 1555, 312, 19.5}, "A100", "A100 SXM4|A100 SXM", "A100_40GB"},
    {{"A100 PCIe 80GB", "NVIDIA", "Ampere", 80, 1935, 312, 19.5}, "", "A100 PCIE", "A100_80GB"},
    {{"A100 PCIe 40GB", "NVIDIA", "Ampere", 40, 1555, 312, 19.5}, "", "A100 PCIE", "A100_40GB"},
    {{"A100X", "NVIDIA", "Ampere", 80, 2039, 312, 19.5}, "", "A100X", ""},
    {{"A800 PCIe", "NVIDIA", "Ampere", 80, 1935, 312, 19.5}, "A800", "A800 PCIE", ""},
    {{"A800 SXM", "NVIDIA", "Ampere", 80, 2039, 312, 19.5}, "", "", ""},
    {{"L40S", "NVIDIA", "Ada Lovelace", 48, 864, 362.05, 91.6}, "", "L40S", "L40S_48GB"},
    {{"L40", "NVIDIA", "Ada Lovelace", 48, 864, 181.05, 90.5}, "", "L40", "L40_48GB"},
    {{"L4", "NVIDIA", "Ada Lovelace", 24, 300, 121, 30.3}, "", "L4", "L4_24GB"},
    {{"A40", "NVIDIA", "Ampere", 48, 696, 149.7, 37.4}, "", "A40", "A40_48GB"},
    {{"A30", "NVIDIA", "Ampere", 24, 933, 165, 10.3}, "", "A30", "A30_24GB"},
    {{"A10", "NVIDIA", "Ampere", 24, 600, 125, 31.2}, "", "A10", "A10_24GB"},
    {{"A10G", "NVIDIA", "Ampere", 24, 600, N, 31.2}, "", "A10g", ""},  // AWS publishes no tensor figure
    {{"A16", "NVIDIA", "Ampere", 16, 200, 35.9, 4.5}, "", "A16", ""},   // one of the board's four GPUs
    {{"T4", "NVIDIA", "Turing", 16, 320, 65, 8.1}, "", "Tesla T4", "T4_16GB"},
    // V100: SXM2 figures (Vast does not say which form; PCIe is 112 / 14).
    {{"V100 32GB", "NVIDIA", "Volta", 32, 900, 125, 15.7}, "V100 SXM2|V100 PCIE", "Tesla V100", "V100_32GB"},
    {{"V100 16GB", "NVIDIA", "Volta", 16, 900, 125, 15.7}, "V100 SXM2|V100 PCIE", "Tesla V100", "V100_16GB"},
    {{"P100", "NVIDIA", "Pascal", 16, 732, 18.7, 9.3}, "P100 PCIE", "Tesla P100", "P100_16GB"},  // PCIe 16 GB
    {{"P40", "NVIDIA", "Pascal", 24, 346, 0.18, 11.8}, "", "Tesla P40", "P40_24GB"},
    {{"P6", "NVIDIA", "Pascal", 16, 192, 0.1, 6.2}, "", "Tesla P6", ""},
    {{"P4", "NVIDIA", "Pascal", 8, 192, 0.09, 5.5}, "", "Tesla P4", "P4_8GB"},
    {{"M40", "NVIDIA", "Maxwell", 24, 288, N, 6.8}, "", "Tesla M40", ""},
    {{"K80", "NVIDIA", "Kepler", 12, 240, N, 4.4}, "", "Tesla K80", ""},  // one of the board's two GPUs
    {{"K20c", "NVIDIA", "Kepler", 5, 208, N, 3.5}, "", "Tesla K20c", ""},
    // GeForce RTX 50 (the "Ti" is a Vast label with no such product: NaN figures)
    {{"RTX 5090", "NVIDIA", "Blackwell", 32, 1792, 209.5, 104.8}, "", "RTX 5090", "RTX5090_32GB"},
    {{"RTX 5090 Ti", "NVIDIA", "Blackwell", N, N, N, N}, "", "RTX 5090 Ti", ""},
    {{"RTX 5080", "NVIDIA", "Blackwell", 16, 960, 112.6, 56.3}, "", "RTX 5080", ""},
    {{"RTX 5070 Ti", "NVIDIA", "Blackwell", 16, 896, 87.9, 43.9}, "", "RTX 5070 Ti", ""},
    {{"RTX 5070", "NVIDIA", "Blackwell", 12, 672, 61.7, 30.9}, "", "RTX 5070", ""},
    {{"RTX 5060 Ti", "NVIDIA", "Blackwell", 16, 448, 47.4, 23.7}, "", "RTX 5060 Ti", ""},
    {{"RTX 5060", "NVIDIA", "Blackwell", 8, 448, 38.4, 19.2}, "", "RTX 5060", ""},
    // GeForce RTX 40 (48 GB 4090s are modded cards Vast lists as plain "RTX 4090")
    {{"RTX 4090", "NVIDIA", "Ada Lovelace", 24, 1008, 165.2, 82.6}, "", "RTX 4090", "RTX4090_24GB"},
    {{"RTX 4090 48GB", "NVIDIA", "Ada Lovelace", 48, 1008, 165.2, 82.6}, "", "RTX 4090", ""},
    {{"RTX 4090D", "NVIDIA", "Ada Lovelace", 24, 1008, 147, 73.5}, "", "RTX 4090D", ""},
    {{"RTX 4090 Ti", "NVIDIA", "Ada Lovelace", N, N, N, N}, "", "RTX 4090 Ti", ""},
    {{"RTX 4080 Ti", "NVIDIA", "Ada Lovelace", N, N, N, N}, "", "", "RTX4080Ti_16GB"},
    {{"RTX 4080 Super", "NVIDIA", "Ada Lovelace", 16, 736, 104.4, 52.2}, "", "RTX 4080S", ""},
    {{"RTX 4080", "NVIDIA", "Ada Lovelace", 16, 717, 97.5, 48.7}, "", "RTX 4080", "RTX4080_16GB"},
    {{"RTX 4080 Laptop", "NVIDIA", "Ada Lovelace", 12, 432, N, N}, "", "RTX 4080 laptop", ""},
    {{"RTX 4070 Ti Super", "NVIDIA", "Ada Lovelace", 16, 672, 88.2, 44.1}, "", "RTX 4070S Ti", ""},
    {{"RTX 4070 Ti", "NVIDIA", "Ada Lovelace", 12, 504, 80.2, 40.1}, "", "RTX 4070 Ti", "RTX4070Ti_12GB"},
    {{"RTX 4070 Super", "NVIDIA", "Ada Lovelace", 12, 504, 71, 35.5}, "", "RTX 4070S", ""},
    {{"RTX 4070", "NVIDIA", "Ada Lovelace", 12, 504, 58.3, 29.1}, "", "RTX 4070", ""},
    {{"RTX 4070 Laptop", "NVIDIA", "Ada Lovelace", 8, 256, N, N}, "", "RTX 4070 laptop", ""},
    {{"RTX 4060 Ti", "NVIDIA", "Ada Lovelace", 16, 288, 44.1, 22.1}, "", "RTX 4060 Ti", ""},
    {{"RTX 4060", "NVIDIA", "Ada Lovelace", 8, 272, 30.1, 15.1}, "", "RTX 4060", ""},
    {{"RTX 4060 Laptop", "NVIDIA", "Ada Lovelace", 8, 256, N, N}, "", "RTX 4060 laptop", ""},
    // GeForce RTX 30
    {{"RTX 3090 Ti", "NVIDIA", "Ampere", 24, 1008, 80, 40}, "", "RTX 3090 Ti", "RTX3090Ti_24GB"},
    {{"RTX 3090", "NVIDIA", "Ampere", 24, 936, 71, 35.6}, "", "RTX 3090", "RTX3090_24GB"},
    {{"RTX 3080 Ti", "NVIDIA", "Ampere", 12, 912, 68.2, 34.1}, "", "RTX 3080 Ti", "RTX3080Ti_12GB"},
    {{"RTX 3080", "NVIDIA", "Ampere", 10, 760, 59.5, 29.8}, "", "RTX 3080", "RTX3080_10GB"},
    {{"RTX 3070 Ti", "NVIDIA", "Ampere", 8, 608, 43.5, 21.7}, "", "RTX 3070 Ti", ""},
    {{"RTX 3070", "NVIDIA", "Ampere", 8, 448, 40.6, 20.3}, "", "RTX 3070", "RTX3070_8GB"},
    {{"RTX 3070 Laptop", "NVIDIA", "Ampere", 8, 448, N, N}, "", "RTX 3070 laptop", ""},
    {{"RTX 3060 Ti", "NVIDIA", "Ampere", 8, 448, 32.4, 16.2}, "", "RTX 3060 Ti", ""},
    {{"RTX 3060", "NVIDIA", "Ampere", 12, 360, 25.6, 12.7}, "", "RTX 3060", ""},
    {{"RTX 3060 Laptop", "NVIDIA", "Ampere", 6, 336, N, N}, "", "RTX 3060 laptop", ""},
    {{"RTX 3050", "NVIDIA", "Ampere", 8, 224, 18.2, 9.1}, "", "RTX 3050", ""},
    // GeForce RTX 20, GTX 16 (no tensor cores: FP16 shader rate), GTX 10 and older
    {{"RTX 2080 Ti", "NVIDIA", "Turing", 11, 616, 53.8, 13.4}, "", "RTX 2080 Ti", ""},
    {{"RTX 2080 Super", "NVIDIA", "Turing", 8, 496, 44.6, 11.2}, "", "RTX 2080S", ""},
    {{"RTX 2080", "NVIDIA", "Turing", 8, 448, 40.3, 10.1}, "", "RTX 2080", ""},
    {{"RTX 2070 Super", "NVIDIA", "Turing", 8, 448, 36.3, 9.1}, "", "RTX 2070S", ""},
    {{"RTX 2070", "NVIDIA", "Turing", 8, 448, 29.9, 7.5}, "", "RTX 2070", ""},
    {{"RTX 2060 Super", "NVIDIA", "Turing", 8, 448, 28.7, 7.2}, "", "RTX 2060S", ""},
    {{"RTX 2060", "NVIDIA", "Turing", 6, 336, 25.8, 6.5}, "", "RTX 2060", ""},
    {{"GTX 1660 Ti", "NVIDIA", "Turing", 6, 288, 10.9, 5.4}, "", "GTX 1660 Ti", ""},
    {{"GTX 1660 Super", "NVIDIA", "Turing", 6, 336, 10.1, 5.0}, "", "GTX 1660 S", ""},
    {{"GTX 1660", "NVIDIA", "Turing", 6, 192, 10.1, 5.0}, "", "GTX 1660", ""},
    {{"GTX 1650 Ti", "NVIDIA", "Turing", 4, 192, N, N}, "", "GTX 1650 Ti", ""},  // laptop part, clocks vary
    {{"GTX 1650 Super", "NVIDIA", "Turing", 4, 192, 8.8, 4.4}, "", "GTX 1650 S", ""},
    {{"GTX 1650", "NVIDIA", "Turing", 4, 128, 6.0, 3.0}, "", "GTX 1650", ""},
    {{"GTX 1080 Ti", "NVIDIA", "Pascal", 11, 484, 0.18, 11.3}, "", "GTX 1080 Ti", ""},
    {{"GTX 1080", "NVIDIA", "Pascal", 8, 320, 0.14, 8.9}, "", "GTX 1080", ""},
    {{"GTX 1070 Ti", "NVIDIA", "Pascal", 8, 256, 0.13, 8.2}, "", "GTX 1070 Ti", ""},
    {{"GTX 1070", "NVIDIA", "Pascal", 8, 256, 0.1, 6.5}, "", "GTX 1070", ""},
    {{"GTX 1060", "NVIDIA", "Pascal", 6, 192, 0.07, 4.4}, "", "GTX 1060", ""},
    {{"GTX 1050 Ti", "NVIDIA", "Pascal", 4, 112, 0.03, 2.1}, "", "GTX 1050 Ti", ""},
    {{"GTX 1050", "NVIDIA", "Pascal", 2, 112, 0.03, 1.9}, "", "GTX 1050", ""},
    {{"GTX 970", "NVIDIA", "Maxwell", 4, 224, N, 3.9}, "", "GeForce 970", ""},
    {{"GTX 750 Ti", "NVIDIA", "Maxwell", 2, 86, N, 1.4}, "", "GTX 750 Ti", ""},
    {{"GTX Titan X", "NVIDIA", "Maxwell", 12, 336, N, 6.7}, "", "GTX TITAN X", ""},
    {{"Titan RTX", "NVIDIA", "Turing", 24, 672, 130.5, 16.3}, "", "Titan RTX", ""},
    {{"Titan V", "NVIDIA", "Volta", 12, 653, 110, 14.9}, "", "Titan V", ""},
    {{"Titan V CEO", "NVIDIA", "Volta", 32, 870, 125, 14.9}, "", "TITAN V CEO", ""},
    {{"Titan X", "NVIDIA", "Pascal", 12, 480, 0.17, 11}, "Titan X Pascal", "Titan X", ""},
    {{"Titan Xp", "NVIDIA", "Pascal", 12, 548, 0.19, 12.1}, "", "Titan Xp", ""},
    // Workstation. Blackwell RTX PRO: Server and Workstation editions share the figures;
    // NVIDIA publishes no dense tensor figure for the smaller models.
    {{"RTX PRO 6000", "NVIDIA", "Blackwell", 96, 1792, 503.8, 125}, "", "RTX PRO 6000|RTX PRO 6000 S|RTX PRO 6000 WS", "RTX_PRO_6000B_96GB"},
    {{"RTX PRO 6000 Max-Q", "NVIDIA", "Blackwell", 96, 1792, 438.9, 110}, "", "RTX PRO 6000 Max-Q", ""},
    {{"RTX PRO 5000", "NVIDIA", "Blackwell", 48, 1344, N, N}, "", "RTX PRO 5000", ""},
    {{"RTX PRO 4500", "NVIDIA", "Blackwell", 32, 896, N, 54.9}, "", "RTX PRO 4500", ""},
    {{"RTX PRO 4000", "NVIDIA", "Blackwell", 24, 672, N, 46.9}, "", "RTX PRO 4000", ""},
    {{"RTX PRO 4000 Mobile", "NVIDIA", "Blackwell", 16, N, N, N}, "", "RTX PRO 4000 Mobile", ""},
    // Ada workstation: tensor figure = datasheet "AI TFLOPS" (FP8 with sparsity) / 4.
    {{"RTX 6000 Ada", "NVIDIA", "Ada Lovelace", 48, 960, 364.2, 91.1}, "", "RTX 6000Ada", "RTX6000Ada_48GB"},
    {{"RTX 5880 Ada", "NVIDIA", "Ada Lovelace", 48, 960, 305.3, 69.3}, "", "RTX 5880Ada", ""},
    {{"RTX 5000 Ada", "NVIDIA", "Ada Lovelace", 32, 576, 261.0, 65.3}, "", "RTX 5000Ada", "RTX5000Ada_32GB"},
    {{"RTX 4500 Ada", "NVIDIA", "Ada Lovelace", 24, 432, 158.5, 39.6}, "", "RTX 4500Ada", ""},
    {{"RTX 4000 Ada", "NVIDIA", "Ada Lovelace", 20, 360, 81.9, 26.7}, "", "RTX 4000Ada", "RTX4000Ada_20GB"},
    {{"RTX 2000 Ada", "NVIDIA", "Ada Lovelace", 16, 224, 48, 12}, "", "RTX 2000Ada", "RTX2000Ada_16GB"},
    {{"RTX A6000", "NVIDIA", "Ampere", 48, 768, 154.8, 38.7}, "", "RTX A6000", "A6000_48GB"},
    {{"RTX A5000", "NVIDIA", "Ampere", 24, 768, 111.1, 27.8}, "", "RTX A5000", "A5000_24GB"},
    {{"RTX A4500", "NVIDIA", "Ampere", 20, 640, 94.6, 23.7}, "", "RTX A4500", "A4500_20GB"},
    {{"RTX A4000", "NVIDIA", "Ampere", 16, 448, 76.7, 19.2}, "", "RTX A4000", "A4000_16GB"},
    {{"RTX A2000", "NVIDIA", "Ampere", 6, 288, 31.9, 8.0}, "", "RTX A2000", "A2000_6GB"},
    {{"Quadro RTX 8000", "NVIDIA", "Turing", 48, 672, 130.5, 16.3}, "", "Q RTX 8000", "RTX8000_48GB"},
    {{"Quadro RTX 6000", "NVIDIA", "Turing", 24, 672, 130.5, 16.3}, "", "Q RTX 6000", "RTX6000_24GB"},
    {{"Quadro RTX 5000", "NVIDIA", "Turing", 16, 448, 89.2, 11.2}, "", "Q RTX 5000", "RTX5000_16GB"},
    {{"Quadro RTX 4000", "NVIDIA", "Turing", 8, 416, 57.0, 7.1}, "", "Q RTX 4000", "RTX4000_8GB"},
    {{"Quadro GV100", "NVIDIA", "Volta", 32, 870, 118.5, 14.8}, "", "Quadro GV100", ""},
    {{"Quadro GP100", "NVIDIA", "Pascal", 16, 717, 20.7, 10.3}, "", "Quadro GP100", ""},
    {{"Quadro P6000", "NVIDIA", "Pascal", 24, 432, 0.2, 12.6}, "", "Quadro P6000", ""},
    {{"Quadro P5000", "NVIDIA", "Pascal", 16, 288, 0.14, 8.9}, "", "Quadro P5000", ""},
    {{"Quadro P4000", "NVIDIA", "Pascal", 8, 243, 0.08, 5.3}, "", "Quadro P4000", ""},
    {{"Quadro P2000", "NVIDIA", "Pascal", 5, 140, 0.05, 3.0}, "", "Quadro P2000", ""},
    {{"Quadro K2200", "NVIDIA", "Maxwell", 4, 80, N, 1.4}, "", "Quadro K2200", ""},
    {{"Quadro K620", "NVIDIA", "Maxwell", 2, 29, N, 0.86}, "", "Quadro K620", ""},
    // Mining cards (FP16 rates are cut; only the Pascal ones follow a known ratio)
    {{"CMP 170HX", "NVIDIA", "Ampere", 8, 1493, N, 6.3}, "", "CMP 170HX", ""},
    {{"CMP 50HX", "NVIDIA", "Turing", 10, 560, N, 11}, "", "CMP 50HX", ""},
    {{"P104-100", "NVIDIA", "Pascal", 8, 320, 0.1, 6.7}, "", "P104-100", ""},
    {{"P106-100", "NVIDIA", "Pascal", 6, 192, 0.07, 4.4}, "", "P106-100", ""},
    // AMD: FP16 is the dense matrix rate on Instinct MI100 and later, packed FP16 elsewhere;
    // FP32 is the vector rate. An MI250X is counted as one package (128 GB), as Vast lists it.
    {{"MI300X", "AMD", "CDNA 3", 192, 5300, 1307.4, 163.4}, "", "", ""},
    {{"MI250X", "AMD", "CDNA 2", 128, 3277, 383, 47.9}, "", "InstinctMI250X", ""},
    {{"MI210", "AMD", "CDNA 2", 64, 1638, 181, 22.6}, "", "InstinctMI210", ""},
    {{"MI100", "AMD", "CDNA", 32, 1229, 184.6, 23.1}, "", "InstinctMI100", ""},
    {{"MI50", "AMD", "GCN 5", 16, 1024, 26.5, 13.3}, "", "InstinctMI50", ""},
    {{"Radeon PRO W7900", "AMD", "RDNA 3", 48, 864, 122.6, 61.3}, "", "PRO W7900", ""},
    {{"Radeon PRO W7800", "AMD", "RDNA 3", 32, 576, 90.5, 45.2}, "", "PRO W7800", ""},
    {{"Radeon PRO W6800", "AMD", "RDNA 2", 32, 512, 35.7, 17.8}, "", "PRO W6800", ""},
    {{"Radeon PRO V620", "AMD", "RDNA 2", 32, 512, 40.5, 20.3}, "", "Pro V620", ""},
    {{"Radeon VII", "AMD", "GCN 5", 16, 1024, 26.9, 13.4}, "", "Radeon VII", ""},
    {{"Radeon Pro VII", "AMD", "GCN 5", 16, 1024, 26.1, 13.1}, "", "Radeon Pro VII", ""},
    {{"RX 7900 XTX", "AMD", "RDNA 3", 24, 960, 122.8, 61.4}, "", "RX 7900 XTX", ""},
    {{"RX 7900 XT", "AMD", "RDNA 3", 20, 800, 103, 51.5}, "", "RX 7900 XT", ""},
    {{"RX 7900 GRE", "AMD", "RDNA 3", 16, 576, 92, 46}, "", "RX 7900 GRE", ""},
    {{"RX 7800 XT", "AMD", "RDNA 3", 16, 624, 74.6, 37.3}, "", "RX 7800 XT", ""},
    {{"RX 7700 XT", "AMD", "RDNA 3", 12, 432, 70.3, 35.2}, "", "RX 7700 XT", ""},
    {{"RX 7600", "AMD", "RDNA 3", 8, 288, 43.5, 21.8}, "", "RX 7600", ""},
    {{"RX 6950 XT", "AMD", "RDNA 2", 16, 576, 47.3, 23.7}, "", "RX 6950 XT", ""},
    {{"RX 6900 XT", "AMD", "RDNA 2", 16, 512, 46.1, 23}, "", "RX 6900 XT", ""},
    {{"RX 6800 XT", "AMD", "RDNA 2", 16, 512, 41.5, 20.7}, "", "RX 6800 XT", ""},
    {{"RX 6800", "AMD", "RDNA 2", 16, 512, 32.3, 16.2}, "", "RX 6800", ""},
};
// clang-format on

constexpr std::size_t kEntryCount = sizeof kEntries / sizeof kEntries[0];

// ---------------------------------------------------------------------------------------
// Normalisation: a spelling becomes up to three keys, most specific first.

constexpr std::size_t kKeyCapacity = 48;  // longer spellings are no GPU name: unknown

struct Key {
  char text[kKeyCapacity];
  std::size_t size = 0;
  bool overflow = false;

  void Append(std::string_view w) {
    if (size + w.size() > kKeyCapacity) {
      overflow = true;
      return;
    }
    std::memcpy(text + size, w.data(), w.size());
    size += w.size();
  }
  std::string_view View() const { return {text, size}; }
};

struct Keys {
  Key with_memory;  // model and memory words: "GH200480GB" (for '=' aliases)
  Key with_form;    // model and form-factor words: "A100SXM", "H100PCIE"
  Key model;        // model words only: "A100"
  double memory_gb = kUnknown;  // the first "<N>GB" word
  bool has_memory = false;
  bool has_form = false;
  bool Overflow() const { return with_memory.overflow || with_form.overflow || model.overflow; }
};

enum class WordKind { kNoise, kModel, kForm, kMemory };

// Words that never tell two models apart. "INSTINCT" is also cut off the front of a word
// (Vast writes "InstinctMI250X").
constexpr std::string_view kNoiseWords[] = {
    "NVIDIA", "GEFORCE", "TESLA", "AMD",   "RADEON", "INSTINCT", "GPU",         "HBM2",      "HBM2E",
    "HBM3",   "HBM3E",   "GDDR5", "GDDR5X", "GDDR6", "GDDR6X",  "GDDR7",       "GENERATION", "EDITION",
    "SERVER", "WORKSTATION", "BLACKWELL", "NVLINK"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads "80GB", "144G", "24GIB" as a memory size.
bool ReadMemory(std::string_view w, double& gb) {
  std::size_t digits = 0;
  while (digits < w.size() && IsDigit(w[digits])) ++digits;
  std::string_view unit = w.substr(digits);
  if (digits == 0 || digits > 4 || !(unit == "GB" || unit == "G" || unit == "GIB")) return false;
  gb = 0;
  for (std::size_t i = 0; i < digits; ++i) gb = gb * 10 + (w[i] - '0');
  return true;
}

// Classifies an upper-case word; may rewrite it to its canonical form ("SXM4" -> "SXM").
WordKind Classify(std::string_view& w, double& memory_gb) {
  for (std::string_view n : kNoiseWords)
    if (w == n) return WordKind::kNoise;
  if (w.size() > 8 && w.substr(0, 8) == "INSTINCT") w.remove_prefix(8);
  if (ReadMemory(w, memory_gb)) return WordKind::kMemory;
  if (w == "PCIE") return WordKind::kForm;
  if (w.substr(0, 3) == "SXM" && (w.size() == 3 || (w.size() == 4 && IsDigit(w[3])))) {
    w = "SXM";  // SXM2..SXM6: the generation follows from the model
    return WordKind::kForm;
  }
  if (w == "SUPER") w = "S";  // Vast writes "RTX 4080S", nvidia-smi "RTX 4080 SUPER"
  return WordKind::kModel;
}

void AddWord(Keys& k, std::string_view w, bool variant) {
  double gb = kUnknown;
  WordKind kind = Classify(w, gb);
  if (kind == WordKind::kNoise) return;
  if (variant && kind == WordKind::kModel) kind = WordKind::kForm;  // Prime's socket is only a form factor
  if (kind != WordKind::kForm) k.with_memory.Append(w);
  if (kind == WordKind::kMemory) {
    if (!k.has_memory) k.memory_gb = gb;
    k.has_memory = true;
    return;
  }
  k.with_form.Append(w);
  if (kind == WordKind::kForm) {
    k.has_form = true;
    return;
  }
  k.model.Append(w);
}

// Cuts `text` into runs of letters and digits, upper-cased ("A100-SXM4-80GB" -> A100 SXM4 80GB).
void AddWords(Keys& k, std::string_view text, bool variant) {
  char word[kKeyCapacity];
  std::size_t size = 0;
  bool too_long = false;
  auto flush = [&] {
    if (too_long) k.model.overflow = true;
    else if (size > 0) AddWord(k, std::string_view(word, size), variant);
    size = 0;
    too_long = false;
  };
  for (char c : text) {
    // ASCII only, without the C locale's per-character calls: this runs once per offer.
    bool lower = c >= 'a' && c <= 'z';
    if (lower || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      if (size < sizeof word) word[size++] = lower ? static_cast<char>(c - 'a' + 'A') : c;
      else too_long = true;
    } else {
      flush();
    }
  }
  flush();
}

Keys Normalize(std::string_view name, std::string_view variant) {
  Keys k;
  AddWords(k, name, false);
  AddWords(k, variant, true);
  return k;
}

// ---------------------------------------------------------------------------------------
// The index, built once.

struct IndexedKey {
  std::string key;
  std::uint16_t entry;  // index into kEntries and Index::all
};

struct Index {
  std::vector<GpuSpec> all;            // kEntries' specs, same order
  std::vector<IndexedKey> keys;        // sorted by key; within a key, in table order
  std::vector<std::uint16_t> by_name;  // entries sorted by canonical name, ignoring case
};

char Upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

bool LessIgnoringCase(std::string_view a, std::string_view b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return Upper(x) < Upper(y); });
}

// Calls f(part) for each part of a '|'-separated list.
template <class F>
void ForEachPart(std::string_view list, F f) {
  while (!list.empty()) {
    std::size_t bar = list.find('|');
    f(list.substr(0, bar));
    list = bar == std::string_view::npos ? std::string_view() : list.substr(bar + 1);
  }
}

void AddKey(Index& ix, std::string_view spelling, std::uint16_t entry) {
  bool keep_memory = !spelling.empty() && spelling.front() == '=';
  if (keep_memory) spelling.remove_prefix(1);
  Keys k = Normalize(spelling, {});
  std::string_view key = keep_memory ? k.with_memory.View() : k.with_form.View();
  if (key.empty() || k.Overflow()) return;
  // An entry's keys are added together: only its own need checking for repeats.
  for (auto it = ix.keys.rbegin(); it != ix.keys.rend() && it->entry == entry; ++it)
    if (it->key == key) return;
  ix.keys.push_back({std::string(key), entry});
}

const Index& GetIndex() {
  static const Index index = [] {
    Index ix;
    for (std::uint16_t i = 0; i < kEntryCount; ++i) {
      const Entry& e = kEntries[i];
      ix.all.push_back(e.spec);
      ix.by_name.push_back(i);
      AddKey(ix, e.spec.name, i);
      for (const char* list : {e.aliases, e.vast, e.prime})
        ForEachPart(list, [&](std::string_view s) { AddKey(ix, s, i); });
    }
    std::stable_sort(ix.keys.begin(), ix.keys.end(),
                     [](const IndexedKey& a, const IndexedKey& b) { return a.key < b.key; });
    std::sort(ix.by_name.begin(), ix.by_name.end(), [](std::uint16_t a, std::uint16_t b) {
      return LessIgnoringCase(kEntries[a].spec.name, kEntries[b].spec.name);
    });
    return ix;
  }();
  return index;
}

struct Range {
  const IndexedKey* begin;
  const IndexedKey* end;
  bool Empty() const { return begin == end; }
};

Range Find(std::string_view key) {
  const std::vector<IndexedKey>& keys = GetIndex().keys;
  auto lo = std::lower_bound(keys.begin(), keys.end(), key,
                             [](const IndexedKey& k, std::string_view v) { return std::string_view(k.key) < v; });
  auto hi = lo;
  while (hi != keys.end() && hi->key == key) ++hi;
  return {keys.data() + (lo - keys.begin()), keys.data() + (hi - keys.begin())};
}

// How far an entry's VRAM is from the hint; entries without a figure are farthest.
double VramDistance(std::uint16_t entry, double vram_gb) {
  double have = kEntries[entry].spec.vram_gb;
  if (!IsKnown(vram_gb) || !IsKnown(have)) return std::numeric_limits<double>::infinity();
  return std::fabs(have - vram_gb);
}

// Among entries sharing a key, the one whose VRAM is closest to the hint; the first listed
// on a tie or without a hint.
const GpuSpec* Choose(Range r, double vram_gb) {
  if (r.Empty()) return nullptr;
  const IndexedKey* best = r.begin;
  for (const IndexedKey* it = r.begin; it != r.end; ++it)
    if (VramDistance(it->entry, vram_gb) < VramDistance(best->entry, vram_gb)) best = it;
  return &GetIndex().all[best->entry];
}

// The most specific key of `k` that the catalog knows, or an empty range.
Range FindKeys(const Keys& k) {
  if (k.Overflow() || k.with_form.size == 0) return {nullptr, nullptr};
  if (k.has_memory) {
    Range r = Find(k.with_memory.View());
    if (!r.Empty()) return r;
  }
  Range r = Find(k.with_form.View());
  // A form factor the catalog does not split on ("RTX4090_24GB" + "PCIe") is dropped.
  if (r.Empty() && k.has_form && k.model.size > 0) r = Find(k.model.View());
  return r;
}

const Entry* EntryOf(const GpuSpec* spec) {
  if (spec == nullptr) return nullptr;
  return &kEntries[spec - GetIndex().all.data()];
}

std::vector<std::string_view> Parts(const char* list) {
  std::vector<std::string_view> out;
  ForEachPart(list, [&](std::string_view s) { out.push_back(s); });
  return out;
}

// Upper case, '_' read as a space, runs of spaces collapsed, trimmed: how filter values and
// spellings are compared ("h100_80gb " == "H100_80GB").
std::string FoldForCompare(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool space = c == ' ' || c == '_' || c == '\t';
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(Upper(c));
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    std::size_t sp = s.find(' ');
    out.push_back(s.substr(0, sp));
    s = sp == std::string_view::npos ? std::string_view() : s.substr(sp + 1);
  }
  return out;
}

bool HasDigit(std::string_view w) { return std::any_of(w.begin(), w.end(), IsDigit); }

// A word that only picks a form factor or memory size of one model.
bool IsQualifier(std::string_view w) {
  double gb;
  return w == "SXM" || w == "PCIE" || w == "NVL" || w == "MAX-Q" || ReadMemory(w, gb);
}

// Steps 1 and 2 of MatchGpuFilter: the value is the canonical name or a word prefix of it.
bool MatchesCanonical(const std::vector<std::string_view>& want, std::string_view name) {
  std::string folded = FoldForCompare(name);
  std::vector<std::string_view> have = Words(folded);
  if (want.empty() || want.size() > have.size() || !std::equal(want.begin(), want.end(), have.begin()))
    return false;
  if (want.size() == have.size() || std::none_of(want.begin(), want.end(), HasDigit)) return true;
  return std::all_of(have.begin() + static_cast<std::ptrdiff_t>(want.size()), have.end(), IsQualifier);
}

}  // namespace

const std::vector<GpuSpec>& AllGpus() { return GetIndex().all; }

const GpuSpec* FindGpu(ProviderId provider, std::string_view name, std::string_view variant, double vram_gb_hint) {
  (void)provider;  // every provider's spellings are normalised alike; see catalog.hpp
  Keys k = Normalize(name, variant);
  double vram = IsKnown(vram_gb_hint) && vram_gb_hint > 0 ? vram_gb_hint : k.memory_gb;
  return Choose(FindKeys(k), vram);
}

const GpuSpec* GpuLookupCache::Find(ProviderId provider, std::string_view name, std::string_view variant,
                                    double vram_gb_hint) {
  // The provider is not part of the key: FindGpu ignores it (see catalog.hpp).
  for (const Entry& e : entries_) {
    if (e.name == name && e.variant == variant &&
        (e.vram_gb_hint == vram_gb_hint || (std::isnan(e.vram_gb_hint) && std::isnan(vram_gb_hint))))
      return e.spec;
  }
  const GpuSpec* spec = FindGpu(provider, name, variant, vram_gb_hint);
  if (entries_.size() < 64) entries_.push_back(Entry{std::string(name), std::string(variant), vram_gb_hint, spec});
  return spec;
}

const GpuSpec* FindCanonical(std::string_view canonical_name) {
  const Index& ix = GetIndex();
  auto it = std::lower_bound(ix.by_name.begin(), ix.by_name.end(), canonical_name,
                             [](std::uint16_t e, std::string_view v) { return LessIgnoringCase(kEntries[e].spec.name, v); });
  if (it == ix.by_name.end() || LessIgnoringCase(canonical_name, kEntries[*it].spec.name)) return nullptr;
  return &ix.all[*it];
}

void ApplyGpu(Offer& o, const GpuSpec* spec) {
  o.gpu_known = spec != nullptr;
  if (spec == nullptr) {
    o.gpu = o.gpu_raw;
    o.tflops_fp16 = o.tflops_fp32 = o.mem_bandwidth_gb_s = kUnknown;
    return;
  }
  o.gpu.assign(spec->name);
  o.tflops_fp16 = spec->tflops_fp16;
  o.tflops_fp32 = spec->tflops_fp32;
  o.mem_bandwidth_gb_s = spec->mem_bandwidth_gb_s;
  if (!IsKnown(o.vram_gb)) o.vram_gb = spec->vram_gb;
}

std::vector<std::string_view> VastNamesFor(std::string_view canonical) {
  const Entry* e = EntryOf(FindCanonical(canonical));
  return e ? Parts(e->vast) : std::vector<std::string_view>{};
}

std::vector<std::string_view> PrimeTypesFor(std::string_view canonical) {
  const Entry* e = EntryOf(FindCanonical(canonical));
  return e ? Parts(e->prime) : std::vector<std::string_view>{};
}

std::vector<std::string_view> MatchGpuFilter(std::string_view value) {
  std::vector<std::string_view> out;
  std::string want_text = FoldForCompare(value);
  std::vector<std::string_view> want = Words(want_text);
  for (const Entry& e : kEntries)
    if (MatchesCanonical(want, e.spec.name)) out.push_back(e.spec.name);
  if (!out.empty() || want.empty()) return out;

  // A provider's own spelling: every model that provider uses it for.
  for (const Entry& e : kEntries) {
    bool hit = false;
    for (const char* list : {e.vast, e.prime})
      ForEachPart(list, [&](std::string_view s) { hit = hit || FoldForCompare(s) == want_text; });
    if (hit) out.push_back(e.spec.name);
  }
  if (!out.empty()) return out;

  // Any other spelling: the model FindGpu picks when the value names a memory size, else
  // every model sharing its key (both RTX 4090 sizes for "NVIDIA GeForce RTX 4090").
  Keys k = Normalize(value, {});
  Range r = FindKeys(k);
  if (k.has_memory) {
    if (const GpuSpec* s = Choose(r, k.memory_gb)) out.push_back(s->name);
    return out;
  }
  for (const IndexedKey* it = r.begin; it != r.end; ++it) out.push_back(kEntries[it->entry].spec.name);
  return out;
}

}  // namespace offerscope::core
