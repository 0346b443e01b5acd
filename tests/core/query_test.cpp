// ParseQuery against the official CLI's rules (vastai/api/query.py parse_query) and the
// grammar in shared/docs/VAST_QUERY.md. The Vast request built from the terms is tested in
// vast_query_test.cpp, local evaluation in filter_test.cpp.
#include "core/query.hpp"

#include <gtest/gtest.h>

#include <fstream>
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

QueryMessage Error(std::string_view text) {
  ParsedQuery q;
  QueryMessage err;
  EXPECT_FALSE(ParseQuery(text, q, err)) << text;
  EXPECT_TRUE(q.terms.empty()) << text;
  return err;
}

// field, op, value of every term, for whole-query comparisons.
struct Expect {
  std::string field;
  Op op;
  json value;
};

void ExpectTerms(std::string_view text, const std::vector<Expect>& expected) {
  ParsedQuery q = Parse(text);
  ASSERT_EQ(q.terms.size(), expected.size()) << text;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(q.terms[i].field, expected[i].field) << text << " #" << i;
    EXPECT_EQ(q.terms[i].op, expected[i].op) << text << " #" << i;
    EXPECT_EQ(q.terms[i].value, expected[i].value) << text << " #" << i;
  }
  EXPECT_TRUE(q.warnings.empty()) << text << ": " << (q.warnings.empty() ? "" : q.warnings[0].message);
}

std::string ReadDoc(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST(QueryParse, ReadsTheOfficialHelpExamplesAsTheCliDoes) {
  // Numbers stay the strings written: the CLI converts only unit fields and driver_version.
  ExpectTerms("reliability > 0.98 num_gpus=1 gpu_name=RTX_3090",
              {{"reliability", Op::kGt, "0.98"}, {"num_gpus", Op::kEq, "1"}, {"gpu_name", Op::kEq, "RTX 3090"}});
  ExpectTerms("compute_cap > 610 total_flops > 5 datacenter=True",
              {{"compute_cap", Op::kGt, "610"}, {"total_flops", Op::kGt, "5"}, {"datacenter", Op::kEq, true}});
  ExpectTerms("reliability>0.99 num_gpus=4 geolocation in [TW,SE]",
              {{"reliability", Op::kGt, "0.99"}, {"num_gpus", Op::kEq, "4"}, {"geolocation", Op::kIn, {"TW", "SE"}}});
  ExpectTerms(R"(reliability>0.99 gpu_name in ["RTX 4090", "RTX 3090"] geolocation notin [CN,VN])",
              {{"reliability", Op::kGt, "0.99"},
               {"gpu_name", Op::kIn, {"RTX 4090", "RTX 3090"}},
               {"geolocation", Op::kNotIn, {"CN", "VN"}}});
  ExpectTerms("disk_space>146 duration>24 gpu_ram>10 cuda_vers>=12.1 driver_version >= 535.86.05",
              {{"disk_space", Op::kGt, "146"},
               {"duration", Op::kGt, 2073600.0},  // 24 days in seconds
               {"gpu_ram", Op::kGt, 10000.0},     // GB typed, MB sent
               {"cuda_max_good", Op::kGte, "12.1"},
               {"driver_version", Op::kGte, 535086005}});
  ExpectTerms("reliability > 0.99  num_gpus>=4 verified=False",
              {{"reliability", Op::kGt, "0.99"}, {"num_gpus", Op::kGte, "4"}, {"verified", Op::kEq, false}});
  // The CLI's own help also has direct_port_count and cpu_arch examples.
  ExpectTerms("direct_port_count>=2 cpu_arch=arm64",
              {{"direct_port_count", Op::kGte, "2"}, {"cpu_arch", Op::kEq, "arm64"}});
}

TEST(QueryParse, ParsesEveryExampleListedInTheQueryDoc) {
  std::string doc = ReadDoc(std::string(OFFERSCOPE_SEEDS_DIR) + "/../docs/VAST_QUERY.md");
  std::size_t start = doc.find("## Examples");
  ASSERT_NE(start, std::string::npos);
  start = doc.find("```\n", start);
  std::size_t end = doc.find("```", start + 4);
  ASSERT_NE(end, std::string::npos);
  std::istringstream lines(doc.substr(start + 4, end - start - 4));
  int examples = 0;
  for (std::string line; std::getline(lines, line);) {
    line = line.substr(0, line.find("  (with"));  // "(with -o 'num_gpus-')" is the order, not the query
    ParsedQuery q = Parse(line);
    EXPECT_GE(q.terms.size(), 3u) << line;
    EXPECT_TRUE(q.warnings.empty()) << line;
    ++examples;
  }
  EXPECT_EQ(examples, 6);
}

TEST(QueryParse, MapsEverySpellingOfEveryOperator) {
  const std::pair<const char*, Op> kSpellings[] = {
      {">=", Op::kGte}, {" gte ", Op::kGte}, {">", Op::kGt},   {" gt ", Op::kGt},     {"<=", Op::kLte},
      {" lte ", Op::kLte}, {"<", Op::kLt}, {" lt ", Op::kLt},   {"=", Op::kEq},       {"==", Op::kEq},
      {" eq ", Op::kEq},  {"!=", Op::kNeq}, {" neq ", Op::kNeq}, {" noteq ", Op::kNeq}, {" not eq ", Op::kNeq},
      {" in ", Op::kIn},  {" nin ", Op::kNotIn}, {" notin ", Op::kNotIn}, {" not in ", Op::kNotIn}};
  for (const auto& [spelling, op] : kSpellings) {
    for (const char* pad : {"", "  "}) {
      std::string text = std::string("num_gpus") + pad + spelling + pad + "4";
      ParsedQuery q = Parse(text);
      ASSERT_EQ(q.terms.size(), 1u) << text;
      EXPECT_EQ(q.terms[0].op, op) << text;
      EXPECT_EQ(q.terms[0].value, (op == Op::kIn || op == Op::kNotIn) ? json({"4"}) : json("4")) << text;
    }
  }
  EXPECT_EQ(VastOpName(Op::kNotIn), "notin");
  EXPECT_EQ(VastOpName(Op::kGte), "gte");
}

TEST(QueryParse, NeedsSpacesAroundWordOperators) {
  EXPECT_NE(Error("num_gpus gte4").message.find("missing operator"), std::string::npos);
  EXPECT_NE(Error("geolocation in[TW]").message.find("missing operator"), std::string::npos);
  // Field characters run on, so "num_gpusgt 4" is a field with no operator.
  EXPECT_NE(Error("num_gpusgt 4").message.find("missing operator after 'num_gpusgt'"), std::string::npos);
}

TEST(QueryParse, SplitsListsTrimsItemsAndDropsEmptyOnes) {
  ParsedQuery q = Parse(R"(geolocation not in [CN, , VN,] gpu_name in [RTX_4090,"A100 SXM4"] num_gpus in [1,2])");
  ASSERT_EQ(q.terms.size(), 3u);
  EXPECT_EQ(q.terms[0].value, json({"CN", "VN"}));
  EXPECT_EQ(q.terms[1].value, json({"RTX 4090", "A100 SXM4"}));
  EXPECT_EQ(q.terms[2].value, json({"1", "2"}));  // list items stay strings, as in the CLI
  // `in` without brackets is a one-item list; brackets with `=` are just stripped.
  EXPECT_EQ(Parse("geolocation in CN").terms[0].value, json({"CN"}));
  EXPECT_EQ(Parse("gpu_name=[A,B]").terms[0].value, "A,B");
  // Items are never booleans: only a whole value is.
  EXPECT_EQ(Parse("rented in [true,False]").terms[0].value, json({"true", "False"}));
}

TEST(QueryParse, StripsQuotesAndReadsUnderscoresAsSpaces) {
  EXPECT_EQ(Parse(R"(gpu_name="RTX 4090")").terms[0].value, "RTX 4090");
  EXPECT_EQ(Parse(R"(gpu_name = "RTX_4090")").terms[0].value, "RTX 4090");
  EXPECT_EQ(Parse("gpu_name=RTX_A6000").terms[0].value, "RTX A6000");
  EXPECT_EQ(Parse(R"(gpu_name="")").terms[0].value, "");  // `""` is not blank text to the CLI
  // An unclosed quote is a bare word; what follows the space must be a comparison.
  QueryMessage e = Error(R"(gpu_name="RTX 4090)");
  EXPECT_EQ(e.pos, 14u);
  EXPECT_NE(e.message.find("missing operator after '4090'"), std::string::npos);
}

TEST(QueryParse, TurnsTheCliBooleanAndNullSpellingsIntoJson) {
  ParsedQuery q = Parse("a=true b=True c=false d=False e=null f=None g=TRUE h=yes");
  ASSERT_EQ(q.terms.size(), 8u);
  EXPECT_EQ(q.terms[0].value, true);
  EXPECT_EQ(q.terms[1].value, true);
  EXPECT_EQ(q.terms[2].value, false);
  EXPECT_EQ(q.terms[3].value, false);
  EXPECT_EQ(q.terms[4].value, nullptr);
  EXPECT_EQ(q.terms[5].value, nullptr);
  EXPECT_EQ(q.terms[6].value, "TRUE");  // only the CLI's exact spellings
  EXPECT_EQ(q.terms[7].value, "yes");
}

TEST(QueryParse, ClearsAFieldWithAnyAndDropsItsEarlierTerms) {
  for (const char* any : {"any", "?", "*"}) {
    ParsedQuery q = Parse(std::string("dph>0.5 num_gpus=2 dph_total=") + any);
    ASSERT_EQ(q.terms.size(), 1u) << any;  // dph is dph_total after the alias
    EXPECT_EQ(q.terms[0].field, "num_gpus");
    EXPECT_EQ(q.removed, std::vector<std::string>{"dph_total"});
  }
  // Set again later: the term comes back and the field stays listed as cleared, so the
  // Vast request starts it afresh (vast_query_test checks the body).
  ParsedQuery q = Parse("rented=any rented>0");
  ASSERT_EQ(q.terms.size(), 1u);
  EXPECT_EQ(q.terms[0].value, "0");
  EXPECT_EQ(q.removed, std::vector<std::string>{"rented"});
  // A list holding "any" is a value, not a wildcard.
  EXPECT_EQ(Parse("gpu_name in [any]").terms[0].value, json({"any"}));
  EXPECT_TRUE(Parse(R"(rented=[any])").terms.empty());  // brackets are stripped first
}

TEST(QueryParse, FoldsDottedDriverVersionsIntoNumbers) {
  EXPECT_EQ(Parse("driver_version >= 535.86.05").terms[0].value, 535086005);
  EXPECT_EQ(Parse("driver_version=550.54.14").terms[0].value, 550054014);
  EXPECT_EQ(Parse("driver_version<1.2.3").terms[0].value, 1002003);
  EXPECT_EQ(Parse("driver_version<570.124.1234").terms[0].value, 5701241234LL);  // zfill never cuts
  EXPECT_EQ(Parse("driver_version>=535").terms[0].value, "535");  // no dot: sent as written
  // The CLI crashes on a list; each item is converted here.
  EXPECT_EQ(Parse("driver_version in [535.86.05, 550.54.14]").terms[0].value, json({535086005, 550054014}));
  QueryMessage e = Error("num_gpus=1 driver_version>=535.86");
  EXPECT_EQ(e.pos, 27u);
  EXPECT_EQ(e.len, 6u);
  EXPECT_NE(e.message.find("535.86.05"), std::string::npos);
  EXPECT_NE(Error("driver_version=0.0.0").message.find("driver_version"), std::string::npos);  // 0: blank to the CLI
  Error("driver_version=5a.1.2");
}

TEST(QueryParse, MultipliesUnitFieldsIntoNumbers) {
  ExpectTerms("cpu_ram>64 gpu_ram>=24 gpu_total_ram<=48 duration>=1.5 gpu_ram<1e2",
              {{"cpu_ram", Op::kGt, 64000.0},
               {"gpu_ram", Op::kGte, 24000.0},
               {"gpu_total_ram", Op::kLte, 48000.0},
               {"duration", Op::kGte, 129600.0},
               {"gpu_ram", Op::kLt, 100000.0}});
  EXPECT_EQ(Parse(R"(gpu_ram>"16")").terms[0].value, 16000.0);  // quotes go before float()
  EXPECT_EQ(Parse("gpu_ram in [24, 48]").terms[0].value, json({24000.0, 48000.0}));  // the CLI crashes here
  QueryMessage e = Error("num_gpus=1 gpu_ram>lots");
  EXPECT_EQ(e.pos, 19u);
  EXPECT_EQ(e.len, 4u);
  EXPECT_NE(e.message.find("'gpu_ram' needs a number (GB)"), std::string::npos);
  EXPECT_NE(Error("duration>two").message.find("(days)"), std::string::npos);
  Error("gpu_ram>0x10");  // Python's float() reads no hex
  Error("gpu_ram>1e400");  // infinite: JSON cannot carry it
  Error("gpu_ram>nan");
  Error("cpu_ram=true");
}

TEST(QueryParse, AppliesTheCliAliasesAndKeepsTheWrittenName) {
  ExpectTerms("cuda_vers>=12 display_active=false dlperf_usd>10 dph<1 flops_usd>5",
              {{"cuda_max_good", Op::kGte, "12"},
               {"gpu_display_active", Op::kEq, false},
               {"dlperf_per_dphtotal", Op::kGt, "10"},
               {"dph_total", Op::kLt, "1"},
               {"flops_per_dphtotal", Op::kGt, "5"}});
  ParsedQuery q = Parse("dph<1");
  EXPECT_EQ(q.terms[0].written_field, "dph");
  // reliability is no longer aliased to reliability2 by the CLI.
  EXPECT_EQ(Parse("reliability>0.9").terms[0].field, "reliability");
}

TEST(QueryParse, WarnsAboutUnknownFieldsButKeepsThem) {
  ParsedQuery q = Parse("num_gpus=1 frobnicate=3 price_per_gpu<2 gpu=H100");
  ASSERT_EQ(q.warnings.size(), 1u);  // neutral fields are known
  EXPECT_EQ(q.warnings[0].pos, 11u);
  EXPECT_EQ(q.warnings[0].len, 10u);
  EXPECT_NE(q.warnings[0].message.find("unknown field 'frobnicate'"), std::string::npos);
  EXPECT_EQ(q.terms.size(), 4u);
}

TEST(QueryParse, PointsAtTheOffendingTextInEachErrorCase) {
  QueryMessage e = Error("num_gpus=>2");
  EXPECT_EQ(e.pos, 8u);
  EXPECT_EQ(e.len, 2u);
  EXPECT_NE(e.message.find("unknown operator '=>'"), std::string::npos);
  e = Error("num_gpus <> 2");
  EXPECT_EQ(e.pos, 9u);
  EXPECT_EQ(e.len, 2u);
  e = Error("num_gpus=2 =3");  // a blank field is text no comparison consumes
  EXPECT_EQ(e.pos, 11u);
  EXPECT_EQ(e.len, 2u);
  EXPECT_NE(e.message.find("unconsumed text '=3'"), std::string::npos);
  e = Error("num_gpus=1 , gpu_name=x");
  EXPECT_EQ(e.pos, 11u);
  EXPECT_EQ(e.len, 1u);
  e = Error("num_gpus=1 num_gpus=");
  EXPECT_EQ(e.pos, 11u);
  EXPECT_EQ(e.len, 9u);
  EXPECT_NE(e.message.find("value for 'num_gpus' cannot be blank"), std::string::npos);
  e = Error("geolocation in [] num_gpus=1");  // "[]" is not a list to the CLI's pattern: stripped to nothing
  EXPECT_EQ(e.pos, 0u);
  EXPECT_NE(e.message.find("blank"), std::string::npos);
  e = Error("geolocation in [,]");
  EXPECT_NE(e.message.find("blank"), std::string::npos);
  e = Error("gpu_name foo");
  EXPECT_EQ(e.pos, 0u);
  EXPECT_EQ(e.len, 12u);
  EXPECT_NE(e.message.find("missing operator after 'gpu_name'"), std::string::npos);
  e = Error("rented>any");
  EXPECT_EQ(e.pos, 7u);
  EXPECT_EQ(e.len, 3u);
  EXPECT_NE(e.message.find("only works with '='"), std::string::npos);
  e = Error("gpu_name=RTX\xff");
  EXPECT_EQ(e.pos, 12u);
  EXPECT_NE(e.message.find("UTF-8"), std::string::npos);
}

TEST(QueryParse, ReadsTheValueUpToTheNextSpaceLikeTheCli) {
  // After an operator the value is whatever follows up to a space, even another comparison.
  EXPECT_EQ(Parse("num_gpus= gpu_name=x").terms[0].value, "gpu name=x");
  EXPECT_EQ(Parse("num_gpus=2,gpu_name=x").terms[0].value, "2,gpu name=x");
  // Only spaces separate comparisons; a tab is part of the value (Python's pattern too).
  EXPECT_EQ(Parse("num_gpus=1\tgpu_name=x").terms.size(), 1u);
  // Surrounding whitespace of any kind is stripped first.
  EXPECT_EQ(Parse("\t num_gpus=1 \n").terms[0].value, "1");
  EXPECT_TRUE(Parse("").terms.empty());
  EXPECT_TRUE(Parse("   ").terms.empty());
}

TEST(QueryParse, RecordsSpansThatCoverEachComparison) {
  std::string text = "  gpu=H100  gpu_count >= 8 geolocation not in [CN, VN] gpu_name=\"RTX 4090\" ";
  ParsedQuery q = Parse(text);
  ASSERT_EQ(q.terms.size(), 4u);
  EXPECT_EQ(text.substr(q.terms[0].pos, q.terms[0].len), "gpu=H100");
  EXPECT_EQ(text.substr(q.terms[1].pos, q.terms[1].len), "gpu_count >= 8");
  EXPECT_EQ(text.substr(q.terms[2].pos, q.terms[2].len), "geolocation not in [CN, VN]");
  EXPECT_EQ(text.substr(q.terms[3].pos, q.terms[3].len), "gpu_name=\"RTX 4090\"");
}

TEST(QueryParse, KeepsNeutralFieldsAsWritten) {
  ExpectTerms("gpu=H100 gpu_count>=8 price_per_gpu<2.5 country notin [CN]",
              {{"gpu", Op::kEq, "H100"},
               {"gpu_count", Op::kGte, "8"},
               {"price_per_gpu", Op::kLt, "2.5"},
               {"country", Op::kNotIn, {"CN"}}});
  // vram_gb has no multiplier: it is GB already.
  EXPECT_EQ(Parse("vram_gb>=80").terms[0].value, "80");
}
