// The neutral field vocabulary: names, labels, JSON keys, Vast synonyms and reading an Offer.
#include "core/fields.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/offer_json.hpp"

using namespace offerscope::core;

TEST(Fields, ListsEveryFieldOnceInEnumOrder) {
  std::set<std::string_view> names, keys;
  for (int i = 0; i < kFieldCount; ++i) {
    Field f = static_cast<Field>(i);
    const FieldInfo& info = Info(f);
    EXPECT_EQ(info.field, f) << i;
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_TRUE(keys.insert(info.json_key).second) << info.json_key;
    EXPECT_FALSE(info.label.empty()) << info.name;
    // snake_case, so it can be typed in a query without quotes
    EXPECT_TRUE(std::all_of(info.name.begin(), info.name.end(),
                            [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }))
        << info.name;
    EXPECT_EQ(FieldFromName(info.name), f) << info.name;
    EXPECT_EQ(FieldFromName(info.json_key), f) << info.json_key;
    EXPECT_EQ(info.name.data()[info.name.size()], '\0') << "names are used as C strings (ImGui ids)";
  }
}

TEST(Fields, UsesTheCanonicalNamesLabelsAndTypes) {
  EXPECT_EQ(Info(Field::kPriceUsdPerHour).name, "price");
  EXPECT_EQ(Info(Field::kPriceUsdPerHour).label, "$/h");
  EXPECT_EQ(Info(Field::kPriceUsdPerHour).json_key, "price_usd_per_hour");
  EXPECT_EQ(Info(Field::kPriceUsdPerGpuHour).name, "price_per_gpu");
  EXPECT_EQ(Info(Field::kPriceUsdPerGpuHour).label, "$/GPU-h");
  EXPECT_EQ(Info(Field::kPriceUsdPerGpuHour).json_key, "price_usd_per_gpu_hour");
  EXPECT_EQ(Info(Field::kVramGb).label, "VRAM GB");
  EXPECT_EQ(Info(Field::kUsdPerTflopHour).name, "price_per_tflop");
  EXPECT_EQ(Info(Field::kUsdPerVramGbHour).name, "price_per_vram_gb");
  EXPECT_EQ(Info(Field::kBidUsdPerHour).name, "bid");
  EXPECT_EQ(Info(Field::kTflopsFp16).name, "tflops");
  EXPECT_EQ(Info(Field::kMemBandwidthGbS).name, "mem_bw");
  EXPECT_EQ(Info(Field::kInetDownMbps).name, "inet_down");
  EXPECT_EQ(Info(Field::kGpu).type, FieldType::kText);
  EXPECT_EQ(Info(Field::kGpuCount).type, FieldType::kNumber);
  EXPECT_EQ(Info(Field::kVerified).type, FieldType::kBool);
  EXPECT_EQ(Info(Field::kInterruptible).type, FieldType::kBool);
  EXPECT_EQ(Info(Field::kQuotedAt).type, FieldType::kText);
}

TEST(Fields, JsonKeysAreTheKeysOfNormalizedJson) {
  const std::vector<std::string_view>& written = OfferJsonKeys();
  for (int i = 0; i < kFieldCount; ++i) {
    Field f = static_cast<Field>(i);
    if (f == Field::kTotalVramGb || f == Field::kVerified) continue;  // derived, not members
    EXPECT_NE(std::find(written.begin(), written.end(), Info(f).json_key), written.end()) << Info(f).json_key;
  }
}

TEST(Fields, AcceptsVastNamesAsSynonyms) {
  const std::pair<const char*, Field> kVast[] = {
      {"num_gpus", Field::kGpuCount},           {"gpu_name", Field::kGpu},
      {"gpu_ram", Field::kVramGb},              {"gpu_total_ram", Field::kTotalVramGb},
      {"cpu_cores_effective", Field::kVcpus},   {"cpu_ram", Field::kRamGb},
      {"disk_space", Field::kDiskGb},           {"dph", Field::kPriceUsdPerHour},
      {"dph_total", Field::kPriceUsdPerHour},   {"min_bid", Field::kBidUsdPerHour},
      {"reliability", Field::kReliability},     {"reliability2", Field::kReliability},
      {"geolocation", Field::kCountry},         {"inet_down", Field::kInetDownMbps},
      {"inet_up", Field::kInetUpMbps},          {"verified", Field::kVerified},
      {"verification", Field::kTier},           {"gpu_mem_bw", Field::kMemBandwidthGbS},
      {"id", Field::kId}};
  for (const auto& [name, field] : kVast) EXPECT_EQ(FieldFromName(name), field) << name;
}

TEST(Fields, LeavesVastFieldsWithAnotherMeaningUnmapped) {
  // cpu_cores counts the whole host (96 in the Guangxi capture, of which the offer has 24);
  // dph_base leaves out disk; total_flops is Vast's own measure.
  for (const char* name : {"cpu_cores", "dph_base", "total_flops", "dlperf", "cuda_max_good", "duration", "rented",
                           "GPU", "Price", ""})
    EXPECT_FALSE(FieldFromName(name).has_value()) << name;
}

TEST(Fields, ReadsAnOffersValues) {
  Offer o;
  o.provider = ProviderId::kPrimeIntellect;
  o.id = "abc@dc1";
  o.gpu = "H100 SXM";
  o.gpu_count = 8;
  o.vram_gb = 80;
  o.price_usd_per_hour = 19.2;
  o.price_usd_per_gpu_hour = 2.4;
  o.country = "CA";
  o.tier = "secure";
  o.interruptible = true;
  EXPECT_EQ(NumberOf(o, Field::kGpuCount), 8);
  EXPECT_EQ(NumberOf(o, Field::kTotalVramGb), 640);
  EXPECT_EQ(NumberOf(o, Field::kPriceUsdPerGpuHour), 2.4);
  EXPECT_TRUE(std::isnan(NumberOf(o, Field::kRamGb)));
  EXPECT_TRUE(std::isnan(NumberOf(o, Field::kGpu)));  // not a number field
  EXPECT_EQ(TextOf(o, Field::kProvider), "primeintellect");
  EXPECT_EQ(TextOf(o, Field::kId), "abc@dc1");
  EXPECT_EQ(TextOf(o, Field::kCountry), "CA");
  EXPECT_EQ(TextOf(o, Field::kGpuCount), "");  // not a text field
  EXPECT_TRUE(BoolOf(o, Field::kVerified));  // Prime's secure cloud
  EXPECT_TRUE(BoolOf(o, Field::kInterruptible));
  EXPECT_FALSE(BoolOf(o, Field::kGpu));
  for (const char* tier : {"unverified", "deverified", "community", ""}) {
    o.tier = tier;
    EXPECT_FALSE(BoolOf(o, Field::kVerified)) << tier;
  }
  o.tier = "verified";
  EXPECT_TRUE(BoolOf(o, Field::kVerified));
}

TEST(Fields, TreatsAMissingGpuCountAsUnknown) {
  Offer o;
  o.vram_gb = 24;
  EXPECT_TRUE(std::isnan(NumberOf(o, Field::kGpuCount)));  // 0 would look like a real count
  EXPECT_TRUE(std::isnan(NumberOf(o, Field::kTotalVramGb)));
  o.gpu_count = 2;
  o.vram_gb = kUnknown;
  EXPECT_TRUE(std::isnan(NumberOf(o, Field::kTotalVramGb)));
}
