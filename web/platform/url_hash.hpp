// The page's URL fragment and history: the share state lives there (ARCHITECTURE.md, "A
// filter is a URL"). Typing replaces the current history entry; a committed change pushes a
// new one, so the browser's back and forward buttons step through filters, not keystrokes.
#pragma once

#include <string>

namespace offerscope::web {

std::string GetUrlFragment();                          // without the '#'
void ReplaceUrlFragment(const std::string& fragment);  // history.replaceState
void PushUrlFragment(const std::string& fragment);     // history.pushState
// True once after the user navigated (back/forward, or edited the fragment by hand); our
// own replaceState/pushState calls do not count.
bool TakeUrlNavigation();
// The page address without its fragment ("http://127.0.0.1:8080/"), for share links.
std::string PageUrlWithoutFragment();
std::string PageOrigin();  // "http://127.0.0.1:8080": the default proxy

}  // namespace offerscope::web
