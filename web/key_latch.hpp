// Makes every key press last at least one frame. Dear ImGui 1.86 reads keys as a per-frame
// "is down" array (io.KeysDown) and finds presses by comparing frames, so a key pressed and
// released between two frames is never seen: Backspace, arrows, Enter, Tab and shortcuts get
// lost whenever a frame is slow (a busy machine, software WebGL, a fast typist or a test
// driver). Typed characters go through the same queue, so that they keep their order with
// those keys (a letter typed after Backspace must not be inserted before the deletion).
// Mouse buttons have the same fix inside ImGui's GLFW backend already (MouseJustPressed).
#pragma once

struct GLFWwindow;

namespace offerscope::web {

// Call after ImGui_ImplGlfw_InitForOpenGL(window, true): wraps ImGui's key and character
// callbacks.
void InstallKeyLatch(GLFWwindow* window);
// Call once per frame just before ImGui::NewFrame(): delivers the events held back, in
// arrival order, one state change per key per frame (8 quick Backspaces then take 16 frames
// and delete 8 characters, not 1).
void ReleaseLatchedKeys();
// Call once per frame just after ImGui::NewFrame(), which has consumed everything delivered
// so far: from here on each key may change state once more.
void LatchedKeysConsumed();
// While `hold_keys()` answers true, key presses and typed characters wait, in order; releases
// of keys ImGui already saw go down still go (a key left down in ImGui would auto-repeat).
// For the frames in which a text box is taking or letting go of the keyboard: keys pressed
// then would reach neither it nor the shortcuts. Asked at every event and every frame, so it
// sees changes made between frames (a query set from outside while the box is active).
void SetKeyHold(bool (*hold_keys)());

}  // namespace offerscope::web
