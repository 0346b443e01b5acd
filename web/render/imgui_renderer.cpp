#include "web/render/imgui_renderer.hpp"

#include <cstddef>
#include <cstdint>

#include "offerscope_shaders.hpp"
#include "web/render/gl_program.hpp"

namespace offerscope::web {

bool ImGuiRenderer::Init(std::string& error) {
  fill_program_ = BuildProgram(shaders::kUiFillVert, shaders::kUiFillFrag, error);
  if (!fill_program_) return false;
  textured_program_ = BuildProgram(shaders::kUiTexturedVert, shaders::kUiTexturedFrag, error);
  if (!textured_program_) return false;
  fill_display_ = glGetUniformLocation(fill_program_, "u_display");
  textured_display_ = glGetUniformLocation(textured_program_, "u_display");
  glUseProgram(textured_program_);
  glUniform1i(glGetUniformLocation(textured_program_, "u_texture"), 0);

  // One vertex layout for both programs: ImDrawVert as ImGui writes it (the fill program
  // has no attribute at location 1 and skips the texture coordinates).
  glGenVertexArrays(1, &vao_);
  glBindVertexArray(vao_);
  glGenBuffers(1, &vbo_);
  glGenBuffers(1, &ebo_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ebo_);  // part of the VAO's state
  const GLsizei stride = sizeof(ImDrawVert);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(ImDrawVert, pos)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(ImDrawVert, uv)));
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, reinterpret_cast<void*>(offsetof(ImDrawVert, col)));
  glBindVertexArray(0);
  return true;
}

void ImGuiRenderer::UploadFontAtlas() {
  ImGuiIO& io = ImGui::GetIO();
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  if (!font_texture_) glGenTextures(1, &font_texture_);
  glBindTexture(GL_TEXTURE_2D, font_texture_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  glBindTexture(GL_TEXTURE_2D, 0);
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(font_texture_)));
}

void ImGuiRenderer::SetUpState(const ImDrawData& dd, int framebuffer_w, int framebuffer_h) {
  glViewport(0, 0, framebuffer_w, framebuffer_h);
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glEnable(GL_SCISSOR_TEST);
  glActiveTexture(GL_TEXTURE0);
  glUseProgram(fill_program_);
  glUniform4f(fill_display_, dd.DisplayPos.x, dd.DisplayPos.y, dd.DisplaySize.x, dd.DisplaySize.y);
  glUseProgram(textured_program_);
  glUniform4f(textured_display_, dd.DisplayPos.x, dd.DisplayPos.y, dd.DisplaySize.x, dd.DisplaySize.y);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);  // not part of the VAO; the chart renderer binds its own
}

void ImGuiRenderer::Render(const ImDrawData& dd) {
  counts_ = Counts();
  const int fb_w = static_cast<int>(dd.DisplaySize.x * dd.FramebufferScale.x);
  const int fb_h = static_cast<int>(dd.DisplaySize.y * dd.FramebufferScale.y);
  if (fb_w <= 0 || fb_h <= 0) return;
  SetUpState(dd, fb_w, fb_h);
  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
  const ImTextureID font = ImGui::GetIO().Fonts->TexID;
  GLuint program = textured_program_;
  GLuint texture = ~0u;  // unknown: the chart renderer binds textures between our frames
  for (int n = 0; n < dd.CmdListsCount; ++n) {
    const ImDrawList& list = *dd.CmdLists[n];
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(list.VtxBuffer.Size) * sizeof(ImDrawVert),
                 list.VtxBuffer.Data, GL_STREAM_DRAW);
    // Regroup each font-textured command's indices into fills and textured batches; other
    // textures (chart images) keep theirs as they are.
    indices_.clear();
    batches_.clear();
    first_batch_.clear();
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      first_batch_.push_back(batches_.size());
      if (cmd.UserCallback) continue;
      const ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
      // Without ImGuiBackendFlags_RendererHasVtxOffset (WebGL2 has no base-vertex draw)
      // VtxOffset is always 0: indices count from the start of the list's vertices.
      const ImDrawVert* vtx = list.VtxBuffer.Data;
      if (cmd.TextureId == font) {
        splitter_.Split(vtx, idx, cmd.ElemCount, white.x, white.y, indices_, batches_);
      } else {
        batches_.push_back({BatchKind::kTextured, static_cast<std::uint32_t>(indices_.size()), cmd.ElemCount});
        indices_.insert(indices_.end(), idx, idx + cmd.ElemCount);
      }
    }
    first_batch_.push_back(batches_.size());
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(indices_.size() * sizeof(ImDrawIdx)),
                 indices_.data(), GL_STREAM_DRAW);

    for (int c = 0; c < list.CmdBuffer.Size; ++c) {
      const ImDrawCmd& cmd = list.CmdBuffer[c];
      if (cmd.UserCallback) {
        // ImGui's one built-in callback asks for the render state again; we install no others.
        if (cmd.UserCallback == ImDrawCallback_ResetRenderState) {
          SetUpState(dd, fb_w, fb_h);
          program = textured_program_;
          texture = ~0u;
        } else {
          cmd.UserCallback(&list, &cmd);
        }
        continue;
      }
      // The clip rectangle in framebuffer pixels (GL counts rows from the bottom).
      const float x0 = (cmd.ClipRect.x - dd.DisplayPos.x) * dd.FramebufferScale.x;
      const float y0 = (cmd.ClipRect.y - dd.DisplayPos.y) * dd.FramebufferScale.y;
      const float x1 = (cmd.ClipRect.z - dd.DisplayPos.x) * dd.FramebufferScale.x;
      const float y1 = (cmd.ClipRect.w - dd.DisplayPos.y) * dd.FramebufferScale.y;
      if (x1 <= x0 || y1 <= y0) continue;
      glScissor(static_cast<int>(x0), static_cast<int>(fb_h - y1), static_cast<int>(x1 - x0), static_cast<int>(y1 - y0));
      const GLuint cmd_texture = static_cast<GLuint>(reinterpret_cast<std::intptr_t>(cmd.TextureId));
      for (std::size_t b = first_batch_[static_cast<std::size_t>(c)]; b < first_batch_[static_cast<std::size_t>(c) + 1]; ++b) {
        const DrawBatch& batch = batches_[b];
        const GLuint want = batch.kind == BatchKind::kFill ? fill_program_ : textured_program_;
        if (want != program) glUseProgram(program = want);
        if (batch.kind == BatchKind::kTextured && cmd_texture != texture) glBindTexture(GL_TEXTURE_2D, texture = cmd_texture);
        glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(batch.count),
                       sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
                       reinterpret_cast<void*>(static_cast<std::uintptr_t>(batch.first) * sizeof(ImDrawIdx)));
        ++counts_.draw_calls;
        (batch.kind == BatchKind::kFill ? counts_.fill_triangles : counts_.textured_triangles) += static_cast<int>(batch.count / 3);
      }
    }
  }
  glBindVertexArray(0);
  glDisable(GL_SCISSOR_TEST);
}

}  // namespace offerscope::web
