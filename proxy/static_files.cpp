#include "proxy/static_files.hpp"

#include <brotli/encode.h>
#include <httplib.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>

namespace offerscope::proxy {

namespace {

std::string Gzip(const std::string& in) {
  z_stream zs{};
  if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, in.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

std::string Brotli(const std::string& in) {
  std::size_t size = BrotliEncoderMaxCompressedSize(in.size());
  if (size == 0) return {};
  std::string out(size, '\0');
  // Quality 9, not 11: 11 takes seconds on the 760 KB font at start-up for a few percent.
  if (!BrotliEncoderCompress(9, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, in.size(),
                             reinterpret_cast<const std::uint8_t*>(in.data()), &size,
                             reinterpret_cast<std::uint8_t*>(out.data())))
    return {};
  out.resize(size);
  return out;
}

bool Accepts(const httplib::Request& req, const char* encoding) {
  std::string ae = req.get_header_value("Accept-Encoding");
  return ae.find(encoding) != std::string::npos;
}

}  // namespace

std::string ContentTypeFor(const std::string& path) {
  auto ends = [&](const char* ext) {
    std::string e = ext;
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".wasm")) return "application/wasm";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".png")) return "image/png";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".ttf")) return "font/ttf";
  return "application/octet-stream";
}

int StaticFiles::Load(const std::string& dir, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    error = "static folder " + dir + " does not exist (build the web app: scripts/build.sh)";
    return -1;
  }
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    StaticFile f;
    f.identity.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    std::string url = "/" + fs::relative(it->path(), dir).generic_string();
    f.content_type = ContentTypeFor(url);
    char etag[32];
    std::snprintf(etag, sizeof etag, "\"%016zx\"", std::hash<std::string>{}(f.identity));
    f.etag = etag;
    f.cache_control = url == "/index.html" ? "no-cache" : "public, max-age=3600";
    if (f.identity.size() > 256) {
      f.gzip = Gzip(f.identity);
      f.brotli = Brotli(f.identity);
    }
    files_[url] = std::move(f);
  }
  return static_cast<int>(files_.size());
}

bool StaticFiles::Serve(const httplib::Request& req, httplib::Response& res) const {
  std::string path = req.path == "/" ? "/index.html" : req.path;
  auto it = files_.find(path);
  if (it == files_.end()) return false;
  const StaticFile& f = it->second;
  res.set_header("ETag", f.etag);
  res.set_header("Cache-Control", f.cache_control);
  res.set_header("Vary", "Accept-Encoding");
  res.set_header("X-Content-Type-Options", "nosniff");
  if (req.get_header_value("If-None-Match") == f.etag) {
    res.status = 304;
    return true;
  }
  const std::string* body = &f.identity;
  if (!f.brotli.empty() && Accepts(req, "br")) {
    body = &f.brotli;
    res.set_header("Content-Encoding", "br");
  } else if (!f.gzip.empty() && Accepts(req, "gzip")) {
    body = &f.gzip;
    res.set_header("Content-Encoding", "gzip");
  }
  res.status = 200;
  res.set_content(*body, f.content_type.c_str());
  return true;
}

}  // namespace offerscope::proxy
