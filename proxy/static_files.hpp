// The web app's files, read once at start-up and compressed once (gzip and brotli), so a
// request costs a map lookup and a write.
//
// - Only regular files found under the folder at start-up are served, looked up by exact
//   path: no request can name anything else (hidden files and directories, and symlinks
//   leading out of the folder, are never loaded). Missing files are 404s.
// - The encoding follows Accept-Encoding (q-values honoured; br, then gzip, then none); a
//   compressed copy is kept only when it is smaller.
// - Each representation has a strong ETag (SHA-256 of the file, plus the encoding), and
//   If-None-Match answers 304.
// - Cache-Control: names with a content hash ("app.3f2a9c1b.js") are immutable for a year;
//   HTML, and the un-hashed .js/.wasm the HTML loads, are revalidated every time (a page
//   must never run with a stale script or module from another build: cheap with the
//   ETag's 304); other files may be reused for five minutes.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace offerscope::proxy {

struct StaticFile {
  std::string content_type, cache_control;
  std::string etag;  // of the identity representation, quoted ("\"<hex>\"")
  std::shared_ptr<const std::string> identity, gzip, brotli;  // gzip/brotli null: not kept
};

class StaticFiles {
 public:
  // Loads every regular file under `dir`. Returns the number of files, or -1 with `error`
  // when the folder cannot be read.
  int Load(const std::string& dir, std::string& error);
  // Answers GET/HEAD for the request's path ("/" and ".../" mean index.html there). False
  // when there is no such file (the caller answers 404).
  bool Serve(const httplib::Request& req, httplib::Response& res) const;
  const StaticFile* Find(const std::string& url_path) const;
  std::size_t size() const { return files_.size(); }

 private:
  std::map<std::string, StaticFile, std::less<>> files_;  // by URL path ("/offerscope.wasm")
};

std::string ContentTypeFor(std::string_view path);
std::string CacheControlFor(std::string_view url_path);
// True when the file name carries a content hash: a '.', '-' or '_' separated part of 8 to
// 64 hex digits with at least one digit and one letter ("app.3f2a9c1b.js").
bool IsHashedAssetName(std::string_view url_path);

enum class Encoding { kIdentity, kGzip, kBrotli };
// The best encoding `accept_encoding` allows among those available (RFC 9110 q-values;
// "identity" is always acceptable here: a file is never refused for its encoding).
Encoding PickEncoding(std::string_view accept_encoding, bool have_gzip, bool have_brotli);
// True when an If-None-Match value lists `etag` (weak comparison, as RFC 9110 asks) or "*".
bool EtagMatches(std::string_view if_none_match, std::string_view etag);

}  // namespace offerscope::proxy
