// Cache of public upstream answers, keyed by the normalized request (provider, method, path,
// sorted query, canonical JSON body), so a team sharing one proxy asks each provider once
// per TTL instead of being rate-limited.
//
// - Fresh for `ttl_s`; then, for `stale_s` more, served as it is while one background
//   refresh runs (stale-while-revalidate: the caller never waits, and only one refresh per
//   entry is in flight).
// - When the upstream fails (no answer, 408, 429, 5xx), a stored copy of any age beats the
//   error; the caller is told it is stale and how old it is.
// - Concurrent misses of one key make one upstream call; the others wait for its answer.
// - Byte-bounded, least recently used out first; one answer may use at most a quarter.
// - Each entry keeps its body and, computed once (when the first client that takes gzip asks
//   for it: Gzipped), the body gzip'd, so serving a hit (WriteCachedAnswer) does no JSON or
//   compression work per request; both also sit in unnamed files (LazyFileCopy) that hits
//   are sent from with sendfile (no copy through user space). Answers fetched for clients
//   that do not take gzip (scripts, the aggregate's pages) are never compressed.
// Callers decide what is public: answers fetched with a caller's own key, and instances,
// must never enter it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/http.hpp"
#include "core/offer.hpp"
#include "proxy/connection.hpp"
#include "proxy/upstream.hpp"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace offerscope::proxy {

struct CachedAnswer {
  int status = 0;
  std::string body;
  std::string content_type;
  std::chrono::system_clock::time_point stored_at;
  std::string gzip_body;  // `body` gzip'd (filled by Put and Gzipped); empty: not made, or not worth it
  bool gzip_tried = false;  // compression was tried: an empty gzip_body means not worth it
  // The bytes above again as unnamed files, for sendfile, made at their second send (set by
  // ResponseCache::Put; shared by copies of this answer).
  std::shared_ptr<const LazyFileCopy> body_copy, gzip_copy;
};

// What ResponseCache::Fetch found or fetched.
struct CacheLookup {
  // The answer to use; null when there is none, and `failure` says what the upstream did.
  std::shared_ptr<const CachedAnswer> answer;
  UpstreamResponse failure;
  bool from_cache = false;     // `answer` is a stored copy, not a fetch made just now
  bool stale = false;          // that copy is past its TTL (being refreshed, or see below)
  bool after_failure = false;  // served stale because the upstream failed just now
  double age_s = 0;            // how old `answer` is
};

class ResponseCache {
 public:
  ResponseCache(double ttl_s, double stale_s, long long max_bytes);
  ~ResponseCache();  // waits for background refreshes (see WaitForRefreshes)
  ResponseCache(const ResponseCache&) = delete;
  ResponseCache& operator=(const ResponseCache&) = delete;

  using FetchFn = std::function<UpstreamResponse()>;
  // The whole policy in one call: fresh hit; stale hit + one background refresh; miss
  // (shared with concurrent callers of the same key) -> fetch, store 2xx answers, or fall
  // back to a stored copy when the upstream failed. `fetch` may run on another thread
  // after this returns (the refresh): it must own or outlive what it uses. What it stores
  // is not compressed (see Gzipped).
  CacheLookup Fetch(const std::string& key, FetchFn fetch);
  // `answer` (stored under `key`) with its gzip'd copy, for a client that takes gzip: made
  // here the first time (outside the lock; ~3 ms for 128 KB, ~40 ms for 2 MB) and stored in
  // place of `answer`, so later hits send it as it is. A caller that comes while another is
  // compressing the same entry gets `answer` as it is rather than waiting or compressing it
  // again. An answer no longer stored (replaced, evicted, too large) is compressed for
  // this caller only.
  std::shared_ptr<const CachedAnswer> Gzipped(const std::string& key, std::shared_ptr<const CachedAnswer> answer);

  // Lower-level access, for callers with their own policy.
  enum class State { kMiss, kFresh, kStale };
  // kStale means the caller should refresh: it is returned once per stale period, later
  // callers get kFresh for the same copy until Put (or GetAny after a failed refresh).
  State Get(const std::string& key, std::shared_ptr<const CachedAnswer>& out);
  // The entry only while fresh; no side effects.
  std::shared_ptr<const CachedAnswer> GetFresh(const std::string& key);
  // The same as a lookup (what Fetch returns for a fresh hit); no answer when not fresh.
  CacheLookup GetFreshLookup(const std::string& key);
  // The entry at any age (for "stale after an upstream error"); also ends a refresh.
  std::shared_ptr<const CachedAnswer> GetAny(const std::string& key);
  // Stores `answer` as it is (not compressed: see Gzipped) and returns the stored entry. An
  // answer larger than a quarter of the cache is returned without being stored.
  std::shared_ptr<const CachedAnswer> Put(const std::string& key, CachedAnswer answer);

  // Forgets `key` (an answer found unusable after it was stored).
  void Erase(const std::string& key);

  // Blocks until no background refresh is running. The owner calls it before
  // destroying what refresh functions use (the upstream).
  void WaitForRefreshes();

  long long bytes() const;
  std::size_t size() const;
  double ttl_s() const { return ttl_s_; }

  // "vast POST /api/v0/bundles/?<sorted query>\n<canonical body>"
  static std::string Key(core::ProviderId provider, const core::HttpRequest& request);

 private:
  struct Entry {
    std::shared_ptr<const CachedAnswer> answer;
    std::list<std::string>::iterator lru;
    long long bytes = 0;
    bool refreshing = false;
    bool gzipping = false;  // a Gzipped call is compressing this entry's answer
  };
  struct Flight;  // one miss being fetched, shared by concurrent callers

  void StartRefresh(const std::string& key, FetchFn fetch);
  // Put's work (and Gzipped's, with `gzip`); with `only_over`, stores only while the key
  // still holds that entry.
  std::shared_ptr<const CachedAnswer> Store(const std::string& key, CachedAnswer answer, bool gzip,
                                            const CachedAnswer* only_over);
  CacheLookup FetchMiss(const std::string& key, const FetchFn& fetch);
  void EraseLocked(std::unordered_map<std::string, Entry>::iterator it);

  double ttl_s_, stale_s_;
  long long max_bytes_;
  long long bytes_ = 0;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;  // most recently used first
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
  int background_ = 0;  // background refreshes running
  std::condition_variable background_done_;
};

// True for the upstream outcomes a stored copy should stand in for: no answer, 408, 429, 5xx.
bool IsUpstreamFailure(const UpstreamResponse& r);

// Writes a cached answer: status, content type, and the gzip'd body when the client accepts
// gzip (Vary: Accept-Encoding). The body is sent straight from the shared entry; httplib's
// own per-request compression is bypassed (it would brotli the bytes again on every hit).
void WriteCachedAnswer(const httplib::Request& req, httplib::Response& res, std::shared_ptr<const CachedAnswer> answer);

// Whether an Accept-Encoding value takes gzip: "gzip, deflate, br" and "gzip;q=0.8" do,
// "gzip;q=0" and "br" do not.
bool AcceptsGzip(const std::string& accept_encoding);

// gzip (RFC 1952) of `data` at zlib's default level; empty on failure.
std::string GzipBytes(const std::string& data);

}  // namespace offerscope::proxy
