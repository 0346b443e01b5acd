// Draws ImGui's draw data with WebGL2 (in place of ImGui's OpenGL3 backend), with plain
// fills drawn by a program that reads no texture (web/render/draw_split.hpp says why).
#pragma once

#include <GLES3/gl3.h>

#include <string>
#include <vector>

#include "imgui.h"
#include "web/render/draw_split.hpp"

namespace offerscope::web {

class ImGuiRenderer {
 public:
  // Builds both programs and the vertex layout; false with the reason in `error`.
  bool Init(std::string& error);
  // (Re)uploads io.Fonts' atlas, sampled with GL_NEAREST (glyphs are rasterised at their
  // on-screen size, so each texel lands on one pixel), and sets io.Fonts->TexID.
  void UploadFontAtlas();
  // Draws into the bound framebuffer (viewport set by the caller).
  void Render(const ImDrawData& draw_data);

  // What the last Render issued (automation: uiMetrics()).
  struct Counts {
    int draw_calls = 0;
    int fill_triangles = 0;
    int textured_triangles = 0;
  };
  const Counts& last_counts() const { return counts_; }

 private:
  void SetUpState(const ImDrawData& draw_data, int framebuffer_w, int framebuffer_h);

  GLuint fill_program_ = 0;
  GLuint textured_program_ = 0;
  GLint fill_display_ = -1;      // u_display of each program
  GLint textured_display_ = -1;
  GLuint vao_ = 0;
  GLuint vbo_ = 0;
  GLuint ebo_ = 0;
  GLuint font_texture_ = 0;
  FillSplitter<ImDrawIdx> splitter_;
  std::vector<ImDrawIdx> indices_;  // one list's indices regrouped, reused between frames
  std::vector<DrawBatch> batches_;
  std::vector<std::size_t> first_batch_;  // per command of that list, its first batch; then the end
  Counts counts_;
};

}  // namespace offerscope::web
