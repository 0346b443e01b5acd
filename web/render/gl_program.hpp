// Compiles and links the embedded shader sources (shaders/*.glsl). The sources carry no
// #version line: this loader prepends the one WebGL2 needs plus a default precision, so the
// same files could serve desktop GL with another prelude.
#pragma once

#include <GLES3/gl3.h>

#include <string>

namespace offerscope::web {

inline constexpr const char* kShaderPrelude = "#version 300 es\nprecision highp float;\n";

// Returns the program, or 0 with the compile/link log in `error` (also printed with
// console.error by the caller, so a broken shader never fails silently).
GLuint BuildProgram(const char* vertex_source, const char* fragment_source, std::string& error);

}  // namespace offerscope::web
