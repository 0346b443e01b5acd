// The Vast request built from a query: the body the official CLI (vastai search offers)
// POSTs to /api/v0/bundles/, plus the push-down of neutral fields (vast_query.hpp).
#include "core/vast_query.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

using namespace offerscope::core;
using nlohmann::json;

namespace {

ParsedQuery Parse(std::string_view text) {
  ParsedQuery q;
  QueryMessage err;
  EXPECT_TRUE(ParseQuery(text, q, err)) << text << ": " << err.message;
  return q;
}

json Body(std::string_view text, std::string_view order = "", bool no_default = false) {
  ParsedQuery q = Parse(text);
  return VastSearchBody(&q, order, "on-demand", 5.0, 0, no_default);
}

// The CLI's defaults and trailer around the given query fields.
json CliBody(json fields, json order = json::parse(R"([["score","desc"]])")) {
  json body = VastDefaultQuery();
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    if (it.value().is_null()) body.erase(it.key());
    else body[it.key()] = it.value();
  }
  body["order"] = std::move(order);
  body["type"] = "on-demand";
  body["allocated_storage"] = 5.0;
  return body;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST(VastQuery, BuildsTheOfficialCliBodyForEveryHelpExample) {
  EXPECT_EQ(Body("reliability > 0.98 num_gpus=1 gpu_name=RTX_3090"),
            CliBody({{"reliability", {{"gt", "0.98"}}}, {"num_gpus", {{"eq", "1"}}}, {"gpu_name", {{"eq", "RTX 3090"}}}}));
  EXPECT_EQ(Body("compute_cap > 610 total_flops > 5 datacenter=True"),
            CliBody({{"compute_cap", {{"gt", "610"}}}, {"total_flops", {{"gt", "5"}}}, {"datacenter", {{"eq", true}}}}));
  EXPECT_EQ(Body("reliability>0.99 num_gpus=4 geolocation in [TW,SE]"),
            CliBody({{"reliability", {{"gt", "0.99"}}}, {"num_gpus", {{"eq", "4"}}},
                     {"geolocation", {{"in", {"TW", "SE"}}}}}));
  EXPECT_EQ(Body(R"(reliability>0.99 gpu_name in ["RTX 4090", "RTX 3090"] geolocation notin [CN,VN])"),
            CliBody({{"reliability", {{"gt", "0.99"}}},
                     {"gpu_name", {{"in", {"RTX 4090", "RTX 3090"}}}},
                     {"geolocation", {{"notin", {"CN", "VN"}}}}}));
  EXPECT_EQ(Body("disk_space>146 duration>24 gpu_ram>10 cuda_vers>=12.1 direct_port_count>=2 driver_version >= 535.86.05"),
            CliBody({{"disk_space", {{"gt", "146"}}},
                     {"duration", {{"gt", 2073600.0}}},
                     {"gpu_ram", {{"gt", 10000.0}}},
                     {"cuda_max_good", {{"gte", "12.1"}}},
                     {"direct_port_count", {{"gte", "2"}}},
                     {"driver_version", {{"gte", 535086005}}}}));
  // verified=False overrides the default; rented=any drops it; -o 'num_gpus-'.
  EXPECT_EQ(Body("reliability > 0.99  num_gpus>=4 verified=False rented=any", "num_gpus-"),
            CliBody({{"reliability", {{"gt", "0.99"}}}, {"num_gpus", {{"gte", "4"}}}, {"verified", {{"eq", false}}},
                     {"rented", nullptr}},
                    json::parse(R"([["num_gpus","desc"]])")));
  EXPECT_EQ(Body("cpu_arch=arm64"), CliBody({{"cpu_arch", {{"eq", "arm64"}}}}));
}

TEST(VastQuery, SendsTheTypeStorageAndLimitAsTheCliDoes) {
  json b = VastSearchBody(nullptr, "", "interruptible", 20, 64, false);
  EXPECT_EQ(b["type"], "bid");  // --type=interruptible is the old name of bid
  EXPECT_EQ(b["allocated_storage"], 20.0);
  EXPECT_TRUE(b["allocated_storage"].is_number_float());
  EXPECT_EQ(b["limit"], 64);
  EXPECT_EQ(b["order"], json::parse(R"([["score","desc"]])"));
  EXPECT_EQ(VastSearchBody(nullptr, "", "bid", 5, 0, false)["type"], "bid");
  EXPECT_EQ(VastSearchBody(nullptr, "", "reserved", 5, 0, false)["type"], "reserved");
  EXPECT_EQ(VastSearchBody(nullptr, "", "", 5, 0, false)["type"], "on-demand");
  EXPECT_FALSE(VastSearchBody(nullptr, "", "on-demand", 5, 0, false).contains("limit"));
  EXPECT_FALSE(VastSearchBody(nullptr, "", "on-demand", 5, -3, false).contains("limit"));
  // The whole default body, byte for byte as nlohmann writes it (keys sorted).
  EXPECT_EQ(VastSearchBody(nullptr, "", "on-demand", 5.0, 0, false).dump(),
            R"({"allocated_storage":5.0,"external":{"eq":false},"order":[["score","desc"]],)"
            R"("rentable":{"eq":true},"rented":{"eq":false},"type":"on-demand","verified":{"eq":true}})");
  EXPECT_EQ(VastSearchBody(nullptr, "", "on-demand", 5.0, 0, true).dump(),
            R"({"allocated_storage":5.0,"order":[["score","desc"]],"type":"on-demand"})");
}

TEST(VastQuery, MergesRepeatedFieldsLikeTheCliDictUpdate) {
  EXPECT_EQ(Body("dph>0.5 dph_total<2")["dph_total"], json({{"gt", "0.5"}, {"lt", "2"}}));
  EXPECT_EQ(Body("num_gpus>1 num_gpus>2")["num_gpus"], json({{"gt", "2"}}));  // same operator: last wins
  EXPECT_EQ(Body("verified>0")["verified"], json({{"eq", true}, {"gt", "0"}}));  // merged into the default
  EXPECT_EQ(Body("verified=False")["verified"], json({{"eq", false}}));
  EXPECT_EQ(Body("gpu_name in [A] gpu_name notin [B]")["gpu_name"], json({{"in", {"A"}}, {"notin", {"B"}}}));
}

TEST(VastQuery, ClearsFieldsAndDefaultsWithAnyInTheOrderWritten) {
  EXPECT_FALSE(Body("rented=any").contains("rented"));
  EXPECT_FALSE(Body("verified=*").contains("verified"));
  EXPECT_FALSE(Body("dph<3 dph=?").contains("dph_total"));
  // Set again after the clear: the CLI starts the field afresh, without the default's eq.
  EXPECT_EQ(Body("rented=any rented>0")["rented"], json({{"gt", "0"}}));
  EXPECT_EQ(Body("rented=any rented=true")["rented"], json({{"eq", true}}));
  // Cleared after being set: gone, default included.
  EXPECT_FALSE(Body("rented=true rented=any").contains("rented"));
  json none = Body("num_gpus=1", "", true);
  EXPECT_FALSE(none.contains("verified"));
  EXPECT_FALSE(none.contains("rented"));
  EXPECT_EQ(none["num_gpus"], json({{"eq", "1"}}));
  EXPECT_EQ(VastQueryObject(nullptr, false), VastDefaultQuery());
  EXPECT_EQ(VastQueryObject(Parse("num_gpus=2"), true), json({{"num_gpus", {{"eq", "2"}}}}));
}

TEST(VastQuery, SendsUnknownFieldsAsWritten) {
  EXPECT_EQ(Body("frobnicate=3")["frobnicate"], json({{"eq", "3"}}));
}

TEST(VastQuery, ParsesTheOrderWithTheCliStripRules) {
  EXPECT_EQ(VastOrder("num_gpus,total_flops-"), json::parse(R"([["num_gpus","asc"],["total_flops","desc"]])"));
  EXPECT_EQ(VastOrder(""), json::parse(R"([["score","desc"]])"));
  EXPECT_EQ(VastOrder("score-"), json::parse(R"([["score","desc"]])"));
  EXPECT_EQ(VastOrder(" dph+ , -dlperf ,,"), json::parse(R"([["dph_total","asc"],["dlperf","desc"]])"));
  EXPECT_EQ(VastOrder("cuda_vers-,flops_usd"),
            json::parse(R"([["cuda_max_good","desc"],["flops_per_dphtotal","asc"]])"));
  // Each rule strips the name as written; '+' wins: "-a+" sorts "-a" ascending.
  EXPECT_EQ(VastOrder("-a+"), json::parse(R"([["-a","asc"]])"));
  EXPECT_EQ(VastOrder("--a--"), json::parse(R"([["a","desc"]])"));
  EXPECT_EQ(VastOrder(","), json::array());  // the CLI sends [] too
}

TEST(VastQuery, SortsByTheVastColumnOfANeutralField) {
  EXPECT_EQ(VastOrder("gpu_count-,price,vram_gb-"),
            json::parse(R"([["num_gpus","desc"],["dph_total","asc"],["gpu_ram","desc"]])"));
  // Vast has no per-GPU price column: left out, and score when nothing is left.
  EXPECT_EQ(VastOrder("price_per_gpu,num_gpus-"), json::parse(R"([["num_gpus","desc"]])"));
  EXPECT_EQ(VastOrder("price_per_gpu"), json::parse(R"([["score","desc"]])"));
}

TEST(VastQuery, PushesDownTheNeutralFieldsVastCanJudge) {
  json b = Body("gpu=H100 gpu_count>=8 price_per_gpu<2.5 country notin [CN]");
  EXPECT_EQ(b["gpu_name"], json({{"in", {"H100 SXM", "H100 PCIE", "H100 NVL"}}}));
  EXPECT_EQ(b["num_gpus"], json({{"gte", "8"}}));
  EXPECT_FALSE(b.contains("price_per_gpu"));  // applied locally
  EXPECT_FALSE(b.contains("geolocation"));    // notin would drop offers without a location
  EXPECT_FALSE(b.contains("country"));
  EXPECT_EQ(Body("country=de")["geolocation"], json({{"eq", "DE"}}));
  EXPECT_EQ(Body("country in [us,CA]")["geolocation"], json({{"in", {"US", "CA"}}}));
  EXPECT_FALSE(Body("country=Germany").contains("geolocation"));  // not a code: local only
  EXPECT_EQ(Body("gpu!=H100")["gpu_name"], json({{"notin", {"H100 SXM", "H100 PCIE", "H100 NVL"}}}));
  EXPECT_FALSE(Body("gpu=Imaginary_9999").contains("gpu_name"));  // no Vast spelling known
  EXPECT_FALSE(Body("gpu in [H100,Imaginary_9999]").contains("gpu_name"));
  EXPECT_EQ(Body("gpu_count in [1,2]")["num_gpus"], json({{"in", {"1", "2"}}}));
  EXPECT_EQ(Body("gpu_count!=1")["num_gpus"], json({{"neq", "1"}}));
  EXPECT_EQ(Body("vcpus>=16 disk_gb>100 bid<0.3"),
            CliBody({{"cpu_cores_effective", {{"gte", "16"}}}, {"disk_space", {{"gt", "100"}}}, {"min_bid", {{"lt", "0.3"}}}}));
  EXPECT_FALSE(Body("vcpus!=16").contains("cpu_cores_effective"));
  EXPECT_FALSE(Body("gpu_count>=lots").contains("num_gpus"));
  // ram_gb is cpu_ram / 1000: whole-MB bounds, widened outwards.
  EXPECT_EQ(Body("ram_gb>64.1 ram_gb<=128.0005")["cpu_ram"], json({{"gte", 64100.0}, {"lte", 128001.0}}));
  EXPECT_FALSE(Body("ram_gb=64").contains("cpu_ram"));
  for (const char* local : {"price<2", "provider=vast", "tier=secure", "region=Guangxi", "tflops>100", "mem_bw>1000",
                            "interruptible=true", "price_per_tflop<0.01", "stock=available"}) {
    json body = Body(local);
    EXPECT_EQ(body, CliBody(json::object())) << local;
  }
}

TEST(VastQuery, PushesVramAsALowerBoundThatKeepsRealCards) {
  // The capture's RTX 4090 reports gpu_ram 24564 MiB for its 24 GB; an L4 reports 23034.
  json offer = json::parse(ReadFile(std::string(OFFERSCOPE_FIXTURES_DIR) +
                                    "/vastai/search-offers-cli-raw-2024-rtx4090-guangxi.json"),
                           nullptr, false);
  ASSERT_TRUE(offer.is_array());
  const double rtx4090_mib = offer[0]["gpu_ram"].get<double>();
  ASSERT_EQ(rtx4090_mib, 24564);
  json b = Body("vram_gb>=24");
  ASSERT_TRUE(b["gpu_ram"]["gte"].is_number());
  double bound = b["gpu_ram"]["gte"].get<double>();
  EXPECT_EQ(bound, 19968.0);  // (24 - 3.5 - 1) * 1024
  EXPECT_LE(bound, rtx4090_mib);
  EXPECT_LE(bound, 23034.0);
  EXPECT_GT(bound, 16384.0);  // a 16 GB card is left out upstream
  EXPECT_EQ(Body("vram_gb>=80")["gpu_ram"]["gte"], 72704.0);  // 81559 MiB H100s pass
  EXPECT_EQ(Body("vram_gb in [48,24]")["gpu_ram"]["gte"], 19968.0);
  EXPECT_FALSE(Body("vram_gb<=24").contains("gpu_ram"));  // no safe upper bound
  EXPECT_FALSE(Body("vram_gb>=2").contains("gpu_ram"));   // bound would be 0
  // Vast's own gpu_ram is the user's Vast semantics: sent as the CLI does.
  EXPECT_EQ(Body("gpu_ram>=24")["gpu_ram"], json({{"gte", 24000.0}}));
}

TEST(VastQuery, KnowsEveryFieldInVastsSearchDocs) {
  // Seed 001: the bundles search body; every object-valued key is a query field.
  std::string seed = ReadFile(std::string(OFFERSCOPE_SEEDS_DIR) + "/001_2513860d961a530b.txt");
  std::size_t start = seed.find("--data '");
  ASSERT_NE(start, std::string::npos);
  std::size_t end = seed.find("}'", start);
  json body = json::parse(seed.substr(start + 8, end + 1 - start - 8), nullptr, false);
  ASSERT_TRUE(body.is_object());
  int fields = 0;
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (!it.value().is_object()) continue;
    EXPECT_TRUE(IsVastField(it.key())) << it.key();
    ++fields;
  }
  EXPECT_EQ(fields, 36);
  // Seed 002: the legacy search/asks "q", scraped with '_' turned into spaces.
  seed = ReadFile(std::string(OFFERSCOPE_SEEDS_DIR) + "/002_e5b5829a82cb1c26.txt");
  start = seed.find("\"q\" {");
  ASSERT_NE(start, std::string::npos);
  std::string q = seed.substr(start, seed.find("}}}", start) + 3 - start);
  std::regex key("\"([a-z0-9 ]+)\" \\{\\}");
  fields = 0;
  for (std::sregex_iterator it(q.begin(), q.end(), key), stop; it != stop; ++it) {
    std::string name = (*it)[1];
    std::replace(name.begin(), name.end(), ' ', '_');
    EXPECT_TRUE(IsVastField(VastFieldAlias(name))) << name;
    ++fields;
  }
  EXPECT_EQ(fields, 41);
  EXPECT_FALSE(IsVastField("price_per_gpu"));
  EXPECT_FALSE(IsVastField("dph"));  // an alias, not a field
}

TEST(VastQuery, NamesTheCliAliasesAndMultipliers) {
  EXPECT_EQ(VastFieldAlias("cuda_vers"), "cuda_max_good");
  EXPECT_EQ(VastFieldAlias("display_active"), "gpu_display_active");
  EXPECT_EQ(VastFieldAlias("dlperf_usd"), "dlperf_per_dphtotal");
  EXPECT_EQ(VastFieldAlias("dph"), "dph_total");
  EXPECT_EQ(VastFieldAlias("flops_usd"), "flops_per_dphtotal");
  EXPECT_EQ(VastFieldAlias("reliability"), "reliability");
  EXPECT_EQ(VastFieldMultiplier("cpu_ram"), 1000);
  EXPECT_EQ(VastFieldMultiplier("gpu_ram"), 1000);
  EXPECT_EQ(VastFieldMultiplier("gpu_total_ram"), 1000);
  EXPECT_EQ(VastFieldMultiplier("duration"), 86400);
  EXPECT_EQ(VastFieldMultiplier("vram_gb"), 0);
}
