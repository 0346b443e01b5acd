// OfferScope in the browser: Dear ImGui over WebGL2 through Emscripten's GLFW.
// This file owns start-up and the frame loop only; panels live in web/ui/.
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "web/app.hpp"
#include "web/automation.hpp"
#include "web/key_latch.hpp"
#include "web/platform/browser.hpp"
#include "web/platform/canvas.hpp"
#include "web/render/chart_renderer.hpp"
#include "web/render/imgui_renderer.hpp"
#include "web/ui/panels.hpp"

namespace offerscope::web {
namespace {

constexpr const char* kFontPath = "/fonts/DejaVuSans.ttf";  // preloaded by the web build
constexpr float kFontSizeCss = 15.0f;

struct Runtime {
  GLFWwindow* window = nullptr;
  ImGuiRenderer renderer;
  AppState app;
  double last_frame_time_ms = 0;   // the last frame's FrameTimeMs()
  double last_frame_start_ms = 0;  // ...and the page clock at its callback's start
  bool last_frame_drawn = false;
  float font_raster_scale = 0;  // UI scale x DPR the font atlas was rasterised for
};

// Rasterises the TTF at the size its glyphs take on the framebuffer (CSS size x UI scale x
// device pixel ratio) and scales the layout back to CSS pixels, so every glyph is drawn 1:1,
// snapped to whole pixels and sampled with GL_NEAREST: crisp at any DPR or UI scale, and the
// cheapest texture read there is. (In software WebGL, which headless and GPU-less browsers
// use, sampling this texture is most of a frame's cost; linear filtering made a 1280x800
// frame ~1.5x slower. Plain fills skip it: web/render/imgui_renderer.hpp.)
void BuildFonts(Runtime& rt, float raster_scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  // Thick lines from baked textures assume linear filtering; draw them as geometry instead.
  io.Fonts->Flags |= ImFontAtlasFlags_NoBakedLines;
  ImFontConfig cfg;
  cfg.OversampleH = 1;  // oversampling is for sub-pixel placement, which needs linear filtering
  cfg.OversampleV = 1;
  cfg.PixelSnapH = true;
  ImFont* font = io.Fonts->AddFontFromFileTTF(kFontPath, kFontSizeCss * raster_scale, &cfg);
  if (!font) {
    std::fprintf(stderr, "font %s missing; using ImGui's built-in font\n", kFontPath);
    io.Fonts->AddFontDefault();
  }
  rt.renderer.UploadFontAtlas();
  rt.font_raster_scale = raster_scale;
  ++rt.app.font_atlas_builds;
}

void Frame(void* arg) {
  Runtime& rt = *static_cast<Runtime*>(arg);
  const double start_ms = emscripten_get_now();
  const double frame_time_ms = FrameTimeMs();
  // Frame time is measured for drawn frames: from a drawn frame's start to the next frame's
  // start on the browser's frame clock (web/platform/browser.hpp), i.e. how long it held
  // the loop (a slow frame, or its slow GPU work, delays the next requestAnimationFrame).
  auto keep = [](std::vector<float>& v, double ms) {
    if (v.size() >= 240) v.erase(v.begin());
    v.push_back(static_cast<float>(ms));
  };
  const double interval_ms = frame_time_ms - rt.last_frame_time_ms;
  if (rt.last_frame_drawn) keep(rt.app.frame_ms, interval_ms);
  if (rt.last_frame_drawn && !rt.app.frame_log.empty()) {
    rt.app.frame_log.back().interval_ms = static_cast<float>(interval_ms);
    rt.app.frame_log.back().callback_interval_ms = static_cast<float>(start_ms - rt.last_frame_start_ms);
  }
  rt.app.last_frame_interval_ms = rt.app.frames_run > 0 ? static_cast<float>(interval_ms) : 0.0f;
  rt.app.frame_late_ms = static_cast<float>(start_ms - frame_time_ms);
  rt.last_frame_time_ms = frame_time_ms;
  rt.last_frame_start_ms = start_ms;
  ++rt.app.frames_run;
  CanvasSize canvas = SyncCanvasSize();
  const float raster_scale = canvas.device_pixel_ratio * rt.app.settings.ui_scale;
  if (raster_scale != rt.font_raster_scale) BuildFonts(rt, raster_scale);

  glfwPollEvents();
  ImGui_ImplGlfw_NewFrame();
  // Emscripten's GLFW reports the mouse in backing-store pixels and knows nothing of our
  // canvas sizing: lay out in CSS pixels and let the renderer scale by the DPR.
  ImGuiIO& io = ImGui::GetIO();
  const float dpr = canvas.device_pixel_ratio;
  io.DisplaySize = ImVec2(static_cast<float>(canvas.css_width), static_cast<float>(canvas.css_height));
  io.DisplayFramebufferScale = ImVec2(dpr, dpr);
  io.FontGlobalScale = 1.0f / dpr;  // the atlas is at UI scale x DPR; layout is in CSS pixels
  if (io.MousePos.x != -FLT_MAX) io.MousePos = ImVec2(io.MousePos.x / dpr, io.MousePos.y / dpr);
  // Key events held back since the last frame go in now, so that ImGui's NewFrame sees keys
  // and typed characters of this frame together, in order (web/key_latch.hpp).
  ReleaseLatchedKeys();
  ImGui::NewFrame();
  LatchedKeysConsumed();

  const unsigned long long chart_draws_before = ChartRenderer::DrawsTotal();
  const unsigned long long chart_points_before = ChartRenderer::PointsTotal();
  const std::uint64_t rows_version_before = rt.app.rows_version;
  const double app_start_ms = emscripten_get_now();
  DrawApp(rt.app);
  const double app_ms = emscripten_get_now() - app_start_ms;

  ImGui::Render();
  // Draw only what changed, and nothing when nothing did. An unchanged frame (no input,
  // nothing loading) would repaint the same pixels, which costs a software renderer 10-20 ms
  // of CPU, keeps a laptop busy while the page sits idle, and delays the next frame that
  // does change. The clear colour is the main window's background (DrawApp leaves that
  // window unfilled): a full-screen quad costs a software renderer a third of a frame.
  if (rt.app.full_redraw_requested) rt.renderer.RequestFullRedraw();
  rt.app.full_redraw_requested = false;
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  const float clear_rgb[3] = {bg.x, bg.y, bg.z};
  rt.renderer.set_describe_damage(rt.app.describe_frames);
  const double render_start_ms = emscripten_get_now();
  const bool ui_drawn = rt.renderer.Render(*ImGui::GetDrawData(), clear_rgb, ChartRenderer::DrawsTotal());
  const double render_ms = emscripten_get_now() - render_start_ms;
  // A frame that drew a batch of a chart redraw did GPU work even if the canvas shows the
  // same (the chart panel's progress bar normally changes with it): it counts as drawn.
  const unsigned long long chart_points = ChartRenderer::PointsTotal() - chart_points_before;
  rt.last_frame_drawn = ui_drawn || chart_points > 0;
  if (rt.last_frame_drawn) {
    static const ImGuiRenderer::Counts kNothing;
    const ImGuiRenderer::Counts& counts = ui_drawn ? rt.renderer.last_counts() : kNothing;
    if (ui_drawn) {  // uiMetrics().lastDraw: the last frame that drew on the canvas
      rt.app.last_draw_calls = counts.draw_calls;
      rt.app.last_fill_triangles = counts.fill_triangles;
      rt.app.last_textured_triangles = counts.textured_triangles;
      rt.app.last_damage_css = {counts.damage.x0, counts.damage.y0, counts.damage.x1, counts.damage.y1};
    }
    // The app's own work in a drawn frame (layout, filtering, GL submission; not the GPU),
    // to tell our cost from the renderer's.
    const double work_ms = emscripten_get_now() - start_ms;
    keep(rt.app.frame_work_ms, work_ms);
    FrameRecord record;
    record.start_ms = start_ms;
    record.late_ms = rt.app.frame_late_ms;
    record.work_ms = static_cast<float>(work_ms);
    record.app_ms = static_cast<float>(app_ms);
    record.render_ms = static_cast<float>(render_ms);
    record.damage_css = {counts.damage.x0, counts.damage.y0, counts.damage.x1, counts.damage.y1};
    record.damage_rects = counts.damage_rects;
    record.damage_share = static_cast<float>(static_cast<double>(counts.damage_px) /
                                             (static_cast<double>(canvas.css_width) * canvas.css_height * dpr * dpr));
    record.draw_calls = counts.draw_calls;
    record.fill_triangles = counts.fill_triangles;
    record.textured_triangles = counts.textured_triangles;
    record.lists = counts.lists;
    record.chart_drawn = ChartRenderer::DrawsTotal() != chart_draws_before;
    record.chart_points = static_cast<int>(chart_points);
    record.rows_changed = rt.app.rows_version != rows_version_before;
    record.cause = counts.cause;
    if (rt.app.frame_log.size() >= 240) rt.app.frame_log.pop_front();  // every drawn frame: no shifting
    rt.app.frame_log.push_back(std::move(record));
  }
  if (rt.app.frames_run == 1) {
    EM_ASM({
      document.getElementById('status').style.display = 'none';
      window.__offerscopeFirstFrameMs = performance.now();
    });
  }
}

}  // namespace
}  // namespace offerscope::web

// Wheel and trackpad scrolling in notches (positive: left, up), from web/wheel.js, which
// has already converted the browser's pixels or lines. Goes to ImGui the way GLFW's own
// scroll callback would.
extern "C" EMSCRIPTEN_KEEPALIVE void offerscope_wheel(double notches_x, double notches_y) {
  if (GLFWwindow* window = glfwGetCurrentContext()) ImGui_ImplGlfw_ScrollCallback(window, notches_x, notches_y);
}

int main() {
  using namespace offerscope::web;
  static Runtime rt;
  if (!glfwInit()) {
    std::fprintf(stderr, "glfwInit failed\n");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // An opaque canvas with no depth or stencil buffer: ImGui and the charts use neither, and
  // the browser clears and composites every buffer the context has, every frame.
  glfwWindowHint(GLFW_ALPHA_BITS, 0);
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  rt.window = glfwCreateWindow(1280, 800, "OfferScope", nullptr, nullptr);
  if (!rt.window) {
    std::fprintf(stderr, "could not create a WebGL2 context\n");
    return 1;
  }
  glfwMakeContextCurrent(rt.window);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // layout is part of the URL state, not a file
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(rt.window, true);
  std::string gl_error;
  if (!rt.renderer.Init(gl_error)) {
    std::fprintf(stderr, "could not build the UI's WebGL programs: %s\n", gl_error.c_str());
    return 1;
  }
  InstallKeyLatch(rt.window);
  SetKeyHold([] { return QueryBoxWantsKeysHeld(rt.app); });
  InstallAutomation(rt.app);
  StartApp(rt.app);
  emscripten_set_main_loop_arg(Frame, &rt, 0, false);
  return 0;
}
