#include <emscripten.h>

#include <cstdlib>

#include "web/platform/browser.hpp"

namespace offerscope::web {

namespace {

// JS strings come back as malloc'ed UTF-8; the caller frees them.
EM_JS(char*, JsFragment, (), {
  var h = window.location.hash || "";
  if (h.charAt(0) === "#") h = h.substring(1);
  return allocateUTF8(h);
});
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
EM_JS(char*, JsOrigin, (), { return allocateUTF8(window.location.origin); });
EM_JS(void, JsCopy, (const char* t), {
  var text = UTF8ToString(t);
  window.__offerscopeLastCopy = text;
  if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(function() {});
});
EM_JS(void, JsDownload, (const char* name, const char* mime, const char* data, int len), {
  var bytes = HEAPU8.slice(data, data + len);
  var blob = new Blob([bytes], {type: UTF8ToString(mime)});
  var a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = UTF8ToString(name);
  document.body.appendChild(a);
  a.click();
  setTimeout(function() { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
});
EM_JS(char*, JsStorageGet, (const char* k), {
  try { var v = localStorage.getItem(UTF8ToString(k)); return allocateUTF8(v === null ? "" : v); }
  catch (e) { return allocateUTF8(""); }
});
EM_JS(void, JsStorageSet, (const char* k, const char* v), {
  try { localStorage.setItem(UTF8ToString(k), UTF8ToString(v)); } catch (e) {}
});
EM_JS(void, JsStorageRemove, (const char* k), {
  try { localStorage.removeItem(UTF8ToString(k)); } catch (e) {}
});
EM_JS(void, JsOpen, (const char* u), { window.open(UTF8ToString(u), "_blank", "noopener"); });

std::string Take(char* s) {
  std::string out = s ? s : "";
  std::free(s);
  return out;
}

}  // namespace

std::string GetUrlFragment() { return Take(JsFragment()); }
void ReplaceUrlFragment(const std::string& f) { JsSetFragment(f.c_str(), 0); }
void PushUrlFragment(const std::string& f) { JsSetFragment(f.c_str(), 1); }
bool TakeUrlNavigation() { return JsTakeNavigation() != 0; }
std::string PageOrigin() { return Take(JsOrigin()); }
void CopyToClipboard(const std::string& text) { JsCopy(text.c_str()); }
void DownloadFile(const std::string& name, const std::string& mime, const std::string& content) {
  JsDownload(name.c_str(), mime.c_str(), content.data(), static_cast<int>(content.size()));
}
std::string StorageGet(const std::string& key) { return Take(JsStorageGet(key.c_str())); }
void StorageSet(const std::string& key, const std::string& value) { JsStorageSet(key.c_str(), value.c_str()); }
void StorageRemove(const std::string& key) { JsStorageRemove(key.c_str()); }
double NowMs() { return emscripten_get_now(); }
void OpenUrl(const std::string& url) { JsOpen(url.c_str()); }

}  // namespace offerscope::web
