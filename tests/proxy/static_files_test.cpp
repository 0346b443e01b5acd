// The web app's files: content types, gzip/brotli chosen by Accept-Encoding (and correct:
// decompressed back to the file), strong ETags and 304s, Cache-Control by kind of name,
// hidden files and traversal attempts never served.
#include "proxy/static_files.hpp"

#include <brotli/decode.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "tests/proxy/test_server.hpp"

namespace offerscope::proxy {
namespace {

namespace fs = std::filesystem;
using testing::RawStatus;
using testing::RecordingUpstream;
using testing::TestServer;

std::string Gunzip(const std::string& in) {
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  std::string out(1 << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  inflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

std::string Unbrotli(const std::string& in) {
  std::string out(1 << 20, '\0');
  std::size_t size = out.size();
  if (BrotliDecoderDecompress(in.size(), reinterpret_cast<const std::uint8_t*>(in.data()), &size,
                              reinterpret_cast<std::uint8_t*>(out.data())) != BROTLI_DECODER_RESULT_SUCCESS)
    return "<not brotli>";
  out.resize(size);
  return out;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("offerscope_site_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "assets");
    fs::create_directories(dir_ / ".git");
    js_ = "// app\n" + std::string(4000, ' ') + "console.log('offerscope');\n";
    Write("index.html", "<!doctype html><title>OfferScope</title>" + std::string(1000, ' '));
    Write("offerscope.js", js_);
    Write("offerscope.wasm", std::string("\0asm\x01\0\0\0", 8) + std::string(3000, '\x01'));
    Write("assets/app.3f2a9c1b.js", js_);
    Write("font.ttf", std::string(3000, 'f'));
    Write("logo.png", std::string(3000, 'p'));
    Write("offerscope.data", std::string(3000, 'd'));  // Emscripten's preload package (the font)
    Write(".env", "VAST_API_KEY=secret");
    Write(".git/config", "[core]");
    fs::create_symlink("/etc/hostname", dir_ / "escape.txt");
    server_ = std::make_unique<TestServer>(Config{}, std::make_unique<RecordingUpstream>());
    std::string error;
    loaded_ = server_->services().static_files.Load(dir_.string(), error);
    ASSERT_GT(loaded_, 0) << error;
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& bytes) { std::ofstream(dir_ / name, std::ios::binary) << bytes; }
  // Bytes as sent: httplib's client would decompress them.
  httplib::Result Get(const std::string& path, httplib::Headers h = {}) {
    httplib::Client c = server_->Client();
    c.set_decompress(false);
    return c.Get(path.c_str(), h);
  }

  fs::path dir_;
  std::string js_;
  int loaded_ = 0;
  std::unique_ptr<TestServer> server_;
};

TEST_F(StaticFilesTest, LoadsOnlyVisibleRegularFilesInsideTheFolder) {
  EXPECT_EQ(loaded_, 7);  // not .env, .git/config, nor the symlink leading out
  EXPECT_EQ(Get("/.env")->status, 404);
  EXPECT_EQ(Get("/.git/config")->status, 404);
  EXPECT_EQ(Get("/escape.txt")->status, 404);
  EXPECT_EQ(Get("/missing.js")->status, 404);
}

TEST_F(StaticFilesTest, SendsEachFileWithItsContentType) {
  auto index = Get("/", {{"Accept-Encoding", "identity"}});
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index->body.substr(0, 15), "<!doctype html>");
  EXPECT_EQ(Get("/offerscope.js")->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  auto wasm = Get("/offerscope.wasm", {{"Accept-Encoding", "identity"}});
  EXPECT_EQ(wasm->get_header_value("Content-Type"), "application/wasm");
  EXPECT_EQ(wasm->body.size(), 3008u);
  EXPECT_EQ(Get("/font.ttf")->get_header_value("Content-Type"), "font/ttf");
  EXPECT_EQ(Get("/logo.png")->get_header_value("Content-Type"), "image/png");
  EXPECT_EQ(Get("/logo.png")->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_F(StaticFilesTest, PicksBrotliThenGzipByAcceptEncodingAndTheBytesDecodeToTheFile) {
  auto br = Get("/offerscope.js", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(br);
  EXPECT_EQ(br->get_header_value("Content-Encoding"), "br");
  EXPECT_EQ(br->get_header_value("Vary"), "Accept-Encoding");
  EXPECT_LT(br->body.size(), js_.size());
  EXPECT_EQ(Unbrotli(br->body), js_);  // compressed once, never twice
  auto gz = Get("/offerscope.js", {{"Accept-Encoding", "gzip, br;q=0"}});
  EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(Gunzip(gz->body), js_);
  auto plain = Get("/offerscope.js", {{"Accept-Encoding", "identity"}});
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  EXPECT_EQ(plain->body, js_);
  auto png = Get("/logo.png", {{"Accept-Encoding", "br"}});
  EXPECT_FALSE(png->has_header("Content-Encoding"));  // images are not recompressed
  auto data = Get("/offerscope.data", {{"Accept-Encoding", "br"}});
  EXPECT_EQ(data->get_header_value("Content-Encoding"), "br");
  EXPECT_LT(data->body.size(), 3000u);
}

TEST_F(StaticFilesTest, AnswersAMatchingIfNoneMatchWith304PerRepresentation) {
  auto first = Get("/offerscope.js", {{"Accept-Encoding", "br"}});
  std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(etag.front(), '"');  // strong
  EXPECT_NE(etag.find("-br"), std::string::npos);
  auto again = Get("/offerscope.js", {{"Accept-Encoding", "br"}, {"If-None-Match", etag}});
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(again->get_header_value("ETag"), etag);
  auto listed = Get("/offerscope.js", {{"Accept-Encoding", "br"}, {"If-None-Match", "\"other\", W/" + etag}});
  EXPECT_EQ(listed->status, 304);
  // The identity representation has another tag: the br one does not validate it.
  auto plain = Get("/offerscope.js", {{"Accept-Encoding", "identity"}, {"If-None-Match", etag}});
  EXPECT_EQ(plain->status, 200);
  EXPECT_NE(plain->get_header_value("ETag"), etag);
}

TEST_F(StaticFilesTest, SetsCacheControlByKindOfName) {
  EXPECT_EQ(Get("/")->get_header_value("Cache-Control"), "no-cache");
  EXPECT_EQ(Get("/assets/app.3f2a9c1b.js")->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(Get("/offerscope.wasm")->get_header_value("Cache-Control"), "no-cache");
  EXPECT_EQ(Get("/font.ttf")->get_header_value("Cache-Control"), "public, max-age=300");
  EXPECT_EQ(Get("/")->get_header_value("X-Frame-Options"), "DENY");
}

TEST_F(StaticFilesTest, TheDocumentIsCrossOriginIsolatedAndItsSubresourcesAreNotTouched) {
  auto doc = Get("/");
  EXPECT_EQ(doc->get_header_value("Cross-Origin-Opener-Policy"), "same-origin");
  EXPECT_EQ(doc->get_header_value("Cross-Origin-Embedder-Policy"), "require-corp");
  // Only documents carry the policies; a script or wasm file is same-origin to the page.
  auto script = Get("/offerscope.js");
  EXPECT_FALSE(script->has_header("Cross-Origin-Opener-Policy"));
  EXPECT_FALSE(script->has_header("Cross-Origin-Embedder-Policy"));
}

TEST_F(StaticFilesTest, RefusesTraversalInAnySpellingWithoutServingAFile) {
  int port = server_->port();
  for (const char* target : {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fetc/passwd",
                             "/%252e%252e/etc/passwd", "/assets/%2e%2e/index.html", "/..\\..\\etc\\passwd",
                             "/assets/../index.html", "//etc/passwd", "/index.html%00.png", "/./index.html"}) {
    int status = RawStatus(port, std::string("GET ") + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    EXPECT_TRUE(status == 400 || status == 404) << target << " -> " << status;
  }
}

TEST_F(StaticFilesTest, AnswersHeadWithHeadersOnly) {
  auto head = server_->Client().Head("/offerscope.js");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
}

TEST(StaticFileRules, RecognisesHashedNames) {
  EXPECT_TRUE(IsHashedAssetName("/app.3f2a9c1b.js"));
  EXPECT_TRUE(IsHashedAssetName("/chunk-0123abcd.wasm"));
  EXPECT_FALSE(IsHashedAssetName("/offerscope.js"));
  EXPECT_FALSE(IsHashedAssetName("/deadbeef.js"));   // no digit: a word, not a hash
  EXPECT_FALSE(IsHashedAssetName("/20261120.json"));  // no letter: a date
  EXPECT_FALSE(IsHashedAssetName("/3f2a9c1b/app.js"));  // the folder does not count
}

TEST(StaticFileRules, HonoursQValuesWhenPickingAnEncoding) {
  EXPECT_EQ(PickEncoding("gzip, deflate, br", true, true), Encoding::kBrotli);
  EXPECT_EQ(PickEncoding("br;q=0, gzip", true, true), Encoding::kGzip);
  EXPECT_EQ(PickEncoding("br;q=0.5, gzip;q=0.9", true, true), Encoding::kGzip);
  EXPECT_EQ(PickEncoding("*", true, true), Encoding::kBrotli);
  EXPECT_EQ(PickEncoding("*;q=0", true, true), Encoding::kIdentity);
  EXPECT_EQ(PickEncoding("", true, true), Encoding::kIdentity);
  EXPECT_EQ(PickEncoding("br", true, false), Encoding::kIdentity);
}

TEST(StaticFileRules, FailsClearlyForAMissingFolder) {
  StaticFiles files;
  std::string error;
  EXPECT_EQ(files.Load("/nonexistent/site", error), -1);
  EXPECT_NE(error.find("does not exist"), std::string::npos);
}

}  // namespace
}  // namespace offerscope::proxy
