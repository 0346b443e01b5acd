#include "fields.hpp"

#include <array>

namespace offerscope::core {

namespace {

using T = FieldType;

// In Field order (Info() indexes it). Names are what people type in queries and share URLs,
// so they never change once published; labels are table headers with the unit; json keys
// are the Offer members as `offerscope normalize` prints them (total_vram_gb and verified
// are derived, see NumberOf/BoolOf).
const std::array<FieldInfo, kFieldCount> kInfo = {{
    {Field::kProvider, "provider", "Provider", "provider", T::kText},
    {Field::kId, "id", "ID", "id", T::kText},
    {Field::kSource, "source", "Source", "source", T::kText},
    {Field::kGpu, "gpu", "GPU", "gpu", T::kText},
    {Field::kGpuCount, "gpu_count", "GPUs", "gpu_count", T::kNumber},
    {Field::kVramGb, "vram_gb", "VRAM GB", "vram_gb", T::kNumber},
    {Field::kTotalVramGb, "total_vram_gb", "Total VRAM GB", "total_vram_gb", T::kNumber},
    {Field::kVcpus, "vcpus", "vCPU", "vcpus", T::kNumber},
    {Field::kRamGb, "ram_gb", "RAM GB", "ram_gb", T::kNumber},
    {Field::kDiskGb, "disk_gb", "Disk GB", "disk_gb", T::kNumber},
    {Field::kPriceUsdPerHour, "price", "$/h", "price_usd_per_hour", T::kNumber},
    {Field::kPriceUsdPerGpuHour, "price_per_gpu", "$/GPU-h", "price_usd_per_gpu_hour", T::kNumber},
    {Field::kUsdPerTflopHour, "price_per_tflop", "$/TFLOP-h", "usd_per_tflop_hour", T::kNumber},
    {Field::kUsdPerVramGbHour, "price_per_vram_gb", "$/VRAM-GB-h", "usd_per_vram_gb_hour", T::kNumber},
    {Field::kBidUsdPerHour, "bid", "Bid $/h", "bid_usd_per_hour", T::kNumber},
    {Field::kInterruptible, "interruptible", "Interruptible", "interruptible", T::kBool},
    {Field::kTflopsFp16, "tflops", "FP16 TFLOPS", "tflops_fp16", T::kNumber},
    {Field::kTflopsFp32, "tflops_fp32", "FP32 TFLOPS", "tflops_fp32", T::kNumber},
    {Field::kMemBandwidthGbS, "mem_bw", "Mem BW GB/s", "mem_bandwidth_gb_s", T::kNumber},
    {Field::kCountry, "country", "Country", "country", T::kText},
    {Field::kRegion, "region", "Location", "region", T::kText},
    {Field::kReliability, "reliability", "Reliability", "reliability", T::kNumber},
    {Field::kInetDownMbps, "inet_down", "Down Mb/s", "inet_down_mbps", T::kNumber},
    {Field::kInetUpMbps, "inet_up", "Up Mb/s", "inet_up_mbps", T::kNumber},
    {Field::kInterconnect, "interconnect", "Interconnect", "interconnect", T::kText},
    {Field::kStock, "stock", "Stock", "stock", T::kText},
    {Field::kTier, "tier", "Tier", "tier", T::kText},
    {Field::kVerified, "verified", "Verified", "verified", T::kBool},
    {Field::kQuotedAt, "quoted_at", "Quoted at", "quoted_at", T::kText},
}};

struct Synonym {
  std::string_view name;
  Field field;
};

// Vast's field names (after its CLI's aliases; "dph" is listed too for callers that look a
// name up without parsing a query) and a few obvious spellings of the neutral ones.
//
// Units: Vast's gpu_ram, gpu_total_ram and cpu_ram are MB in a parsed term (the query
// language multiplies the GB typed by 1000); filter.cpp divides by 1000 before comparing
// with vram_gb / total_vram_gb / ram_gb. Every other synonym has the neutral field's unit.
//
// Deliberately NOT synonyms, so they stay Vast-only (sent to Vast, not applied locally):
// cpu_cores (the whole host's cores; vcpus is cpu_cores_effective, the offer's share),
// dph_base (no disk; our prices include it), total_flops (Vast's own measure, not the
// catalog's dense FP16 per GPU), and everything without a neutral meaning (dlperf, ...).
constexpr Synonym kSynonyms[] = {
    {"num_gpus", Field::kGpuCount},
    {"gpus", Field::kGpuCount},
    {"gpu_name", Field::kGpu},
    {"gpu_model", Field::kGpu},
    {"gpu_ram", Field::kVramGb},
    {"vram", Field::kVramGb},
    {"gpu_total_ram", Field::kTotalVramGb},
    {"gpu_totalram", Field::kTotalVramGb},
    {"cpu_cores_effective", Field::kVcpus},
    {"cpu_ram", Field::kRamGb},
    {"disk_space", Field::kDiskGb},
    {"dph", Field::kPriceUsdPerHour},
    {"dph_total", Field::kPriceUsdPerHour},
    {"price_per_hour", Field::kPriceUsdPerHour},
    {"price_per_gpu_hour", Field::kPriceUsdPerGpuHour},
    {"min_bid", Field::kBidUsdPerHour},
    {"bid_price", Field::kBidUsdPerHour},
    {"reliability2", Field::kReliability},
    {"geolocation", Field::kCountry},
    {"location", Field::kRegion},
    {"gpu_mem_bw", Field::kMemBandwidthGbS},
    {"verification", Field::kTier},
    {"stock_status", Field::kStock},
};

}  // namespace

const FieldInfo& Info(Field f) {
  int i = static_cast<int>(f);
  return kInfo[i >= 0 && i < kFieldCount ? i : 0];
}

std::optional<Field> FieldFromName(std::string_view name) {
  for (const FieldInfo& i : kInfo)
    if (i.name == name || i.json_key == name) return i.field;
  for (const Synonym& s : kSynonyms)
    if (s.name == name) return s.field;
  return std::nullopt;
}

double NumberOf(const Offer& o, Field f) {
  // gpu_count is an int whose "not given" is 0 (offer.hpp: no count looks real when unknown).
  const double gpus = o.gpu_count > 0 ? static_cast<double>(o.gpu_count) : kUnknown;
  switch (f) {
    case Field::kGpuCount: return gpus;
    case Field::kVramGb: return o.vram_gb;
    case Field::kTotalVramGb: return o.vram_gb * gpus;  // NaN when either is unknown
    case Field::kVcpus: return o.vcpus;
    case Field::kRamGb: return o.ram_gb;
    case Field::kDiskGb: return o.disk_gb;
    case Field::kPriceUsdPerHour: return o.price_usd_per_hour;
    case Field::kPriceUsdPerGpuHour: return o.price_usd_per_gpu_hour;
    case Field::kUsdPerTflopHour: return o.usd_per_tflop_hour;
    case Field::kUsdPerVramGbHour: return o.usd_per_vram_gb_hour;
    case Field::kBidUsdPerHour: return o.bid_usd_per_hour;
    case Field::kTflopsFp16: return o.tflops_fp16;
    case Field::kTflopsFp32: return o.tflops_fp32;
    case Field::kMemBandwidthGbS: return o.mem_bandwidth_gb_s;
    case Field::kReliability: return o.reliability;
    case Field::kInetDownMbps: return o.inet_down_mbps;
    case Field::kInetUpMbps: return o.inet_up_mbps;
    default: return kUnknown;
  }
}

std::string_view TextOf(const Offer& o, Field f) {
  switch (f) {
    case Field::kProvider: return ProviderName(o.provider);
    case Field::kId: return o.id;
    case Field::kSource: return o.source;
    case Field::kGpu: return o.gpu;
    case Field::kCountry: return o.country;
    case Field::kRegion: return o.region;
    case Field::kInterconnect: return o.interconnect;
    case Field::kStock: return o.stock;
    case Field::kTier: return o.tier;
    case Field::kQuotedAt: return o.quoted_at;
    default: return {};
  }
}

bool BoolOf(const Offer& o, Field f) {
  if (f == Field::kInterruptible) return o.interruptible;
  // Vast's "verified" and Prime's "secure" cloud are the vetted tiers.
  if (f == Field::kVerified) return o.tier == "verified" || o.tier == "secure";
  return false;
}

}  // namespace offerscope::core
