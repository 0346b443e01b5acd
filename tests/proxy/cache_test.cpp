// The response cache: keys, TTL, stale-while-revalidate with one background refresh, stale
// copies standing in for failures, shared misses, the LRU byte bound, and answers sent
// gzip'd from the entry.
#include "proxy/cache.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <random>
#include <thread>

namespace offerscope::proxy {
namespace {

using Clock = std::chrono::steady_clock;
using core::HttpRequest;
using core::ProviderId;

void Sleep(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// An upstream stand-in that counts its calls and answers `body` with `status`.
struct FakeUpstream {
  std::atomic<int> calls{0};
  std::atomic<int> status{200};
  std::string body = "v1";
  int delay_ms = 0;
  ResponseCache::FetchFn Fn() {
    return [this] {
      ++calls;
      if (delay_ms) Sleep(delay_ms);
      UpstreamResponse r;
      r.status = status;
      r.body = body;
      if (r.status == 0) r.error = "Vast.ai could not be reached: Connection";
      return r;
    };
  }
};

TEST(ResponseCacheKey, IgnoresQueryOrderAndJsonSpacingButNotTheProvider) {
  HttpRequest a{"POST", "/api/v0/bundles/", {{"a", "1"}, {"b", "2"}}, R"({"limit": 5, "type": "bid"})"};
  HttpRequest b{"POST", "/api/v0/bundles/", {{"b", "2"}, {"a", "1"}}, R"({"type":"bid","limit":5})"};
  EXPECT_EQ(ResponseCache::Key(ProviderId::kVast, a), ResponseCache::Key(ProviderId::kVast, b));
  EXPECT_NE(ResponseCache::Key(ProviderId::kVast, a), ResponseCache::Key(ProviderId::kDispersed, a));
  b.body = R"({"type":"bid","limit":6})";
  EXPECT_NE(ResponseCache::Key(ProviderId::kVast, a), ResponseCache::Key(ProviderId::kVast, b));
}

TEST(ResponseCache, AnswersFromTheCacheWhileFresh) {
  ResponseCache cache(60, 600, 1 << 20);
  FakeUpstream up;
  CacheLookup first = cache.Fetch("k", up.Fn());
  EXPECT_FALSE(first.from_cache);
  ASSERT_TRUE(first.answer);
  CacheLookup second = cache.Fetch("k", up.Fn());
  EXPECT_TRUE(second.from_cache);
  EXPECT_FALSE(second.stale);
  EXPECT_EQ(second.answer->body, "v1");
  EXPECT_EQ(up.calls.load(), 1);
}

TEST(ResponseCache, ServesStaleAndRefreshesOnceInTheBackground) {
  ResponseCache cache(0.05, 60, 1 << 20);
  FakeUpstream up;
  cache.Fetch("k", up.Fn());
  Sleep(80);  // past the TTL, inside the stale window
  up.body = "v2";
  up.delay_ms = 150;
  for (int i = 0; i < 5; ++i) {
    auto t0 = Clock::now();
    CacheLookup hit = cache.Fetch("k", up.Fn());
    EXPECT_LT(std::chrono::duration<double>(Clock::now() - t0).count(), 0.1);  // nobody waits for the refresh
    ASSERT_TRUE(hit.answer);
    EXPECT_EQ(hit.answer->body, "v1");
    EXPECT_TRUE(hit.stale);
    EXPECT_FALSE(hit.after_failure);
  }
  cache.WaitForRefreshes();
  EXPECT_EQ(up.calls.load(), 2);  // the first fetch and exactly one refresh
  CacheLookup fresh = cache.Fetch("k", up.Fn());
  EXPECT_EQ(fresh.answer->body, "v2");
  EXPECT_FALSE(fresh.stale);
}

TEST(ResponseCache, AFailedRefreshKeepsTheCopyAndLetsALaterCallerTryAgain) {
  ResponseCache cache(0.02, 60, 1 << 20);
  FakeUpstream up;
  cache.Fetch("k", up.Fn());
  Sleep(40);
  up.status = 503;
  cache.Fetch("k", up.Fn());
  cache.WaitForRefreshes();
  up.status = 200;
  up.body = "v2";
  EXPECT_EQ(cache.Fetch("k", up.Fn()).answer->body, "v1");  // still stale: starts another refresh
  cache.WaitForRefreshes();
  EXPECT_EQ(up.calls.load(), 3);
  EXPECT_EQ(cache.Fetch("k", up.Fn()).answer->body, "v2");
}

TEST(ResponseCache, AStaleCopyStandsInWhenTheUpstreamFails) {
  ResponseCache cache(0.01, 0, 1 << 20);  // no stale window: past the TTL is a miss
  FakeUpstream up;
  cache.Fetch("k", up.Fn());
  Sleep(30);
  up.status = 0;  // no answer at all
  CacheLookup fallback = cache.Fetch("k", up.Fn());
  ASSERT_TRUE(fallback.answer);
  EXPECT_EQ(fallback.answer->body, "v1");
  EXPECT_TRUE(fallback.from_cache);
  EXPECT_TRUE(fallback.stale);
  EXPECT_TRUE(fallback.after_failure);
  EXPECT_GE(fallback.age_s, 0.02);
  EXPECT_NE(fallback.failure.error.find("could not be reached"), std::string::npos);
  up.status = 404;  // a refusal is the provider's answer, not a failure to hide
  CacheLookup refused = cache.Fetch("k", up.Fn());
  EXPECT_FALSE(refused.answer);
  EXPECT_EQ(refused.failure.status, 404);
}

TEST(ResponseCache, NeverStoresErrors) {
  ResponseCache cache(60, 600, 1 << 20);
  FakeUpstream up;
  up.status = 500;
  EXPECT_FALSE(cache.Fetch("k", up.Fn()).answer);
  EXPECT_FALSE(cache.Fetch("k", up.Fn()).answer);
  EXPECT_EQ(up.calls.load(), 2);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(ResponseCache, ConcurrentMissesShareOneUpstreamCall) {
  ResponseCache cache(60, 600, 1 << 20);
  FakeUpstream up;
  up.delay_ms = 100;
  std::vector<std::thread> callers;
  std::atomic<int> answered{0};
  for (int i = 0; i < 8; ++i)
    callers.emplace_back([&] {
      CacheLookup l = cache.Fetch("k", up.Fn());
      if (l.answer && l.answer->body == "v1") ++answered;
    });
  for (std::thread& t : callers) t.join();
  EXPECT_EQ(answered.load(), 8);
  EXPECT_EQ(up.calls.load(), 1);
}

// Bytes gzip cannot shrink, so an entry's size is predictable.
std::string Noise(std::size_t n, unsigned seed) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>((seed = seed * 1103515245u + 12345u) >> 16);
  return s;
}

CachedAnswer Answer(std::string body) {
  CachedAnswer a;
  a.status = 200;
  a.body = std::move(body);
  a.content_type = "application/json";
  a.stored_at = std::chrono::system_clock::now();
  return a;
}

TEST(ResponseCache, EvictsTheLeastRecentlyUsedToStayWithinItsBytes) {
  ResponseCache cache(60, 600, 20000);  // each body counts twice: string and file copy
  for (int i = 0; i < 4; ++i) cache.Put("k" + std::to_string(i), Answer(Noise(2000, i)));
  std::shared_ptr<const CachedAnswer> touched;
  cache.Get("k0", touched);  // k0 is now the most recently used
  cache.Put("k4", Answer(Noise(2000, 4)));
  cache.Put("k5", Answer(Noise(2000, 5)));
  EXPECT_LE(cache.bytes(), 20000);
  EXPECT_TRUE(cache.GetAny("k0"));
  EXPECT_FALSE(cache.GetAny("k1"));
  EXPECT_FALSE(cache.GetAny("k2"));
  EXPECT_TRUE(cache.GetAny("k5"));
  // One answer may take at most a quarter: a larger one is returned but not kept.
  std::shared_ptr<const CachedAnswer> big = cache.Put("big", Answer(Noise(3000, 9)));
  EXPECT_EQ(big->body.size(), 3000u);
  EXPECT_FALSE(cache.GetAny("big"));
}

std::string Gunzip(const std::string& gz) {
  z_stream z{};
  inflateInit2(&z, 15 + 16);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

TEST(ResponseCache, StoresTheBodyGzippedOnceAndSendsItToClientsThatAcceptIt) {
  ResponseCache cache(60, 600, 1 << 20);
  std::string body;
  for (int i = 0; i < 300; ++i) body += R"({"provider":"vast","id":")" + std::to_string(i) + R"(","gpu":"RTX 4090"},)";
  std::shared_ptr<const CachedAnswer> stored = cache.Gzipped("k", cache.Put("k", Answer(body)));
  ASSERT_FALSE(stored->gzip_body.empty());
  EXPECT_LT(stored->gzip_body.size(), body.size() / 5);
  EXPECT_EQ(Gunzip(stored->gzip_body), body);

  httplib::Server server;
  server.Get("/x", [&](const httplib::Request& req, httplib::Response& res) { WriteCachedAnswer(req, res, stored); });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread t([&] { server.listen_after_bind(); });
  while (!server.is_running()) Sleep(1);
  httplib::Client c("127.0.0.1", port);
  c.set_decompress(false);
  auto gz = c.Get("/x", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(gz->get_header_value_count("Content-Encoding"), 1u);  // httplib did not compress it again
  EXPECT_EQ(Gunzip(gz->body), body);
  auto plain = c.Get("/x", {{"Accept-Encoding", "br;q=1, gzip;q=0"}});
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  EXPECT_EQ(plain->body, body);
  server.stop();
  t.join();
}

// What Fetch stores is not compressed: the first client that takes gzip has it made, once,
// in place of the stored entry (with the same file copy of the body); clients that never
// take gzip never pay for it.
TEST(ResponseCache, CompressesAnEntryOnlyWhenAClientThatTakesGzipFirstAsks) {
  ResponseCache cache(60, 600, 4 << 20);
  FakeUpstream up;
  for (int i = 0; i < 400; ++i) up.body += R"({"provider":"dispersed","id":")" + std::to_string(i) + R"("},)";
  CacheLookup miss = cache.Fetch("k", up.Fn());
  ASSERT_TRUE(miss.answer);
  EXPECT_TRUE(miss.answer->gzip_body.empty());
  EXPECT_FALSE(miss.answer->gzip_tried);
  const long long plain_bytes = cache.bytes();

  std::shared_ptr<const CachedAnswer> gz = cache.Gzipped("k", miss.answer);
  ASSERT_TRUE(gz);
  ASSERT_FALSE(gz->gzip_body.empty());
  EXPECT_EQ(Gunzip(gz->gzip_body), up.body);
  EXPECT_EQ(gz->body, up.body);
  EXPECT_EQ(gz->body_copy, miss.answer->body_copy);  // the body's file copy carries over
  EXPECT_EQ(cache.GetFresh("k"), gz);                // stored in place of the plain entry
  EXPECT_GT(cache.bytes(), plain_bytes);
  EXPECT_EQ(cache.Gzipped("k", gz), gz);  // made once
  EXPECT_EQ(up.calls.load(), 1);

  // Bytes that do not compress: tried once, then sent as they are.
  std::string noise(4096, '\0');
  std::mt19937 random(7);
  for (char& c : noise) c = static_cast<char>(random());
  up.body = noise;
  CacheLookup other = cache.Fetch("noise", up.Fn());
  std::shared_ptr<const CachedAnswer> tried = cache.Gzipped("noise", other.answer);
  EXPECT_TRUE(tried->gzip_tried);
  EXPECT_TRUE(tried->gzip_body.empty());
  EXPECT_EQ(cache.Gzipped("noise", tried), tried);

  // An answer not stored under that key (replaced, evicted) is compressed for its caller only.
  std::shared_ptr<const CachedAnswer> loose = cache.Gzipped("elsewhere", miss.answer);
  EXPECT_FALSE(loose->gzip_body.empty());
  EXPECT_FALSE(cache.GetFresh("elsewhere"));
  EXPECT_EQ(cache.GetFresh("k"), gz);
}

// A stale entry being refreshed and gzip'd meanwhile is still being refreshed: the callers
// after it get the copy without starting a second refresh.
TEST(ResponseCache, CompressingAStaleEntryKeepsItsOneRefresh) {
  ResponseCache cache(0.05, 600, 4 << 20);
  FakeUpstream up;
  up.body = std::string(4000, 'a');
  ASSERT_TRUE(cache.Fetch("k", up.Fn()).answer);
  Sleep(100);  // past the TTL
  up.delay_ms = 300;
  CacheLookup stale = cache.Fetch("k", up.Fn());  // starts the refresh
  ASSERT_TRUE(stale.stale);
  std::shared_ptr<const CachedAnswer> gz = cache.Gzipped("k", stale.answer);
  EXPECT_FALSE(gz->gzip_body.empty());
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(cache.Fetch("k", up.Fn()).answer);
  cache.WaitForRefreshes();
  EXPECT_EQ(up.calls.load(), 2);  // the miss and one refresh
}

TEST(AcceptsGzip, ReadsQValues) {
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
  EXPECT_TRUE(AcceptsGzip("br, gzip;q=0.8"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("br"));
  EXPECT_FALSE(AcceptsGzip(""));
}

}  // namespace
}  // namespace offerscope::proxy
