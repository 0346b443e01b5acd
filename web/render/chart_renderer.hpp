// Draws chart geometry into offscreen render targets that the chart panel shows as an ImGui
// image: anti-aliased points, one quad each (points.*.glsl), and flat triangles
// (shapes.*.glsl). Knows nothing about offers: the panel hands it unit-space data.
//
// A new picture is drawn progressively: a batch of points per frame into a back target
// while the panel shows the last complete picture (the front target), then the two swap.
// In software WebGL (SwiftShader) one redraw of 100,000 points takes 150-600 ms, which in
// one frame stalls the page; spread over frames it does not. The batch size follows the
// frame intervals (web/render/batch_sizer.hpp), so a real GPU draws it all in a frame or two.
#pragma once

#include <GLES3/gl3.h>

#include <cstdint>
#include <string>
#include <vector>

#include "web/render/batch_sizer.hpp"
#include "web/render/progressive_run.hpp"

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

// What a picture is drawn from. `tag` is the caller's name for the data behind `points`
// (it must change whenever they do): the renderer reports which tag the picture shown is
// of, so the panel picks and labels with the data of the picture on screen, not with data
// still being drawn.
struct ChartPicture {
  int width_px = 0, height_px = 0;  // framebuffer pixels
  ChartView view;
  float background[4] = {0, 0, 0, 1};
  const std::vector<PointInstance>* points = nullptr;
  bool points_changed = false;  // upload `points` again (they changed since the last call)
  const std::vector<ShapeVertex>* under = nullptr;  // drawn before the points
  const std::vector<ShapeVertex>* over = nullptr;   // drawn after them
  float ring_color[4] = {1, 1, 1, 1};
  std::uint64_t tag = 0;
};

// The frame the renderer is called in, for sizing its batch.
struct FramePace {
  long long frame = 0;           // the frame loop's frame number (AppState::frames_run)
  float last_interval_ms = 0;    // the previous frame's start to this frame's start
  float late_ms = 0;             // this frame's start to the frame loop's callback's start
  bool hold = false;             // draw no batch this frame (the inputs are about to change)
};

class ChartRenderer {
 public:
  // Compiles the shaders once; false with `error` when the GPU refused them.
  bool Init(std::string& error);
  // Takes the picture wanted now: when it differs from the last one taken (size, view,
  // colours, shapes, tag, or new points) a new run starts, abandoning one in progress. Then
  // draws this frame's batch of the run (none while `pace.hold`), and when the run has drawn
  // every point, finishes the picture and shows it. Returns the texture to show: the last
  // complete picture, or while none was ever completed, the run's picture so far.
  GLuint Render(const ChartPicture& picture, const FramePace& pace);
  bool ready() const { return point_program_ != 0; }

  // The picture the returned texture shows: its tag and view, and whether it is complete.
  std::uint64_t shown_tag() const;
  const ChartView& shown_view() const;
  bool shows_complete() const;
  // A run is drawing a newer picture; points drawn of it so far, and in all.
  bool drawing() const { return run_.active(); }
  std::size_t run_drawn() const { return run_.drawn(); }
  std::size_t run_total() const { return run_.total(); }

  // How many times the texture any ChartRenderer shows changed (a picture completed, or a
  // first picture grew): the frame loop draws a frame whose ImGui geometry is unchanged when
  // a chart texture under it changed.
  static unsigned long long DrawsTotal() { return draws_total_; }
  // Points drawn by any ChartRenderer so far: a frame that drew some did GPU work even when
  // its ImGui geometry is unchanged (web/main.cpp counts it as drawn).
  static unsigned long long PointsTotal() { return points_total_; }

 private:
  struct Target {
    GLuint fbo = 0, texture = 0;
    int w = 0, h = 0;
    std::uint64_t tag = 0;
    ChartView view;
    bool complete = false;  // holds a finished picture
  };
  // The target whose texture Render returns: the front one, or while no picture was ever
  // completed, the one growing.
  const Target& Shown() const { return front_.complete || !run_.active() ? front_ : back_; }
  void EnsureTarget(Target& t, int w, int h);
  // True when these inputs differ from the last taken ones (and remembers them).
  bool Changed(const ChartPicture& p);
  void DrawShapes(const std::vector<ShapeVertex>& shapes, const ChartView& view);
  void DrawPoints(std::size_t first, std::size_t count);
  // Copies the points into the two textures the point shader reads (one texel per point).
  void UploadPoints(const std::vector<PointInstance>& points);
  // Binds the back target for drawing (viewport, blending).
  void BindBack();
  void StartRun(const ChartPicture& p);

  static constexpr int kPointsPerRow = 1024;  // texels per row of the point textures

  GLuint point_program_ = 0, shape_program_ = 0;
  GLuint point_vao_ = 0;  // no attributes: the shader reads the two textures below
  GLuint point_data_texture_ = 0;   // RGBA32F: x, y, radius_px, mark
  GLuint point_color_texture_ = 0;  // RGBA8: r, g, b, a
  std::size_t max_points_ = 0;      // kPointsPerRow x the largest texture height
  std::vector<float> point_data_;           // staging for the uploads, reused
  std::vector<std::uint8_t> point_colors_;
  GLuint shape_vao_ = 0, shape_vbo_ = 0;
  Target front_, back_;  // shown / being drawn
  ProgressiveRun run_;
  BatchSizer sizer_;
  long long last_batch_frame_ = -2;  // frame number of the last batch drawn
  std::size_t last_batch_points_ = 0;
  static inline unsigned long long draws_total_ = 0;
  static inline unsigned long long points_total_ = 0;
  std::size_t point_count_ = 0;
  // The last inputs taken (see Changed); the run draws these.
  int last_w_ = 0, last_h_ = 0;
  std::uint64_t last_tag_ = ~0ull;
  ChartView last_view_;
  float last_background_[4] = {-1, -1, -1, -1}, last_ring_[4] = {-1, -1, -1, -1};
  std::vector<ShapeVertex> last_under_, last_over_;
};

}  // namespace offerscope::web
