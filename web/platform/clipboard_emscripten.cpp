#include <emscripten.h>

#include "web/platform/clipboard.hpp"

namespace offerscope::web {

namespace {
EM_JS(void, JsCopy, (const char* t), {
  var text = UTF8ToString(t);
  window.__offerscopeLastCopy = text;
  if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(function() {});
});
}  // namespace

void CopyToClipboard(const std::string& text) { JsCopy(text.c_str()); }

}  // namespace offerscope::web
