// FillSplitter (web/render/draw_split.hpp): which triangles go to the untextured program
// and in what order, on vertex data shaped like ImGui's.
#include "web/render/draw_split.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace offerscope::web {
namespace {

struct Vec2 {
  float x, y;
};
struct Vertex {  // ImDrawVert's fields the splitter reads
  Vec2 pos, uv;
};
using Index = std::uint16_t;

constexpr float kWhiteU = 0.5f, kWhiteV = 0.25f;

// Appends a quad (two triangles) over x0..x1, y0..y1: a fill or a glyph.
struct Builder {
  std::vector<Vertex> vertices;
  std::vector<Index> indices;
  void Quad(float x0, float y0, float x1, float y1, bool fill) {
    const Index base = static_cast<Index>(vertices.size());
    const float u0 = fill ? kWhiteU : 0.1f, u1 = fill ? kWhiteU : 0.2f;
    const float v0 = fill ? kWhiteV : 0.6f, v1 = fill ? kWhiteV : 0.7f;
    vertices.push_back({{x0, y0}, {u0, v0}});
    vertices.push_back({{x1, y0}, {u1, v0}});
    vertices.push_back({{x1, y1}, {u1, v1}});
    vertices.push_back({{x0, y1}, {u0, v1}});
    for (int k : {0, 1, 2, 0, 2, 3}) indices.push_back(static_cast<Index>(base + k));
  }
};

struct Split {
  std::vector<Index> out;
  std::vector<DrawBatch> batches;
};

Split SplitAll(const Builder& b) {
  Split s;
  FillSplitter<Index> splitter;
  splitter.Split(b.vertices.data(), b.indices.data(), b.indices.size(), kWhiteU, kWhiteV, s.out, s.batches);
  return s;
}

// The quads (by the first vertex of each) each batch draws, in order.
std::vector<int> QuadsOf(const Split& s, const DrawBatch& batch) {
  std::vector<int> quads;
  for (std::uint32_t i = batch.first; i < batch.first + batch.count; i += 6) quads.push_back(s.out[i] / 4);
  return quads;
}

TEST(FillSplitter, RowsOfBackgroundsAndTextBecomeOneFillBatchAndOneTextBatch) {
  // A table's look: each row a background and two glyphs, rows below one another. Every
  // background overlaps only glyphs that come after it, so it may go ahead of earlier rows'.
  Builder b;
  for (int row = 0; row < 3; ++row) {
    const float y = row * 20.0f;
    b.Quad(0, y, 100, y + 20, true);
    b.Quad(2, y + 4, 9, y + 16, false);
    b.Quad(10, y + 4, 17, y + 16, false);
  }
  Split s = SplitAll(b);
  ASSERT_EQ(s.batches.size(), 2u);
  EXPECT_EQ(s.batches[0].kind, BatchKind::kFill);
  EXPECT_EQ(QuadsOf(s, s.batches[0]), (std::vector<int>{0, 3, 6}));
  EXPECT_EQ(s.batches[1].kind, BatchKind::kTextured);
  EXPECT_EQ(QuadsOf(s, s.batches[1]), (std::vector<int>{1, 2, 4, 5, 7, 8}));
  EXPECT_EQ(s.out.size(), b.indices.size());  // every index kept, none repeated
}

TEST(FillSplitter, AFillOverEarlierTextStaysAfterIt) {
  // A text cursor or a highlight drawn over glyphs: moving it ahead would hide it behind them.
  Builder b;
  b.Quad(0, 0, 100, 20, true);   // background
  b.Quad(2, 4, 9, 16, false);    // glyph
  b.Quad(5, 2, 6, 18, true);     // cursor over the glyph
  b.Quad(20, 4, 27, 16, false);  // next glyph
  Split s = SplitAll(b);
  ASSERT_EQ(s.batches.size(), 4u);
  EXPECT_EQ(QuadsOf(s, s.batches[0]), std::vector<int>{0});
  EXPECT_EQ(s.batches[1].kind, BatchKind::kTextured);
  EXPECT_EQ(QuadsOf(s, s.batches[1]), std::vector<int>{1});
  EXPECT_EQ(s.batches[2].kind, BatchKind::kFill);
  EXPECT_EQ(QuadsOf(s, s.batches[2]), std::vector<int>{2});
  EXPECT_EQ(QuadsOf(s, s.batches[3]), std::vector<int>{3});
}

TEST(FillSplitter, EdgesThatOnlyTouchDoNotOverlap) {
  Builder b;
  b.Quad(0, 0, 10, 10, false);
  b.Quad(10, 0, 20, 10, true);  // shares the glyph's right edge
  b.Quad(0, 10, 10, 20, true);  // shares its bottom edge
  Split s = SplitAll(b);
  ASSERT_EQ(s.batches.size(), 2u);
  EXPECT_EQ(QuadsOf(s, s.batches[0]), (std::vector<int>{1, 2}));
  EXPECT_EQ(QuadsOf(s, s.batches[1]), std::vector<int>{0});
}

TEST(FillSplitter, ATriangleWithOneVertexOffTheWhitePixelIsTextured) {
  Builder b;
  b.Quad(0, 0, 10, 10, true);
  b.vertices[2].uv.x = kWhiteU + 1e-6f;  // in the first triangle (0, 1, 2) and the second (0, 2, 3)
  Split s = SplitAll(b);
  ASSERT_EQ(s.batches.size(), 1u);
  EXPECT_EQ(s.batches[0].kind, BatchKind::kTextured);
  EXPECT_EQ(s.batches[0].count, 6u);
}

TEST(FillSplitter, AppendsAfterWhatIsAlreadyThereAndReusesItsScratchSpace) {
  Builder b;
  b.Quad(0, 0, 10, 10, false);
  b.Quad(0, 20, 10, 30, true);
  FillSplitter<Index> splitter;
  std::vector<Index> out = {7, 7, 7};
  std::vector<DrawBatch> batches;
  splitter.Split(b.vertices.data(), b.indices.data(), b.indices.size(), kWhiteU, kWhiteV, out, batches);
  splitter.Split(b.vertices.data(), b.indices.data(), b.indices.size(), kWhiteU, kWhiteV, out, batches);
  ASSERT_EQ(batches.size(), 4u);
  EXPECT_EQ(batches[0].first, 3u);
  EXPECT_EQ(batches[0].kind, BatchKind::kFill);
  EXPECT_EQ(batches[2].first, 15u);
  EXPECT_EQ(out.size(), 3u + 2 * b.indices.size());
}

TEST(FillSplitter, NoTrianglesNoBatches) {
  FillSplitter<Index> splitter;
  std::vector<Index> out;
  std::vector<DrawBatch> batches;
  splitter.Split(static_cast<const Vertex*>(nullptr), static_cast<const Index*>(nullptr), 0, kWhiteU, kWhiteV, out,
                 batches);
  EXPECT_TRUE(batches.empty());
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace offerscope::web
