// EM_JS functions hand strings to C++ as malloc'ed UTF-8 (allocateUTF8); this takes
// ownership of one and frees it. Shared by the *_emscripten.cpp files only.
#pragma once

#include <cstdlib>
#include <string>

namespace offerscope::web {

inline std::string TakeJsString(char* s) {
  std::string out = s ? s : "";
  std::free(s);
  return out;
}

}  // namespace offerscope::web
