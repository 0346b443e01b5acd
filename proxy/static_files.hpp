// The web app's files, loaded once at start and compressed once (gzip and brotli), so a
// request costs a map lookup and a write. Strong ETags give 304s; index.html is revalidated
// every time, other files are cached for an hour (names are not content-hashed yet).
#pragma once

#include <map>
#include <string>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace offerscope::proxy {

struct StaticFile {
  std::string content_type, etag, cache_control;
  std::string identity, gzip, brotli;
};

class StaticFiles {
 public:
  // Loads every regular file under `dir` (not following symlinks out of it). Returns the
  // number of files, or -1 with `error` when the folder cannot be read.
  int Load(const std::string& dir, std::string& error);
  // Answers GET/HEAD for `path` ("/" means /index.html). False when there is no such file.
  bool Serve(const httplib::Request& req, httplib::Response& res) const;

 private:
  std::map<std::string, StaticFile> files_;  // by URL path ("/offerscope.wasm")
};

std::string ContentTypeFor(const std::string& path);

}  // namespace offerscope::proxy
