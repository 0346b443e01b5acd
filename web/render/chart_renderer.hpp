// Draws chart geometry into an offscreen render target that the chart panel shows as an
// ImGui image: anti-aliased points, one quad each (points.*.glsl), and flat triangles
// (shapes.*.glsl). Knows nothing about offers: the panel hands it unit-space data.
#pragma once

#include <GLES3/gl3.h>

#include <cstdint>
#include <string>
#include <vector>

namespace offerscope::web {

struct PointInstance {
  float x, y;          // unit plot coordinates
  std::uint8_t r, g, b, a;
  float radius_px;     // framebuffer pixels
  float mark;          // 0 plain, 1 frontier, 2 selected
};

struct ShapeVertex {
  float x, y;  // unit plot coordinates
  std::uint8_t r, g, b, a;
};

struct ChartView {
  float x0 = 0, y0 = 0, x1 = 1, y1 = 1;  // visible unit window (zoom)
};

class ChartRenderer {
 public:
  // Compiles the shaders once; false with `error` when the GPU refused them.
  bool Init(std::string& error);
  // Renders into the target (resized to width x height framebuffer pixels) and returns the
  // texture to show. Points are uploaded only when `points_changed`. When nothing changed
  // since the last call (same size, view, colours and shapes, no new points) the last
  // picture is returned as it is: drawing 100,000 points costs a software GL (SwiftShader)
  // a few hundred ms, and scrolling the table or hovering elsewhere changes none of it.
  GLuint Render(int width_px, int height_px, const ChartView& view, const float background[4],
                const std::vector<PointInstance>& points, bool points_changed,
                const std::vector<ShapeVertex>& shapes_under, const std::vector<ShapeVertex>& shapes_over,
                const float ring_color[4]);
  bool ready() const { return point_program_ != 0; }
  // How many times any ChartRenderer redrew its target: the frame loop draws a frame whose
  // ImGui geometry is unchanged when a chart texture under it changed.
  static unsigned long long DrawsTotal() { return draws_total_; }

 private:
  void EnsureTarget(int w, int h);
  // True when these inputs differ from the last drawn ones (and remembers them).
  bool Changed(int w, int h, const ChartView& view, const float background[4], const std::vector<ShapeVertex>& under,
               const std::vector<ShapeVertex>& over, const float ring_color[4]);
  void DrawShapes(const std::vector<ShapeVertex>& shapes, const ChartView& view);
  // Copies the points into the two textures the point shader reads (one texel per point).
  void UploadPoints(const std::vector<PointInstance>& points);

  static constexpr int kPointsPerRow = 1024;  // texels per row of the point textures

  GLuint point_program_ = 0, shape_program_ = 0;
  GLuint point_vao_ = 0;  // no attributes: the shader reads the two textures below
  GLuint point_data_texture_ = 0;   // RGBA32F: x, y, radius_px, mark
  GLuint point_color_texture_ = 0;  // RGBA8: r, g, b, a
  std::size_t max_points_ = 0;      // kPointsPerRow x the largest texture height
  std::vector<float> point_data_;           // staging for the uploads, reused
  std::vector<std::uint8_t> point_colors_;
  GLuint shape_vao_ = 0, shape_vbo_ = 0;
  GLuint fbo_ = 0, texture_ = 0;
  static inline unsigned long long draws_total_ = 0;
  int target_w_ = 0, target_h_ = 0;
  std::size_t point_count_ = 0;
  // What the target currently shows (see Changed).
  ChartView last_view_;
  float last_background_[4] = {-1, -1, -1, -1}, last_ring_[4] = {-1, -1, -1, -1};
  std::vector<ShapeVertex> last_under_, last_over_;
};

}  // namespace offerscope::web
