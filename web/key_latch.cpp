#include "web/key_latch.hpp"

#include <GLFW/glfw3.h>

#include <deque>
#include <vector>

namespace offerscope::web {

namespace {

// A key event (key >= 0) or a typed character (key < 0, codepoint set).
struct InputEvent {
  GLFWwindow* window;
  int key, scancode, action, mods;
  unsigned codepoint;
};

GLFWkeyfun g_imgui_key_callback = nullptr;    // ImGui's own handlers (they chain to the user's)
GLFWcharfun g_imgui_char_callback = nullptr;
// What ImGui was given since its last NewFrame (the next NewFrame consumes it all):
std::vector<int> g_changed_this_frame;  // keys whose state changed
bool g_edit_key_this_frame = false;     // an editing key (Backspace, Enter, Ctrl+V...) went down
std::deque<InputEvent> g_waiting;       // events held back, in arrival order
bool (*g_hold_keys)() = nullptr;        // SetKeyHold

bool ChangedThisFrame(int key) {
  for (int k : g_changed_this_frame)
    if (k == key) return true;
  return false;
}

// Keys that act on text or the app rather than type a character: everything outside GLFW's
// printable range (Backspace, Enter, arrows, Tab...) and any key with Ctrl or Super held.
bool IsEditingPress(const InputEvent& e) {
  bool printable = e.key >= GLFW_KEY_SPACE && e.key <= GLFW_KEY_WORLD_2;
  return e.action == GLFW_PRESS && (!printable || (e.mods & (GLFW_MOD_CONTROL | GLFW_MOD_SUPER)) != 0);
}

// Whether `e` can reach ImGui in this frame without being lost or reordered:
// - ImGui sees a key press only as up-at-one-frame, down-at-the-next, so each key changes
//   state at most once per frame (auto-repeat keeps a key down: no change);
// - within a frame ImGui's text box inserts the frame's characters before it applies keys,
//   so a character typed after Backspace or Enter waits for the next frame;
// - while held, only releases go.
bool CanGoNow(const InputEvent& e) {
  if ((e.key < 0 || e.action != GLFW_RELEASE) && g_hold_keys && g_hold_keys()) return false;
  if (e.key < 0) return !g_edit_key_this_frame;
  return e.action == GLFW_REPEAT || !ChangedThisFrame(e.key);
}

void Deliver(const InputEvent& e) {
  if (e.key < 0) {
    if (g_imgui_char_callback) g_imgui_char_callback(e.window, e.codepoint);
    return;
  }
  if (e.action != GLFW_REPEAT) g_changed_this_frame.push_back(e.key);
  if (IsEditingPress(e)) g_edit_key_this_frame = true;
  if (g_imgui_key_callback) g_imgui_key_callback(e.window, e.key, e.scancode, e.action, e.mods);
}

// Delivers waiting events in arrival order up to the first that must wait: nothing overtakes
// anything, so Backspace x8 then Enter commits the shortened text, a letter typed after
// Backspace lands after the deletion, and Ctrl+A stays Ctrl+A.
void Flush() {
  while (!g_waiting.empty() && CanGoNow(g_waiting.front())) {
    InputEvent e = g_waiting.front();
    g_waiting.pop_front();
    Deliver(e);
  }
}

void OnKey(GLFWwindow* window, int key, int scancode, int action, int mods) {
  if (key < 0) return;  // GLFW_KEY_UNKNOWN: ImGui has no use for it
  g_waiting.push_back({window, key, scancode, action, mods, 0});
  Flush();
}

void OnChar(GLFWwindow* window, unsigned codepoint) {
  g_waiting.push_back({window, -1, 0, 0, 0, codepoint});
  Flush();
}

}  // namespace

void InstallKeyLatch(GLFWwindow* window) {
  g_imgui_key_callback = glfwSetKeyCallback(window, OnKey);
  g_imgui_char_callback = glfwSetCharCallback(window, OnChar);
}

void ReleaseLatchedKeys() { Flush(); }

void SetKeyHold(bool (*hold_keys)()) { g_hold_keys = hold_keys; }

void LatchedKeysConsumed() {
  g_changed_this_frame.clear();
  g_edit_key_this_frame = false;
}

}  // namespace offerscope::web
