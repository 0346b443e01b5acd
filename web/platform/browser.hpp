// The rest of what the app asks of the page: clocks and opening a link in a new tab.
#pragma once

#include <string>

namespace offerscope::web {

double NowMs();         // page clock (performance.now()), for "updated N s ago" and frame times
double UnixTimeS();     // wall clock, seconds since 1970 UTC (Date.now()), for instance uptimes
void OpenUrl(const std::string& url);  // new tab, without giving it our window (noopener)

}  // namespace offerscope::web
