// Which part of the canvas a new frame changes, from fingerprints of its draw commands and
// the last drawn frame's. The renderer then clears and redraws only that rectangle, and the
// canvas keeps the rest (it is created with preserveDrawingBuffer).
//
// Why: in software WebGL (SwiftShader: headless and GPU-less browsers) a frame's cost is
// mostly per pixel covered; scrolling the table or typing a query changes a part of the
// screen, yet a full redraw pays for all of it.
//
// Why it is exact: a command that kept its fingerprint paints the same pixels as before,
// and the rectangle holds every pixel a changed command painted before or paints now. The
// renderer redraws every command that reaches into the rectangle, in order, clipped to it,
// so the layering inside it is the full frame's too. Pure and GL-free: tested natively.
#pragma once

#include <algorithm>
#include <cfloat>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace offerscope::web {

// A rectangle in CSS pixels; empty while x1 <= x0 or y1 <= y0.
struct DamageRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool empty() const { return x1 <= x0 || y1 <= y0; }
  void Add(const DamageRect& r) {
    if (r.empty()) return;
    if (empty()) {
      *this = r;
      return;
    }
    x0 = std::min(x0, r.x0), y0 = std::min(y0, r.y0);
    x1 = std::max(x1, r.x1), y1 = std::max(y1, r.y1);
  }
  DamageRect Intersect(const DamageRect& r) const {
    DamageRect out{std::max(x0, r.x0), std::max(y0, r.y0), std::min(x1, r.x1), std::min(y1, r.y1)};
    return out.empty() ? DamageRect() : out;
  }
};

// One draw command: a hash of everything that decides its pixels (clip rectangle, texture
// and the texture's contents version, indices, vertices), where it can paint (its vertices'
// bounds within its clip rectangle), and its triangles' place in the list's index array.
struct CommandPrint {
  std::uint64_t hash = 0;
  DamageRect box;
  DamageRect clip;
  std::uint64_t texture = 0;
  std::uint32_t first_index = 0;
  std::uint32_t index_count = 0;
  // Its pixels depend on more than its triangles (a callback, or an image whose contents
  // were redrawn): when its hash changes, its whole box is damaged.
  bool opaque = false;
};

// One draw list as drawn: copies of its vertices and indices, and its commands.
template <typename Vertex, typename Index>
struct ListCopy {
  std::vector<Vertex> vertices;
  std::vector<Index> indices;
  std::vector<CommandPrint> commands;
};

// Per draw list, in drawing order.
template <typename Vertex, typename Index>
using FrameCopy = std::vector<ListCopy<Vertex, Index>>;

namespace damage_detail {

template <typename Vertex, typename Index>
bool SameTriangle(const ListCopy<Vertex, Index>& a, std::size_t ia, const ListCopy<Vertex, Index>& b, std::size_t ib) {
  for (int k = 0; k < 3; ++k)
    if (std::memcmp(&a.vertices[a.indices[ia + k]], &b.vertices[b.indices[ib + k]], sizeof(Vertex)) != 0) return false;
  return true;
}

}  // namespace damage_detail

// What a changed command repaints: it draws the same triangles before and after except for
// a run in the middle (text that changed length shifts the rest, which stays the same), so
// the triangles both frames share at the start and at the end are left out. Exact because
// a pixel outside the box gets the same triangles, in the same order, in both frames.
template <typename Vertex, typename Index>
DamageRect ChangedTriangles(const ListCopy<Vertex, Index>& before, const CommandPrint& b,
                            const ListCopy<Vertex, Index>& after, const CommandPrint& a) {
  using damage_detail::SameTriangle;
  const std::size_t nb = b.index_count / 3, na = a.index_count / 3;
  std::size_t head = 0;
  while (head < nb && head < na && SameTriangle(before, b.first_index + 3 * head, after, a.first_index + 3 * head)) ++head;
  std::size_t tail = 0;
  while (tail < nb - head && tail < na - head &&
         SameTriangle(before, b.first_index + 3 * (nb - 1 - tail), after, a.first_index + 3 * (na - 1 - tail)))
    ++tail;
  float x0 = FLT_MAX, y0 = FLT_MAX, x1 = -FLT_MAX, y1 = -FLT_MAX;
  auto span = [&](const ListCopy<Vertex, Index>& l, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      const Vertex& v = l.vertices[l.indices[i]];
      x0 = std::min(x0, v.pos.x), y0 = std::min(y0, v.pos.y);
      x1 = std::max(x1, v.pos.x), y1 = std::max(y1, v.pos.y);
    }
  };
  span(before, b.first_index + 3 * head, b.first_index + 3 * (nb - tail));
  span(after, a.first_index + 3 * head, a.first_index + 3 * (na - tail));
  if (x1 < x0) return DamageRect();
  // Pixel centres on a degenerate edge are covered by neither frame; one pixel of margin
  // keeps the box non-empty and covers rounding in the rasteriser.
  DamageRect d{x0 - 1, y0 - 1, x1 + 1, y1 + 1};
  DamageRect clips = b.clip;
  clips.Add(a.clip);
  return d.Intersect(clips);
}

// The rectangle `after` changes on a canvas showing `before`, within `whole` (the display).
// Different list counts (a window appeared, closed or changed places) damage everything; a
// list whose command count changed damages all that list painted before and paints now; a
// changed command damages the triangles that changed, or its old and new boxes when its
// clip rectangle or texture changed or it is opaque.
template <typename Vertex, typename Index>
DamageRect Damage(const FrameCopy<Vertex, Index>& before, const FrameCopy<Vertex, Index>& after, const DamageRect& whole) {
  if (before.size() != after.size()) return whole;
  DamageRect d;
  for (std::size_t n = 0; n < after.size(); ++n) {
    const std::vector<CommandPrint>& b = before[n].commands;
    const std::vector<CommandPrint>& a = after[n].commands;
    if (a.size() != b.size()) {
      for (const CommandPrint& c : b) d.Add(c.box);
      for (const CommandPrint& c : a) d.Add(c.box);
      continue;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i].hash == b[i].hash) continue;
      const bool same_frame = !a[i].opaque && !b[i].opaque && a[i].texture == b[i].texture &&
                              a[i].clip.x0 == b[i].clip.x0 && a[i].clip.y0 == b[i].clip.y0 &&
                              a[i].clip.x1 == b[i].clip.x1 && a[i].clip.y1 == b[i].clip.y1;
      if (same_frame) {
        d.Add(ChangedTriangles(before[n], b[i], after[n], a[i]));
      } else {
        d.Add(b[i].box);
        d.Add(a[i].box);
      }
    }
  }
  return d.Intersect(whole);
}

}  // namespace offerscope::web
