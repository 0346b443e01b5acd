#include "proxy/static_files.hpp"

#include <brotli/encode.h>
#include <httplib.h>
#include <openssl/sha.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "proxy/respond.hpp"

namespace offerscope::proxy {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxFileBytes = 256ull << 20;  // a web app has no business being larger
constexpr std::size_t kMinCompressBytes = 256;

std::string Gzip(const std::string& in) {
  z_stream zs{};
  if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, static_cast<uLong>(in.size())), '\0');
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
  // Quality 9, not 11: 11 takes seconds on a multi-megabyte module at start-up for a few percent.
  if (!BrotliEncoderCompress(9, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, in.size(),
                             reinterpret_cast<const std::uint8_t*>(in.data()), &size,
                             reinterpret_cast<std::uint8_t*>(out.data())))
    return {};
  out.resize(size);
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Emscripten's preload package (offerscope.data, the TTF font) is application/octet-stream
// and shrinks to 40% with brotli; raster images and woff2 are compressed already.
bool Compressible(std::string_view content_type) {
  return content_type.rfind("text/", 0) == 0 || content_type == "application/wasm" ||
         content_type == "application/json" || content_type == "image/svg+xml" || content_type == "font/ttf" ||
         content_type == "font/otf" || content_type == "application/octet-stream";
}

std::string Sha256Hex(const std::string& data) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), d);
  char hex[33];
  for (int i = 0; i < 16; ++i) std::snprintf(hex + 2 * i, 3, "%02x", d[i]);
  return std::string(hex, 32);
}

std::shared_ptr<const std::string> KeepIfSmaller(std::string compressed, std::size_t original) {
  if (compressed.empty() || compressed.size() >= original - original / 20) return nullptr;
  return std::make_shared<const std::string>(std::move(compressed));
}

StaticFile MakeFile(const std::string& url, std::string bytes) {
  StaticFile f;
  f.content_type = ContentTypeFor(url);
  f.cache_control = CacheControlFor(url);
  f.etag = "\"" + Sha256Hex(bytes) + "\"";
  if (bytes.size() >= kMinCompressBytes && Compressible(f.content_type)) {
    f.gzip = KeepIfSmaller(Gzip(bytes), bytes.size());
    f.brotli = KeepIfSmaller(Brotli(bytes), bytes.size());
  }
  f.identity = std::make_shared<const std::string>(std::move(bytes));
  return f;
}

// A file below `root` (canonical), following a symlink only when it stays inside.
bool InsideRoot(const fs::path& p, const fs::path& root) {
  std::error_code ec;
  fs::path real = fs::canonical(p, ec);
  if (ec) return false;
  auto [r, _] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
  return r == root.end();
}

// q-value of one Accept-Encoding member ("br;q=0.5" -> 0.5); 1 when absent, -1 when unreadable.
double QValue(std::string_view params) {
  std::size_t q = params.find("q=");
  if (q == std::string_view::npos) return 1;
  std::string v(params.substr(q + 2));
  char* end = nullptr;
  double x = std::strtod(v.c_str(), &end);
  return end == v.c_str() ? -1 : x;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string ContentTypeFor(std::string_view path) {
  struct Type {
    const char* ext;
    const char* type;
  };
  static const Type kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".htm", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"},
      {".wasm", "application/wasm"}, {".css", "text/css; charset=utf-8"}, {".json", "application/json"},
      {".map", "application/json"}, {".txt", "text/plain; charset=utf-8"}, {".svg", "image/svg+xml"},
      {".png", "image/png"}, {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".gif", "image/gif"},
      {".webp", "image/webp"}, {".ico", "image/x-icon"}, {".ttf", "font/ttf"}, {".otf", "font/otf"},
      {".woff", "font/woff"}, {".woff2", "font/woff2"},
  };
  std::string lower(path);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const Type& t : kTypes)
    if (EndsWith(lower, t.ext)) return t.type;
  return "application/octet-stream";
}

bool IsHashedAssetName(std::string_view url_path) {
  std::string_view name = url_path.substr(url_path.rfind('/') + 1);
  std::size_t start = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i < name.size() && name[i] != '.' && name[i] != '-' && name[i] != '_') continue;
    std::string_view part = name.substr(start, i - start);
    start = i + 1;
    if (part.size() < 8 || part.size() > 64) continue;
    bool hex = true, digit = false, letter = false;
    for (char c : part) {
      digit = digit || (c >= '0' && c <= '9');
      letter = letter || (c >= 'a' && c <= 'f');
      hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
    if (hex && digit && letter) return true;
  }
  return false;
}

std::string CacheControlFor(std::string_view url_path) {
  if (IsHashedAssetName(url_path)) return "public, max-age=31536000, immutable";
  std::string type = ContentTypeFor(url_path);
  if (type.rfind("text/html", 0) == 0 || type.rfind("text/javascript", 0) == 0 || type == "application/wasm")
    return "no-cache";
  return "public, max-age=300";
}

Encoding PickEncoding(std::string_view accept_encoding, bool have_gzip, bool have_brotli) {
  double q_br = -1, q_gzip = -1, q_any = -1;
  std::string_view rest = accept_encoding;
  while (!rest.empty()) {
    std::size_t comma = rest.find(',');
    std::string_view member = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    std::size_t semi = member.find(';');
    std::string name(Trim(member.substr(0, semi)));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    double q = semi == std::string_view::npos ? 1 : QValue(member.substr(semi + 1));
    if (name == "br") q_br = q;
    else if (name == "gzip" || name == "x-gzip") q_gzip = q;
    else if (name == "*") q_any = q;
  }
  if (q_br < 0) q_br = q_any;
  if (q_gzip < 0) q_gzip = q_any;
  bool br = have_brotli && q_br > 0, gz = have_gzip && q_gzip > 0;
  if (br && (!gz || q_br >= q_gzip)) return Encoding::kBrotli;
  if (gz) return Encoding::kGzip;
  return Encoding::kIdentity;
}

bool EtagMatches(std::string_view if_none_match, std::string_view etag) {
  auto opaque = [](std::string_view t) { return t.rfind("W/", 0) == 0 ? t.substr(2) : t; };
  std::string_view rest = if_none_match;
  while (!rest.empty()) {
    std::size_t comma = rest.find(',');
    std::string_view tag = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (tag == "*" || opaque(tag) == opaque(etag)) return true;
  }
  return false;
}

int StaticFiles::Load(const std::string& dir, std::string& error) {
  std::error_code ec;
  fs::path root = fs::canonical(dir, ec);
  if (ec || !fs::is_directory(root, ec)) {
    error = "static folder " + dir + " does not exist (build the web app: scripts/build.sh)";
    return -1;
  }
  files_.clear();
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const fs::path& p = it->path();
    if (p.filename().string().rfind('.', 0) == 0) {  // .git, .env, editor droppings: never served
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec) || !InsideRoot(p, root)) continue;
    std::uintmax_t size = it->file_size(ec);
    if (ec || size > kMaxFileBytes) continue;
    std::ifstream in(p, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) continue;
    std::string url = "/" + fs::relative(p, root, ec).generic_string();
    if (ec) continue;
    files_[url] = MakeFile(url, std::move(bytes));
  }
  if (ec) {
    error = "cannot read the static folder " + dir + ": " + ec.message();
    return -1;
  }
  return static_cast<int>(files_.size());
}

const StaticFile* StaticFiles::Find(const std::string& url_path) const {
  std::string path = url_path;
  if (path.empty() || path.back() == '/') path += "index.html";
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

bool StaticFiles::Serve(const httplib::Request& req, httplib::Response& res) const {
  const StaticFile* f = Find(req.path);
  if (!f) return false;
  Encoding enc = PickEncoding(req.get_header_value("Accept-Encoding"), f->gzip != nullptr, f->brotli != nullptr);
  std::string etag = f->etag;
  std::shared_ptr<const std::string> body = f->identity;
  if (enc == Encoding::kBrotli) {
    etag.insert(etag.size() - 1, "-br");  // a strong ETag names one representation
    body = f->brotli;
  } else if (enc == Encoding::kGzip) {
    etag.insert(etag.size() - 1, "-gz");
    body = f->gzip;
  }
  res.set_header("ETag", etag);
  res.set_header("Cache-Control", f->cache_control);
  if (f->gzip || f->brotli) res.set_header("Vary", "Accept-Encoding");
  res.set_header("X-Content-Type-Options", "nosniff");
  if (f->content_type.rfind("text/html", 0) == 0) {
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Frame-Options", "DENY");  // the settings panel holds keys: no framing
    // Cross-origin isolation: no other site's window shares our process or holds a handle
    // to ours (the page holds keys), and the page's clocks tick at 5 us instead of 100 us
    // with jitter, which the chart's batch sizer and frame timing read. Everything the page
    // loads is same-origin or fetched with CORS, which require-corp allows.
    res.set_header("Cross-Origin-Opener-Policy", "same-origin");
    res.set_header("Cross-Origin-Embedder-Policy", "require-corp");
  }
  if (req.has_header("If-None-Match") && EtagMatches(req.get_header_value("If-None-Match"), etag)) {
    res.status = 304;
    return true;
  }
  if (enc != Encoding::kIdentity) res.set_header("Content-Encoding", enc == Encoding::kBrotli ? "br" : "gzip");
  SendBytes(res, 200, std::move(body), f->content_type);
  return true;
}

}  // namespace offerscope::proxy
