// Cache of public upstream answers, keyed by the normalized request (provider, method, path,
// sorted query, body), so a team sharing one proxy asks each provider once per TTL. Fresh
// for `ttl`; then served stale for up to `stale` more while one caller refreshes it.
// Byte-bounded, least recently used out first. Callers decide what is public: answers
// fetched with a caller's own key and instances never enter it.
#pragma once

#include <chrono>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/http.hpp"
#include "core/offer.hpp"

namespace offerscope::proxy {

struct CachedAnswer {
  int status = 0;
  std::string body;
  std::string content_type;
  std::chrono::system_clock::time_point stored_at;
};

class ResponseCache {
 public:
  ResponseCache(double ttl_s, double stale_s, long long max_bytes);

  enum class State { kMiss, kFresh, kStale };
  // Looks `key` up. kStale means the caller should refresh (once: later callers meanwhile
  // get kFresh for the stale copy so only one refresh runs).
  State Get(const std::string& key, std::shared_ptr<const CachedAnswer>& out);
  // The entry even when past its stale window (for "stale-from-cache" after an upstream error).
  std::shared_ptr<const CachedAnswer> GetAny(const std::string& key);
  void Put(const std::string& key, CachedAnswer answer);

  static std::string Key(core::ProviderId provider, const core::HttpRequest& request);

 private:
  struct Entry {
    std::shared_ptr<const CachedAnswer> answer;
    std::list<std::string>::iterator lru;
    bool refreshing = false;
  };
  double ttl_s_, stale_s_;
  long long max_bytes_, bytes_ = 0;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;  // most recent first
};

}  // namespace offerscope::proxy
