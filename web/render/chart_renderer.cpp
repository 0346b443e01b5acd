#include "web/render/chart_renderer.hpp"

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

  // Points: a shared quad (4 corners, triangle strip) plus one instance record per point.
  static const float kCorners[8] = {-1, -1, 1, -1, -1, 1, 1, 1};
  glGenVertexArrays(1, &point_vao_);
  glBindVertexArray(point_vao_);
  glGenBuffers(1, &corner_vbo_);
  glBindBuffer(GL_ARRAY_BUFFER, corner_vbo_);
  glBufferData(GL_ARRAY_BUFFER, sizeof kCorners, kCorners, GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  glGenBuffers(1, &instance_vbo_);
  glBindBuffer(GL_ARRAY_BUFFER, instance_vbo_);
  const GLsizei stride = sizeof(PointInstance);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(PointInstance, x)));
  glVertexAttribDivisor(1, 1);
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, reinterpret_cast<void*>(offsetof(PointInstance, r)));
  glVertexAttribDivisor(2, 1);
  glEnableVertexAttribArray(3);
  glVertexAttribPointer(3, 1, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(PointInstance, radius_px)));
  glVertexAttribDivisor(3, 1);
  glEnableVertexAttribArray(4);
  glVertexAttribPointer(4, 1, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(PointInstance, mark)));
  glVertexAttribDivisor(4, 1);

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
  if (points_changed) {
    glBindBuffer(GL_ARRAY_BUFFER, instance_vbo_);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(points.size() * sizeof(PointInstance)), points.data(),
                 GL_DYNAMIC_DRAW);
    instance_count_ = points.size();
  }
  if (instance_count_ > 0) {
    glUseProgram(point_program_);
    glUniform4f(glGetUniformLocation(point_program_, "u_view"), view.x0, view.y0, view.x1, view.y1);
    glUniform2f(glGetUniformLocation(point_program_, "u_target_px"), static_cast<float>(w), static_cast<float>(h));
    glUniform4fv(glGetUniformLocation(point_program_, "u_ring_color"), 1, ring_color);
    glBindVertexArray(point_vao_);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(instance_count_));
  }
  DrawShapes(over, view);

  glBindVertexArray(0);
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous_fbo));
  return texture_;
}

}  // namespace offerscope::web
