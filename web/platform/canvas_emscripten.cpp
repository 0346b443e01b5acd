#include <emscripten/html5.h>

#include <cmath>

#include "web/platform/canvas.hpp"

namespace offerscope::web {

CanvasSize SyncCanvasSize() {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  CanvasSize s;
  s.css_width = static_cast<int>(css_w);
  s.css_height = static_cast<int>(css_h);
  s.device_pixel_ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
  if (s.device_pixel_ratio <= 0) s.device_pixel_ratio = 1;
  int want_w = static_cast<int>(std::lround(css_w * s.device_pixel_ratio));
  int want_h = static_cast<int>(std::lround(css_h * s.device_pixel_ratio));
  int have_w = 0, have_h = 0;
  emscripten_get_canvas_element_size("#canvas", &have_w, &have_h);
  if (want_w != have_w || want_h != have_h) emscripten_set_canvas_element_size("#canvas", want_w, want_h);
  return s;
}

}  // namespace offerscope::web
