#include "catalog.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <unordered_map>

namespace offerscope::core {

namespace {

constexpr double N = kUnknown;

struct Entry {
  GpuSpec spec;
  // Normalized lookup keys ('|'-separated): upper case, no spaces/dashes/underscores, no
  // vendor words. Several entries may share a key; VRAM then decides.
  const char* keys;
  const char* vast;   // Vast gpu_name values ('|'-separated)
  const char* prime;  // Prime gpuType values
};

// Spec-sheet figures (vendor datasheets and whitepapers). See catalog.hpp for the rules.
const Entry kEntries[] = {
    // NVIDIA data centre
    {{"B200", "NVIDIA", "Blackwell", 180, 8000, 2250, 80}, "B200", "B200", "B200_180GB"},
    {{"B300", "NVIDIA", "Blackwell Ultra", 262, 8000, 2250, 75}, "B300", "", "B300_262GB"},
    {{"GB200", "NVIDIA", "Blackwell", 186, 8000, 2500, 80}, "GB200", "", "GB200"},
    {{"GB300", "NVIDIA", "Blackwell Ultra", 279, 8000, 2500, 80}, "GB300", "", "GB300"},
    {{"H200", "NVIDIA", "Hopper", 141, 4800, 989.5, 67}, "H200|H200SXM", "H200", "H200_141GB|H200_96GB"},
    {{"H200 NVL", "NVIDIA", "Hopper", 141, 4800, 835.5, 60}, "H200NVL", "H200 NVL", ""},
    {{"GH200", "NVIDIA", "Hopper", 96, 4000, 989.5, 67}, "GH200|GH200SXM", "GH200 SXM", "GH200_96GB|GH200_480GB|GH200_624GB"},
    {{"H100 SXM", "NVIDIA", "Hopper", 80, 3350, 989.5, 67}, "H100SXM|H100SXM5|H100|H100HBM3", "H100 SXM", "H100_80GB"},
    {{"H100 PCIe", "NVIDIA", "Hopper", 80, 2000, 756, 51}, "H100PCIE", "H100 PCIE", "H100_80GB"},
    {{"H100 NVL", "NVIDIA", "Hopper", 94, 3900, 835.5, 60}, "H100NVL", "H100 NVL", ""},
    {{"A100 SXM 80GB", "NVIDIA", "Ampere", 80, 2039, 312, 19.5}, "A100SXM|A100SXM4|A100", "A100 SXM4|A100 SXM", "A100_80GB"},
    {{"A100 SXM 40GB", "NVIDIA", "Ampere", 40, 1555, 312, 19.5}, "A100SXM|A100SXM4|A100", "A100 SXM4|A100 SXM", "A100_40GB"},
    {{"A100 PCIe 80GB", "NVIDIA", "Ampere", 80, 1935, 312, 19.5}, "A100PCIE", "A100 PCIE", "A100_80GB"},
    {{"A100 PCIe 40GB", "NVIDIA", "Ampere", 40, 1555, 312, 19.5}, "A100PCIE", "A100 PCIE", "A100_40GB"},
    {{"A100X", "NVIDIA", "Ampere", 80, 2039, 312, 19.5}, "A100X", "A100X", ""},
    {{"A800 PCIe", "NVIDIA", "Ampere", 80, 1935, 312, 19.5}, "A800PCIE|A800", "A800 PCIE", ""},
    {{"L40S", "NVIDIA", "Ada Lovelace", 48, 864, 362.05, 91.6}, "L40S", "L40S", "L40S_48GB"},
    {{"L40", "NVIDIA", "Ada Lovelace", 48, 864, 181.05, 90.5}, "L40", "L40", "L40_48GB"},
    {{"L4", "NVIDIA", "Ada Lovelace", 24, 300, 121, 30.3}, "L4", "L4", "L4_24GB"},
    {{"A40", "NVIDIA", "Ampere", 48, 696, 149.7, 37.4}, "A40", "A40", "A40_48GB"},
    {{"A30", "NVIDIA", "Ampere", 24, 933, 165, 10.3}, "A30", "A30", "A30_24GB"},
    {{"A10", "NVIDIA", "Ampere", 24, 600, 125, 31.2}, "A10", "A10", "A10_24GB"},
    {{"A10G", "NVIDIA", "Ampere", 24, 600, N, 31.2}, "A10G", "A10g", ""},
    {{"A16", "NVIDIA", "Ampere", 16, 200, N, 4.5}, "A16", "A16", ""},
    {{"T4", "NVIDIA", "Turing", 16, 320, 65, 8.1}, "T4", "Tesla T4", "T4_16GB"},
    {{"V100 32GB", "NVIDIA", "Volta", 32, 900, 125, 15.7}, "V100|V100SXM2|V100PCIE", "Tesla V100", "V100_32GB"},
    {{"V100 16GB", "NVIDIA", "Volta", 16, 900, 125, 15.7}, "V100|V100SXM2|V100PCIE", "Tesla V100", "V100_16GB"},
    {{"P100", "NVIDIA", "Pascal", 16, 732, 18.7, 9.3}, "P100", "Tesla P100", "P100_16GB"},
    {{"P40", "NVIDIA", "Pascal", 24, 346, 0.18, 11.8}, "P40", "Tesla P40", "P40_24GB"},
    {{"P6", "NVIDIA", "Pascal", 16, 192, N, 6.2}, "P6", "Tesla P6", ""},
    {{"P4", "NVIDIA", "Pascal", 8, 192, 0.09, 5.5}, "P4", "Tesla P4", "P4_8GB"},
    {{"M40", "NVIDIA", "Maxwell", 24, 288, N, 6.8}, "M40", "Tesla M40", ""},
    {{"K80", "NVIDIA", "Kepler", 12, 240, N, 4.1}, "K80", "Tesla K80", ""},
    {{"K20c", "NVIDIA", "Kepler", 5, 208, N, 3.5}, "K20C", "Tesla K20c", ""},
    // GeForce RTX 50
    {{"RTX 5090", "NVIDIA", "Blackwell", 32, 1792, 209.5, 104.8}, "RTX5090", "RTX 5090", "RTX5090_32GB"},
    {{"RTX 5090 Ti", "NVIDIA", "Blackwell", 32, N, N, N}, "RTX5090TI", "RTX 5090 Ti", ""},
    {{"RTX 5080", "NVIDIA", "Blackwell", 16, 960, 112.6, 56.3}, "RTX5080", "RTX 5080", ""},
    {{"RTX 5070 Ti", "NVIDIA", "Blackwell", 16, 896, 87.9, 43.9}, "RTX5070TI", "RTX 5070 Ti", ""},
    {{"RTX 5070", "NVIDIA", "Blackwell", 12, 672, 61.7, 30.9}, "RTX5070", "RTX 5070", ""},
    {{"RTX 5060 Ti", "NVIDIA", "Blackwell", 16, 448, 47.4, 23.7}, "RTX5060TI", "RTX 5060 Ti", ""},
    {{"RTX 5060", "NVIDIA", "Blackwell", 8, 448, 38.4, 19.2}, "RTX5060", "RTX 5060", ""},
    // GeForce RTX 40
    {{"RTX 4090", "NVIDIA", "Ada Lovelace", 24, 1008, 165.2, 82.6}, "RTX4090", "RTX 4090", "RTX4090_24GB"},
    {{"RTX 4090 48GB", "NVIDIA", "Ada Lovelace", 48, 1008, 165.2, 82.6}, "RTX4090", "RTX 4090", ""},
    {{"RTX 4090D", "NVIDIA", "Ada Lovelace", 24, 1008, 147, 73.5}, "RTX4090D", "RTX 4090D", ""},
    {{"RTX 4090 Ti", "NVIDIA", "Ada Lovelace", 24, N, N, N}, "RTX4090TI", "RTX 4090 Ti", ""},
    {{"RTX 4080 Super", "NVIDIA", "Ada Lovelace", 16, 736, 104.4, 52.2}, "RTX4080S|RTX4080SUPER", "RTX 4080S", ""},
    {{"RTX 4080", "NVIDIA", "Ada Lovelace", 16, 717, 97.5, 48.7}, "RTX4080", "RTX 4080", "RTX4080_16GB"},
    {{"RTX 4080 Laptop", "NVIDIA", "Ada Lovelace", 12, 432, N, N}, "RTX4080LAPTOP", "RTX 4080 laptop", ""},
    {{"RTX 4070 Ti Super", "NVIDIA", "Ada Lovelace", 16, 672, 88.2, 44.1}, "RTX4070STI|RTX4070TISUPER", "RTX 4070S Ti", ""},
    {{"RTX 4070 Ti", "NVIDIA", "Ada Lovelace", 12, 504, 80.2, 40.1}, "RTX4070TI", "RTX 4070 Ti", "RTX4070Ti_12GB"},
    {{"RTX 4070 Super", "NVIDIA", "Ada Lovelace", 12, 504, 71, 35.5}, "RTX4070S|RTX4070SUPER", "RTX 4070S", ""},
    {{"RTX 4070", "NVIDIA", "Ada Lovelace", 12, 504, 58.3, 29.1}, "RTX4070", "RTX 4070", ""},
    {{"RTX 4070 Laptop", "NVIDIA", "Ada Lovelace", 8, 256, N, N}, "RTX4070LAPTOP", "RTX 4070 laptop", ""},
    {{"RTX 4060 Ti", "NVIDIA", "Ada Lovelace", 16, 288, 44.1, 22.1}, "RTX4060TI", "RTX 4060 Ti", ""},
    {{"RTX 4060", "NVIDIA", "Ada Lovelace", 8, 272, 30.1, 15.1}, "RTX4060", "RTX 4060", ""},
    {{"RTX 4060 Laptop", "NVIDIA", "Ada Lovelace", 8, 256, N, N}, "RTX4060LAPTOP", "RTX 4060 laptop", ""},
    // GeForce RTX 30
    {{"RTX 3090 Ti", "NVIDIA", "Ampere", 24, 1008, 80, 40}, "RTX3090TI", "RTX 3090 Ti", "RTX3090Ti_24GB"},
    {{"RTX 3090", "NVIDIA", "Ampere", 24, 936, 71, 35.6}, "RTX3090", "RTX 3090", "RTX3090_24GB"},
    {{"RTX 3080 Ti", "NVIDIA", "Ampere", 12, 912, 68.2, 34.1}, "RTX3080TI", "RTX 3080 Ti", "RTX3080Ti_12GB"},
    {{"RTX 3080", "NVIDIA", "Ampere", 10, 760, 59.5, 29.8}, "RTX3080", "RTX 3080", "RTX3080_10GB"},
    {{"RTX 3070 Ti", "NVIDIA", "Ampere", 8, 608, 43.5, 21.7}, "RTX3070TI", "RTX 3070 Ti", ""},
    {{"RTX 3070", "NVIDIA", "Ampere", 8, 448, 40.6, 20.3}, "RTX3070", "RTX 3070", "RTX3070_8GB"},
    {{"RTX 3070 Laptop", "NVIDIA", "Ampere", 8, 448, N, N}, "RTX3070LAPTOP", "RTX 3070 laptop", ""},
    {{"RTX 3060 Ti", "NVIDIA", "Ampere", 8, 448, 32.4, 16.2}, "RTX3060TI", "RTX 3060 Ti", ""},
    {{"RTX 3060", "NVIDIA", "Ampere", 12, 360, 25.6, 12.7}, "RTX3060", "RTX 3060", ""},
    {{"RTX 3060 Laptop", "NVIDIA", "Ampere", 6, 336, N, N}, "RTX3060LAPTOP", "RTX 3060 laptop", ""},
    {{"RTX 3050", "NVIDIA", "Ampere", 8, 224, 18.2, 9.1}, "RTX3050", "RTX 3050", ""},
    // GeForce RTX 20 / GTX 16 / GTX 10 and older
    {{"RTX 2080 Ti", "NVIDIA", "Turing", 11, 616, 53.8, 13.4}, "RTX2080TI", "RTX 2080 Ti", ""},
    {{"RTX 2080 Super", "NVIDIA", "Turing", 8, 496, 44.6, 11.2}, "RTX2080S|RTX2080SUPER", "RTX 2080S", ""},
    {{"RTX 2080", "NVIDIA", "Turing", 8, 448, 40.3, 10.1}, "RTX2080", "RTX 2080", ""},
    {{"RTX 2070 Super", "NVIDIA", "Turing", 8, 448, 36.3, 9.1}, "RTX2070S|RTX2070SUPER", "RTX 2070S", ""},
    {{"RTX 2070", "NVIDIA", "Turing", 8, 448, 29.9, 7.5}, "RTX2070", "RTX 2070", ""},
    {{"RTX 2060 Super", "NVIDIA", "Turing", 8, 448, 28.7, 7.2}, "RTX2060S|RTX2060SUPER", "RTX 2060S", ""},
    {{"RTX 2060", "NVIDIA", "Turing", 6, 336, 25.8, 6.5}, "RTX2060", "RTX 2060", ""},
    {{"GTX 1660 Ti", "NVIDIA", "Turing", 6, 288, 10.9, 5.4}, "GTX1660TI", "GTX 1660 Ti", ""},
    {{"GTX 1660 Super", "NVIDIA", "Turing", 6, 336, 10.1, 5.0}, "GTX1660S|GTX1660SUPER", "GTX 1660 S", ""},
    {{"GTX 1660", "NVIDIA", "Turing", 6, 192, 10.1, 5.0}, "GTX1660", "GTX 1660", ""},
    {{"GTX 1650 Ti", "NVIDIA", "Turing", 4, 192, N, N}, "GTX1650TI", "GTX 1650 Ti", ""},
    {{"GTX 1650 Super", "NVIDIA", "Turing", 4, 192, 8.9, 4.4}, "GTX1650S|GTX1650SUPER", "GTX 1650 S", ""},
    {{"GTX 1650", "NVIDIA", "Turing", 4, 128, 6.0, 3.0}, "GTX1650", "GTX 1650", ""},
    {{"GTX 1080 Ti", "NVIDIA", "Pascal", 11, 484, 0.18, 11.3}, "GTX1080TI", "GTX 1080 Ti", ""},
    {{"GTX 1080", "NVIDIA", "Pascal", 8, 320, 0.14, 8.9}, "GTX1080", "GTX 1080", ""},
    {{"GTX 1070 Ti", "NVIDIA", "Pascal", 8, 256, 0.13, 8.2}, "GTX1070TI", "GTX 1070 Ti", ""},
    {{"GTX 1070", "NVIDIA", "Pascal", 8, 256, 0.1, 6.5}, "GTX1070", "GTX 1070", ""},
    {{"GTX 1060", "NVIDIA", "Pascal", 6, 192, 0.07, 4.4}, "GTX1060", "GTX 1060", ""},
    {{"GTX 1050 Ti", "NVIDIA", "Pascal", 4, 112, 0.03, 2.1}, "GTX1050TI", "GTX 1050 Ti", ""},
    {{"GTX 1050", "NVIDIA", "Pascal", 2, 112, 0.03, 1.9}, "GTX1050", "GTX 1050", ""},
    {{"GTX 970", "NVIDIA", "Maxwell", 4, 224, N, 3.9}, "970|GTX970", "GeForce 970", ""},
    {{"GTX 750 Ti", "NVIDIA", "Maxwell", 2, 86, N, 1.4}, "GTX750TI", "GTX 750 Ti", ""},
    {{"GTX Titan X", "NVIDIA", "Maxwell", 12, 336, N, 6.7}, "GTXTITANX", "GTX TITAN X", ""},
    {{"Titan RTX", "NVIDIA", "Turing", 24, 672, 130.5, 16.3}, "TITANRTX", "Titan RTX", ""},
    {{"Titan V", "NVIDIA", "Volta", 12, 653, 110, 14.9}, "TITANV", "Titan V", ""},
    {{"Titan V CEO", "NVIDIA", "Volta", 32, 870, 125, 15}, "TITANVCEO", "TITAN V CEO", ""},
    {{"Titan X", "NVIDIA", "Pascal", 12, 480, 0.17, 11}, "TITANX", "Titan X", ""},
    {{"Titan Xp", "NVIDIA", "Pascal", 12, 548, 0.19, 12.1}, "TITANXP", "Titan Xp", ""},
    // Workstation
    {{"RTX PRO 6000", "NVIDIA", "Blackwell", 96, 1792, 503.8, 125}, "RTXPRO6000|RTXPRO6000S|RTXPRO6000WS|RTXPRO6000B", "RTX PRO 6000|RTX PRO 6000 S|RTX PRO 6000 WS", "RTX_PRO_6000B_96GB"},
    {{"RTX PRO 6000 Max-Q", "NVIDIA", "Blackwell", 96, 1792, 438.9, 110}, "RTXPRO6000MAXQ", "RTX PRO 6000 Max-Q", ""},
    {{"RTX PRO 5000", "NVIDIA", "Blackwell", 48, 1344, N, 73.7}, "RTXPRO5000", "RTX PRO 5000", ""},
    {{"RTX PRO 4500", "NVIDIA", "Blackwell", 32, 896, N, 54.9}, "RTXPRO4500", "RTX PRO 4500", ""},
    {{"RTX PRO 4000", "NVIDIA", "Blackwell", 24, 672, N, 46.9}, "RTXPRO4000", "RTX PRO 4000", ""},
    {{"RTX PRO 4000 Mobile", "NVIDIA", "Blackwell", 16, N, N, N}, "RTXPRO4000MOBILE", "RTX PRO 4000 Mobile", ""},
    {{"RTX 6000 Ada", "NVIDIA", "Ada Lovelace", 48, 960, 364.2, 91.1}, "RTX6000ADA", "RTX 6000Ada", "RTX6000Ada_48GB"},
    {{"RTX 5880 Ada", "NVIDIA", "Ada Lovelace", 48, 960, 304.7, 69.3}, "RTX5880ADA", "RTX 5880Ada", ""},
    {{"RTX 5000 Ada", "NVIDIA", "Ada Lovelace", 32, 576, 261.0, 65.3}, "RTX5000ADA", "RTX 5000Ada", "RTX5000Ada_32GB"},
    {{"RTX 4500 Ada", "NVIDIA", "Ada Lovelace", 24, 432, 158.7, 39.6}, "RTX4500ADA", "RTX 4500Ada", ""},
    {{"RTX 4000 Ada", "NVIDIA", "Ada Lovelace", 20, 360, 106.9, 26.7}, "RTX4000ADA", "RTX 4000Ada", "RTX4000Ada_20GB"},
    {{"RTX 2000 Ada", "NVIDIA", "Ada Lovelace", 16, 224, 48, 12}, "RTX2000ADA", "RTX 2000Ada", "RTX2000Ada_16GB"},
    {{"RTX A6000", "NVIDIA", "Ampere", 48, 768, 154.8, 38.7}, "RTXA6000|A6000", "RTX A6000", "A6000_48GB"},
    {{"RTX A5000", "NVIDIA", "Ampere", 24, 768, 111.1, 27.8}, "RTXA5000|A5000", "RTX A5000", "A5000_24GB"},
    {{"RTX A4500", "NVIDIA", "Ampere", 20, 640, 94.6, 23.7}, "RTXA4500|A4500", "RTX A4500", "A4500_20GB"},
    {{"RTX A4000", "NVIDIA", "Ampere", 16, 448, 76.7, 19.2}, "RTXA4000|A4000", "RTX A4000", "A4000_16GB"},
    {{"RTX A2000", "NVIDIA", "Ampere", 6, 288, 31.9, 8.0}, "RTXA2000|A2000", "RTX A2000", "A2000_6GB"},
    {{"Quadro RTX 8000", "NVIDIA", "Turing", 48, 672, 130.5, 16.3}, "QRTX8000|QUADRORTX8000|RTX8000", "Q RTX 8000", "RTX8000_48GB"},
    {{"Quadro RTX 6000", "NVIDIA", "Turing", 24, 672, 130.5, 16.3}, "QRTX6000|QUADRORTX6000|RTX6000", "Q RTX 6000", "RTX6000_24GB"},
    {{"Quadro RTX 5000", "NVIDIA", "Turing", 16, 448, 89.2, 11.2}, "QRTX5000|QUADRORTX5000|RTX5000", "Q RTX 5000", "RTX5000_16GB"},
    {{"Quadro RTX 4000", "NVIDIA", "Turing", 8, 416, 57.0, 7.1}, "QRTX4000|QUADRORTX4000|RTX4000", "Q RTX 4000", "RTX4000_8GB"},
    {{"Quadro GV100", "NVIDIA", "Volta", 32, 870, 118.5, 14.8}, "QUADROGV100|GV100", "Quadro GV100", ""},
    {{"Quadro GP100", "NVIDIA", "Pascal", 16, 717, 20.7, 10.3}, "QUADROGP100|GP100", "Quadro GP100", ""},
    {{"Quadro P6000", "NVIDIA", "Pascal", 24, 432, N, 12.6}, "QUADROP6000", "Quadro P6000", ""},
    {{"Quadro P5000", "NVIDIA", "Pascal", 16, 288, N, 8.9}, "QUADROP5000", "Quadro P5000", ""},
    {{"Quadro P4000", "NVIDIA", "Pascal", 8, 243, N, 5.3}, "QUADROP4000", "Quadro P4000", ""},
    {{"Quadro P2000", "NVIDIA", "Pascal", 5, 140, N, 3.0}, "QUADROP2000", "Quadro P2000", ""},
    {{"Quadro K2200", "NVIDIA", "Maxwell", 4, 80, N, 1.4}, "QUADROK2200", "Quadro K2200", ""},
    {{"Quadro K620", "NVIDIA", "Maxwell", 2, 29, N, 0.86}, "QUADROK620", "Quadro K620", ""},
    // Mining cards
    {{"CMP 170HX", "NVIDIA", "Ampere", 8, 1493, N, 6.3}, "CMP170HX", "CMP 170HX", ""},
    {{"CMP 50HX", "NVIDIA", "Turing", 10, 560, N, 11}, "CMP50HX", "CMP 50HX", ""},
    {{"P104-100", "NVIDIA", "Pascal", 8, 320, N, 6.7}, "P104100", "P104-100", ""},
    {{"P106-100", "NVIDIA", "Pascal", 6, 192, N, 4.4}, "P106100", "P106-100", ""},
    // AMD
    {{"MI300X", "AMD", "CDNA 3", 192, 5300, 1307.4, 163.4}, "MI300X", "", ""},
    {{"MI250X", "AMD", "CDNA 2", 128, 3277, 383, 47.9}, "MI250X", "InstinctMI250X", ""},
    {{"MI210", "AMD", "CDNA 2", 64, 1638, 181, 22.6}, "MI210", "InstinctMI210", ""},
    {{"MI100", "AMD", "CDNA", 32, 1229, 184.6, 23.1}, "MI100", "InstinctMI100", ""},
    {{"MI50", "AMD", "GCN 5", 16, 1024, 26.5, 13.3}, "MI50", "InstinctMI50", ""},
    {{"Radeon PRO W7900", "AMD", "RDNA 3", 48, 864, 122.6, 61.3}, "PROW7900|RADEONPROW7900", "PRO W7900", ""},
    {{"Radeon PRO W7800", "AMD", "RDNA 3", 32, 576, 90.5, 45.2}, "PROW7800|RADEONPROW7800", "PRO W7800", ""},
    {{"Radeon PRO W6800", "AMD", "RDNA 2", 32, 512, 35.7, 17.8}, "PROW6800|RADEONPROW6800", "PRO W6800", ""},
    {{"Radeon Pro V620", "AMD", "RDNA 2", 32, 512, 40.5, 20.3}, "PROV620|RADEONPROV620", "Pro V620", ""},
    {{"Radeon VII", "AMD", "GCN 5", 16, 1024, 26.9, 13.4}, "VII|RADEONVII", "Radeon VII", ""},
    {{"Radeon Pro VII", "AMD", "GCN 5", 16, 1024, 26.1, 13.1}, "PROVII|RADEONPROVII", "Radeon Pro VII", ""},
    {{"RX 7900 XTX", "AMD", "RDNA 3", 24, 960, 122.8, 61.4}, "RX7900XTX", "RX 7900 XTX", ""},
    {{"RX 7900 XT", "AMD", "RDNA 3", 20, 800, 103, 51.5}, "RX7900XT", "RX 7900 XT", ""},
    {{"RX 7900 GRE", "AMD", "RDNA 3", 16, 576, 92, 46}, "RX7900GRE", "RX 7900 GRE", ""},
    {{"RX 7800 XT", "AMD", "RDNA 3", 16, 624, 74.6, 37.3}, "RX7800XT", "RX 7800 XT", ""},
    {{"RX 7700 XT", "AMD", "RDNA 3", 12, 432, 70.3, 35.2}, "RX7700XT", "RX 7700 XT", ""},
    {{"RX 7600", "AMD", "RDNA 3", 8, 288, 43.5, 21.8}, "RX7600", "RX 7600", ""},
    {{"RX 6950 XT", "AMD", "RDNA 2", 16, 576, 47.3, 23.7}, "RX6950XT", "RX 6950 XT", ""},
    {{"RX 6900 XT", "AMD", "RDNA 2", 16, 512, 46.1, 23}, "RX6900XT", "RX 6900 XT", ""},
    {{"RX 6800 XT", "AMD", "RDNA 2", 16, 512, 41.5, 20.7}, "RX6800XT", "RX 6800 XT", ""},
    {{"RX 6800", "AMD", "RDNA 2", 16, 512, 32.3, 16.2}, "RX6800", "RX 6800", ""},
};

// Words that carry no model information in provider spellings.
bool IsNoiseWord(std::string_view w) {
  static const char* kNoise[] = {"NVIDIA", "GEFORCE", "TESLA", "AMD", "HBM3", "HBM3E", "HBM2", "HBM2E", "GDDR6",
                                 "GDDR6X", "GDDR7", "PCIE5", "NVLINK"};
  for (const char* n : kNoise)
    if (w == n) return true;
  return false;
}

// Upper-cases, drops vendor/memory words and separators, and reads a "<N>GB" word as the
// VRAM. "NVIDIA A100-SXM4-80GB" -> "A100SXM4" (+ 80). Fits a stack buffer: no allocation.
struct Key {
  char buf[64];
  std::size_t len = 0;
  double vram_gb = kUnknown;
  std::string_view view() const { return {buf, len}; }
};

void AppendWord(Key& k, std::string_view w) {
  if (w.empty() || IsNoiseWord(w)) return;
  // "80GB" / "141GB": a memory size, not part of the model name.
  if (w.size() > 2 && w.substr(w.size() - 2) == "GB" &&
      std::all_of(w.begin(), w.end() - 2, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    k.vram_gb = std::atof(std::string(w.substr(0, w.size() - 2)).c_str());
    return;
  }
  if (w.substr(0, 8) == "INSTINCT") w.remove_prefix(8);  // Vast's "InstinctMI250X"
  for (char c : w)
    if (k.len < sizeof k.buf) k.buf[k.len++] = c;
}

Key Normalize(std::string_view name) {
  Key k;
  char word[64];
  std::size_t wl = 0;
  auto flush = [&] {
    AppendWord(k, std::string_view(word, wl));
    wl = 0;
  };
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      if (wl < sizeof word) word[wl++] = static_cast<char>(std::toupper(u));
    } else {
      flush();
    }
  }
  flush();
  return k;
}

struct Index {
  std::unordered_map<std::string, std::vector<const Entry*>> by_key;
  std::unordered_map<std::string, const Entry*> by_canonical;  // upper-case canonical
  std::vector<GpuSpec> all;
};

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}


const Index& GetIndex() {
  static const Index index = [] {
    Index ix;
    for (const Entry& e : kEntries) {
      ix.all.push_back(e.spec);
      ix.by_canonical[Upper(e.spec.name)] = &e;
      std::string_view keys = e.keys;
      while (!keys.empty()) {
        std::size_t bar = keys.find('|');
        ix.by_key[std::string(keys.substr(0, bar))].push_back(&e);
        keys = bar == std::string_view::npos ? std::string_view() : keys.substr(bar + 1);
      }
      // The canonical name itself is always a key.
      Key k = Normalize(e.spec.name);
      auto& v = ix.by_key[std::string(k.view())];
      if (std::find(v.begin(), v.end(), &e) == v.end()) v.push_back(&e);
    }
    return ix;
  }();
  return index;
}

// Among entries sharing a key, the one whose VRAM is closest to the hint; without a hint
// the first listed (the common variant: H100 SXM, A100 80GB, RTX 4090 24GB).
const Entry* Choose(const std::vector<const Entry*>& candidates, double vram_gb) {
  if (candidates.empty()) return nullptr;
  if (!IsKnown(vram_gb)) return candidates.front();
  const Entry* best = candidates.front();
  for (const Entry* e : candidates)
    if (std::fabs(e->spec.vram_gb - vram_gb) < std::fabs(best->spec.vram_gb - vram_gb)) best = e;
  return best;
}

const Entry* Lookup(std::string_view key, double vram_gb) {
  const Index& ix = GetIndex();
  auto it = ix.by_key.find(std::string(key));
  return it == ix.by_key.end() ? nullptr : Choose(it->second, vram_gb);
}

[[maybe_unused]] bool ListContains(const char* list, std::string_view value) {
  std::string_view rest = list;
  while (!rest.empty()) {
    std::size_t bar = rest.find('|');
    if (rest.substr(0, bar) == value) return true;
    rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
  }
  return false;
}

std::vector<std::string_view> ListParts(const char* list) {
  std::vector<std::string_view> out;
  std::string_view rest = list;
  while (!rest.empty()) {
    std::size_t bar = rest.find('|');
    out.push_back(rest.substr(0, bar));
    rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
  }
  return out;
}

// True when `rest` (upper case) holds only form-factor and memory words ("SXM", "PCIE 80GB"):
// `gpu=H100` means every H100, but `gpu=RTX 4090` does not mean the RTX 4090 Ti.
bool OnlyQualifiers(std::string_view rest) {
  while (!rest.empty()) {
    std::size_t sp = rest.find(' ');
    std::string_view w = rest.substr(0, sp);
    bool memory = w.size() > 2 && w.substr(w.size() - 2) == "GB" &&
                  std::all_of(w.begin(), w.end() - 2, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    if (!(memory || w == "SXM" || w == "PCIE" || w == "NVL")) return false;
    rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
  }
  return true;
}

}  // namespace

const std::vector<GpuSpec>& AllGpus() { return GetIndex().all; }

const GpuSpec* FindGpu(ProviderId provider, std::string_view name, std::string_view variant, double vram_gb_hint) {
  Key k = Normalize(name);
  double vram = IsKnown(vram_gb_hint) ? vram_gb_hint : k.vram_gb;
  if (k.len == 0) return nullptr;
  if (provider == ProviderId::kPrimeIntellect && !variant.empty()) {
    // Prime spells the form factor apart: H100_80GB + SXM5 is "H100 SXM", + PCIe "H100 PCIe".
    Key v = Normalize(variant);
    std::string with(k.view());
    std::string_view vv = v.view();
    if (vv.substr(0, 3) == "SXM") vv = "SXM";
    with.append(vv);
    if (const Entry* e = Lookup(with, vram)) return &e->spec;
  }
  if (const Entry* e = Lookup(k.view(), vram)) return &e->spec;
  return nullptr;
}

const GpuSpec* FindCanonical(std::string_view canonical_name) {
  const Index& ix = GetIndex();
  auto it = ix.by_canonical.find(Upper(canonical_name));
  return it == ix.by_canonical.end() ? nullptr : &it->second->spec;
}

void ApplyGpu(Offer& o, const GpuSpec* spec) {
  o.gpu_known = spec != nullptr;
  if (!spec) {
    o.gpu = o.gpu_raw;
    return;
  }
  o.gpu = std::string(spec->name);
  o.tflops_fp16 = spec->tflops_fp16;
  o.tflops_fp32 = spec->tflops_fp32;
  o.mem_bandwidth_gb_s = spec->mem_bandwidth_gb_s;
  if (!IsKnown(o.vram_gb)) o.vram_gb = spec->vram_gb;
}

std::vector<std::string_view> VastNamesFor(std::string_view canonical) {
  for (const Entry& e : kEntries)
    if (e.spec.name == canonical) return ListParts(e.vast);
  return {};
}

std::vector<std::string_view> PrimeTypesFor(std::string_view canonical) {
  for (const Entry& e : kEntries)
    if (e.spec.name == canonical) return ListParts(e.prime);
  return {};
}

std::vector<std::string_view> MatchGpuFilter(std::string_view value) {
  std::vector<std::string_view> out;
  std::string want = Upper(value);
  while (!want.empty() && want.back() == ' ') want.pop_back();
  for (const Entry& e : kEntries) {
    std::string name = Upper(e.spec.name);
    bool prefix = name.size() > want.size() && name.compare(0, want.size(), want) == 0 && name[want.size()] == ' ' &&
                  OnlyQualifiers(std::string_view(name).substr(want.size() + 1));
    if (name == want || prefix) out.push_back(e.spec.name);
  }
  if (out.empty()) {
    // A provider spelling: resolve it as any provider would.
    Key k = Normalize(value);
    if (const Entry* e = Lookup(k.view(), k.vram_gb)) out.push_back(e->spec.name);
  }
  return out;
}

}  // namespace offerscope::core
