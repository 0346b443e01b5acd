#include <emscripten.h>

#include "web/platform/browser.hpp"

namespace offerscope::web {

namespace {
EM_JS(double, JsUnixTimeS, (), { return Date.now() / 1000; });
EM_JS(double, JsFrameTimeMs, (), {
  const t = document.timeline ? document.timeline.currentTime : null;
  return typeof t === "number" ? t : -1;
});
EM_JS(void, JsOpen, (const char* u), { window.open(UTF8ToString(u), "_blank", "noopener"); });
}  // namespace

double NowMs() { return emscripten_get_now(); }
double FrameTimeMs() {
  const double t = JsFrameTimeMs();
  return t >= 0 ? t : emscripten_get_now();
}
double UnixTimeS() { return JsUnixTimeS(); }
void OpenUrl(const std::string& url) { JsOpen(url.c_str()); }

}  // namespace offerscope::web
