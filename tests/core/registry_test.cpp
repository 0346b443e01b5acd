#include "core/providers/registry.hpp"

#include <gtest/gtest.h>

using namespace offerscope::core;

TEST(Registry, ListsEveryProviderOnceWithAnHttpsUpstream) {
  ASSERT_EQ(AllProviders().size(), static_cast<size_t>(kProviderCount));
  for (const ProviderDef* p : AllProviders()) {
    EXPECT_EQ(p->base_url.substr(0, 8), "https://") << p->name;
    EXPECT_EQ(&GetProvider(p->id), p);
    EXPECT_EQ(ProviderName(p->id), p->name);
    EXPECT_EQ(ProviderFromName(p->name), p->id);
    EXPECT_FALSE(p->allowlist.empty());
  }
}

TEST(Registry, AllowsOnlyTheDocumentedMethodAndPathPairs) {
  const ProviderDef& vast = GetProvider(ProviderId::kVast);
  EXPECT_TRUE(IsAllowed(vast, "POST", "/api/v0/bundles/"));
  EXPECT_TRUE(IsAllowed(vast, "PUT", "/api/v0/search/asks/"));
  EXPECT_TRUE(IsAllowed(vast, "GET", "/api/v1/instances/"));
  EXPECT_FALSE(IsAllowed(vast, "GET", "/api/v0/bundles/"));       // wrong method
  EXPECT_FALSE(IsAllowed(vast, "POST", "/api/v0/bundles/../users"));
  EXPECT_FALSE(IsAllowed(vast, "DELETE", "/api/v1/instances/"));
  EXPECT_FALSE(IsAllowed(vast, "PUT", "/api/v0/instances/123/"));  // renting is never forwarded
  const ProviderDef& prime = GetProvider(ProviderId::kPrimeIntellect);
  EXPECT_TRUE(IsAllowed(prime, "GET", "/api/v1/availability/gpus"));
  EXPECT_TRUE(IsAllowed(prime, "GET", "/api/v1/availability/disks"));
  EXPECT_FALSE(IsAllowed(prime, "POST", "/api/v1/pods/"));
  const ProviderDef& dispersed = GetProvider(ProviderId::kDispersed);
  EXPECT_TRUE(IsAllowed(dispersed, "GET", "/v1/compute/offers"));
  EXPECT_FALSE(IsAllowed(dispersed, "GET", "/v1/jobs"));
}

TEST(ProviderFromName, AcceptsCommonSpellingsAndRejectsOthers) {
  EXPECT_EQ(ProviderFromName("vastai"), ProviderId::kVast);
  EXPECT_EQ(ProviderFromName("prime"), ProviderId::kPrimeIntellect);
  EXPECT_FALSE(ProviderFromName("runpod").has_value());
  EXPECT_FALSE(ProviderFromName("").has_value());
}
