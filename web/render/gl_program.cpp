#include "web/render/gl_program.hpp"

#include <vector>

namespace offerscope::web {
namespace {

GLuint Compile(GLenum type, const char* source, std::string& error) {
  GLuint shader = glCreateShader(type);
  const char* parts[2] = {kShaderPrelude, source};
  glShaderSource(shader, 2, parts, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok == GL_TRUE) return shader;
  GLint len = 0;
  glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &len);
  std::vector<char> log(static_cast<std::size_t>(len > 0 ? len : 1));
  glGetShaderInfoLog(shader, static_cast<GLsizei>(log.size()), nullptr, log.data());
  error = std::string(type == GL_VERTEX_SHADER ? "vertex" : "fragment") + " shader: " + log.data();
  glDeleteShader(shader);
  return 0;
}

}  // namespace

GLuint BuildProgram(const char* vertex_source, const char* fragment_source, std::string& error) {
  GLuint vs = Compile(GL_VERTEX_SHADER, vertex_source, error);
  if (!vs) return 0;
  GLuint fs = Compile(GL_FRAGMENT_SHADER, fragment_source, error);
  if (!fs) {
    glDeleteShader(vs);
    return 0;
  }
  GLuint program = glCreateProgram();
  glAttachShader(program, vs);
  glAttachShader(program, fs);
  glLinkProgram(program);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = GL_FALSE;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (ok == GL_TRUE) return program;
  char log[2048] = {0};
  glGetProgramInfoLog(program, sizeof log, nullptr, log);
  error = std::string("link: ") + log;
  glDeleteProgram(program);
  return 0;
}

}  // namespace offerscope::web
