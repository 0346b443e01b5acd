#include "core/http.hpp"

#include <gtest/gtest.h>

using namespace offerscope::core;

TEST(UrlEncode, KeepsUnreservedAndEscapesTheRest) {
  EXPECT_EQ(UrlEncode("gpu=H100 gpu_count>=8"), "gpu%3DH100%20gpu_count%3E%3D8");
  EXPECT_EQ(UrlEncode("a-b_c.d~e"), "a-b_c.d~e");
  EXPECT_EQ(UrlEncode("filter[gpu_name]"), "filter%5Bgpu_name%5D");
  EXPECT_EQ(UrlEncode("\xC3\xA9"), "%C3%A9");
}

TEST(UrlDecode, RoundTripsEncodedText) {
  std::string out;
  for (std::string s : {"", "plain", "gpu=H100 gpu_count>=8", "[CN,VN] \"RTX 4090\"", "\xC3\xA9/%"}) {
    ASSERT_TRUE(UrlDecode(UrlEncode(s), out));
    EXPECT_EQ(out, s);
  }
}

TEST(UrlDecode, TreatsPlusAsSpaceOnlyWhenAsked) {
  std::string out;
  ASSERT_TRUE(UrlDecode("a+b", out));
  EXPECT_EQ(out, "a b");
  ASSERT_TRUE(UrlDecode("a+b", out, false));
  EXPECT_EQ(out, "a+b");
}

TEST(UrlDecode, RejectsMalformedEscapes) {
  std::string out;
  EXPECT_FALSE(UrlDecode("%", out));
  EXPECT_FALSE(UrlDecode("ab%4", out));
  EXPECT_FALSE(UrlDecode("%zz", out));
  EXPECT_TRUE(UrlDecode("%2e%2E", out));
  EXPECT_EQ(out, "..");
}

TEST(Target, JoinsPathAndEncodedQuery) {
  HttpRequest r{"GET", "/v1/compute/offers", {{"limit", "50"}, {"filter[gpu_name]", "RTX 4090"}}, ""};
  EXPECT_EQ(Target(r), "/v1/compute/offers?limit=50&filter%5Bgpu_name%5D=RTX%204090");
  r.query.clear();
  EXPECT_EQ(Target(r), "/v1/compute/offers");
}
