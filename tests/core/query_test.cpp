#include "core/query.hpp"

#include <gtest/gtest.h>

#include "core/vast_query.hpp"

using namespace offerscope::core;
using nlohmann::json;

namespace {

ParsedQuery Parse(std::string_view text) {
  ParsedQuery q;
  QueryMessage err;
  EXPECT_TRUE(ParseQuery(text, q, err)) << text << ": " << err.message;
  return q;
}

QueryMessage Error(std::string_view text) {
  ParsedQuery q;
  QueryMessage err;
  EXPECT_FALSE(ParseQuery(text, q, err)) << text;
  return err;
}

json Body(std::string_view text, std::string_view order = "", bool no_default = false) {
  ParsedQuery q = Parse(text);
  return VastSearchBody(&q, order, "on-demand", 5.0, 0, no_default);
}

}  // namespace

TEST(VastQuery, BuildsTheOfficialCliBodyForTheHelpExamples) {
  json b = Body("reliability > 0.98 num_gpus=1 gpu_name=RTX_3090");
  EXPECT_EQ(b["reliability"], json({{"gt", "0.98"}}));
  EXPECT_EQ(b["num_gpus"], json({{"eq", "1"}}));
  EXPECT_EQ(b["gpu_name"], json({{"eq", "RTX 3090"}}));
  EXPECT_EQ(b["verified"], json({{"eq", true}}));
  EXPECT_EQ(b["external"], json({{"eq", false}}));
  EXPECT_EQ(b["rentable"], json({{"eq", true}}));
  EXPECT_EQ(b["rented"], json({{"eq", false}}));
  EXPECT_EQ(b["order"], json::parse(R"([["score","desc"]])"));
  EXPECT_EQ(b["type"], "on-demand");
  EXPECT_EQ(b["allocated_storage"], 5.0);
  EXPECT_FALSE(b.contains("limit"));

  json c = Body("compute_cap > 610 total_flops > 5 datacenter=True");
  EXPECT_EQ(c["compute_cap"], json({{"gt", "610"}}));
  EXPECT_EQ(c["datacenter"], json({{"eq", true}}));

  json d = Body("reliability>0.99 num_gpus=4 geolocation in [TW,SE]");
  EXPECT_EQ(d["geolocation"], json({{"in", {"TW", "SE"}}}));

  json e = Body(R"(reliability>0.99 gpu_name in ["RTX 4090", "RTX 3090"] geolocation notin [CN,VN])");
  EXPECT_EQ(e["gpu_name"], json({{"in", {"RTX 4090", "RTX 3090"}}}));
  EXPECT_EQ(e["geolocation"], json({{"notin", {"CN", "VN"}}}));

  json f = Body("disk_space>146 duration>24 gpu_ram>10 cuda_vers>=12.1 driver_version >= 535.86.05");
  EXPECT_EQ(f["duration"], json({{"gt", 24.0 * 86400}}));
  EXPECT_EQ(f["gpu_ram"], json({{"gt", 10000.0}}));
  EXPECT_EQ(f["cuda_max_good"], json({{"gte", "12.1"}}));  // alias applied
  EXPECT_EQ(f["driver_version"], json({{"gte", 535086005}}));

  json g = Body("reliability > 0.99  num_gpus>=4 verified=False", "num_gpus-");
  EXPECT_EQ(g["verified"], json({{"eq", false}}));  // the user's value overrides the default
  EXPECT_EQ(g["order"], json::parse(R"([["num_gpus","desc"]])"));
}

TEST(VastQuery, MergesRepeatedFieldsAndClearsWithAny) {
  json b = Body("dph>0.5 dph<2 rented=any");
  EXPECT_EQ(b["dph_total"], json({{"gt", "0.5"}, {"lt", "2"}}));
  EXPECT_FALSE(b.contains("rented"));
  EXPECT_FALSE(Body("num_gpus=1", "", true).contains("verified"));
  EXPECT_EQ(VastOrder("num_gpus,total_flops-,dph+"), json::parse(R"([["num_gpus","asc"],["total_flops","desc"],["dph_total","asc"]])"));
}

TEST(VastQuery, TranslatesNeutralFieldsItCanExpressAndKeepsTheRestLocal) {
  json b = Body("gpu=H100 gpu_count>=8 price_per_gpu<2.5 country notin [CN] vram_gb>=80");
  EXPECT_EQ(b["gpu_name"]["in"], json({"H100 SXM", "H100 PCIE", "H100 NVL"}));
  EXPECT_EQ(b["num_gpus"], json({{"gte", "8"}}));
  EXPECT_EQ(b["geolocation"], json({{"notin", {"CN"}}}));
  EXPECT_EQ(b["gpu_ram"], json({{"gte", 80000.0}}));
  EXPECT_FALSE(b.contains("price_per_gpu"));
}

TEST(QueryParse, AcceptsWordOperatorsSpacesQuotesAndLists) {
  ParsedQuery q = Parse(R"(  num_gpus gte 2 gpu_name eq "RTX 4090" geolocation not in [CN, , VN] dph noteq 1  )");
  ASSERT_EQ(q.terms.size(), 4u);
  EXPECT_EQ(q.terms[0].op, Op::kGte);
  EXPECT_EQ(q.terms[1].value, "RTX 4090");
  EXPECT_EQ(q.terms[2].op, Op::kNotIn);
  EXPECT_EQ(q.terms[2].value, json({"CN", "VN"}));  // empty items dropped
  EXPECT_EQ(q.terms[3].field, "dph_total");
  EXPECT_EQ(q.terms[3].op, Op::kNeq);
  EXPECT_EQ(Parse("rented = null").terms[0].value, nullptr);
  EXPECT_TRUE(Parse("").terms.empty());
}

TEST(QueryParse, WarnsAboutUnknownFieldsButKeepsThem) {
  ParsedQuery q = Parse("frobnicate=3 num_gpus=1");
  ASSERT_EQ(q.warnings.size(), 1u);
  EXPECT_NE(q.warnings[0].message.find("frobnicate"), std::string::npos);
  EXPECT_EQ(q.terms.size(), 2u);
}

TEST(QueryParse, PointsAtTheOffendingTextInEachErrorCase) {
  QueryMessage e = Error("num_gpus=>2");
  EXPECT_EQ(e.pos, 8u);
  EXPECT_NE(e.message.find("unknown operator '=>'"), std::string::npos);
  e = Error("num_gpus=2 =3");
  EXPECT_EQ(e.pos, 11u);
  EXPECT_NE(e.message.find("unconsumed text"), std::string::npos);
  e = Error("num_gpus=");
  EXPECT_NE(e.message.find("blank"), std::string::npos);
  e = Error("gpu_name foo");
  EXPECT_NE(e.message.find("missing operator"), std::string::npos);
  e = Error("rented>any");
  EXPECT_NE(e.message.find("only makes sense with '='"), std::string::npos);
  e = Error("gpu_ram>lots");
  EXPECT_EQ(e.pos, 8u);
  e = Error("driver_version>=535.86");
  EXPECT_NE(e.message.find("535.86.05"), std::string::npos);
  e = Error("geolocation in []");
  EXPECT_NE(e.message.find("blank"), std::string::npos);
}

TEST(QueryParse, RecordsSpansThatCoverEachComparison) {
  std::string text = "gpu=H100  gpu_count >= 8";
  ParsedQuery q = Parse(text);
  ASSERT_EQ(q.terms.size(), 2u);
  EXPECT_EQ(text.substr(q.terms[0].pos, q.terms[0].len), "gpu=H100");
  EXPECT_EQ(text.substr(q.terms[1].pos, q.terms[1].len), "gpu_count >= 8");
}
