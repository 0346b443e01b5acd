#include "proxy/cache.hpp"

#include <httplib.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

#include <nlohmann/json.hpp>

#include "proxy/worker_pool.hpp"

namespace offerscope::proxy {

namespace {

using SystemClock = std::chrono::system_clock;

constexpr long long kEntryOverheadBytes = 128;  // map node, list node, shared_ptr block
constexpr std::size_t kMinGzipBytes = 512;      // smaller bodies are sent as they are

// Whether a gzip'd copy of `a` may still be made: not tried yet, and worth trying.
bool GzipPending(const CachedAnswer& a) { return !a.gzip_tried && a.body.size() >= kMinGzipBytes; }

double AgeSeconds(const CachedAnswer& a) {
  return std::chrono::duration<double>(SystemClock::now() - a.stored_at).count();
}

CacheLookup FromCache(std::shared_ptr<const CachedAnswer> a, double ttl_s, bool after_failure) {
  CacheLookup out;
  out.age_s = AgeSeconds(*a);
  out.answer = std::move(a);
  out.from_cache = true;
  out.stale = out.age_s > ttl_s || after_failure;
  out.after_failure = after_failure;
  return out;
}

CachedAnswer FromUpstream(UpstreamResponse r) {
  CachedAnswer a;
  a.status = r.status;
  a.body = std::move(r.body);
  a.content_type = r.content_type.empty() ? "application/json" : std::move(r.content_type);
  a.stored_at = SystemClock::now();
  return a;
}

}  // namespace

bool AcceptsGzip(const std::string& accept_encoding) {
  std::size_t at = accept_encoding.find("gzip");
  if (at == std::string::npos) return false;
  std::size_t end = std::min(accept_encoding.find(',', at), accept_encoding.size());
  std::size_t q = accept_encoding.find("q=", at);
  return q >= end || std::strtod(accept_encoding.c_str() + q + 2, nullptr) > 0;
}

struct ResponseCache::Flight {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  CacheLookup result;
};

ResponseCache::ResponseCache(double ttl_s, double stale_s, long long max_bytes)
    : ttl_s_(ttl_s), stale_s_(stale_s), max_bytes_(max_bytes) {}

ResponseCache::~ResponseCache() { WaitForRefreshes(); }

std::string ResponseCache::Key(core::ProviderId provider, const core::HttpRequest& request) {
  auto query = request.query;
  std::stable_sort(query.begin(), query.end());  // ?a=1&b=2 and ?b=2&a=1 are one request
  std::string key = std::string(core::ProviderName(provider)) + " " + request.method + " " + request.path + "?" +
                    core::EncodeQueryString(query) + "\n";
  // JSON bodies in canonical form: the same query object with its keys in another order,
  // or other spacing, is the same search.
  if (request.body.empty()) return key;
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  key += body.is_discarded() ? request.body : body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return key;
}

bool IsUpstreamFailure(const UpstreamResponse& r) {
  return r.status == 0 || r.status == 408 || r.status == 429 || r.status >= 500;
}

ResponseCache::State ResponseCache::Get(const std::string& key, std::shared_ptr<const CachedAnswer>& out) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return State::kMiss;
  double age = AgeSeconds(*it->second.answer);
  if (age > ttl_s_ + stale_s_) return State::kMiss;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  out = it->second.answer;
  if (age <= ttl_s_ || it->second.refreshing) return State::kFresh;
  it->second.refreshing = true;
  return State::kStale;
}

std::shared_ptr<const CachedAnswer> ResponseCache::GetFresh(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || AgeSeconds(*it->second.answer) > ttl_s_) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  return it->second.answer;
}

CacheLookup ResponseCache::GetFreshLookup(const std::string& key) {
  std::shared_ptr<const CachedAnswer> fresh = GetFresh(key);
  return fresh ? FromCache(std::move(fresh), ttl_s_, false) : CacheLookup{};
}

std::shared_ptr<const CachedAnswer> ResponseCache::GetAny(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  it->second.refreshing = false;  // a failed refresh: let a later caller try again
  return it->second.answer;
}

void ResponseCache::Erase(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = entries_.find(key); it != entries_.end()) EraseLocked(it);
}

void ResponseCache::EraseLocked(std::unordered_map<std::string, Entry>::iterator it) {
  bytes_ -= it->second.bytes;
  lru_.erase(it->second.lru);
  entries_.erase(it);
}

std::shared_ptr<const CachedAnswer> ResponseCache::Put(const std::string& key, CachedAnswer answer) {
  return Store(key, std::move(answer), false, nullptr);  // gzip'd on demand (Gzipped)
}

std::shared_ptr<const CachedAnswer> ResponseCache::Store(const std::string& key, CachedAnswer answer, bool gzip,
                                                         const CachedAnswer* only_over) {
  // Compressed once here, outside the lock, so every hit can send it as it is.
  if (gzip && GzipPending(answer)) {
    answer.gzip_body = GzipBytes(answer.body);
    if (answer.gzip_body.size() >= answer.body.size()) answer.gzip_body.clear();
    answer.gzip_tried = true;
  }
  if (!answer.body_copy) answer.body_copy = std::make_shared<const LazyFileCopy>();
  if (!answer.gzip_body.empty() && !answer.gzip_copy) answer.gzip_copy = std::make_shared<const LazyFileCopy>();
  auto stored = std::make_shared<const CachedAnswer>(std::move(answer));
  // Each body is counted twice, as a string and as its file copy (once a hit made it).
  long long size =
      static_cast<long long>(key.size() + 2 * (stored->body.size() + stored->gzip_body.size())) + kEntryOverheadBytes;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (only_over && (it == entries_.end() || it->second.answer.get() != only_over)) return stored;  // replaced meanwhile
  // The same answer with its gzip'd copy added keeps its place in a refresh in flight.
  bool refreshing = only_over && it->second.refreshing;
  if (it != entries_.end()) EraseLocked(it);
  if (size > max_bytes_ / 4) return stored;  // one answer never pushes most of the cache out
  lru_.push_front(key);
  entries_[key] = Entry{stored, lru_.begin(), size, refreshing};
  bytes_ += size;
  while (bytes_ > max_bytes_ && !lru_.empty()) EraseLocked(entries_.find(lru_.back()));
  return stored;
}

std::shared_ptr<const CachedAnswer> ResponseCache::Gzipped(const std::string& key,
                                                           std::shared_ptr<const CachedAnswer> answer) {
  if (!answer || !GzipPending(*answer)) return answer;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second.answer == answer) {
      if (it->second.gzipping) return answer;  // being compressed: this one goes as it is
      it->second.gzipping = true;
    }
  }
  // Store keeps the body's file copy and adds the gzip'd one. It replaces the entry (which
  // ends `gzipping` with it) while the entry still holds `answer`; otherwise the entry went
  // or was replaced meanwhile, and the compressed copy is this caller's only.
  return Store(key, *answer, true, answer.get());
}

CacheLookup ResponseCache::Fetch(const std::string& key, FetchFn fetch) {
  std::shared_ptr<const CachedAnswer> hit;
  switch (Get(key, hit)) {
    case State::kFresh:
      return FromCache(std::move(hit), ttl_s_, false);
    case State::kStale:
      StartRefresh(key, std::move(fetch));
      return FromCache(std::move(hit), ttl_s_, false);
    case State::kMiss:
      break;
  }
  return FetchMiss(key, fetch);
}

CacheLookup ResponseCache::FetchMiss(const std::string& key, const FetchFn& fetch) {
  std::shared_ptr<Flight> flight;
  bool leader = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::shared_ptr<Flight>& slot = flights_[key];
    if (!slot) {
      slot = std::make_shared<Flight>();
      leader = true;
    }
    flight = slot;
  }
  if (!leader) {
    WillBlock();  // waits for another request's upstream call
    std::unique_lock<std::mutex> lock(flight->mu);
    flight->cv.wait(lock, [&] { return flight->done; });
    return flight->result;
  }
  CacheLookup result;
  UpstreamResponse fresh = fetch();
  if (fresh.status >= 200 && fresh.status < 300) {
    result.answer = Put(key, FromUpstream(std::move(fresh)));
  } else if (std::shared_ptr<const CachedAnswer> old = IsUpstreamFailure(fresh) ? GetAny(key) : nullptr) {
    result = FromCache(std::move(old), ttl_s_, true);  // a stale copy beats an error
    result.failure = std::move(fresh);
  } else {
    result.failure = std::move(fresh);
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    flights_.erase(key);
  }
  {
    std::lock_guard<std::mutex> lock(flight->mu);
    flight->result = result;
    flight->done = true;
  }
  flight->cv.notify_all();
  return result;
}

void ResponseCache::StartRefresh(const std::string& key, FetchFn fetch) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++background_;
  }
  std::thread([this, key, fetch = std::move(fetch)] {
    UpstreamResponse fresh = fetch();
    if (fresh.status >= 200 && fresh.status < 300)
      Put(key, FromUpstream(std::move(fresh)));
    else
      GetAny(key);  // keep the old copy; the next stale hit tries again
    std::lock_guard<std::mutex> lock(mu_);
    if (--background_ == 0) background_done_.notify_all();
  }).detach();
}

void ResponseCache::WaitForRefreshes() {
  std::unique_lock<std::mutex> lock(mu_);
  background_done_.wait(lock, [&] { return background_ == 0; });
}

long long ResponseCache::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

std::size_t ResponseCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

std::string GzipBytes(const std::string& data) {
  z_stream z{};
  // windowBits 15 + 16: a gzip header and trailer rather than a raw zlib stream.
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

void WriteCachedAnswer(const httplib::Request& req, httplib::Response& res, std::shared_ptr<const CachedAnswer> answer) {
  res.status = answer->status;
  bool gzip = !answer->gzip_body.empty() && AcceptsGzip(req.get_header_value("Accept-Encoding"));
  // Whether the answer depends on Accept-Encoding: it does once a gzip'd copy exists, and
  // also before, while one may still be made for a client that takes it (Gzipped).
  if (!answer->gzip_body.empty() || GzipPending(*answer)) res.set_header("Vary", "Accept-Encoding");
  if (gzip) res.set_header("Content-Encoding", "gzip");
  const std::string& bytes = gzip ? answer->gzip_body : answer->body;
  const LazyFileCopy* lazy = (gzip ? answer->gzip_copy : answer->body_copy).get();
  std::size_t length = bytes.size();
  if (length == 0) {
    res.set_content("", answer->content_type.c_str());
    return;
  }
  // The provider keeps the entry alive while it is written, even if evicted meanwhile. The
  // file copy is asked for when the body is written, not here: a connection that replays
  // this response (FastPath::Again::kSame) writes it again without coming back here, and
  // each write is a send that counts (the second makes the file). A HEAD asks for none.
  res.set_content_provider(length, answer->content_type.c_str(),
                           [answer, &bytes, lazy](std::size_t offset, std::size_t n, httplib::DataSink& sink) {
                             return WriteMirrored(sink, bytes, lazy ? lazy->Get(bytes) : nullptr, offset, n);
                           });
}

}  // namespace offerscope::proxy
