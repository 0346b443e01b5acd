#include "core/filter.hpp"

#include <gtest/gtest.h>

#include "core/catalog.hpp"
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

bool Keep(const char* query, const Offer& o) {
  ParsedQuery q;
  QueryMessage e;
  EXPECT_TRUE(ParseQuery(query, q, e)) << e.message;
  Result<Filter> f = CompileFilter(q);
  EXPECT_TRUE(f.ok()) << f.error;
  return Matches(f.value, o);
}

}  // namespace

TEST(Filter, AppliesNeutralFieldsToEveryProviderAlike) {
  Offer vast = Make(ProviderId::kVast, "H100 SXM", 8, 2.1, "US");
  Offer prime = Make(ProviderId::kPrimeIntellect, "H100_80GB", 8, 2.4, "CA");
  Offer cn = Make(ProviderId::kDispersed, "NVIDIA H100 PCIe", 8, 1.9, "CN");
  const char* q = "gpu=H100 gpu_count>=8 price_per_gpu<2.5 country notin [CN]";
  EXPECT_TRUE(Keep(q, vast));
  EXPECT_TRUE(Keep(q, prime));
  EXPECT_FALSE(Keep(q, cn));
  EXPECT_FALSE(Keep("gpu=RTX_4090", vast));
  EXPECT_TRUE(Keep("provider in [vast,dispersed]", cn));
  EXPECT_FALSE(Keep("provider=prime", vast));
}

TEST(Filter, AcceptsVastNamesAsSynonymsWithTheirUnits) {
  Offer o = Make(ProviderId::kVast, "RTX 4090", 2, 0.4, "DE");
  o.vram_gb = 24;
  o.reliability = 0.995;
  EXPECT_TRUE(Keep("num_gpus=2 gpu_name=RTX_4090 gpu_ram>=20 reliability2>0.99", o));  // gpu_ram typed in GB
  EXPECT_FALSE(Keep("gpu_ram>=32", o));
  EXPECT_TRUE(Keep("geolocation in [DE,FR]", o));
  EXPECT_TRUE(Keep("dph<1", o));  // 0.8 $/h for the box
}

TEST(Filter, TreatsUnknownValuesAsNotMatchingExceptNegations) {
  Offer o = Make(ProviderId::kPrimeIntellect, "A100_80GB", 1, 1.2, "");
  EXPECT_FALSE(Keep("reliability>0.9", o));
  EXPECT_TRUE(Keep("reliability!=0.9", o));
  EXPECT_FALSE(Keep("country=US", o));
  EXPECT_TRUE(Keep("country notin [US]", o));
}

TEST(Filter, WarnsThatVastOnlyFieldsDoNotFilterOtherProviders) {
  ParsedQuery q;
  QueryMessage e;
  ASSERT_TRUE(ParseQuery("dlperf>10 cuda_vers>=12", q, e));
  Result<Filter> f = CompileFilter(q);
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f.value.conditions.empty());
  EXPECT_EQ(f.value.warnings.size(), 2u);
}

TEST(Filter, RejectsTextWhereANumberIsNeeded) {
  ParsedQuery q;
  QueryMessage e;
  ASSERT_TRUE(ParseQuery("price_per_gpu<cheap", q, e));
  Result<Filter> f = CompileFilter(q);
  EXPECT_FALSE(f.ok());
  EXPECT_NE(f.error.find("needs a number"), std::string::npos);
}

TEST(QueryEdit, ReplacesOnlyTheNamedFieldAndKeepsTheRest) {
  EXPECT_EQ(ReplaceFieldTerms("gpu=H100  price_per_gpu<3 country=US", {"price_per_gpu"}, {"price_per_gpu<=2.5"}),
            "gpu=H100  country=US price_per_gpu<=2.5");
  EXPECT_EQ(ReplaceFieldTerms("num_gpus>=2 gpu_count<8", {"gpu_count"}, {}), "");  // synonyms count as the field
  EXPECT_EQ(ReplaceFieldTerms("gpu=>", {"gpu"}, {"gpu=A100"}), "gpu=> gpu=A100");  // a broken query is never lost
  EXPECT_EQ(QueryNumber(2.5), "2.5");
  EXPECT_EQ(QueryNumber(1200), "1200");
}
