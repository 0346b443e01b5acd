#include "web/render/chart_renderer.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <utility>

#include "offerscope_shaders.hpp"
#include "web/render/gl_program.hpp"

namespace offerscope::web {

bool ChartRenderer::Init(std::string& error) {
  point_program_ = BuildProgram(shaders::kPointsVert, shaders::kPointsFrag, error);
  if (!point_program_) return false;
  shape_program_ = BuildProgram(shaders::kShapesVert, shaders::kShapesFrag, error);
  if (!shape_program_) return false;

  // Points: no vertex attributes; the shader finds each point's data by gl_VertexID in two
  // textures (shaders/points.vert.glsl says why not instancing).
  glGenVertexArrays(1, &point_vao_);
  glGenTextures(1, &point_data_texture_);
  glGenTextures(1, &point_color_texture_);
  for (GLuint t : {point_data_texture_, point_color_texture_}) {
    glBindTexture(GL_TEXTURE_2D, t);
    // Read with texelFetch only; nearest and no mipmaps keep them complete (RGBA32F cannot
    // be filtered in WebGL2).
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  }
  glBindTexture(GL_TEXTURE_2D, 0);
  GLint max_texture_px = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_texture_px);
  max_points_ = static_cast<std::size_t>(kPointsPerRow) * static_cast<std::size_t>(std::max(1, max_texture_px));
  glUseProgram(point_program_);
  glUniform1i(glGetUniformLocation(point_program_, "u_points"), 0);
  glUniform1i(glGetUniformLocation(point_program_, "u_colors"), 1);
  glUniform1i(glGetUniformLocation(point_program_, "u_points_per_row"), kPointsPerRow);

  glGenVertexArrays(1, &shape_vao_);
  glBindVertexArray(shape_vao_);
  glGenBuffers(1, &shape_vbo_);
  glBindBuffer(GL_ARRAY_BUFFER, shape_vbo_);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(ShapeVertex), reinterpret_cast<void*>(offsetof(ShapeVertex, x)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ShapeVertex), reinterpret_cast<void*>(offsetof(ShapeVertex, r)));
  glBindVertexArray(0);
  return true;
}

void ChartRenderer::EnsureTarget(Target& t, int w, int h) {
  if (w == t.w && h == t.h && t.fbo) return;
  if (!t.texture) glGenTextures(1, &t.texture);
  glBindTexture(GL_TEXTURE_2D, t.texture);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  // Shown 1:1 on the framebuffer, so nearest sampling is exact, and in software WebGL
  // cheaper than linear.
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  if (!t.fbo) glGenFramebuffers(1, &t.fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, t.fbo);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t.texture, 0);
  // Leaving the target bound for sampling while drawing into it is a feedback loop.
  glBindTexture(GL_TEXTURE_2D, 0);
  t.w = w;
  t.h = h;
}

void ChartRenderer::DrawShapes(const std::vector<ShapeVertex>& shapes, const ChartView& view) {
  if (shapes.empty()) return;
  glUseProgram(shape_program_);
  glUniform4f(glGetUniformLocation(shape_program_, "u_view"), view.x0, view.y0, view.x1, view.y1);
  glBindVertexArray(shape_vao_);
  glBindBuffer(GL_ARRAY_BUFFER, shape_vbo_);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(shapes.size() * sizeof(ShapeVertex)), shapes.data(),
               GL_STREAM_DRAW);
  glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(shapes.size()));
}

namespace {

bool SameShapes(const std::vector<ShapeVertex>& a, const std::vector<ShapeVertex>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(ShapeVertex)) == 0);
}

const std::vector<ShapeVertex>& OrEmpty(const std::vector<ShapeVertex>* shapes) {
  static const std::vector<ShapeVertex> kNone;
  return shapes ? *shapes : kNone;
}

}  // namespace

bool ChartRenderer::Changed(const ChartPicture& p) {
  const ChartView& view = p.view;
  const std::vector<ShapeVertex>& under = OrEmpty(p.under);
  const std::vector<ShapeVertex>& over = OrEmpty(p.over);
  bool same = p.width_px == last_w_ && p.height_px == last_h_ && p.tag == last_tag_ && view.x0 == last_view_.x0 &&
              view.y0 == last_view_.y0 && view.x1 == last_view_.x1 && view.y1 == last_view_.y1 &&
              std::memcmp(p.background, last_background_, sizeof last_background_) == 0 &&
              std::memcmp(p.ring_color, last_ring_, sizeof last_ring_) == 0 && SameShapes(under, last_under_) &&
              SameShapes(over, last_over_);
  if (same) return false;
  last_w_ = p.width_px, last_h_ = p.height_px;
  last_tag_ = p.tag;
  last_view_ = view;
  std::memcpy(last_background_, p.background, sizeof last_background_);
  std::memcpy(last_ring_, p.ring_color, sizeof last_ring_);
  last_under_ = under;
  last_over_ = over;
  return true;
}

void ChartRenderer::UploadPoints(const std::vector<PointInstance>& points) {
  point_count_ = std::min(points.size(), max_points_);
  if (point_count_ == 0) return;
  // One texel per point, kPointsPerRow to a row; the last row's tail is never read.
  const std::size_t rows = (point_count_ + kPointsPerRow - 1) / kPointsPerRow;
  point_data_.assign(rows * kPointsPerRow * 4, 0.0f);
  point_colors_.assign(rows * kPointsPerRow * 4, 0);
  for (std::size_t i = 0; i < point_count_; ++i) {
    const PointInstance& p = points[i];
    float* d = &point_data_[4 * i];
    d[0] = p.x, d[1] = p.y, d[2] = p.radius_px, d[3] = p.mark;
    std::uint8_t* c = &point_colors_[4 * i];
    c[0] = p.r, c[1] = p.g, c[2] = p.b, c[3] = p.a;
  }
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glBindTexture(GL_TEXTURE_2D, point_data_texture_);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA32F, kPointsPerRow, static_cast<GLsizei>(rows), 0, GL_RGBA, GL_FLOAT,
               point_data_.data());
  glBindTexture(GL_TEXTURE_2D, point_color_texture_);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kPointsPerRow, static_cast<GLsizei>(rows), 0, GL_RGBA, GL_UNSIGNED_BYTE,
               point_colors_.data());
  glBindTexture(GL_TEXTURE_2D, 0);
}

void ChartRenderer::BindBack() {
  glBindFramebuffer(GL_FRAMEBUFFER, back_.fbo);
  // The UI renderer may have left the back texture bound (a first picture is shown while it
  // grows): sampling it while drawing into it would be a feedback loop.
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, 0);
  glViewport(0, 0, back_.w, back_.h);
  glDisable(GL_SCISSOR_TEST);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
}

void ChartRenderer::DrawPoints(std::size_t first, std::size_t count) {
  if (count == 0) return;
  const ChartView& view = last_view_;
  glUseProgram(point_program_);
  glUniform4f(glGetUniformLocation(point_program_, "u_view"), view.x0, view.y0, view.x1, view.y1);
  glUniform2f(glGetUniformLocation(point_program_, "u_target_px"), static_cast<float>(back_.w), static_cast<float>(back_.h));
  glUniform4fv(glGetUniformLocation(point_program_, "u_ring_color"), 1, last_ring_);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, point_color_texture_);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, point_data_texture_);
  glBindVertexArray(point_vao_);
  // gl_VertexID counts from `first` in a glDrawArrays: the shader finds each point's texel.
  glDrawArrays(GL_TRIANGLES, static_cast<GLint>(6 * first), static_cast<GLsizei>(6 * count));
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, 0);
}

void ChartRenderer::StartRun(const ChartPicture& p) {
  EnsureTarget(back_, p.width_px, p.height_px);
  if (p.points_changed && p.points) UploadPoints(*p.points);
  BindBack();
  glClearColor(p.background[0], p.background[1], p.background[2], p.background[3]);
  glClear(GL_COLOR_BUFFER_BIT);
  DrawShapes(last_under_, last_view_);
  back_.tag = p.tag;
  back_.view = p.view;
  back_.complete = false;
  run_.Start(point_count_, p.tag);
}

GLuint ChartRenderer::Render(const ChartPicture& p, const FramePace& pace) {
  if (!ready() || p.width_px <= 0 || p.height_px <= 0) return 0;
  // What the previous frame's batch cost, for this frame's (once per frame).
  if (last_batch_frame_ == pace.frame - 1) {
    sizer_.OnFrame(last_batch_points_, pace.last_interval_ms, pace.late_ms);
    last_batch_points_ = 0;
  }
  // The caller's framebuffer, before anything here binds ours (creating a target binds it).
  GLint previous_fbo = 0;
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous_fbo);
  if (Changed(p) || p.points_changed) StartRun(p);
  if (run_.active() && !pace.hold && last_batch_frame_ != pace.frame) {
    const ProgressiveRun::Range batch = run_.Take(sizer_.points());
    BindBack();
    DrawPoints(batch.first, batch.count);
    points_total_ += batch.count;
    last_batch_frame_ = pace.frame;
    last_batch_points_ = batch.count;
    if (run_.AllTaken()) {
      DrawShapes(last_over_, last_view_);
      back_.tag = run_.Finish();
      back_.complete = true;
      std::swap(front_, back_);
      ++draws_total_;
    } else if (!front_.complete) {
      ++draws_total_;  // no picture yet: the one growing is shown
    }
  }
  glBindVertexArray(0);
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous_fbo));
  return Shown().texture;
}

std::uint64_t ChartRenderer::shown_tag() const { return Shown().tag; }
const ChartView& ChartRenderer::shown_view() const { return Shown().view; }
bool ChartRenderer::shows_complete() const { return Shown().complete; }

}  // namespace offerscope::web
