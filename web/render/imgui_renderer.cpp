#include "web/render/imgui_renderer.hpp"

#include <emscripten/html5.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

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
  // Partial redraws need the canvas to keep its pixels between frames; without that (a page
  // that created the context otherwise) every drawn frame is a full one.
  EmscriptenWebGLContextAttributes attrs;
  canvas_keeps_pixels_ = emscripten_webgl_get_context_attributes(emscripten_webgl_get_current_context(), &attrs) ==
                             EMSCRIPTEN_RESULT_SUCCESS &&
                         attrs.preserveDrawingBuffer;
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
  full_redraw_ = true;  // same vertices, new glyph pixels
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
  program_ = textured_program_;
  texture_ = ~0u;  // unknown: the chart renderer binds textures between our frames
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);  // not part of the VAO; the chart renderer binds its own
}

namespace {

// 64-bit FNV-style mixing, eight bytes at a time (the same picture gives the same value).
struct Hasher {
  std::uint64_t h = 0x9E3779B97F4A7C15ull;
  void Mix(const void* data, std::size_t bytes) {
    const unsigned char* p = static_cast<const unsigned char*>(data);
    std::uint64_t word;
    for (; bytes >= 8; p += 8, bytes -= 8) {
      std::memcpy(&word, p, 8);
      h = ((h << 5 | h >> 59) ^ word) * 0x100000001B3ull;
    }
    for (; bytes > 0; ++p, --bytes) h = ((h << 5 | h >> 59) ^ *p) * 0x100000001B3ull;
  }
};

}  // namespace

void ImGuiRenderer::Fingerprint(const ImDrawData& dd, unsigned long long texture_version, Frame& out) {
  const ImTextureID font = ImGui::GetIO().Fonts->TexID;
  out.resize(static_cast<std::size_t>(dd.CmdListsCount));
  next_names_.resize(static_cast<std::size_t>(dd.CmdListsCount));
  for (int n = 0; n < dd.CmdListsCount; ++n) {
    const ImDrawList& list = *dd.CmdLists[n];
    next_names_[static_cast<std::size_t>(n)] = list._OwnerName ? list._OwnerName : "?";
    // The owning window's name tells a window that appeared or went away from one that
    // changed (web/render/damage.hpp matches lists by it).
    Hasher name_hash;
    name_hash.Mix(next_names_[static_cast<std::size_t>(n)].data(), next_names_[static_cast<std::size_t>(n)].size());
    ListCopy<ImDrawVert, ImDrawIdx>& copy = out[static_cast<std::size_t>(n)];
    copy.id = name_hash.h;
    copy.vertices.assign(list.VtxBuffer.Data, list.VtxBuffer.Data + list.VtxBuffer.Size);
    copy.indices.assign(list.IdxBuffer.Data, list.IdxBuffer.Data + list.IdxBuffer.Size);
    std::vector<CommandPrint>& prints = copy.commands;
    prints.resize(static_cast<std::size_t>(list.CmdBuffer.Size));
    for (int c = 0; c < list.CmdBuffer.Size; ++c) {
      const ImDrawCmd& cmd = list.CmdBuffer[c];
      Hasher h;
      h.Mix(&cmd.ClipRect, sizeof cmd.ClipRect);
      h.Mix(&cmd.TextureId, sizeof cmd.TextureId);
      const std::uintptr_t callback = reinterpret_cast<std::uintptr_t>(cmd.UserCallback);
      h.Mix(&callback, sizeof callback);
      if (cmd.TextureId != font) h.Mix(&texture_version, sizeof texture_version);
      const ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
      h.Mix(idx, cmd.ElemCount * sizeof(ImDrawIdx));
      // The vertices this command uses: ImGui appends each command's vertices after the
      // previous command's, so [lowest, highest index] is the command's own run.
      ImDrawIdx lo = 0xFFFF, hi = 0;
      for (unsigned i = 0; i < cmd.ElemCount; ++i) lo = std::min(lo, idx[i]), hi = std::max(hi, idx[i]);
      DamageRect box;
      if (cmd.ElemCount > 0) {
        h.Mix(list.VtxBuffer.Data + lo, static_cast<std::size_t>(hi - lo + 1) * sizeof(ImDrawVert));
        DamageRect bounds{FLT_MAX, FLT_MAX, -FLT_MAX, -FLT_MAX};
        for (unsigned v = lo; v <= hi; ++v) {
          const ImVec2 p = list.VtxBuffer.Data[v].pos;
          bounds.x0 = std::min(bounds.x0, p.x), bounds.y0 = std::min(bounds.y0, p.y);
          bounds.x1 = std::max(bounds.x1, p.x), bounds.y1 = std::max(bounds.y1, p.y);
        }
        box = bounds.Intersect({cmd.ClipRect.x, cmd.ClipRect.y, cmd.ClipRect.z, cmd.ClipRect.w});
      }
      // A callback may paint anywhere: its box is the display.
      if (cmd.UserCallback) box = {dd.DisplayPos.x, dd.DisplayPos.y, dd.DisplayPos.x + dd.DisplaySize.x, dd.DisplayPos.y + dd.DisplaySize.y};
      CommandPrint& print = prints[static_cast<std::size_t>(c)];
      print.hash = h.h;
      print.box = box;
      print.clip = {cmd.ClipRect.x, cmd.ClipRect.y, cmd.ClipRect.z, cmd.ClipRect.w};
      print.texture = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(cmd.TextureId));
      print.first_index = cmd.IdxOffset;
      print.index_count = cmd.ElemCount;
      print.opaque = cmd.UserCallback != nullptr || (cmd.TextureId != font && texture_version != shown_texture_version_);
    }
  }
}

std::string ImGuiRenderer::DescribeDamage() const {
  std::string out;
  auto add = [&out](const std::string& what) { out += (out.empty() ? "" : ", ") + what; };
  for (const std::string& name : shown_names_)
    if (std::find(next_names_.begin(), next_names_.end(), name) == next_names_.end()) add("-" + name);
  std::vector<DamageRect> rects;
  for (std::size_t n = 0; n < next_.size(); ++n) {
    const auto old = std::find(shown_names_.begin(), shown_names_.end(), next_names_[n]);
    if (old == shown_names_.end()) {
      add("+" + next_names_[n]);
      continue;
    }
    rects.clear();
    ListDamage(shown_[static_cast<std::size_t>(old - shown_names_.begin())], next_[n], rects);
    DamageRect d;
    for (const DamageRect& r : rects) d.Add(r);
    if (!d.empty())
      add(next_names_[n] + " " + std::to_string(static_cast<int>(d.x1 - d.x0)) + "x" + std::to_string(static_cast<int>(d.y1 - d.y0)));
  }
  return out;
}

bool ImGuiRenderer::Render(const ImDrawData& dd, const float clear_rgb[3], unsigned long long texture_version) {
  const int fb_w = static_cast<int>(dd.DisplaySize.x * dd.FramebufferScale.x);
  const int fb_h = static_cast<int>(dd.DisplaySize.y * dd.FramebufferScale.y);
  if (fb_w <= 0 || fb_h <= 0) return false;
  Fingerprint(dd, texture_version, next_);
  const DamageRect whole{dd.DisplayPos.x, dd.DisplayPos.y, dd.DisplayPos.x + dd.DisplaySize.x, dd.DisplayPos.y + dd.DisplaySize.y};
  const bool same_canvas = canvas_keeps_pixels_ && !full_redraw_ && fb_w == shown_fb_w_ && fb_h == shown_fb_h_ &&
                           std::equal(clear_rgb, clear_rgb + 3, shown_clear_);
  // The damage in framebuffer pixels (top-down, rounded outwards), as a few
  // rectangles (web/render/damage_rects.hpp).
  const float sx = dd.FramebufferScale.x, sy = dd.FramebufferScale.y;
  damage_css_.clear();
  const bool partial = same_canvas && DamageRects(shown_, next_, damage_css_);
  if (!partial) damage_css_.assign(1, whole);
  damage_px_.clear();
  for (const DamageRect& r : damage_css_) damage_px_.push_back(ToPixels(r, dd.DisplayPos.x, dd.DisplayPos.y, sx, sy, fb_w, fb_h));
  MergeRects(damage_px_, kMaxDamageRects, kJoinBelowPx);
  if (damage_px_.empty()) return false;
  std::string cause = !describe_damage_ ? std::string()
                      : partial          ? DescribeDamage()
                      : !same_canvas     ? (full_redraw_ ? "full: requested" : "full: canvas")
                                         : "full: windows reordered";
  std::swap(shown_, next_);
  std::swap(shown_names_, next_names_);
  shown_texture_version_ = texture_version;
  shown_fb_w_ = fb_w, shown_fb_h_ = fb_h;
  std::copy(clear_rgb, clear_rgb + 3, shown_clear_);
  full_redraw_ = false;
  counts_ = Counts();
  PixelRect bounds = damage_px_[0];
  for (const PixelRect& r : damage_px_) {
    bounds = bounds.Union(r);
    counts_.damage_px += r.area();
  }
  counts_.damage = {dd.DisplayPos.x + bounds.x0 / sx, dd.DisplayPos.y + bounds.y0 / sy, dd.DisplayPos.x + bounds.x1 / sx,
                    dd.DisplayPos.y + bounds.y1 / sy};
  counts_.damage_rects = static_cast<int>(damage_px_.size());
  counts_.lists = dd.CmdListsCount;
  // The rectangles redrawn, framebuffer px, after what changed.
  if (describe_damage_) {
    cause += " |";
    for (const PixelRect& r : damage_px_)
      cause += " " + std::to_string(r.x0) + "," + std::to_string(r.y0) + "-" + std::to_string(r.x1) + "," + std::to_string(r.y1);
  }
  counts_.cause = std::move(cause);

  // Each rectangle in turn: cleared, then every command reaching into it drawn, in order,
  // clipped to it. Rectangles may overlap; the overlap is drawn twice, the same way.
  SetUpState(dd, fb_w, fb_h);
  glClearColor(clear_rgb[0], clear_rgb[1], clear_rgb[2], 1.0f);
  for (const PixelRect& r : damage_px_) {
    glScissor(r.x0, fb_h - r.y1, r.x1 - r.x0, r.y1 - r.y0);
    glClear(GL_COLOR_BUFFER_BIT);
    for (int n = 0; n < dd.CmdListsCount; ++n) DrawList(dd, *dd.CmdLists[n], r, fb_h);
  }
  glBindVertexArray(0);
  glDisable(GL_SCISSOR_TEST);
  return true;
}

void ImGuiRenderer::DrawList(const ImDrawData& dd, const ImDrawList& list, const PixelRect& damage, int fb_h) {
  // Each command's scissor in framebuffer pixels (top-down), cut to the damaged rectangle;
  // commands entirely outside it are skipped. The rounding is the full frame's, so pixels
  // inside the rectangle come out exactly as a full redraw would draw them.
  auto clip_of = [&](const ImDrawCmd& cmd) {
    const float x0 = (cmd.ClipRect.x - dd.DisplayPos.x) * dd.FramebufferScale.x;
    const float y0 = (cmd.ClipRect.y - dd.DisplayPos.y) * dd.FramebufferScale.y;
    const float x1 = (cmd.ClipRect.z - dd.DisplayPos.x) * dd.FramebufferScale.x;
    const float y1 = (cmd.ClipRect.w - dd.DisplayPos.y) * dd.FramebufferScale.y;
    if (x1 <= x0 || y1 <= y0) return PixelRect();
    // As ImGui's own backend: x, y truncated; width, height truncated from the float size.
    const int left = static_cast<int>(x0), bottom_up = static_cast<int>(fb_h - y1);
    const int right = left + static_cast<int>(x1 - x0), top_down_bottom = fb_h - bottom_up;
    const int top_down_top = top_down_bottom - static_cast<int>(y1 - y0);
    return PixelRect{left, top_down_top, right, top_down_bottom};
  };
  auto reaches = [&](const ImDrawCmd& cmd) { return clip_of(cmd).Overlaps(damage); };
  bool any = false;
  for (const ImDrawCmd& cmd : list.CmdBuffer) any = any || cmd.UserCallback || reaches(cmd);
  if (!any) return;

  // Only triangles that reach into the rectangle are sent: a software rasteriser sets up
  // every triangle it is given, scissored away or not, and a small rectangle (a clock's
  // digits, a scrollbar) would otherwise cost all of a big list's triangles again. Exact:
  // a triangle whose box (plus a pixel) misses the rectangle covers no pixel in it, and
  // the others keep their order. The box is in display (CSS) px, like the vertices.
  const float sx = dd.FramebufferScale.x, sy = dd.FramebufferScale.y;
  const float cull_x0 = dd.DisplayPos.x + damage.x0 / sx - 1, cull_x1 = dd.DisplayPos.x + damage.x1 / sx + 1;
  const float cull_y0 = dd.DisplayPos.y + damage.y0 / sy - 1, cull_y1 = dd.DisplayPos.y + damage.y1 / sy + 1;
  auto keep = [&](const ImDrawIdx* tri) {
    const ImVec2 a = list.VtxBuffer.Data[tri[0]].pos, b = list.VtxBuffer.Data[tri[1]].pos, c = list.VtxBuffer.Data[tri[2]].pos;
    return std::max({a.x, b.x, c.x}) >= cull_x0 && std::min({a.x, b.x, c.x}) <= cull_x1 &&
           std::max({a.y, b.y, c.y}) >= cull_y0 && std::min({a.y, b.y, c.y}) <= cull_y1;
  };
  // Regroup each font-textured command's indices into fills and textured batches; other
  // textures (chart images) keep theirs as they are.
  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
  const ImTextureID font = ImGui::GetIO().Fonts->TexID;
  indices_.clear();
  batches_.clear();
  first_batch_.clear();
  for (const ImDrawCmd& cmd : list.CmdBuffer) {
    first_batch_.push_back(batches_.size());
    if (cmd.UserCallback || !reaches(cmd)) continue;
    // Without ImGuiBackendFlags_RendererHasVtxOffset (WebGL2 has no base-vertex draw)
    // VtxOffset is always 0: indices count from the start of the list's vertices.
    const ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
    culled_.clear();
    for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3)
      if (keep(idx + i)) culled_.insert(culled_.end(), idx + i, idx + i + 3);
    if (culled_.empty()) continue;
    if (cmd.TextureId == font) {
      splitter_.Split(list.VtxBuffer.Data, culled_.data(), culled_.size(), white.x, white.y, indices_, batches_);
    } else {
      batches_.push_back({BatchKind::kTextured, static_cast<std::uint32_t>(indices_.size()), static_cast<std::uint32_t>(culled_.size())});
      indices_.insert(indices_.end(), culled_.begin(), culled_.end());
    }
  }
  first_batch_.push_back(batches_.size());
  // Nothing of this list reaches the rectangle: no upload at all (callbacks aside).
  bool has_callback = false;
  for (const ImDrawCmd& cmd : list.CmdBuffer) has_callback = has_callback || cmd.UserCallback;
  if (indices_.empty() && !has_callback) return;
  // One buffer for every list, refilled for each (and for each damaged rectangle).
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(list.VtxBuffer.Size) * sizeof(ImDrawVert), list.VtxBuffer.Data,
               GL_STREAM_DRAW);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(indices_.size() * sizeof(ImDrawIdx)), indices_.data(),
               GL_STREAM_DRAW);

  for (int c = 0; c < list.CmdBuffer.Size; ++c) {
    const ImDrawCmd& cmd = list.CmdBuffer[c];
    if (cmd.UserCallback) {
      // ImGui's one built-in callback asks for the render state again; we install no others.
      if (cmd.UserCallback == ImDrawCallback_ResetRenderState)
        SetUpState(dd, static_cast<int>(dd.DisplaySize.x * dd.FramebufferScale.x), fb_h);
      else
        cmd.UserCallback(&list, &cmd);
      continue;
    }
    const PixelRect scissor = clip_of(cmd).Intersect(damage);
    if (scissor.empty()) continue;
    glScissor(scissor.x0, fb_h - scissor.y1, scissor.x1 - scissor.x0, scissor.y1 - scissor.y0);
    const GLuint cmd_texture = static_cast<GLuint>(reinterpret_cast<std::intptr_t>(cmd.TextureId));
    for (std::size_t b = first_batch_[static_cast<std::size_t>(c)]; b < first_batch_[static_cast<std::size_t>(c) + 1]; ++b) {
      const DrawBatch& batch = batches_[b];
      const GLuint want = batch.kind == BatchKind::kFill ? fill_program_ : textured_program_;
      if (want != program_) glUseProgram(program_ = want);
      if (batch.kind == BatchKind::kTextured && cmd_texture != texture_) glBindTexture(GL_TEXTURE_2D, texture_ = cmd_texture);
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(batch.count), sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
                     reinterpret_cast<void*>(static_cast<std::uintptr_t>(batch.first) * sizeof(ImDrawIdx)));
      ++counts_.draw_calls;
      (batch.kind == BatchKind::kFill ? counts_.fill_triangles : counts_.textured_triangles) += static_cast<int>(batch.count / 3);
    }
  }
}

}  // namespace offerscope::web
