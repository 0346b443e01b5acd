#include <emscripten.h>

#include "web/platform/js_string.hpp"
#include "web/platform/storage.hpp"

namespace offerscope::web {

namespace {
// localStorage throws when the browser blocks it (privacy modes, sandboxed frames): the app
// then simply forgets settings between visits.
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
}  // namespace

std::string StorageGet(const std::string& key) { return TakeJsString(JsStorageGet(key.c_str())); }
void StorageSet(const std::string& key, const std::string& value) { JsStorageSet(key.c_str(), value.c_str()); }
void StorageRemove(const std::string& key) { JsStorageRemove(key.c_str()); }

}  // namespace offerscope::web
