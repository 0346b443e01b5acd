#include <emscripten.h>

#include "web/platform/download.hpp"

namespace offerscope::web {

namespace {
// The bytes are copied out of the WebAssembly heap into a Blob at once, so `data` may be
// freed as soon as this returns; the object URL is revoked once the download started.
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
}  // namespace

void DownloadFile(const std::string& name, const std::string& mime, const std::string& content) {
  JsDownload(name.c_str(), mime.c_str(), content.data(), static_cast<int>(content.size()));
}

}  // namespace offerscope::web
