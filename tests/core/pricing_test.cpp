#include "core/pricing.hpp"

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace offerscope::core {
namespace {

using nlohmann::json;

json ReadFixture(const std::string& relative) {
  std::ifstream in(std::string(OFFERSCOPE_FIXTURES_DIR) + "/" + relative, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str(), nullptr, false);
}

// The price inputs a Vast parser sets from a bundles record.
Offer VastOffer(const json& record) {
  Offer o;
  o.provider = ProviderId::kVast;
  o.gpu_count = record["num_gpus"].get<int>();
  o.base_usd_per_hour = record["dph_base"].get<double>();
  o.disk_usd_per_gb_hour = VastDiskUsdPerGbHour(record["storage_cost"].get<double>());
  o.bid_usd_per_hour = record["min_bid"].get<double>();
  return o;
}

// The price inputs a Prime Intellect parser sets from an availability item.
Offer PrimeOffer(const json& item) {
  Offer o;
  o.provider = ProviderId::kPrimeIntellect;
  o.gpu_count = item["gpuCount"].get<int>();
  o.vram_gb = item["gpuMemory"].get<double>() / o.gpu_count;
  o.base_usd_per_hour = item["prices"]["onDemand"].get<double>();
  o.disk_usd_per_gb_hour = item["disk"]["pricePerUnit"].get<double>();
  o.disk_min_gb = item["disk"]["minCount"].get<double>();
  return o;
}

TEST(Pricing, PrimeDocExampleCosts2Point7012WithTheMinimumDisk) {
  Offer o;
  o.base_usd_per_hour = 2.69;
  o.disk_usd_per_gb_hour = 0.00014;
  o.disk_min_gb = 80;
  EXPECT_DOUBLE_EQ(PriceUsdPerHour(o, 80), 2.7012);
  // Asking for less than minCount still bills minCount.
  EXPECT_DOUBLE_EQ(PriceUsdPerHour(o, 10), 2.7012);
  EXPECT_DOUBLE_EQ(PriceUsdPerHour(o, 100), 2.69 + 0.00014 * 100);
  EXPECT_DOUBLE_EQ(BilledDiskGb(o, 10), 80);
}

TEST(Pricing, VastGuangxiRecordReproducesDphTotalForTheCliDefaultStorage) {
  json page = ReadFixture("vastai/search-offers-cli-raw-2024-rtx4090-guangxi.json");
  ASSERT_TRUE(page.is_array());
  const json& record = page[0];
  Offer o = VastOffer(record);
  // The official CLI asks for 5 GB; dph_total and storage_total_cost were priced at that.
  EXPECT_EQ(PriceUsdPerHour(o, 5.0), record["dph_total"].get<double>());
  EXPECT_EQ(PriceUsdPerHour(o, 5.0), 0.2466759259259259);
  EXPECT_DOUBLE_EQ(o.disk_usd_per_gb_hour * 5.0, record["storage_total_cost"].get<double>());
  EXPECT_EQ(record["search"]["totalHour"].get<double>(), PriceUsdPerHour(o, 5.0));
}

TEST(Pricing, VastNorwayRecordWasPricedAtTenGigabytes) {
  json record = ReadFixture("vastai/bundles-offer-2022-rtx3090-norway.json");
  ASSERT_TRUE(record.is_object());
  Offer o = VastOffer(record);
  // The capture printed dph_total with 15 significant digits: 0.322777777777778.
  EXPECT_NEAR(PriceUsdPerHour(o, 10.0), record["dph_total"].get<double>(), 1e-15);
  EXPECT_NEAR(PriceUsdPerHour(o, 10.0) - 0.32, record["storage_total_cost"].get<double>(), 1e-15);
}

TEST(Pricing, VastMonthIsThirtyDays) {
  EXPECT_EQ(kVastHoursPerMonth, 720.0);
  EXPECT_DOUBLE_EQ(VastDiskUsdPerGbHour(0.2), 0.2 / 720);
}

TEST(Pricing, PrimeFixtureOffersPayForTheirMinimumDisk) {
  json page = ReadFixture("primeintellect/availability-gpus-2025-11.json");
  ASSERT_TRUE(page.is_object());
  const json& items = page["items"];
  ASSERT_EQ(items.size(), 8u);
  const json& h100_pcie = items[7];
  ASSERT_EQ(h100_pcie["cloudId"], "NVIDIA H100 PCIe");
  Offer o = PrimeOffer(h100_pcie);
  EXPECT_EQ(o.disk_min_gb, 120);
  // 100 GB requested, 120 GB billed at 0.00014 $/GB-h: 2.4068 + 0.0168.
  EXPECT_DOUBLE_EQ(PriceUsdPerHour(o, 100), 2.4236);
  EXPECT_DOUBLE_EQ(PriceUsdPerHour(o, 200), 2.4068 + 0.00014 * 200);
  FinishPrices(o, 100);
  EXPECT_DOUBLE_EQ(o.price_usd_per_hour, 2.4236);
  EXPECT_DOUBLE_EQ(o.price_usd_per_gpu_hour, 2.4236);
  EXPECT_DOUBLE_EQ(o.usd_per_vram_gb_hour, 2.4236 / 80);
  EXPECT_TRUE(std::isnan(o.usd_per_tflop_hour));  // no catalog TFLOPS set
}

TEST(Pricing, IncludedDiskIsFreeUpToItsSize) {
  Offer o;
  o.base_usd_per_hour = 1.0;
  o.disk_usd_per_gb_hour = 0.001;
  o.disk_included_gb = 50;
  EXPECT_DOUBLE_EQ(PriceUsdPerHour(o, 20), 1.0);
  EXPECT_DOUBLE_EQ(PriceUsdPerHour(o, 50), 1.0);
  EXPECT_DOUBLE_EQ(PriceUsdPerHour(o, 150), 1.1);
}

TEST(Pricing, DispersedStyleIncludedStorageNeverAddsCost) {
  Offer o;
  o.base_usd_per_hour = 3.5;  // disk_usd_per_gb_hour stays 0
  EXPECT_DOUBLE_EQ(PriceUsdPerHour(o, 0), 3.5);
  EXPECT_DOUBLE_EQ(PriceUsdPerHour(o, 10000), 3.5);
}

TEST(Pricing, UnknownInputsGiveNaNNotZero) {
  Offer o;
  EXPECT_TRUE(std::isnan(PriceUsdPerHour(o, 100)));  // no base price
  o.base_usd_per_hour = 1.0;
  EXPECT_TRUE(std::isnan(PriceUsdPerHour(o, kUnknown)));
  o.disk_usd_per_gb_hour = kUnknown;  // e.g. Prime's pricePerUnit: null
  EXPECT_TRUE(std::isnan(PriceUsdPerHour(o, 100)));
  o.disk_included_gb = 100;  // ... but nothing beyond the included disk is billed
  EXPECT_DOUBLE_EQ(PriceUsdPerHour(o, 100), 1.0);
  EXPECT_TRUE(std::isnan(BidPriceUsdPerHour(o, 100)));
}

TEST(Pricing, FinishPricesDividesByGpusTflopsAndVram) {
  Offer o;
  o.gpu_count = 8;
  o.vram_gb = 80;
  o.tflops_fp16 = 989.5;
  o.base_usd_per_hour = 16.0;
  o.disk_usd_per_gb_hour = 0.0001;
  FinishPrices(o, 100);
  EXPECT_DOUBLE_EQ(o.price_usd_per_hour, 16.01);
  EXPECT_DOUBLE_EQ(o.price_usd_per_gpu_hour, 16.01 / 8);
  EXPECT_DOUBLE_EQ(o.usd_per_tflop_hour, 16.01 / (989.5 * 8));
  EXPECT_DOUBLE_EQ(o.usd_per_vram_gb_hour, 16.01 / 640);
}

TEST(Pricing, FinishPricesLeavesRatiosUnknownForZeroDenominators) {
  Offer o;
  o.base_usd_per_hour = 2.0;
  o.gpu_count = 0;
  o.vram_gb = 0;
  o.tflops_fp16 = 0;
  FinishPrices(o, 100);
  EXPECT_DOUBLE_EQ(o.price_usd_per_hour, 2.0);
  EXPECT_TRUE(std::isnan(o.price_usd_per_gpu_hour));
  EXPECT_TRUE(std::isnan(o.usd_per_tflop_hour));
  EXPECT_TRUE(std::isnan(o.usd_per_vram_gb_hour));
  o.gpu_count = 2;
  FinishPrices(o, 100);
  EXPECT_DOUBLE_EQ(o.price_usd_per_gpu_hour, 1.0);
  EXPECT_TRUE(std::isnan(o.usd_per_tflop_hour));
  EXPECT_TRUE(std::isnan(o.usd_per_vram_gb_hour));
}

TEST(Pricing, CostScalesWithHoursAndBidUsesTheMinimumBid) {
  json page = ReadFixture("vastai/search-offers-cli-raw-2024-rtx4090-guangxi.json");
  ASSERT_TRUE(page.is_array());
  Offer o = VastOffer(page[0]);
  EXPECT_DOUBLE_EQ(CostUsd(o, 5.0, 10), 2.466759259259259);
  EXPECT_DOUBLE_EQ(BidPriceUsdPerHour(o, 5.0), 0.2 + 0.0013333333333333335 * 5 / 720);
  EXPECT_DOUBLE_EQ(BidCostUsd(o, 0, 24), 0.2 * 24);
  EXPECT_TRUE(std::isnan(CostUsd(o, 5.0, -1)));
  EXPECT_TRUE(std::isnan(CostUsd(o, 5.0, kUnknown)));
  EXPECT_DOUBLE_EQ(CostUsd(o, 5.0, 0), 0.0);
}

}  // namespace
}  // namespace offerscope::core
