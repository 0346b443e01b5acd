#include "web/key_latch.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <deque>
#include <vector>

namespace offerscope::web {

namespace {

struct KeyEvent {
  GLFWwindow* window;
  int key, scancode, action, mods;
};

GLFWkeyfun g_imgui_callback = nullptr;  // ImGui's own handler (it chains to the user's)
std::vector<int> g_changed_this_frame;  // keys whose state ImGui was given since the last NewFrame
std::deque<KeyEvent> g_waiting;         // events held back, in arrival order

bool ChangedThisFrame(int key) {
  for (int k : g_changed_this_frame)
    if (k == key) return true;
  return false;
}

// ImGui sees a press only as up-at-one-frame, down-at-the-next: so each key changes state
// at most once per frame, and anything more waits. Auto-repeat keeps a key down: no change.
bool Deliver(const KeyEvent& e) {
  if (e.action != GLFW_REPEAT) {
    if (ChangedThisFrame(e.key)) return false;
    g_changed_this_frame.push_back(e.key);
  }
  if (g_imgui_callback) g_imgui_callback(e.window, e.key, e.scancode, e.action, e.mods);
  return true;
}

bool IsModifier(int key) { return key >= GLFW_KEY_LEFT_SHIFT && key <= GLFW_KEY_RIGHT_SUPER; }

// Delivers what may go now. Events of one key keep their order; a modifier (Ctrl, Shift...)
// also waits for every event before it, so Ctrl+A is still Ctrl+A when A's press is held
// back; other keys do not wait for each other, so letters typed quickly never delay arrows.
void Flush() {
  std::vector<int> blocked;  // keys with an earlier event still waiting
  bool any_waiting = false;
  for (auto it = g_waiting.begin(); it != g_waiting.end();) {
    bool wait = std::find(blocked.begin(), blocked.end(), it->key) != blocked.end() || (IsModifier(it->key) && any_waiting);
    if (!wait && Deliver(*it)) {
      it = g_waiting.erase(it);
      continue;
    }
    blocked.push_back(it->key);
    any_waiting = true;
    ++it;
  }
}

void OnKey(GLFWwindow* window, int key, int scancode, int action, int mods) {
  g_waiting.push_back({window, key, scancode, action, mods});
  Flush();
}

}  // namespace

void InstallKeyLatch(GLFWwindow* window) { g_imgui_callback = glfwSetKeyCallback(window, OnKey); }

void ReleaseLatchedKeys() {
  g_changed_this_frame.clear();
  Flush();
}

}  // namespace offerscope::web
