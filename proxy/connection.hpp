// The connection layer of `offerscope serve`: what happens on a socket before and after
// cpp-httplib parses a request.
//
// What does this file solve? cpp-httplib 0.11.4 (Debian 12) runs each connection with a
// per-read timeout only, so a client that sends one byte every few seconds holds a worker
// thread forever; it has no bound on the number of header lines, answers an over-long header
// line with a bare 400, reads the whole declared body of a refused request, honours thousands
// of byte ranges in one Range header (one request, gigabytes of answer), and idle keep-alive
// connections hold threads while new connections wait. Its Server lets a subclass replace
// the per-connection loop (process_and_close_socket) and call the request parser
// (process_request) with any Stream, so this layer supplies:
//   - a whole-request deadline (head and body, from the request's first byte): 408;
//   - a bound on request line + headers: 414 / 431, answered here;
//   - a body bound behind the Content-Length check of the routes: 413;
//   - the Range header disarmed before cpp-httplib sees it (every answer is complete);
//   - a send deadline that grows with the bytes sent (slow readers are dropped);
//   - a bounded worker pool (worker_pool.hpp) that only ever runs connections with bytes to
//     read: between requests a connection is parked in an epoll set, so idle keep-alive
//     connections cost no worker; new connections beyond the queue bound get a 503 at once;
//   - TLS (HTTPS) with a handshake deadline, TLS 1.2 minimum;
//   - draining: stop accepting, finish what is in flight, close idle connections.
// The server and its connections are in connection.cpp, the stream with the limits in
// connection_stream.cpp, the fast path's answers in fast_answer.cpp, the socket (plain or
// TLS) in transport.cpp.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace httplib {
class Server;
class DataSink;
struct Request;
struct Response;
}

namespace offerscope::proxy {

struct ConnectionLimits {
  double request_timeout_s = 10;    // a request's head and body must arrive within this
  double idle_timeout_s = 5;        // wait for a (next) request on an open connection
  int max_requests = 1000;          // per connection, then it is closed (nginx's default)
  std::size_t max_header_bytes = 16 * 1024;  // request line + headers: 414 / 431 beyond
  std::size_t max_body_bytes = 1 << 20;      // request body: 413 beyond
  double send_stall_s = 10;         // no sending progress for this long: dropped
  double send_min_bytes_per_s = 8 * 1024;    // after a 30 s allowance, slower readers are dropped
  int threads = 16;                 // worker threads (each runs one ready connection at a time)
  int pollers = 0;                  // of which this many take new requests (0: one per core, >= 2)
  int max_queued_connections = 512; // new connections waiting for a worker; 503 beyond
};

// Called when this layer answers a request itself (408, 413, 414, 431, 503), which never
// reaches a handler or the server's logger. `elapsed_ms` counts from the request's first byte.
using RefusalFn = std::function<void(int status, double elapsed_ms)>;

// The server, HTTPS when `tls_cert` and `tls_key` are given (PEM files). Null with `error`
// when the TLS files cannot be used. Do not replace the returned server's new_task_queue.
std::unique_ptr<httplib::Server> MakeGuardedServer(const ConnectionLimits& limits, const std::string& tls_cert,
                                                   const std::string& tls_key, RefusalFn on_refusal,
                                                   std::string& error);

// The fast path: answers the server can give without cpp-httplib's request parser, router
// and response writer, which cost more than half of the user-space time of a cached answer.
// A complete plain GET request (plain_get.hpp) already in the connection's buffer is parsed
// here into the httplib::Request cpp-httplib would have built, and offered to `answer`. When
// it fills `res` with a 200 whose body comes from a content provider with a length (as cached
// answers do) and returns true, the answer is written here, byte for byte as cpp-httplib
// writes it, and `written` runs (the server's logger). Otherwise nothing was consumed and the
// request goes through cpp-httplib as usual. `answer` must have no effect when it returns
// false.
//
// `answer` may also set `again`: the same answer for the same request, without its checks and
// parsing, which depend on nothing but the request's bytes. The connection keeps it for the
// next request when that one's head is byte for byte the same (a page polling, a load test)
// and calls it instead of parsing and `answer`. It says kNo when the request must go the
// whole way again (say, the cached copy went stale); kSame when its answer would be the very
// one it gave last time on this connection, headers included, so the connection sends the
// bytes it wrote then without building them again; kNew after filling `res`. It never
// outlives the connection, and only one thread calls it at a time.
struct FastPath {
  enum class Again { kNo, kSame, kNew };
  using Answer = std::function<Again(const httplib::Request& req, httplib::Response& res)>;
  std::function<bool(const httplib::Request& req, httplib::Response& res, Answer& again)> answer;
  std::function<void(const httplib::Request& req, const httplib::Response& res)> written;
};
// For a server made by MakeGuardedServer, before it listens.
void SetFastPath(httplib::Server& server, FastPath fast);

// Draining a server made by MakeGuardedServer (other servers: httplib's stop()): stops
// accepting (listen_after_bind returns once in-flight requests are answered), each open
// connection finishes its current request and closes.
void BeginDrain(httplib::Server& server);
// Cuts every open connection of a draining server (after the grace period). Returns how many.
int CloseOpenConnections(httplib::Server& server);
// Connections currently open on the server.
int OpenConnections(httplib::Server& server);
// Call after binding: cpp-httplib listens with a backlog of 5, too short for a burst of
// browsers or a load test; this asks for the system's maximum.
void WidenListenBacklog(httplib::Server& server);

// Bytes also kept in an unnamed file, so that answers on plain-TCP connections go out by
// sendfile: the kernel hands the file's pages to the socket instead of copying the bytes
// from user space for every answer. Under wrk, a cached 130 KB answer spent a quarter of the
// proxy's time in that copy. Worth it for bytes sent many times (cached answers); fd() is -1
// when the file could not be made.
// The file is an O_TMPFILE in TMPDIR (default /tmp), or a memfd where that cannot be made.
// Why not always a memfd: sendfile reads a memfd (shmem) page by page, a regular file's
// page cache in batches. Under wrk (session 10), shmem's page look-ups were ~9% of the
// proxy's CPU against ~2.4% of nginx's for its cache files, and an O_TMPFILE in /tmp (ext4)
// took ~12% less CPU per cached answer than a memfd in alternated runs.
class FileCopy {
 public:
  explicit FileCopy(std::string_view bytes);
  ~FileCopy();
  FileCopy(const FileCopy&) = delete;
  FileCopy& operator=(const FileCopy&) = delete;
  int fd() const { return fd_; }
  std::size_t size() const { return size_; }

 private:
  int fd_ = -1;
  std::size_t size_ = 0;
};

// A FileCopy made when first needed: an answer sent once (a cache miss that no one asks
// for again) goes from memory and never gets a file; the second request for the same bytes
// (the first hit) makes the file, and every later one is sent from it. Why: making the file
// costs a cache miss ~5% more CPU (an inode and a 128 KB write on ext4, measured in session
// 10), and a single user's answers are often never asked for twice within the TTL.
// Thread-safe; the bytes passed must be the same on every call.
class LazyFileCopy {
 public:
  // Null on the first call; the file copy of `bytes` from the second on (its fd() is -1 when
  // the file could not be made: the caller then writes from memory).
  const FileCopy* Get(std::string_view bytes) const;

 private:
  mutable std::atomic<int> asks_{0};
  mutable std::once_flag made_;
  mutable std::shared_ptr<const FileCopy> copy_;
  mutable std::atomic<const FileCopy*> ready_{nullptr};
};

// For a content provider: writes bytes [offset, offset + n) of `bytes` to `sink`, from `copy`
// by sendfile when the current connection is a guarded plain-TCP one and `copy` holds the
// same bytes; otherwise an ordinary write. False when the write failed.
bool WriteMirrored(httplib::DataSink& sink, const std::string& bytes, const FileCopy* copy, std::size_t offset,
                   std::size_t n);

// For code running inside a request on a guarded server (pre-routing, handlers, logger).
double CurrentRequestElapsedMs();  // since the request's first byte; 0 outside a request
void CloseConnectionAfterResponse();  // e.g. a refused request whose body was never read
bool CurrentRequestRefused();  // this layer answers the request itself (see RefusalFn)

}  // namespace offerscope::proxy
