// Vast's offers parser on single fields: drift (strings for numbers, missing and junk values),
// prices derived when Vast leaves them out, and the country, VRAM and interconnect helpers.
// Whole answers and the requests: vast_test.cpp.
#include "core/providers/vast.hpp"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "core/catalog.hpp"
#include "tests/core/vast_test_helpers.hpp"

namespace offerscope::core {
namespace {

using testing::Parse;
using testing::AllWarnings;
using testing::kSmallOffer;

// ---- Drift -------------------------------------------------------------------------------

TEST(VastParse, TreatsStringNumbersAsNumbers) {
  Page p = Parse(R"([{"id": "42", "gpu_name": "RTX 4090", "num_gpus": "2", "gpu_ram": "24564",
      "cpu_cores_effective": "24.0", "cpu_ram": "64393", "disk_space": "100", "dph_base": "0.4",
      "storage_cost": "0.073", "min_bid": "0.25", "pci_gen": "4", "gpu_lanes": "16",
      "reliability2": "0.99", "inet_down": "1000.5", "rentable": "true"}])");
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  const Offer& o = p.offers[0];
  EXPECT_EQ(o.id, "42");
  EXPECT_EQ(o.gpu_count, 2);
  EXPECT_EQ(o.vram_gb, 24.0);
  EXPECT_EQ(o.vcpus, 24.0);
  EXPECT_DOUBLE_EQ(o.ram_gb, 64.393);
  EXPECT_EQ(o.disk_gb, 100.0);
  EXPECT_EQ(o.base_usd_per_hour, 0.4);
  EXPECT_EQ(o.disk_usd_per_gb_hour, 0.073 / 720);
  EXPECT_EQ(o.bid_usd_per_hour, 0.25);
  EXPECT_EQ(o.interconnect, "PCIe 4.0 x16");
  EXPECT_EQ(o.reliability, 0.99);
  EXPECT_EQ(o.inet_down_mbps, 1000.5);
  EXPECT_EQ(o.stock, "available");
}

TEST(VastParse, ReadsIntegerAndFloatSpellingsAlike) {
  Page a = Parse(
      R"([{"id": 1, "num_gpus": 4, "cpu_cores_effective": 4, "pci_gen": 3, "dph_base": 1, "storage_cost": 0}])");
  Page b = Parse(
      R"([{"id": 1.0, "num_gpus": 4.0, "cpu_cores_effective": 4.0, "pci_gen": 3.0, "dph_base": 1.0, "storage_cost": 0.0}])");
  ASSERT_EQ(a.offers.size(), 1u);
  ASSERT_EQ(b.offers.size(), 1u);
  for (const Offer* o : {&a.offers[0], &b.offers[0]}) {
    EXPECT_EQ(o->id, "1");
    EXPECT_EQ(o->gpu_count, 4);
    EXPECT_EQ(o->vcpus, 4.0);
    EXPECT_EQ(o->interconnect, "PCIe 3.0");
    EXPECT_EQ(o->base_usd_per_hour, 1.0);
    EXPECT_EQ(o->disk_usd_per_gb_hour, 0.0);
  }
}

TEST(VastParse, LeavesNullAndMissingFieldsUnknownNotZero) {
  Page p = Parse(R"([{"id": 3, "gpu_name": null, "num_gpus": 1, "gpu_ram": null, "cpu_cores_effective": null,
      "cpu_ram": null, "dph_base": 0.2, "storage_cost": 0.1, "geolocation": null, "reliability2": null,
      "verification": null, "rentable": null, "pci_gen": null, "bw_nvlink": null}])");
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  const Offer& o = p.offers[0];
  EXPECT_EQ(o.gpu_raw, "");
  EXPECT_TRUE(std::isnan(o.vram_gb));
  EXPECT_TRUE(std::isnan(o.vcpus));
  EXPECT_TRUE(std::isnan(o.ram_gb));
  EXPECT_TRUE(std::isnan(o.disk_gb));
  EXPECT_TRUE(std::isnan(o.reliability));
  EXPECT_TRUE(std::isnan(o.inet_down_mbps));
  EXPECT_TRUE(std::isnan(o.bid_usd_per_hour));
  EXPECT_EQ(o.country, "");
  EXPECT_EQ(o.interconnect, "");
  EXPECT_EQ(o.stock, "");
  EXPECT_EQ(o.tier, "");
}

TEST(VastParse, FallsBackToReliabilityAndTheVerifiedFlag) {
  Page p = Parse(
      R"([{"id": 1, "num_gpus": 1, "dph_base": 1, "storage_cost": 1, "reliability": 0.95, "verified": false, "rented": true}])");
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_EQ(p.offers[0].reliability, 0.95);
  EXPECT_EQ(p.offers[0].tier, "unverified");
  EXPECT_EQ(p.offers[0].stock, "rented");
}

TEST(VastParse, WarnsOnJunkNamingTheOfferAndField) {
  Page p = Parse(R"([{"gpu_ram": "lots", "id": 99, "num_gpus": 1, "dph_base": -1, "storage_cost": 0.1,
      "cpu_ram": [1], "min_bid": 0.1}])");
  ASSERT_EQ(p.offers.size(), 1u);
  ASSERT_EQ(p.warnings.size(), 4u) << AllWarnings(p);
  EXPECT_EQ(FormatWarning(p.warnings[0]),
            "record 99: field gpu_ram: expected a number, got \"lots\"; left unknown");
  EXPECT_EQ(p.warnings[1].field, "cpu_ram");
  EXPECT_EQ(FormatWarning(p.warnings[2]), "record 99: field dph_base: implausible price -1; left unknown");
  EXPECT_EQ(p.warnings[3].field, "dph_base");  // and no other source of a base price
  EXPECT_TRUE(std::isnan(p.offers[0].vram_gb));
  EXPECT_TRUE(std::isnan(p.offers[0].base_usd_per_hour));
  EXPECT_TRUE(std::isnan(p.offers[0].price_usd_per_hour));
}

TEST(VastParse, NamesAnOfferWithoutIdByItsPosition) {
  Page p = Parse(std::string("[") + kSmallOffer + R"(, {"num_gpus": 1, "dph_base": 1, "storage_cost": 1}])");
  ASSERT_EQ(p.offers.size(), 2u);
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(FormatWarning(p.warnings[0]), "record #1: field id: missing; the offer cannot be rented by id");
}

TEST(VastParse, UsesAskContractIdWhenIdIsMissing) {
  Page p = Parse(R"([{"ask_contract_id": 11684738, "num_gpus": 1, "dph_base": 1, "storage_cost": 1}])");
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_EQ(p.offers[0].id, "11684738");
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
}

TEST(VastParse, WarnsWhenNumGpusIsMissingOrNotACount) {
  Page p = Parse(
      R"([{"id": 1, "dph_base": 1, "storage_cost": 1}, {"id": 2, "num_gpus": 1.5, "dph_base": 1, "storage_cost": 1}])");
  ASSERT_EQ(p.offers.size(), 2u);
  EXPECT_EQ(p.offers[0].gpu_count, 0);
  EXPECT_EQ(p.offers[1].gpu_count, 0);
  ASSERT_EQ(p.warnings.size(), 2u);
  EXPECT_EQ(FormatWarning(p.warnings[0]), "record 1: field num_gpus: missing; GPU count left at 0");
  EXPECT_EQ(FormatWarning(p.warnings[1]), "record 2: field num_gpus: not a GPU count: 1.5; left at 0");
}

TEST(VastParse, ReadsPerGpuVramFromTheTotalWhenGpuRamIsMissing) {
  Page p = Parse(
      R"([{"id": 1, "gpu_name": "RTX 4090", "num_gpus": 2, "gpu_total_ram": 98280, "dph_base": 1, "storage_cost": 1}])");
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_EQ(p.offers[0].vram_gb, 48.0);  // the 48 GB "RTX 4090" boxes: 98280 / 2 MiB
  EXPECT_EQ(p.offers[0].gpu, "RTX 4090 48GB");
}

// ---- Prices ------------------------------------------------------------------------------

TEST(VastPrice, UsesTheSearchSplitWhenDphBaseIsMissing) {
  Page p = Parse(R"([{"id": 1, "num_gpus": 1, "storage_cost": 0.15, "dph_total": 0.8021,
      "search": {"gpuCostPerHour": 0.8, "diskHour": 0.0021, "totalHour": 0.8021}}])");
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  EXPECT_EQ(p.offers[0].base_usd_per_hour, 0.8);
}

TEST(VastPrice, DerivesBaseFromDphTotalAndSaysSo) {
  // dph_total = base + storage_cost/720 x allocated_storage (10 GB in this request).
  HttpRequest req{"POST", "/api/v0/bundles/", {}, R"({"type":"on-demand","allocated_storage":10})"};
  Page p = Parse(R"([{"id": 1, "num_gpus": 1, "storage_cost": 0.72, "dph_total": 0.51}])", 200, req);
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_NEAR(p.offers[0].base_usd_per_hour, 0.5, 1e-15);
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(FormatWarning(p.warnings[0]),
            "record 1: field dph_base: missing; derived as dph_total minus 10 GB of storage ($0.010000/h)");
}

TEST(VastPrice, DerivesDiskPriceFromTheSearchSplitWhenStorageCostIsMissing) {
  Page p = Parse(R"([{"id": 1, "num_gpus": 1, "dph_base": 0.3, "search": {"diskHour": 0.005}}])");
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_EQ(p.offers[0].disk_usd_per_gb_hour, 0.005 / 5);
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].field, "storage_cost");
}

TEST(VastPrice, LeavesThePriceUnknownWithoutAnyDiskPrice) {
  Page p = Parse(R"([{"id": 1, "num_gpus": 1, "dph_base": 0.3}])");
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_TRUE(std::isnan(p.offers[0].disk_usd_per_gb_hour));
  EXPECT_TRUE(std::isnan(p.offers[0].price_usd_per_hour));
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].message, "missing; disk price and total price left unknown");
}

TEST(VastPrice, PricesInterruptibleRowsAtTheMinimumBid) {
  HttpRequest req{"POST", "/api/v0/bundles/", {}, R"({"type":"bid","allocated_storage":5.0})"};
  Page p = Parse(std::string("[") + kSmallOffer + "]", 200, req);
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_TRUE(p.offers[0].interruptible);
  EXPECT_EQ(p.offers[0].base_usd_per_hour, 0.3);
  EXPECT_EQ(p.offers[0].bid_usd_per_hour, 0.3);
  // The legacy search nests the type under "q".
  HttpRequest legacy{"PUT", "/api/v0/search/asks/", {}, R"({"select_cols":["*"],"q":{"type":"bid"}})"};
  EXPECT_TRUE(Parse(std::string("[") + kSmallOffer + "]", 200, legacy).offers[0].interruptible);
}

TEST(VastPrice, LeavesAnInterruptibleRowWithoutMinBidUnknown) {
  HttpRequest req{"POST", "/api/v0/bundles/", {}, R"({"type":"bid"})"};
  Page p = Parse(R"([{"id": 5, "num_gpus": 1, "dph_base": 0.5, "storage_cost": 0.1}])", 200, req);
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_TRUE(std::isnan(p.offers[0].base_usd_per_hour));
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].field, "min_bid");
}

// ---- Helpers -----------------------------------------------------------------------------

TEST(VastGeolocation, FindsTheCountryCode) {
  EXPECT_EQ(CountryFromGeolocation("Guangxi, CN"), "CN");
  EXPECT_EQ(CountryFromGeolocation(", US"), "US");
  EXPECT_EQ(CountryFromGeolocation("Norway"), "NO");
  EXPECT_EQ(CountryFromGeolocation("California, United States"), "US");
  EXPECT_EQ(CountryFromGeolocation("The Netherlands, NL"), "NL");
  EXPECT_EQ(CountryFromGeolocation("czechia"), "CZ");
  EXPECT_EQ(CountryFromGeolocation("Texas"), "");
  EXPECT_EQ(CountryFromGeolocation(""), "");
  EXPECT_EQ(CountryFromGeolocation("Somewhere, us"), "");
  EXPECT_EQ(RegionFromGeolocation(", US"), "US");
  EXPECT_EQ(RegionFromGeolocation(" Guangxi, CN "), "Guangxi, CN");
}

TEST(VastVram, ReportsTheSoldSize) {
  EXPECT_EQ(VastVramGb(24564, nullptr), 24.0);
  EXPECT_EQ(VastVramGb(24576, nullptr), 24.0);
  EXPECT_EQ(VastVramGb(81559, nullptr), 80.0);
  EXPECT_EQ(VastVramGb(143771, nullptr), 141.0);
  EXPECT_EQ(VastVramGb(95830, nullptr), 94.0);
  EXPECT_EQ(VastVramGb(8119, nullptr), 8.0);
  EXPECT_EQ(VastVramGb(11178, nullptr), 11.0);
  EXPECT_EQ(VastVramGb(40960, nullptr), 40.0);
  EXPECT_TRUE(std::isnan(VastVramGb(kUnknown, nullptr)));
  EXPECT_TRUE(std::isnan(VastVramGb(0, nullptr)));
}

TEST(VastParse, TakesTheCatalogVramOnlyWhenVastGivesNone) {
  Page p = Parse(
      R"([{"id": 1, "gpu_name": "A40", "num_gpus": 1, "gpu_ram": 46068, "dph_base": 1, "storage_cost": 1},
                     {"id": 2, "gpu_name": "A40", "num_gpus": 1, "dph_base": 1, "storage_cost": 1}])");
  ASSERT_EQ(p.offers.size(), 2u);
  EXPECT_EQ(p.offers[0].gpu, "A40");
  EXPECT_EQ(p.offers[0].vram_gb, 48.0);  // 46068 MiB: ECC hides 3 GB of the sold 48
  EXPECT_EQ(p.offers[1].vram_gb, 48.0);  // no gpu_ram: the catalog's size
}

TEST(VastVram, PrefersTheCatalogSizeWhenItAgrees) {
  // ECC cards report well below their sold size: the A40 48 GB shows 46068 MiB.
  const GpuSpec* a40 = FindGpu(ProviderId::kVast, "A40", "", 45);
  ASSERT_NE(a40, nullptr);
  EXPECT_EQ(VastVramGb(46068, a40), a40->vram_gb);
  // A modded 48 GB card under a 24 GB name keeps its measured size.
  const GpuSpec* rtx4090 = FindGpu(ProviderId::kVast, "RTX 4090", "", 24);
  ASSERT_NE(rtx4090, nullptr);
  EXPECT_EQ(VastVramGb(49140, rtx4090), 48.0);
}

TEST(VastInterconnect, DescribesNvlinkAndPcie) {
  EXPECT_EQ(VastInterconnect(100, 4, 16), "NVLink");
  EXPECT_EQ(VastInterconnect(0, 4.0, 16), "PCIe 4.0 x16");
  EXPECT_EQ(VastInterconnect(kUnknown, 3, kUnknown), "PCIe 3.0");
  EXPECT_EQ(VastInterconnect(0, kUnknown, 16), "");
}

}  // namespace
}  // namespace offerscope::core
