// The rest of what the app asks of the page: clocks and opening a link in a new tab.
#pragma once

#include <string>

namespace offerscope::web {

double NowMs();         // page clock (performance.now()), for "updated N s ago" and work times
// The browser's time for the frame being produced: document.timeline.currentTime, the same
// timestamp requestAnimationFrame callbacks receive (the frame's start on the display's
// clock), on the page clock's origin. NowMs() where the page has no timeline.
// Why frame intervals use it: NowMs() at our callback's start also moves with when the
// callback runs inside the frame (after input events, other callbacks), +-2 ms of jitter
// that no user sees, since the frame is still shown at its vsync.
double FrameTimeMs();
double UnixTimeS();     // wall clock, seconds since 1970 UTC (Date.now()), for instance uptimes
void OpenUrl(const std::string& url);  // new tab, without giving it our window (noopener)

}  // namespace offerscope::web
