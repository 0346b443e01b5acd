// Which parts of the canvas a new frame changes, from fingerprints of its draw commands and
// the last drawn frame's. The renderer then clears and redraws only those rectangles, and
// the canvas keeps the rest (it is created with preserveDrawingBuffer).
//
// Why: in software WebGL (SwiftShader: headless and GPU-less browsers) a frame's cost is
// mostly per pixel covered; scrolling the table or typing a query changes a part of the
// screen, yet a full redraw pays for all of it.
//
// Why it is exact: a command that kept its fingerprint paints the same pixels as before,
// and the rectangles hold every pixel a changed command painted before or paints now. The
// renderer redraws every command that reaches into a rectangle, in order, clipped to it,
// so the layering inside it is the full frame's too. Pure and GL-free: tested natively.
#pragma once

#include <algorithm>
#include <cfloat>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>
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

// One draw list as drawn: copies of its vertices and indices, and its commands. `id` names
// the window that owns the list (a hash of its name), so that a window appearing or going
// away is told apart from one whose contents changed.
template <typename Vertex, typename Index>
struct ListCopy {
  std::uint64_t id = 0;
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

// A hash of a triangle's three vertices (position, texture coordinates, colour), to find
// the same triangle elsewhere in a command quickly; equal hashes are checked with
// SameTriangle.
template <typename Vertex, typename Index>
std::uint64_t TriangleHash(const ListCopy<Vertex, Index>& l, std::size_t first_index) {
  std::uint64_t h = 0xCBF29CE484222325ull;
  for (int k = 0; k < 3; ++k) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(&l.vertices[l.indices[first_index + k]]);
    std::size_t i = 0;
    for (std::uint64_t word; i + 8 <= sizeof(Vertex); i += 8) {
      std::memcpy(&word, p + i, 8);
      h = ((h << 5 | h >> 59) ^ word) * 0x100000001B3ull;
    }
    for (; i < sizeof(Vertex); ++i) h = ((h << 5 | h >> 59) ^ p[i]) * 0x100000001B3ull;
  }
  return h;
}

}  // namespace damage_detail

// What a changed command repaints, appended to `out`. It mostly draws the same triangles
// before and after except for a few runs (text that changed length shifts what follows it,
// which draws the same; the placeholder text in the query box goes away while a count
// lower down changes): the two triangle sequences are walked side by side, and where they
// part, the nearest place where they meet again is looked up (the smallest skip on both
// sides together, up to kMaxSkip triangles of the old sequence); the runs skipped are the
// damage, each its own rectangle. Exact because the triangles left out appear in both
// frames in the same order, so a pixel that no damaged triangle covers gets the same
// triangles, in the same order, in both frames.
template <typename Vertex, typename Index>
void ChangedTriangles(const ListCopy<Vertex, Index>& before, const CommandPrint& b, const ListCopy<Vertex, Index>& after,
                      const CommandPrint& a, std::vector<DamageRect>& out) {
  using damage_detail::SameTriangle;
  using damage_detail::TriangleHash;
  constexpr std::size_t kMaxSkip = 512;  // bounds the search per parting (rows scrolled: every triangle moved)
  const std::size_t nb = b.index_count / 3, na = a.index_count / 3;
  auto same = [&](std::size_t ib, std::size_t ia) { return SameTriangle(before, b.first_index + 3 * ib, after, a.first_index + 3 * ia); };
  DamageRect clips = b.clip;
  clips.Add(a.clip);
  // Adds the box of triangles [from, to) of one frame's command.
  auto span = [](const ListCopy<Vertex, Index>& l, const CommandPrint& c, std::size_t from, std::size_t to, DamageRect& box) {
    for (std::size_t i = c.first_index + 3 * from; i < c.first_index + 3 * to; ++i) {
      const Vertex& v = l.vertices[l.indices[i]];
      box.x0 = std::min(box.x0, v.pos.x), box.y0 = std::min(box.y0, v.pos.y);
      box.x1 = std::max(box.x1, v.pos.x), box.y1 = std::max(box.y1, v.pos.y);
    }
  };
  // Damages triangles [ib, ib_end) before and [ia, ia_end) after.
  auto damage = [&](std::size_t ib, std::size_t ib_end, std::size_t ia, std::size_t ia_end) {
    DamageRect box{FLT_MAX, FLT_MAX, -FLT_MAX, -FLT_MAX};
    span(before, b, ib, ib_end, box);
    span(after, a, ia, ia_end, box);
    if (box.x1 < box.x0) return;
    // Pixel centres on a degenerate edge are covered by neither frame; one pixel of margin
    // keeps the box non-empty and covers rounding in the rasteriser.
    const DamageRect d = DamageRect{box.x0 - 1, box.y0 - 1, box.x1 + 1, box.y1 + 1}.Intersect(clips);
    if (!d.empty()) out.push_back(d);
  };
  // The shared tail first: a change near the end then costs no search.
  std::size_t tail = 0;
  while (tail < nb && tail < na && same(nb - 1 - tail, na - 1 - tail)) ++tail;
  const std::size_t b_end = nb - tail, a_end = na - tail;
  std::size_t ib = 0, ia = 0;
  while (ib < b_end && ia < a_end && same(ib, ia)) ++ib, ++ia;
  if (ib == b_end || ia == a_end) return damage(ib, b_end, ia, a_end);
  // Where each triangle of the new sequence is: (hash, position), sorted.
  std::vector<std::pair<std::uint64_t, std::size_t>> where;
  where.reserve(a_end - ia);
  for (std::size_t i = ia; i < a_end; ++i) where.emplace_back(TriangleHash(after, a.first_index + 3 * i), i);
  std::sort(where.begin(), where.end());
  while (ib < b_end && ia < a_end) {
    if (same(ib, ia)) {
      ++ib, ++ia;
      continue;
    }
    // The nearest meeting: old triangle ib + skip_b is new triangle ia + skip_a, with
    // skip_b + skip_a smallest.
    std::size_t best = ~std::size_t{0}, skip_b = 0, skip_a = 0;
    for (std::size_t db = 0; db <= kMaxSkip && ib + db < b_end && db < best; ++db) {
      const std::uint64_t h = TriangleHash(before, b.first_index + 3 * (ib + db));
      for (auto it = std::lower_bound(where.begin(), where.end(), std::make_pair(h, ia)); it != where.end() && it->first == h;
           ++it) {
        const std::size_t da = it->second - ia;
        if (db + da >= best) break;
        if (same(ib + db, it->second)) {
          best = db + da, skip_b = db, skip_a = da;
          break;
        }
      }
    }
    if (best == ~std::size_t{0}) break;
    damage(ib, ib + skip_b, ia, ia + skip_a);
    ib += skip_b, ia += skip_a;
  }
  damage(ib, b_end, ia, a_end);
}

// The rectangles one draw list changes, between its copy as last drawn and now (the same
// window in both frames), appended to `out`: a list whose command count changed damages all
// it painted before and paints now; a changed command damages the triangles that changed,
// or its old and new boxes when its clip rectangle or texture changed or it is opaque.
template <typename Vertex, typename Index>
void ListDamage(const ListCopy<Vertex, Index>& before, const ListCopy<Vertex, Index>& after, std::vector<DamageRect>& out) {
  const std::vector<CommandPrint>& b = before.commands;
  const std::vector<CommandPrint>& a = after.commands;
  auto add = [&out](const DamageRect& r) {
    if (!r.empty()) out.push_back(r);
  };
  if (a.size() != b.size()) {
    for (const CommandPrint& c : b) add(c.box);
    for (const CommandPrint& c : a) add(c.box);
    return;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].hash == b[i].hash) continue;
    const bool same_frame = !a[i].opaque && !b[i].opaque && a[i].texture == b[i].texture &&
                            a[i].clip.x0 == b[i].clip.x0 && a[i].clip.y0 == b[i].clip.y0 &&
                            a[i].clip.x1 == b[i].clip.x1 && a[i].clip.y1 == b[i].clip.y1;
    if (same_frame) {
      ChangedTriangles(before, b[i], after, a[i], out);
    } else {
      add(b[i].box);
      add(a[i].box);
    }
  }
}

// Everything one list paints (a window that appeared or went away), appended to `out`.
template <typename Vertex, typename Index>
void WholeList(const ListCopy<Vertex, Index>& list, std::vector<DamageRect>& out) {
  for (const CommandPrint& c : list.commands)
    if (!c.box.empty()) out.push_back(c.box);
}

// The rectangles `after` changes on a canvas showing `before`, appended to `out` (they may
// overlap; web/render/damage_rects.hpp merges them). Lists are matched by window id: a
// window that appeared or went away damages what it paints or painted (a tooltip, the
// completion list), others their ListDamage. Exact because outside those rectangles the
// windows present in both frames paint the same pixels, in the same order. False when that
// order cannot be told (two lists with one id, or windows that changed places in the
// z-order): then everything is damaged.
template <typename Vertex, typename Index>
bool DamageRects(const FrameCopy<Vertex, Index>& before, const FrameCopy<Vertex, Index>& after, std::vector<DamageRect>& out) {
  // Where each list of `after` was in `before` (npos: it is new). A few lists per frame
  // (one per window): the quadratic search costs nothing next to the vertex copies.
  constexpr std::size_t npos = ~std::size_t{0};
  std::vector<std::size_t> was(after.size(), npos);
  std::vector<bool> kept(before.size(), false);
  std::size_t last_kept = 0;
  bool any_kept = false;
  for (std::size_t n = 0; n < after.size(); ++n)
    for (std::size_t m = n + 1; m < after.size(); ++m)
      if (after[m].id == after[n].id) return false;
  for (std::size_t n = 0; n < before.size(); ++n)
    for (std::size_t m = n + 1; m < before.size(); ++m)
      if (before[m].id == before[n].id) return false;
  for (std::size_t n = 0; n < after.size(); ++n) {
    for (std::size_t m = 0; m < before.size(); ++m) {
      if (before[m].id != after[n].id) continue;
      if (any_kept && m < last_kept) return false;  // windows that changed places
      was[n] = m;
      kept[m] = true;
      last_kept = m;
      any_kept = true;
    }
  }
  for (std::size_t m = 0; m < before.size(); ++m)
    if (!kept[m]) WholeList(before[m], out);
  for (std::size_t n = 0; n < after.size(); ++n) {
    if (was[n] == npos) WholeList(after[n], out);
    else ListDamage(before[was[n]], after[n], out);
  }
  return true;
}

// The bounding rectangle of what `after` changes on a canvas showing `before`, within
// `whole` (the display); `whole` itself when DamageRects cannot tell.
template <typename Vertex, typename Index>
DamageRect Damage(const FrameCopy<Vertex, Index>& before, const FrameCopy<Vertex, Index>& after, const DamageRect& whole) {
  std::vector<DamageRect> rects;
  if (!DamageRects(before, after, rects)) return whole;
  DamageRect d;
  for (const DamageRect& r : rects) d.Add(r);
  return d.Intersect(whole);
}

}  // namespace offerscope::web
