// Draws ImGui's draw data with WebGL2 (in place of ImGui's OpenGL3 backend). Two savings for
// software WebGL, where a frame costs per pixel covered:
// - plain fills are drawn by a program that reads no texture (web/render/draw_split.hpp);
// - only the rectangle the frame changed is cleared and redrawn (web/render/damage.hpp);
//   the canvas keeps the rest (preserveDrawingBuffer, set in web/canvas_context.js).
#pragma once

#include <GLES3/gl3.h>

#include <string>
#include <vector>

#include "imgui.h"
#include "web/render/damage.hpp"
#include "web/render/damage_rects.hpp"
#include "web/render/draw_split.hpp"

namespace offerscope::web {

class ImGuiRenderer {
 public:
  // Builds both programs and the vertex layout; false with the reason in `error`.
  bool Init(std::string& error);
  // (Re)uploads io.Fonts' atlas, sampled with GL_NEAREST (glyphs are rasterised at their
  // on-screen size, so each texel lands on one pixel), and sets io.Fonts->TexID.
  void UploadFontAtlas();
  // Draws what changed since the last drawn frame into the default framebuffer, on
  // `clear_rgb` (the main window's background). `texture_version` must change whenever an
  // image ImGui shows (the chart's offscreen texture) was redrawn. False when the canvas
  // already shows this frame: nothing was drawn.
  bool Render(const ImDrawData& draw_data, const float clear_rgb[3], unsigned long long texture_version);
  // The next Render redraws the whole canvas (automation: a test compares the two).
  void RequestFullRedraw() { full_redraw_ = true; }

  // What the last drawing Render issued (automation: uiMetrics()).
  struct Counts {
    int draw_calls = 0;
    int fill_triangles = 0;
    int textured_triangles = 0;
    DamageRect damage;  // CSS px, the bounding box of what was redrawn; the display on a full redraw
    int damage_rects = 0;     // rectangles redrawn
    long long damage_px = 0;  // framebuffer pixels redrawn (their total area; an overlap counts twice)
    int lists = 0;      // ImGui draw lists (one per window) in the frame
    // Why the frame was drawn, for attributing slow frames (automation: frameLog()): on a
    // full redraw its reason, else each window whose list changed and the size of its
    // damage ("table 660x310"), or "+name" / "-name" for a window that appeared or went;
    // then, after " |", the rectangles redrawn (framebuffer px, "x0,y0-x1,y1").
    std::string cause;
  };
  const Counts& last_counts() const { return counts_; }
  // Whether Counts::cause is filled in: it runs the damage comparison a second time per list,
  // so it is off unless a benchmark attributing slow frames asks (automation: frameLog()).
  void set_describe_damage(bool on) { describe_damage_ = on; }

 private:
  using Frame = FrameCopy<ImDrawVert, ImDrawIdx>;
  void Fingerprint(const ImDrawData& dd, unsigned long long texture_version, Frame& out);
  std::string DescribeDamage() const;  // Counts::cause of a partial redraw, from shown_ and next_
  void SetUpState(const ImDrawData& draw_data, int framebuffer_w, int framebuffer_h);
  // Draws the list's triangles that reach into `damage` (framebuffer px), clipped to it.
  void DrawList(const ImDrawData& dd, const ImDrawList& list, const PixelRect& damage, int fb_h);

  // At most this many rectangles are redrawn per frame, and two whose union costs fewer
  // than kJoinBelowPx framebuffer pixels more are redrawn as one: each rectangle costs
  // every list reaching into it another upload and each command another draw call (the
  // threshold is a guess at what that costs in pixels, not measured).
  static constexpr std::size_t kMaxDamageRects = 4;
  static constexpr long long kJoinBelowPx = 64 * 64;

  GLuint fill_program_ = 0;
  GLuint textured_program_ = 0;
  GLint fill_display_ = -1;      // u_display of each program
  GLint textured_display_ = -1;
  GLuint vao_ = 0;
  GLuint vbo_ = 0;
  GLuint ebo_ = 0;
  GLuint font_texture_ = 0;
  GLuint program_ = 0;  // in use while drawing; 0: unknown
  GLuint texture_ = 0;  // bound while drawing; ~0: unknown
  FillSplitter<ImDrawIdx> splitter_;
  std::vector<ImDrawIdx> indices_;  // one list's indices regrouped, reused between frames
  std::vector<ImDrawIdx> culled_;   // one command's triangles that reach the rectangle drawn
  std::vector<DrawBatch> batches_;
  std::vector<std::size_t> first_batch_;  // per command of that list, its first batch; then the end

  // What the canvas shows: drawn from `shown_` at this size on this clear colour.
  bool canvas_keeps_pixels_ = false;  // the context has preserveDrawingBuffer
  bool full_redraw_ = true;
  bool describe_damage_ = false;
  Frame shown_;
  Frame next_;
  std::vector<DamageRect> damage_css_;  // this frame's damage as found, CSS px
  std::vector<PixelRect> damage_px_;    // ...merged: the framebuffer rectangles being redrawn
  std::vector<std::string> shown_names_, next_names_;  // each list's window name
  unsigned long long shown_texture_version_ = 0;
  int shown_fb_w_ = 0, shown_fb_h_ = 0;
  float shown_clear_[3] = {-1, -1, -1};
  Counts counts_;
};

}  // namespace offerscope::web
