#include "web/render/chart_renderer.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>

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

void ChartRenderer::EnsureTarget(int w, int h) {
  if (w == target_w_ && h == target_h_ && fbo_) return;
  if (!texture_) glGenTextures(1, &texture_);
  glBindTexture(GL_TEXTURE_2D, texture_);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  // Shown 1:1 on the framebuffer, so nearest sampling is exact, and in software WebGL
  // cheaper than linear.
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  if (!fbo_) glGenFramebuffers(1, &fbo_);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_, 0);
  // Leaving the target bound for sampling while drawing into it is a feedback loop.
  glBindTexture(GL_TEXTURE_2D, 0);
  target_w_ = w;
  target_h_ = h;
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

}  // namespace

bool ChartRenderer::Changed(int w, int h, const ChartView& view, const float bg[4],
                            const std::vector<ShapeVertex>& under, const std::vector<ShapeVertex>& over,
                            const float ring[4]) {
  bool same = w == target_w_ && h == target_h_ && fbo_ && view.x0 == last_view_.x0 && view.y0 == last_view_.y0 &&
              view.x1 == last_view_.x1 && view.y1 == last_view_.y1 &&
              std::memcmp(bg, last_background_, sizeof last_background_) == 0 &&
              std::memcmp(ring, last_ring_, sizeof last_ring_) == 0 && SameShapes(under, last_under_) &&
              SameShapes(over, last_over_);
  if (same) return false;
  last_view_ = view;
  std::memcpy(last_background_, bg, sizeof last_background_);
  std::memcpy(last_ring_, ring, sizeof last_ring_);
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

GLuint ChartRenderer::Render(int w, int h, const ChartView& view, const float bg[4],
                             const std::vector<PointInstance>& points, bool points_changed,
                             const std::vector<ShapeVertex>& under, const std::vector<ShapeVertex>& over,
                             const float ring_color[4]) {
  if (!ready() || w <= 0 || h <= 0) return 0;
  bool changed = Changed(w, h, view, bg, under, over, ring_color);
  if (!changed && !points_changed) return texture_;
  ++draws_total_;
  // Remember the caller's framebuffer before EnsureTarget binds ours (creating it binds it).
  GLint previous_fbo = 0;
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous_fbo);
  EnsureTarget(w, h);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, 0);
  glViewport(0, 0, w, h);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(bg[0], bg[1], bg[2], bg[3]);
  glClear(GL_COLOR_BUFFER_BIT);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

  DrawShapes(under, view);
  if (points_changed) UploadPoints(points);
  if (point_count_ > 0) {
    glUseProgram(point_program_);
    glUniform4f(glGetUniformLocation(point_program_, "u_view"), view.x0, view.y0, view.x1, view.y1);
    glUniform2f(glGetUniformLocation(point_program_, "u_target_px"), static_cast<float>(w), static_cast<float>(h));
    glUniform4fv(glGetUniformLocation(point_program_, "u_ring_color"), 1, ring_color);
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, point_color_texture_);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, point_data_texture_);
    glBindVertexArray(point_vao_);
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(6 * point_count_));
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, 0);
  }
  DrawShapes(over, view);

  glBindVertexArray(0);
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous_fbo));
  return texture_;
}

}  // namespace offerscope::web
