// Local evaluation of a query on normalized offers (filter.hpp): hand-built offers for the
// semantics, a real Vast capture normalized by the Vast parser for units to the last digit.
#include "core/filter.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/catalog.hpp"
#include "core/providers/vast.hpp"
#include "core/query_edit.hpp"

using namespace offerscope::core;

namespace {

Offer Make(ProviderId p, const char* gpu, int count, double price_per_gpu, const char* country) {
  Offer o;
  o.provider = p;
  o.gpu_raw = gpu;
  o.gpu_count = count;
  ApplyGpu(o, FindGpu(p, gpu, "", kUnknown));
  o.price_usd_per_gpu_hour = price_per_gpu;
  o.price_usd_per_hour = price_per_gpu * count;
  o.country = country;
  return o;
}

Filter Compile(std::string_view query) {
  ParsedQuery q;
  QueryMessage e;
  EXPECT_TRUE(ParseQuery(query, q, e)) << query << ": " << e.message;
  Result<Filter> f = CompileFilter(q);
  EXPECT_TRUE(f.ok()) << query << ": " << f.error;
  return f.value;
}

bool Keep(std::string_view query, const Offer& o) { return Matches(Compile(query), o); }

QueryMessage CompileError(std::string_view query) {
  ParsedQuery q;
  QueryMessage e;
  EXPECT_TRUE(ParseQuery(query, q, e)) << e.message;
  Filter f;
  EXPECT_FALSE(CompileFilter(q, f, e)) << query;
  EXPECT_FALSE(CompileFilter(q).ok());
  return e;
}

Filter One(Field field, Op op, std::vector<double> numbers, std::vector<std::string> texts = {}) {
  Filter f;
  f.conditions.push_back({field, op, std::move(numbers), std::move(texts)});
  return f;
}

Offer RealVastOffer() {
  std::ifstream in(std::string(OFFERSCOPE_FIXTURES_DIR) + "/vastai/search-offers-cli-raw-2024-rtx4090-guangxi.json",
                   std::ios::binary);
  std::stringstream body;
  body << in.rdbuf();
  NormalizeOptions options;
  options.disk_gb = 100;
  options.fetched_at = "2025-07-26T08:00:00Z";
  HttpRequest request{"POST", "/api/v0/bundles/", {}, R"({"type":"on-demand","allocated_storage":5.0})"};
  Page page = ParseVastOffers(request, 200, body.str(), options);
  EXPECT_EQ(page.error, "");
  EXPECT_EQ(page.offers.size(), 1u);
  return page.offers.empty() ? Offer{} : page.offers[0];
}

}  // namespace

TEST(Filter, AppliesNeutralFieldsToEveryProviderAlike) {
  Offer vast = Make(ProviderId::kVast, "H100 SXM", 8, 2.1, "US");
  Offer prime = Make(ProviderId::kPrimeIntellect, "H100_80GB", 8, 2.4, "CA");
  Offer cn = Make(ProviderId::kDispersed, "NVIDIA H100 PCIe", 8, 1.9, "CN");
  Offer small = Make(ProviderId::kVast, "H100 NVL", 4, 1.5, "US");
  const char* q = "gpu=H100 gpu_count>=8 price_per_gpu<2.5 country notin [CN]";
  EXPECT_TRUE(Keep(q, vast));
  EXPECT_TRUE(Keep(q, prime));
  EXPECT_FALSE(Keep(q, cn));
  EXPECT_FALSE(Keep(q, small));
  EXPECT_FALSE(Keep("gpu=RTX_4090", vast));
  EXPECT_TRUE(Keep("gpu!=A100", vast));
  EXPECT_FALSE(Keep("gpu notin [H100]", cn));
}

TEST(Filter, MatchesProvidersByAnySpelling) {
  Offer cn = Make(ProviderId::kDispersed, "NVIDIA H100 PCIe", 8, 1.9, "CN");
  Offer prime = Make(ProviderId::kPrimeIntellect, "H100_80GB", 8, 2.4, "CA");
  EXPECT_TRUE(Keep("provider in [vast,dispersed]", cn));
  EXPECT_FALSE(Keep("provider in [vast,dispersed]", prime));
  EXPECT_FALSE(Keep("provider=prime", cn));
  for (const char* q : {"provider=prime", "provider=Prime_Intellect", "provider=PRIMEINTELLECT", "provider!=vastai"})
    EXPECT_TRUE(Keep(q, prime)) << q;
  EXPECT_EQ(Compile("provider in [vast.ai,prime]").conditions[0].texts,
            (std::vector<std::string>{"vast", "primeintellect"}));
}

TEST(Filter, MatchesGpusByCatalogModelAndByTheirOwnName) {
  Filter f = Compile("gpu=H100");
  ASSERT_EQ(f.conditions.size(), 1u);
  // The value first, then the canonical models it matches, all folded.
  EXPECT_EQ(f.conditions[0].texts, (std::vector<std::string>{"h100", "h100 sxm", "h100 pcie", "h100 nvl"}));
  Offer odd;
  odd.provider = ProviderId::kDispersed;
  odd.gpu = odd.gpu_raw = "Imaginary RTX 9999";  // not in the catalog: kept verbatim
  EXPECT_TRUE(Keep("gpu=imaginary_rtx_9999", odd));
  EXPECT_TRUE(Keep(R"(gpu_name="Imaginary RTX 9999")", odd));
  EXPECT_FALSE(Keep("gpu=H100", odd));
}

TEST(Filter, ComparesTextWithoutCaseAndWithUnderscoresAsSpaces) {
  Offer o = Make(ProviderId::kPrimeIntellect, "A100_80GB", 1, 1.2, "US");
  o.region = "united_states";
  o.quoted_at = "2025-11-03T10:00:00Z";
  EXPECT_TRUE(Keep("country=us", o));
  EXPECT_TRUE(Keep("region=United_States", o));
  EXPECT_TRUE(Keep(R"(region="UNITED STATES")", o));
  EXPECT_TRUE(Keep("quoted_at>2025-11-01 quoted_at<2025-12", o));  // ISO times sort as text
  EXPECT_FALSE(Keep("quoted_at>=2025-11-04", o));
  EXPECT_FALSE(Keep("id=abc", Offer{}));
}

TEST(Filter, RefinesWhenEveryConditionIsKeptOrMadeStricter) {
  EXPECT_TRUE(Refines(Compile("gpu_count>=2 vram_gb>=24"), Compile("gpu_count>=2")));
  EXPECT_TRUE(Refines(Compile("gpu_count>=2 vram_gb>=24"), Compile("gpu_count>=2 vram_gb>=2")));
  EXPECT_TRUE(Refines(Compile("price_per_gpu<1"), Compile("price_per_gpu<3")));
  EXPECT_TRUE(Refines(Compile("gpu=H100  gpu_count>=2"), Compile("gpu_count>=2 gpu=H100")));  // same, reordered
  EXPECT_TRUE(Refines(Compile("gpu=H100"), Compile("")));
  EXPECT_FALSE(Refines(Compile("gpu_count>=2"), Compile("gpu_count>=2 vram_gb>=24")));
  EXPECT_FALSE(Refines(Compile("vram_gb>=2"), Compile("vram_gb>=24")));      // looser
  EXPECT_FALSE(Refines(Compile("vram_gb>24"), Compile("vram_gb>=24")));      // another operator: not told
  EXPECT_FALSE(Refines(Compile("gpu=H10"), Compile("gpu=H1")));              // other values
  EXPECT_FALSE(Refines(Compile("gpu_count=2"), Compile("gpu_count=1")));
  EXPECT_FALSE(Refines(Compile(""), Compile("gpu=H100")));
}

TEST(Filter, TreatsUnknownValuesAsNotMatchingExceptNegations) {
  Offer o = Make(ProviderId::kPrimeIntellect, "A100_80GB", 1, 1.2, "");
  ASSERT_TRUE(std::isnan(o.reliability));
  for (const char* q : {"reliability>0.9", "reliability<0.9", "reliability=0.9", "reliability in [0.9]", "country=US",
                        "country>A", "country in [US]"})
    EXPECT_FALSE(Keep(q, o)) << q;
  for (const char* q : {"reliability!=0.9", "reliability notin [0.9,1]", "country!=US", "country notin [US]"})
    EXPECT_TRUE(Keep(q, o)) << q;
  // null asks for the unknown ones.
  EXPECT_TRUE(Keep("reliability=null country=None", o));
  EXPECT_FALSE(Keep("reliability!=null", o));
  o.reliability = 0.95;
  o.country = "US";
  EXPECT_FALSE(Keep("reliability=null", o));
  EXPECT_TRUE(Keep("reliability!=None country!=null", o));
  EXPECT_FALSE(Keep("reliability>null", o));
  // An offer whose GPU count was not given has no count, not a count of 0.
  Offer none;
  EXPECT_FALSE(Keep("gpu_count<4", none));
  EXPECT_TRUE(Keep("gpu_count!=4", none));
}

TEST(Filter, AcceptsVastNamesAsSynonymsWithTheirUnits) {
  Offer o = Make(ProviderId::kDispersed, "RTX 4090", 2, 0.4, "DE");
  o.vram_gb = 24;
  o.ram_gb = 64;
  o.reliability = 0.995;
  // gpu_ram / cpu_ram are typed in GB, sent to Vast in MB and compared here in GB.
  EXPECT_TRUE(Keep("num_gpus=2 gpu_name=RTX_4090 gpu_ram>=20 reliability2>0.99 cpu_ram>=64", o));
  EXPECT_FALSE(Keep("gpu_ram>=32", o));
  EXPECT_TRUE(Keep("gpu_total_ram=48", o));
  EXPECT_EQ(Compile("gpu_ram>=20").conditions[0].numbers, std::vector<double>{20});
  EXPECT_TRUE(Keep("geolocation in [DE,FR]", o));
  EXPECT_TRUE(Keep("dph<1", o));  // 0.8 $/h for the box
  EXPECT_TRUE(Keep("gpu_ram in [24,48]", o));
}

TEST(Filter, NormalizesARealVastOfferThatQueriesSeeToTheLastUnit) {
  // search-offers-cli-raw-2024-rtx4090-guangxi.json: RTX 4090, gpu_ram 24564, cpu_ram 64393,
  // cpu_cores_effective 24.0 of 96, disk_space 1607.875, dph_base 0.24666666666666665,
  // storage_cost 0.0013333333333333335, min_bid 0.2, reliability2 0.9700835, inet 105.9/77.7,
  // "Guangxi, CN", verified, rentable, pci_gen 4.0 x16.
  const Offer o = RealVastOffer();
  for (const char* q : {
           "gpu=RTX_4090", "gpu_name=RTX_4090 num_gpus=1 gpu_count<=1",
           "gpu_ram>=24 vram_gb=24 gpu_total_ram=24 total_vram_gb>23.9",  // 24564 MiB is a 24 GB card
           "cpu_ram>64.392 cpu_ram>=64.393 cpu_ram<=64.393 ram_gb>64",     // 64393 MB
           "vcpus>=24 cpu_cores_effective=24",
           "disk_space>1607.87 disk_gb<=1607.875",
           "dph<0.2469 price>0.2468 price_per_gpu<0.24686",  // 0.24666... + 100 GB x 0.00133.../720
           "min_bid<=0.2 bid>=0.2",
           "reliability>0.97 reliability2<=0.9700835 reliability>=0.9700835",
           "inet_down>105.8 inet_down<=105.9 inet_up=77.7",
           "geolocation=CN country=cn geolocation in [TW,CN] country notin [US,VN]",
           "region=Guangxi,_CN", "verified=true verification=verified tier=verified",
           "stock=available interruptible=false", "provider=vast provider in [vastai,prime]",
           "tflops>165 tflops<166", "interconnect=PCIe_4.0_x16", "id=11684738", "quoted_at>=2025-07-26",
           "cpu_cores>=128 dlperf>1000 cuda_vers>=13 rented=any",  // Vast-only: not judged here
       })
    EXPECT_TRUE(Keep(q, o)) << q;
  for (const char* q : {"gpu=H100", "gpu_ram>24", "gpu_ram>=25", "cpu_ram>64.393", "vcpus>24", "disk_gb>1607.875",
                        "price<0.2468", "bid<0.2", "reliability>0.9700835", "inet_down>=106", "geolocation=US",
                        "verified=false", "provider!=vast", "stock=rented", "tflops>200", "interruptible=true"})
    EXPECT_FALSE(Keep(q, o)) << q;
}

TEST(Filter, WarnsThatVastOnlyFieldsDoNotFilterOtherProviders) {
  ParsedQuery q;
  QueryMessage e;
  ASSERT_TRUE(ParseQuery("dlperf>10 gpu=H100 cuda_vers>=12 cpu_cores>=32 frobnicate=1", q, e));
  Result<Filter> f = CompileFilter(q);
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(f.value.conditions.size(), 1u);
  EXPECT_EQ(f.value.conditions[0].field, Field::kGpu);
  ASSERT_EQ(f.value.warnings.size(), 4u);
  EXPECT_EQ(f.value.warnings[0].pos, 0u);
  EXPECT_EQ(f.value.warnings[0].len, 9u);
  EXPECT_NE(f.value.warnings[0].message.find("'dlperf' applies to Vast only"), std::string::npos);
  EXPECT_EQ(f.value.warnings[1].pos, 19u);  // cuda_vers, by the name written
  EXPECT_NE(f.value.warnings[1].message.find("'cuda_vers' applies to Vast only"), std::string::npos);
  EXPECT_NE(f.value.warnings[3].message.find("'frobnicate' is not a known field"), std::string::npos);
}

TEST(Filter, IgnoresFieldsClearedWithAny) {
  Offer o = Make(ProviderId::kVast, "RTX 4090", 1, 0.4, "DE");
  EXPECT_FALSE(Keep("num_gpus=2", o));
  EXPECT_TRUE(Keep("num_gpus=2 num_gpus=any", o));
  EXPECT_TRUE(Compile("dph<0.1 dph=*").conditions.empty());
}

TEST(Filter, RejectsValuesItCannotCompareAndSaysWhere) {
  QueryMessage e = CompileError("gpu=H100 price_per_gpu<cheap");
  EXPECT_EQ(e.pos, 9u);
  EXPECT_EQ(e.len, 19u);
  EXPECT_NE(e.message.find("'price_per_gpu' needs a number, got 'cheap'"), std::string::npos);
  e = CompileError("num_gpus in [1,two]");
  EXPECT_NE(e.message.find("got 'two'"), std::string::npos);
  e = CompileError("interruptible=maybe");
  EXPECT_NE(e.message.find("'interruptible' needs true or false"), std::string::npos);
  CompileError("gpu_count=true");
  CompileError("vram_gb>0x10");
}

TEST(Filter, ReadsBooleansInTheSpellingsPeopleUse) {
  Offer o = Make(ProviderId::kVast, "RTX 4090", 1, 0.4, "DE");
  o.tier = "verified";
  for (const char* q : {"verified=true", "verified=True", "verified=1", "verified=yes", "verified!=false",
                        "interruptible=False", "interruptible in [no,0]"})
    EXPECT_TRUE(Keep(q, o)) << q;
  EXPECT_EQ(Compile("verified=True interruptible in [no]").conditions[1].numbers, std::vector<double>{0});
}

TEST(Filter, GivesHandBuiltConditionsTheDocumentedMeaning) {
  Offer o = Make(ProviderId::kVast, "RTX 4090", 2, 0.4, "DE");
  o.reliability = 0.99;
  // No values: eq/in and orderings never hold, neq/notin always do.
  EXPECT_FALSE(Matches(One(Field::kGpuCount, Op::kEq, {}), o));
  EXPECT_FALSE(Matches(One(Field::kGpuCount, Op::kGte, {}), o));
  EXPECT_TRUE(Matches(One(Field::kGpuCount, Op::kNeq, {}), o));
  EXPECT_TRUE(Matches(One(Field::kCountry, Op::kNotIn, {}, {}), o));
  // Texts on a number field equal no number.
  EXPECT_FALSE(Matches(One(Field::kGpuCount, Op::kEq, {}, {"abc"}), o));
  EXPECT_TRUE(Matches(One(Field::kGpuCount, Op::kNeq, {}, {"abc"}), o));
  EXPECT_TRUE(Matches(One(Field::kGpuCount, Op::kIn, {1, 2}), o));
  EXPECT_FALSE(Matches(One(Field::kGpuCount, Op::kNotIn, {1, 2}), o));
  // Orderings use the first value.
  EXPECT_TRUE(Matches(One(Field::kReliability, Op::kGt, {0.9, 5}), o));
  // Text conditions compare folded text: an unfolded value never matches.
  EXPECT_TRUE(Matches(One(Field::kCountry, Op::kEq, {}, {"de"}), o));
  EXPECT_FALSE(Matches(One(Field::kCountry, Op::kEq, {}, {"DE"}), o));
  // Bool conditions: any non-zero number is true; texts may spell it.
  EXPECT_TRUE(Matches(One(Field::kInterruptible, Op::kEq, {0}), o));
  EXPECT_TRUE(Matches(One(Field::kInterruptible, Op::kNeq, {7}), o));
  EXPECT_TRUE(Matches(One(Field::kInterruptible, Op::kEq, {}, {"false"}), o));
  EXPECT_FALSE(Matches(One(Field::kInterruptible, Op::kIn, {}, {"true", "maybe"}), o));
  EXPECT_TRUE(Matches(One(Field::kInterruptible, Op::kLt, {1}), o));
  EXPECT_TRUE(Matches(Filter{}, o));  // no conditions
}

TEST(Filter, FoldsTextToLowerCaseWithSpaces) {
  EXPECT_EQ(FoldText("United_States RTX"), "united states rtx");
  EXPECT_EQ(FoldText(""), "");
}

TEST(QueryEdit, ReplacesOnlyTheNamedFieldAndKeepsTheRest) {
  EXPECT_EQ(ReplaceFieldTerms("gpu=H100  price_per_gpu<3 country=US", {"price_per_gpu"}, {"price_per_gpu<=2.5"}),
            "gpu=H100  country=US price_per_gpu<=2.5");
  EXPECT_EQ(ReplaceFieldTerms("num_gpus>=2 gpu_count<8", {"gpu_count"}, {}), "");  // synonyms count as the field
  EXPECT_EQ(ReplaceFieldTerms("gpu=>", {"gpu"}, {"gpu=A100"}), "gpu=> gpu=A100");  // a broken query is never lost
  EXPECT_EQ(QueryNumber(2.5), "2.5");
  EXPECT_EQ(QueryNumber(1200), "1200");
}
