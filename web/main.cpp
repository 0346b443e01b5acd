// OfferScope in the browser: Dear ImGui over WebGL2 through Emscripten's GLFW.
// This file owns start-up and the frame loop only; panels live in web/ui/.
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>

#include <cmath>
#include <cstdio>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "web/app.hpp"
#include "web/automation.hpp"
#include "web/key_latch.hpp"
#include "web/platform/canvas.hpp"

namespace offerscope::web {
namespace {

constexpr const char* kFontPath = "/fonts/DejaVuSans.ttf";  // preloaded by the web build
constexpr float kFontSizeCss = 15.0f;

struct Runtime {
  GLFWwindow* window = nullptr;
  AppState app;
  double last_frame_ms = 0;
  float font_dpr = 0;  // DPR the font atlas was rasterised for
  long long frames = 0;
};

// Rasterises the TTF at the device's pixel density and scales it back to CSS pixels, so
// glyphs are drawn 1:1 on the framebuffer (crisp) whatever the DPR.
void BuildFonts(Runtime& rt, float dpr) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  ImFont* font = io.Fonts->AddFontFromFileTTF(kFontPath, kFontSizeCss * dpr, &cfg);
  if (!font) {
    std::fprintf(stderr, "font %s missing; using ImGui's built-in font\n", kFontPath);
    io.Fonts->AddFontDefault();
  }
  io.FontGlobalScale = 1.0f / dpr;
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  rt.font_dpr = dpr;
}

void Frame(void* arg) {
  Runtime& rt = *static_cast<Runtime*>(arg);
  CanvasSize canvas = SyncCanvasSize();
  if (canvas.device_pixel_ratio != rt.font_dpr) BuildFonts(rt, canvas.device_pixel_ratio);

  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  // Emscripten's GLFW reports the mouse in backing-store pixels and knows nothing of our
  // canvas sizing: lay out in CSS pixels and let the renderer scale by the DPR.
  ImGuiIO& io = ImGui::GetIO();
  const float dpr = canvas.device_pixel_ratio;
  io.DisplaySize = ImVec2(static_cast<float>(canvas.css_width), static_cast<float>(canvas.css_height));
  io.DisplayFramebufferScale = ImVec2(dpr, dpr);
  if (io.MousePos.x != -FLT_MAX) io.MousePos = ImVec2(io.MousePos.x / dpr, io.MousePos.y / dpr);
  ImGui::NewFrame();
  ReleaseLatchedKeys();  // keys pressed and released since the last frame were seen down once

  DrawApp(rt.app);

  ImGui::Render();
  glViewport(0, 0, static_cast<int>(canvas.css_width * dpr), static_cast<int>(canvas.css_height * dpr));
  glClearColor(0.105f, 0.113f, 0.133f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  double now = emscripten_get_now();
  if (rt.last_frame_ms > 0) {
    std::vector<float>& ft = rt.app.frame_ms;
    if (ft.size() >= 240) ft.erase(ft.begin());
    ft.push_back(static_cast<float>(now - rt.last_frame_ms));
  }
  rt.last_frame_ms = now;
  if (++rt.frames == 1) {
    EM_ASM({
      document.getElementById('status').style.display = 'none';
      window.__offerscopeFirstFrameMs = performance.now();
    });
  }
}

}  // namespace
}  // namespace offerscope::web

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
  ImGui_ImplOpenGL3_Init("#version 300 es");
  InstallKeyLatch(rt.window);
  InstallAutomation(rt.app);
  StartApp(rt.app);
  emscripten_set_main_loop_arg(Frame, &rt, 0, false);
  return 0;
}
