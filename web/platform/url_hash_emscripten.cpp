#include <emscripten.h>

#include "web/platform/js_string.hpp"
#include "web/platform/url_hash.hpp"

namespace offerscope::web {

namespace {

EM_JS(char*, JsFragment, (), {
  var h = window.location.hash || "";
  if (h.charAt(0) === "#") h = h.substring(1);
  return allocateUTF8(h);
});

// pushState/replaceState fire no event; popstate (back/forward) and hashchange (the user
// edits the address bar) do. __offerscopeOwnHash tells our own writes from the user's.
EM_JS(void, JsSetFragment, (const char* f, int push), {
  var url = window.location.pathname + window.location.search + "#" + UTF8ToString(f);
  if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
  window.__offerscopeOwnHash = window.location.hash;
});

EM_JS(int, JsTakeNavigation, (), {
  if (!window.__offerscopeNavInstalled) {
    window.__offerscopeNavInstalled = true;
    window.__offerscopeNavigated = 0;
    var mark = function() { window.__offerscopeNavigated = 1; };
    window.addEventListener("popstate", mark);
    window.addEventListener("hashchange", function() {
      if (window.location.hash !== window.__offerscopeOwnHash) mark();
    });
  }
  var n = window.__offerscopeNavigated;
  window.__offerscopeNavigated = 0;
  return n;
});

EM_JS(char*, JsPageUrl, (), {
  return allocateUTF8(window.location.origin + window.location.pathname + window.location.search);
});
EM_JS(char*, JsOrigin, (), { return allocateUTF8(window.location.origin); });

}  // namespace

std::string GetUrlFragment() { return TakeJsString(JsFragment()); }
void ReplaceUrlFragment(const std::string& f) { JsSetFragment(f.c_str(), 0); }
void PushUrlFragment(const std::string& f) { JsSetFragment(f.c_str(), 1); }
bool TakeUrlNavigation() { return JsTakeNavigation() != 0; }
std::string PageUrlWithoutFragment() { return TakeJsString(JsPageUrl()); }
std::string PageOrigin() { return TakeJsString(JsOrigin()); }

}  // namespace offerscope::web
