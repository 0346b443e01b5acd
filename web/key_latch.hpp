// Makes every key press last at least one frame. Dear ImGui 1.86 reads keys as a per-frame
// "is down" array (io.KeysDown) and finds presses by comparing frames, so a key pressed and
// released between two frames is never seen: Backspace, arrows, Enter, Tab and shortcuts get
// lost whenever a frame is slow (a busy machine, software WebGL, a fast typist or a test
// driver). Text characters are queued by ImGui and are not affected. Mouse buttons have the
// same fix inside ImGui's GLFW backend already (MouseJustPressed).
#pragma once

struct GLFWwindow;

namespace offerscope::web {

// Call after ImGui_ImplGlfw_InitForOpenGL(window, true): wraps ImGui's key callback.
void InstallKeyLatch(GLFWwindow* window);
// Call once per frame after ImGui::NewFrame(): delivers the events held back, one state change
// per key per frame (8 quick Backspaces then take 16 frames and delete 8 characters, not 1).
void ReleaseLatchedKeys();

}  // namespace offerscope::web
