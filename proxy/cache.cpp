#include "proxy/cache.hpp"

#include <algorithm>

namespace offerscope::proxy {

ResponseCache::ResponseCache(double ttl_s, double stale_s, long long max_bytes)
    : ttl_s_(ttl_s), stale_s_(stale_s), max_bytes_(max_bytes) {}

std::string ResponseCache::Key(core::ProviderId provider, const core::HttpRequest& request) {
  auto query = request.query;
  std::stable_sort(query.begin(), query.end());  // ?a=1&b=2 and ?b=2&a=1 are one answer
  std::string key = std::string(core::ProviderName(provider)) + " " + request.method + " " + request.path + "?";
  key += core::EncodeQueryString(query);
  key += "\n" + request.body;
  return key;
}

ResponseCache::State ResponseCache::Get(const std::string& key, std::shared_ptr<const CachedAnswer>& out) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return State::kMiss;
  double age = std::chrono::duration<double>(std::chrono::system_clock::now() - it->second.answer->stored_at).count();
  if (age > ttl_s_ + stale_s_) return State::kMiss;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  out = it->second.answer;
  if (age <= ttl_s_ || it->second.refreshing) return State::kFresh;
  it->second.refreshing = true;
  return State::kStale;
}

std::shared_ptr<const CachedAnswer> ResponseCache::GetAny(const std::string& key) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  it->second.refreshing = false;  // a failed refresh: let the next caller try again
  return it->second.answer;
}

void ResponseCache::Put(const std::string& key, CachedAnswer answer) {
  long long size = static_cast<long long>(key.size() + answer.body.size());
  if (size > max_bytes_ / 4) return;  // one answer never evicts most of the cache
  std::lock_guard<std::mutex> l(mu_);
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    bytes_ -= static_cast<long long>(key.size() + it->second.answer->body.size());
    lru_.erase(it->second.lru);
    entries_.erase(it);
  }
  lru_.push_front(key);
  entries_[key] = Entry{std::make_shared<const CachedAnswer>(std::move(answer)), lru_.begin(), false};
  bytes_ += size;
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    auto old = entries_.find(lru_.back());
    bytes_ -= static_cast<long long>(old->first.size() + old->second.answer->body.size());
    entries_.erase(old);
    lru_.pop_back();
  }
}

}  // namespace offerscope::proxy
