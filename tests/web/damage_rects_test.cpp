// MergeRects and ToPixels (web/render/damage_rects.hpp): the damage as a few disjoint
// framebuffer rectangles.
#include "web/render/damage_rects.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace offerscope::web {
namespace {

// Every pixel of `inputs` is in one of `merged`.
bool Covers(const std::vector<PixelRect>& merged, const std::vector<PixelRect>& inputs) {
  for (const PixelRect& in : inputs)
    for (int y = in.y0; y < in.y1; ++y)
      for (int x = in.x0; x < in.x1; ++x) {
        bool found = false;
        for (const PixelRect& m : merged) found = found || m.Contains(x, y);
        if (!found) return false;
      }
  return true;
}

TEST(MergeRects, FarApartStaySeparate) {
  // The query text at the top and the table's rows lower down.
  const std::vector<PixelRect> in{{300, 40, 800, 65}, {290, 200, 1270, 600}};
  std::vector<PixelRect> r = in;
  MergeRects(r, 4, 64 * 64);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_TRUE(Covers(r, in));
}

TEST(MergeRects, OneInsideAnotherOrMostlyOverlappingIsJoined) {
  const std::vector<PixelRect> in{{0, 0, 100, 100}, {10, 10, 20, 20}, {400, 400, 500, 500}, {405, 405, 505, 505}};
  std::vector<PixelRect> r = in;
  MergeRects(r, 8, 64 * 64);
  EXPECT_TRUE(Covers(r, in));
  EXPECT_EQ(r.size(), 2u);
}

TEST(MergeRects, AThinStripCrossingATooltipStaysApart) {
  // A scrollbar-like strip and a tooltip over it: their union would add ~300x600 pixels.
  const std::vector<PixelRect> in{{264, 97, 276, 752}, {52, 90, 417, 200}};
  std::vector<PixelRect> r = in;
  MergeRects(r, 4, 64 * 64);
  EXPECT_EQ(r.size(), 2u);
  EXPECT_TRUE(Covers(r, in));
}

TEST(MergeRects, NeighboursThatCostLittleAreJoined) {
  // Table columns side by side: their union adds no pixels.
  std::vector<PixelRect> r{{0, 100, 80, 400}, {80, 100, 200, 400}, {200, 100, 330, 400}};
  MergeRects(r, 4, 64 * 64);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].x0, 0);
  EXPECT_EQ(r[0].x1, 330);
}

TEST(MergeRects, NoMoreThanTheLimit) {
  std::vector<PixelRect> in;
  for (int i = 0; i < 30; ++i) in.push_back({(i * 97) % 900, (i * 53) % 700, (i * 97) % 900 + 40 + i, (i * 53) % 700 + 30});
  std::vector<PixelRect> r = in;
  MergeRects(r, 4, 0);
  EXPECT_LE(r.size(), 4u);
  EXPECT_TRUE(Covers(r, in));
}

TEST(MergeRects, ManyRectanglesBecomeTheirBoundingBox) {
  std::vector<PixelRect> in;
  for (int i = 0; i < 200; ++i) in.push_back({i * 5, i * 3, i * 5 + 2, i * 3 + 2});
  std::vector<PixelRect> r = in;
  MergeRects(r, 4, 0);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_TRUE(Covers(r, in));
}

TEST(MergeRects, EmptyOnesAreDropped) {
  std::vector<PixelRect> r{{10, 10, 10, 20}, {0, 0, 0, 0}};
  MergeRects(r, 4, 0);
  EXPECT_TRUE(r.empty());
}

TEST(ToPixels, RoundsOutwardsAndStaysInTheFramebuffer) {
  const PixelRect p = ToPixels({10.5f, 20.25f, 30.5f, 40.75f}, 0, 0, 2, 2, 1000, 1000);
  EXPECT_EQ(p.x0, 21);
  EXPECT_EQ(p.y0, 40);
  EXPECT_EQ(p.x1, 61);
  EXPECT_EQ(p.y1, 82);
  const PixelRect q = ToPixels({-5, -5, 2000, 10}, 0, 0, 1, 1, 1280, 800);
  EXPECT_EQ(q.x0, 0);
  EXPECT_EQ(q.y0, 0);
  EXPECT_EQ(q.x1, 1280);
}

}  // namespace
}  // namespace offerscope::web
