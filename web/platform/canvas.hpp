// The canvas the app draws into: its size in CSS pixels and the device pixel ratio.
// The backing store is kept at CSS size x DPR so text stays crisp on high-DPI screens.
#pragma once

namespace offerscope::web {

struct CanvasSize {
  int css_width = 0;   // CSS pixels (what ImGui lays out in)
  int css_height = 0;
  float device_pixel_ratio = 1;  // framebuffer pixels per CSS pixel
};

// Reads the canvas' CSS size and window.devicePixelRatio and resizes the backing store
// when either changed. Call once per frame: it follows window resizes and zoom changes.
CanvasSize SyncCanvasSize();

}  // namespace offerscope::web
