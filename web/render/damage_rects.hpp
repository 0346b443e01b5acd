// Turns the rectangles a frame damaged (web/render/damage.hpp, CSS px, possibly many and
// overlapping) into a few framebuffer-pixel rectangles for the renderer to clear and
// redraw, one after the other.
//
// Why several rather than one bounding box: a frame often changes places far apart (the
// query text at the top and the table's rows, a tooltip and the rows under the mouse), and
// their bounding box covered most of the canvas, which a software rasteriser pays for per
// pixel. They may overlap: the renderer clears and redraws each in turn, so a pixel in two
// is drawn twice, the same way. Why few: every rectangle costs each draw command reaching
// into it another draw call. Pure and GL-free: tested natively
// (tests/web/damage_rects_test.cpp).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "web/render/damage.hpp"

namespace offerscope::web {

// Framebuffer pixels, top-down, x0 <= x < x1 and y0 <= y < y1.
struct PixelRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool empty() const { return x1 <= x0 || y1 <= y0; }
  long long area() const { return empty() ? 0 : static_cast<long long>(x1 - x0) * (y1 - y0); }
  PixelRect Union(const PixelRect& r) const {
    return {std::min(x0, r.x0), std::min(y0, r.y0), std::max(x1, r.x1), std::max(y1, r.y1)};
  }
  PixelRect Intersect(const PixelRect& r) const {
    PixelRect out{std::max(x0, r.x0), std::max(y0, r.y0), std::min(x1, r.x1), std::min(y1, r.y1)};
    return out.empty() ? PixelRect() : out;
  }
  bool Overlaps(const PixelRect& r) const { return !Intersect(r).empty(); }
  bool Contains(int x, int y) const { return x >= x0 && x < x1 && y >= y0 && y < y1; }
};

// A CSS-pixel rectangle as the framebuffer pixels it touches (rounded outwards), within a
// framebuffer of fb_w x fb_h; `origin` is the display's top-left corner in CSS px.
inline PixelRect ToPixels(const DamageRect& r, float origin_x, float origin_y, float scale_x, float scale_y, int fb_w,
                          int fb_h) {
  PixelRect p{static_cast<int>(std::floor((r.x0 - origin_x) * scale_x)), static_cast<int>(std::floor((r.y0 - origin_y) * scale_y)),
              static_cast<int>(std::ceil((r.x1 - origin_x) * scale_x)), static_cast<int>(std::ceil((r.y1 - origin_y) * scale_y))};
  return p.Intersect({0, 0, fb_w, fb_h});
}

// Merges `rects` in place until at most `max_rects` remain, joining first the pairs whose
// union costs the fewest pixels more than the two apart; a pair whose union costs fewer
// than `join_below_px` more is joined anyway (a rectangle saved is a pass over the draw
// commands saved; one inside another costs nothing to join). Empty rectangles are dropped.
inline void MergeRects(std::vector<PixelRect>& rects, std::size_t max_rects, long long join_below_px) {
  rects.erase(std::remove_if(rects.begin(), rects.end(), [](const PixelRect& r) { return r.empty(); }), rects.end());
  // Hundreds of changed commands (a new layout) would make the pairwise search slow, and
  // such a frame redraws most of the canvas anyway: one bounding box.
  constexpr std::size_t kMaxInput = 96;
  if (rects.size() > kMaxInput) {
    PixelRect all = rects[0];
    for (const PixelRect& r : rects) all = all.Union(r);
    rects.assign(1, all);
    return;
  }
  if (max_rects == 0) max_rects = 1;
  while (rects.size() > 1) {
    std::size_t best_i = 0, best_j = 1;
    long long best_added = 0;
    bool any = false;
    for (std::size_t i = 0; i < rects.size(); ++i) {
      for (std::size_t j = i + 1; j < rects.size(); ++j) {
        const long long added = rects[i].Union(rects[j]).area() - rects[i].area() - rects[j].area();
        if (!any || added < best_added) best_i = i, best_j = j, best_added = added, any = true;
      }
    }
    if (rects.size() <= max_rects && best_added >= join_below_px) break;
    rects[best_i] = rects[best_i].Union(rects[best_j]);
    rects.erase(rects.begin() + static_cast<std::ptrdiff_t>(best_j));
  }
}

}  // namespace offerscope::web
