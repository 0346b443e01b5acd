// Damage (web/render/damage.hpp): which rectangle a frame changes, from copies of two
// frames' draw lists shaped like ImGui's.
#include "web/render/damage.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace offerscope::web {
namespace {

struct Vec2 {
  float x, y;
};
struct Vertex {  // ImDrawVert's layout: position, texture coordinates, colour
  Vec2 pos, uv;
  std::uint32_t col;
};
using Index = std::uint16_t;
using List = ListCopy<Vertex, Index>;
using Frame = FrameCopy<Vertex, Index>;

const DamageRect kWhole{0, 0, 1000, 800};

// Appends a quad over x0..x1, y0..y1 to the list's last command (its hash is set by Seal).
void Quad(List& l, float x0, float y0, float x1, float y1, std::uint32_t col = 0xFFFFFFFF) {
  const Index base = static_cast<Index>(l.vertices.size());
  l.vertices.push_back({{x0, y0}, {0, 0}, col});
  l.vertices.push_back({{x1, y0}, {1, 0}, col});
  l.vertices.push_back({{x1, y1}, {1, 1}, col});
  l.vertices.push_back({{x0, y1}, {0, 1}, col});
  for (int k : {0, 1, 2, 0, 2, 3}) l.indices.push_back(static_cast<Index>(base + k));
  l.commands.back().index_count += 6;
}

// Starts a command clipped to `clip`.
void Command(List& l, DamageRect clip) {
  CommandPrint c;
  c.clip = clip;
  c.first_index = static_cast<std::uint32_t>(l.indices.size());
  l.commands.push_back(c);
}

// Sets each command's hash and box as the renderer does (hash of its triangles' vertices).
void Seal(List& l) {
  for (CommandPrint& c : l.commands) {
    std::uint64_t h = 1469598103934665603ull;
    DamageRect box;
    for (std::uint32_t i = c.first_index; i < c.first_index + c.index_count; ++i) {
      const Vertex& v = l.vertices[l.indices[i]];
      h = (h ^ static_cast<std::uint64_t>(v.pos.x * 7 + v.pos.y * 13 + v.col)) * 1099511628211ull;
      box.Add({v.pos.x, v.pos.y, v.pos.x + 0.001f, v.pos.y + 0.001f});
    }
    c.hash = h;
    c.box = box.Intersect(c.clip);
  }
}

// A window with a status line (one quad per "glyph" at y 10..20) and table rows below.
List Window(int status_glyphs, float first_row_y) {
  List l;
  Command(l, {0, 0, 1000, 800});
  for (int g = 0; g < status_glyphs; ++g) Quad(l, 100.0f + 10 * g, 10, 108.0f + 10 * g, 20);
  for (int r = 0; r < 5; ++r) Quad(l, 0, first_row_y + 20 * r, 900, first_row_y + 20 * r + 18);
  Seal(l);
  return l;
}

TEST(Damage, NothingChangedNothingDamaged) {
  Frame a{Window(3, 100)}, b{Window(3, 100)};
  EXPECT_TRUE(Damage(a, b, kWhole).empty());
}

TEST(Damage, TextThatGrewDamagesOnlyThatTextNotWhatFollowsIt) {
  // "updated 9 s ago" -> "updated 10 s ago": one more glyph; the rows after it in the same
  // command shift in the vertex buffer but draw the same.
  Frame a{Window(3, 100)}, b{Window(4, 100)};
  const DamageRect d = Damage(a, b, kWhole);
  ASSERT_FALSE(d.empty());
  EXPECT_LE(d.x0, 130);
  EXPECT_GE(d.x1, 138);  // the new glyph, 130..138
  EXPECT_GE(d.y0, 8);
  EXPECT_LE(d.y1, 22);  // not the rows at y >= 100
}

// The list's last quad (the bottom row) changes colour.
void RecolourLastQuad(List& list) {
  for (std::size_t v = list.vertices.size() - 4; v < list.vertices.size(); ++v) list.vertices[v].col = 0xFF00FF00;
  Seal(list);
}

TEST(Damage, TwoChangesFarApartInOneCommandDamageTwoPlacesNotWhatIsBetween) {
  // The status text grew by a glyph, and the last row changed colour; rows 0..3 between
  // them draw the same (though they moved in the vertex buffer).
  Frame a{Window(3, 100)}, b{Window(4, 100)};
  RecolourLastQuad(b[0]);
  std::vector<DamageRect> rects;
  ASSERT_TRUE(DamageRects(a, b, rects));
  ASSERT_EQ(rects.size(), 2u);
  for (const DamageRect& r : rects) EXPECT_TRUE(r.y1 <= 22 || r.y0 >= 178) << r.y0 << ".." << r.y1;
}

TEST(Damage, ALongRunGoneAndAChangeFarBelowDamageOnlyThoseTwo) {
  // The query box's 80-glyph placeholder gives way to one typed glyph while the last row
  // changes colour.
  Frame a{Window(80, 100)}, b{Window(1, 100)};
  RecolourLastQuad(b[0]);
  std::vector<DamageRect> rects;
  ASSERT_TRUE(DamageRects(a, b, rects));
  ASSERT_EQ(rects.size(), 2u);
  for (const DamageRect& r : rects) EXPECT_TRUE(r.y1 <= 22 || r.y0 >= 178) << r.y0 << ".." << r.y1;
}

TEST(Damage, ScrolledRowsDamageTheRowsOnly) {
  Frame a{Window(3, 100)}, b{Window(3, 95)};
  const DamageRect d = Damage(a, b, kWhole);
  EXPECT_LE(d.y0, 95);
  EXPECT_GE(d.y1, 198);
  EXPECT_GE(d.y0, 90);  // the status line above is untouched
}

TEST(Damage, AColourChangeIsAChange) {
  Frame a{Window(3, 100)}, b{Window(3, 100)};
  b[0].vertices[0].col = 0xFF0000FF;
  Seal(b[0]);
  const DamageRect d = Damage(a, b, kWhole);
  EXPECT_FALSE(d.empty());
  EXPECT_LE(d.x0, 100);
  EXPECT_LE(d.y1, 22);
}

TEST(Damage, ANewWindowOrANewCommandDamagesWholeAreas) {
  Frame a{Window(3, 100)};
  Frame b{Window(3, 100), Window(1, 300)};
  EXPECT_EQ(Damage(a, b, kWhole).x1, kWhole.x1);  // two lists of one id (0): everything
  Frame c{Window(3, 100)};
  Command(c[0], {500, 500, 600, 600});
  Quad(c[0], 510, 510, 520, 520);
  Seal(c[0]);
  const DamageRect d = Damage(a, c, kWhole);  // command count changed: all the list painted
  EXPECT_LE(d.y0, 10);
  EXPECT_GE(d.y1, 520);
}

TEST(Damage, AMovedClipRectangleOrAnOpaqueCommandDamagesItsBoxes) {
  Frame a{Window(3, 100)}, b{Window(3, 100)};
  b[0].commands[0].clip = {0, 0, 999, 800};
  b[0].commands[0].hash ^= 1;
  const DamageRect d = Damage(a, b, kWhole);
  EXPECT_LE(d.y0, 10);
  EXPECT_GE(d.y1, 180);  // old and new boxes: the whole command
  Frame c{Window(3, 100)};
  c[0].commands[0].opaque = true;  // e.g. the chart image, redrawn
  c[0].commands[0].hash ^= 1;
  EXPECT_GE(Damage(a, c, kWhole).y1, 180);
}

// A small window (a tooltip) over the rows, its own list with its own id.
List Tooltip(std::uint64_t id, float x, float y) {
  List l;
  l.id = id;
  Command(l, {x, y, x + 120, y + 40});
  Quad(l, x, y, x + 120, y + 40, 0xFF202020);
  Seal(l);
  return l;
}

TEST(Damage, AWindowThatAppearsOrGoesDamagesOnlyWhereItIs) {
  List main = Window(3, 100);
  main.id = 1;
  Frame without{main}, with{main, Tooltip(2, 300, 400)};
  const DamageRect appeared = Damage(without, with, kWhole);
  EXPECT_EQ(appeared.x0, 300);
  EXPECT_EQ(appeared.y0, 400);
  EXPECT_EQ(appeared.x1, 420);
  EXPECT_EQ(appeared.y1, 440);
  const DamageRect went = Damage(with, without, kWhole);
  EXPECT_EQ(went.x0, 300);
  EXPECT_EQ(went.y1, 440);
  // Rows scrolled under a tooltip that moved: the rows and both tooltip places, as
  // separate rectangles (the renderer merges them), not the whole display.
  List scrolled = Window(3, 95);
  scrolled.id = 1;
  Frame after{scrolled, Tooltip(2, 300, 600)};
  std::vector<DamageRect> rects;
  ASSERT_TRUE(DamageRects(with, after, rects));
  DamageRect all;
  for (const DamageRect& r : rects) all.Add(r);
  EXPECT_GE(all.y0, 90);  // not the status line
  EXPECT_GE(all.y1, 640);
}

TEST(Damage, WindowsThatChangedPlacesOrShareAnIdDamageEverything) {
  List main = Window(3, 100);
  main.id = 1;
  Frame before{main, Tooltip(2, 300, 400), Tooltip(3, 600, 400)};
  Frame swapped{main, Tooltip(3, 600, 400), Tooltip(2, 300, 400)};
  EXPECT_EQ(Damage(before, swapped, kWhole).x1, kWhole.x1);
  EXPECT_EQ(Damage(before, swapped, kWhole).y0, kWhole.y0);
  Frame twice{main, Tooltip(2, 300, 400), Tooltip(2, 600, 400)};
  EXPECT_EQ(Damage(before, twice, kWhole).x0, kWhole.x0);
  std::vector<DamageRect> rects;
  EXPECT_FALSE(DamageRects(before, twice, rects));
}

TEST(Damage, StaysInsideTheDisplay) {
  Frame a{Window(3, 100)}, b{Window(3, 790)};
  const DamageRect d = Damage(a, b, kWhole);
  EXPECT_LE(d.y1, kWhole.y1);
  EXPECT_GE(d.x0, kWhole.x0);
}

}  // namespace
}  // namespace offerscope::web
