// Splits one ImGui draw command's triangles into plain fills and textured triangles, so the
// renderer can draw fills with a program that reads no texture.
//
// Why: in software WebGL (SwiftShader: headless and GPU-less browsers) a texture read is
// most of what a pixel costs, and every ImGui triangle samples the font atlas, even a plain
// fill, which reads the atlas's one white pixel. Fills cover most of a frame's pixels.
//
// Painter's order is kept exactly: triangles are collected into a pair of batches, fills
// then textured, and a fill may join the pair (and so be drawn before textured triangles
// that came ahead of it) only when its bounding box does not overlap theirs. Otherwise
// the pair is closed and a new one started. Pure and GL-free, so it is tested natively.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace offerscope::web {

enum class BatchKind : std::uint8_t { kFill, kTextured };

// `count` indices of `kind` starting at `first` in the output index array.
struct DrawBatch {
  BatchKind kind;
  std::uint32_t first;
  std::uint32_t count;
};

namespace draw_split_detail {

struct Box {
  float x0 = 0, y0 = 0, x1 = -1, y1 = -1;  // empty while x1 < x0
  bool empty() const { return x1 < x0; }
  void Add(const Box& b) {
    if (empty()) {
      *this = b;
      return;
    }
    x0 = std::min(x0, b.x0), y0 = std::min(y0, b.y0);
    x1 = std::max(x1, b.x1), y1 = std::max(y1, b.y1);
  }
  // Boxes that only touch along an edge do not overlap: no pixel centre is inside both.
  bool Overlaps(const Box& b) const {
    return !empty() && !b.empty() && b.x0 < x1 && x0 < b.x1 && b.y0 < y1 && y0 < b.y1;
  }
};

}  // namespace draw_split_detail

// Reusable between frames (its scratch space stays allocated). `Index` is ImDrawIdx.
template <typename Index>
class FillSplitter {
 public:
  // `Vertex` has ImDrawVert's `pos.x`, `pos.y`, `uv.x`, `uv.y`. Reads `index_count`
  // indices (a multiple of 3) at `indices`, appends them regrouped to `out` and one
  // DrawBatch per non-empty group to `batches`. A triangle is a fill when all three
  // vertices sit exactly on (`white_u`, `white_v`), the atlas's white pixel
  // (ImFontAtlas::TexUvWhitePixel), which is opaque white: drawn untextured it looks the same.
  template <typename Vertex>
  void Split(const Vertex* vertices, const Index* indices, std::size_t index_count, float white_u, float white_v,
             std::vector<Index>& out, std::vector<DrawBatch>& batches) {
    using draw_split_detail::Box;
    fills_.clear();
    textured_.clear();
    Box textured_box;
    auto close_pair = [&] {
      Emit(BatchKind::kFill, fills_, out, batches);
      Emit(BatchKind::kTextured, textured_, out, batches);
      textured_box = Box();
    };
    for (std::size_t i = 0; i + 2 < index_count; i += 3) {
      const Vertex& a = vertices[indices[i]];
      const Vertex& b = vertices[indices[i + 1]];
      const Vertex& c = vertices[indices[i + 2]];
      const Box box{std::min({a.pos.x, b.pos.x, c.pos.x}), std::min({a.pos.y, b.pos.y, c.pos.y}),
                    std::max({a.pos.x, b.pos.x, c.pos.x}), std::max({a.pos.y, b.pos.y, c.pos.y})};
      const bool fill = a.uv.x == white_u && a.uv.y == white_v && b.uv.x == white_u && b.uv.y == white_v &&
                        c.uv.x == white_u && c.uv.y == white_v;
      if (fill) {
        if (textured_box.Overlaps(box)) close_pair();
        fills_.insert(fills_.end(), indices + i, indices + i + 3);
      } else {
        textured_.insert(textured_.end(), indices + i, indices + i + 3);
        textured_box.Add(box);
      }
    }
    close_pair();
  }

 private:
  static void Emit(BatchKind kind, std::vector<Index>& group, std::vector<Index>& out, std::vector<DrawBatch>& batches) {
    if (group.empty()) return;
    batches.push_back({kind, static_cast<std::uint32_t>(out.size()), static_cast<std::uint32_t>(group.size())});
    out.insert(out.end(), group.begin(), group.end());
    group.clear();
  }

  std::vector<Index> fills_;
  std::vector<Index> textured_;
};

}  // namespace offerscope::web
