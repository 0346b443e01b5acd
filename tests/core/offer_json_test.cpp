#include "core/offer_json.hpp"

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "core/number_text.hpp"
#include "core/pricing.hpp"

namespace offerscope::core {
namespace {

using nlohmann::json;

std::string ReadFixtureText(const std::string& relative) {
  std::ifstream in(std::string(OFFERSCOPE_FIXTURES_DIR) + "/" + relative, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// NaN-aware member-by-member equality, reported by key so a failure says which member.
void ExpectSameOffer(const Offer& a, const Offer& b) {
  json ja = json::parse(OfferToJson(a, {true}));
  json jb = json::parse(OfferToJson(b, {true}));
  for (auto it = ja.begin(); it != ja.end(); ++it) EXPECT_EQ(*it, jb[it.key()]) << it.key();
}

Offer Rtx4090Guangxi() {
  // Members as a Vast parser maps record 11684738 of the 2024 CLI capture.
  std::string raw = ReadFixtureText("vastai/search-offers-cli-raw-2024-rtx4090-guangxi.json");
  json record = json::parse(raw)[0];
  Offer o;
  o.provider = ProviderId::kVast;
  o.id = std::to_string(record["id"].get<long long>());
  o.gpu = "RTX 4090 24GB";
  o.gpu_raw = record["gpu_name"].get<std::string>();
  o.gpu_known = true;
  o.gpu_count = record["num_gpus"].get<int>();
  o.vram_gb = 24;
  o.vcpus = record["cpu_cores_effective"].get<double>();
  o.ram_gb = record["cpu_ram"].get<double>() / 1000;
  o.disk_gb = record["disk_space"].get<double>();
  o.base_usd_per_hour = record["dph_base"].get<double>();
  o.disk_usd_per_gb_hour = VastDiskUsdPerGbHour(record["storage_cost"].get<double>());
  o.bid_usd_per_hour = record["min_bid"].get<double>();
  o.tflops_fp16 = 165.2;
  o.mem_bandwidth_gb_s = record["gpu_mem_bw"].get<double>();
  o.country = "CN";
  o.region = record["geolocation"].get<std::string>();
  o.reliability = record["reliability2"].get<double>();
  o.inet_down_mbps = record["inet_down"].get<double>();
  o.inet_up_mbps = record["inet_up"].get<double>();
  o.tier = record["verification"].get<std::string>();
  o.raw_json = raw.substr(raw.find('{'), raw.rfind('}') - raw.find('{') + 1);
  FinishPrices(o, 5);
  return o;
}

TEST(OfferJson, WritesEveryMemberInDeclarationOrderWithNullForUnknown) {
  Offer o = Rtx4090Guangxi();
  std::string text = OfferToJson(o);
  EXPECT_EQ(text.rfind("{\"provider\":\"vast\",\"id\":\"11684738\",\"source\":\"\",\"gpu\":"
                       "\"RTX 4090 24GB\",\"gpu_raw\":\"RTX 4090\",\"gpu_known\":true,"
                       "\"gpu_count\":1,\"vram_gb\":24,\"vcpus\":24,\"ram_gb\":64.393,"
                       "\"disk_gb\":1607.875,\"disk_min_gb\":0,\"base_usd_per_hour\":"
                       "0.24666666666666665,",
                       0),
            0u)
      << text;
  EXPECT_NE(text.find("\"price_usd_per_hour\":0.2466759259259259,"), std::string::npos) << text;
  EXPECT_NE(text.find("\"tflops_fp32\":null,"), std::string::npos);
  EXPECT_NE(text.find("\"reliability\":0.9700835,"), std::string::npos);
  EXPECT_NE(text.find("\"region\":\"Guangxi, CN\","), std::string::npos);
  EXPECT_EQ(text.find("raw_json"), std::string::npos);  // off by default
  json parsed = json::parse(text);
  std::vector<std::string> keys;
  for (auto it = parsed.begin(); it != parsed.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys.size(), OfferJsonKeys().size());
}

TEST(OfferJson, RoundTripsARealRecordIncludingItsRawBytes) {
  Offer o = Rtx4090Guangxi();
  std::string text = OfferToJson(o, {true});
  Result<Offer> back = ParseOfferJson(text);
  ASSERT_TRUE(back.ok()) << back.error;
  ExpectSameOffer(o, back.value);
  EXPECT_EQ(back.value.raw_json.view(), o.raw_json.view());
  EXPECT_EQ(back.value.price_usd_per_hour, 0.2466759259259259);
  EXPECT_TRUE(std::isnan(back.value.tflops_fp32));
  EXPECT_EQ(OfferToJson(back.value, {true}), text);
}

TEST(OfferJson, RoundTripsRandomNumbersBitForBit) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> any(-1e6, 1e6);
  for (int i = 0; i < 500; ++i) {
    Offer o;
    o.vram_gb = any(rng);
    o.price_usd_per_hour = std::ldexp(any(rng), static_cast<int>(rng() % 200) - 100);
    o.reliability = (i % 3 == 0) ? kUnknown : any(rng) / 1e6;
    o.gpu_count = static_cast<int>(rng() % 17);
    Result<Offer> back = ParseOfferJson(OfferToJson(o));
    ASSERT_TRUE(back.ok()) << back.error;
    EXPECT_EQ(back.value.vram_gb, o.vram_gb);
    EXPECT_EQ(back.value.price_usd_per_hour, o.price_usd_per_hour);
    EXPECT_EQ(std::isnan(back.value.reliability), std::isnan(o.reliability));
    if (!std::isnan(o.reliability)) {
      EXPECT_EQ(back.value.reliability, o.reliability);
    }
    EXPECT_EQ(back.value.gpu_count, o.gpu_count);
  }
}

TEST(OfferJson, EscapesControlCharactersAndReplacesBrokenUtf8) {
  Offer o;
  o.region = "S\xC3\xA3o \"Paulo\"\n\t\x01\\";
  o.id =
      "a\xFF"
      "b\xE2\x82";  // a stray byte and a truncated sequence
  std::string text = OfferToJson(o);
  EXPECT_NE(text.find(R"("region":"São \"Paulo\"\n\t\u0001\\")"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("id":"a\ufffdb\ufffd\ufffd")"), std::string::npos) << text;
  json parsed = json::parse(text, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded());
  EXPECT_EQ(parsed["region"], o.region);
}

TEST(OfferJson, ReadsNullsAsUnknownAndIgnoresUnknownKeys) {
  Result<Offer> o = ParseOfferJson(R"({"provider":"primeintellect","id":"x@y","gpu_count":8,"vram_gb":null,)"
                                   R"("country":null,"future_key":[1,2],"disk_min_gb":120})");
  ASSERT_TRUE(o.ok()) << o.error;
  EXPECT_EQ(o.value.provider, ProviderId::kPrimeIntellect);
  EXPECT_EQ(o.value.gpu_count, 8);
  EXPECT_TRUE(std::isnan(o.value.vram_gb));
  EXPECT_EQ(o.value.country, "");
  EXPECT_EQ(o.value.disk_min_gb, 120);
  EXPECT_EQ(o.value.disk_usd_per_gb_hour, 0);  // missing: the Offer default
}

TEST(OfferJson, RejectsWrongTypesNamingTheField) {
  EXPECT_EQ(ParseOfferJson(R"({"provider":"vast","vram_gb":"80"})").error,
            "field vram_gb: expected a number or null");
  EXPECT_EQ(ParseOfferJson(R"({"provider":"aws"})").error,
            "field provider: expected a provider name (vast, primeintellect, dispersed)");
  EXPECT_EQ(ParseOfferJson(R"({"gpu_count":1.5})").error, "field gpu_count: expected a whole number of GPUs");
  EXPECT_EQ(ParseOfferJson(R"({"interruptible":1})").error, "field interruptible: expected true or false");
  EXPECT_EQ(ParseOfferJson(R"({"gpu":7})").error, "field gpu: expected a string or null");
  EXPECT_EQ(ParseOfferJson("[1]").error, "expected an offer object");
  EXPECT_EQ(ParseOfferJson("{").error, "not valid JSON");
}

TEST(OfferJson, ReadsArraysEnvelopesAndJsonLines) {
  Offer a = Rtx4090Guangxi();
  Offer b;
  b.provider = ProviderId::kDispersed;
  b.id = "off_2";
  std::vector<Offer> both = {a, b};

  Result<std::vector<Offer>> from_array = ParseOffersJson(OffersToJsonArray(both));
  ASSERT_TRUE(from_array.ok()) << from_array.error;
  ASSERT_EQ(from_array.value.size(), 2u);
  ExpectSameOffer(from_array.value[1], b);

  std::string lines = OfferToJson(a) + "\n\n" + OfferToJson(b) + "\r\n";
  Result<std::vector<Offer>> from_lines = ParseOffersJson(lines);
  ASSERT_TRUE(from_lines.ok()) << from_lines.error;
  ASSERT_EQ(from_lines.value.size(), 2u);
  EXPECT_EQ(from_lines.value[0].id, "11684738");

  Result<std::vector<Offer>> from_envelope = ParseOffersJson("{\"offers\":" + OffersToJsonArray(both) + "}");
  ASSERT_TRUE(from_envelope.ok());
  EXPECT_EQ(from_envelope.value.size(), 2u);

  EXPECT_EQ(ParseOffersJson(OfferToJson(a) + "\n{\"provider\":1}\n").error,
            "line 2: field provider: expected a provider name (vast, primeintellect, dispersed)");
  EXPECT_EQ(ParseOffersJson("[{},{\"vcpus\":true}]").error,
            "offer #1: field vcpus: expected a number or null");
  EXPECT_TRUE(ParseOffersJson("[]").ok());
}

TEST(OfferJson, CsvHasAHeaderAndQuotesOnlyWhatNeedsIt) {
  Offer o = Rtx4090Guangxi();
  o.interconnect = "say \"hi\"";
  std::string csv = OffersToCsv({o});
  std::string header = csv.substr(0, csv.find('\n'));
  EXPECT_EQ(header.rfind("provider,id,source,gpu,gpu_raw,gpu_known,gpu_count,vram_gb,", 0), 0u);
  EXPECT_EQ(header.find("raw_json"), std::string::npos);
  std::string row = csv.substr(csv.find('\n') + 1);
  EXPECT_EQ(row.rfind("vast,11684738,,RTX 4090 24GB,RTX 4090,true,1,24,24,64.393,1607.875,0,", 0), 0u) << row;
  EXPECT_NE(row.find(",\"Guangxi, CN\",0.9700835,105.9,77.7,\"say \"\"hi\"\"\",,verified,\n"),
            std::string::npos)
      << row;
  // NaN is an empty cell: tflops_fp32 sits between tflops_fp16 and mem_bandwidth_gb_s.
  EXPECT_NE(row.find(",165.2,,3108.4,"), std::string::npos) << row;
  std::size_t header_commas = std::count(header.begin(), header.end(), ',');
  EXPECT_EQ(header_commas + 1, OfferJsonKeys().size());
}

TEST(NumberText, PrintsShortestRoundTripAndParsesStrictly) {
  EXPECT_EQ(FormatNumber(80), "80");
  EXPECT_EQ(FormatNumber(2.7012), "2.7012");
  EXPECT_EQ(FormatNumber(-0.5), "-0.5");
  EXPECT_EQ(FormatNumber(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatNumber(kUnknown), "");
  EXPECT_EQ(FormatNumber(HUGE_VAL), "");
  double x = 0;
  EXPECT_TRUE(ParseNumber("1e3", x));
  EXPECT_EQ(x, 1000);
  EXPECT_TRUE(ParseNumber("+.5", x));
  EXPECT_EQ(x, 0.5);
  for (const char* bad : {"", "-", ".", "1e", "inf", "nan", "0x10", " 1", "1 ", "1e999", "1,5"})
    EXPECT_FALSE(ParseNumber(bad, x)) << bad;
}

}  // namespace
}  // namespace offerscope::core
