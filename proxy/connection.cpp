#include "proxy/connection.hpp"

#include "proxy/connection_stream.hpp"
#include "proxy/worker_pool.hpp"

#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>
#include <type_traits>

namespace offerscope::proxy {

namespace {

// Shared by a server, its worker pool and its connections.
struct GuardState {
  ConnectionLimits limits;
  RefusalFn on_refusal;
  std::atomic<bool> draining{false};
  std::mutex mu;
  std::set<int> open_fds;
};

thread_local ConnectionStream* t_current = nullptr;

struct CurrentStream {
  explicit CurrentStream(ConnectionStream* s) { t_current = s; }
  ~CurrentStream() { t_current = nullptr; }
};

class ServerControl {
 public:
  virtual ~ServerControl() = default;
  virtual void Drain() = 0;
  virtual int CloseAll() = 0;
  virtual int Open() = 0;
  virtual void WidenBacklog() = 0;
  virtual void SetFast(FastPath fast) = 0;
};

void Configure(int fd) {
  int flags = fcntl(fd, F_GETFL, 0);
  if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  int one = 1;
  // Headers and body go out in separate writes; Nagle would hold the second for an ACK.
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

template <class Base>
class GuardedServer final : public Base, public ServerControl {
 public:
  template <class... Args>
  explicit GuardedServer(std::shared_ptr<GuardState> state, Args&&... args)
      : Base(std::forward<Args>(args)...), state_(std::move(state)) {
    this->new_task_queue = [state = state_] {
      const ConnectionLimits& l = state->limits;
      int cores = static_cast<int>(std::thread::hardware_concurrency());
      WorkerPool::Options o;
      o.threads = l.threads;
      o.pollers = l.pollers > 0 ? l.pollers : std::max(2, cores);
      o.max_queued = l.max_queued_connections;
      return new WorkerPool(o, state->draining);
    };
    // Only for the Keep-Alive header httplib writes ("timeout=5, max=5" by default): this
    // layer decides when a connection closes.
    auto max_count = static_cast<std::size_t>(std::max(1, state_->limits.max_requests));
    auto timeout_s = static_cast<time_t>(std::max(1.0, state_->limits.idle_timeout_s));
    this->set_keep_alive_max_count(max_count);
    this->set_keep_alive_timeout(timeout_s);
    keep_alive_ = "timeout=" + std::to_string(timeout_s) + ", max=" + std::to_string(max_count);  // as httplib writes it
  }

  void SetFast(FastPath fast) override { fast_ = std::move(fast); }

  void Drain() override {
    if (state_->draining.exchange(true)) return;
    // Shut down (not close) the listening socket: accept() fails and listen returns once
    // the workers finish, while httplib still sees the server as running, so responses in
    // flight are written whole (its stop() would cut content-provider bodies short).
    socket_t s = this->svr_sock_;
    if (s != INVALID_SOCKET) ::shutdown(s, SHUT_RDWR);
  }
  int CloseAll() override {
    std::lock_guard<std::mutex> l(state_->mu);
    for (int fd : state_->open_fds) ::shutdown(fd, SHUT_RDWR);
    return static_cast<int>(state_->open_fds.size());
  }
  int Open() override {
    std::lock_guard<std::mutex> l(state_->mu);
    return static_cast<int>(state_->open_fds.size());
  }
  void WidenBacklog() override {
    socket_t s = this->svr_sock_;
    if (s != INVALID_SOCKET) ::listen(s, SOMAXCONN);  // listen() again only changes the backlog
  }

 private:
  bool Stopping() const { return state_->draining || this->svr_sock_ == INVALID_SOCKET; }

  // One accepted connection, between and during its requests.
  struct Conn {
    Conn(int fd, SSL* ssl, GuardState& state) : fd(fd), ssl(ssl), strm(Transport(fd, ssl), state.limits) {}
    int fd;
    SSL* ssl;
    ConnectionStream strm;
    int served = 0;
  };

  bool process_and_close_socket(socket_t sock) override {
    if (WorkerPool::Shedding()) {
      std::string busy = RefusalResponse(503, state_->limits);
      ::send(sock, busy.data(), busy.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (state_->on_refusal) state_->on_refusal(503, 0);
      ::shutdown(sock, SHUT_RDWR);
      ::close(sock);
      return true;
    }
    {
      std::lock_guard<std::mutex> l(state_->mu);
      state_->open_fds.insert(sock);
    }
    std::shared_ptr<Conn> conn;
    try {
      Configure(sock);
      constexpr bool kTls = std::is_base_of_v<httplib::SSLServer, Base>;
      SSL* ssl = kTls ? Handshake(sock) : nullptr;
      if (!kTls || ssl) conn = std::make_shared<Conn>(sock, ssl, *state_);
    } catch (...) {
    }
    if (!conn) {
      CloseSocket(sock);
      return true;
    }
    Serve(std::move(conn));  // closes the socket, or parks it until its next request
    return true;
  }

  void CloseSocket(int fd) {
    {
      std::lock_guard<std::mutex> l(state_->mu);
      state_->open_fds.erase(fd);
    }
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
  }

  void Close(const std::shared_ptr<Conn>& c) {
    if (c->ssl) {
      SSL_shutdown(c->ssl);  // one non-blocking attempt at close_notify
      SSL_free(c->ssl);
      c->ssl = nullptr;
    }
    CloseSocket(c->fd);
  }

  // Hands the connection to the parker until bytes of its next request arrive. False when
  // the server is stopping (the caller closes it).
  bool Park(const std::shared_ptr<Conn>& c) {
    WorkerPool* pool = WorkerPool::Current();
    if (!pool) return false;
    return pool->Park(c->fd, After(state_->limits.idle_timeout_s), [this, c] { Serve(c); }, [this, c] { Close(c); });
  }

  SSL* Handshake(int fd) {
    if constexpr (std::is_base_of_v<httplib::SSLServer, Base>) {
      SSL* ssl = SSL_new(this->ssl_context());
      if (!ssl) return nullptr;
      SSL_set_fd(ssl, fd);
      SSL_set_mode(ssl, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
      auto deadline = After(state_->limits.request_timeout_s);
      for (;;) {
        ERR_clear_error();
        int r = SSL_accept(ssl);
        if (r == 1) return ssl;
        int e = SSL_get_error(ssl, r);
        short events = e == SSL_ERROR_WANT_READ ? POLLIN : e == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
        if (!events || !WaitReady(fd, events, deadline)) break;
      }
      SSL_free(ssl);
    }
    (void)fd;
    return nullptr;
  }

  // Serves the requests that are there, then parks the connection (or closes it). Runs on a
  // worker, first after the accept, then each time the parker sees bytes arrive.
  void Serve(std::shared_ptr<Conn> c) {
    bool parked = false;
    try {
      ConnectionStream& strm = c->strm;
      CurrentStream current(&strm);
      std::function<void(httplib::Request&)> setup;
      if (c->ssl) setup = [ssl = c->ssl](httplib::Request& req) { req.ssl = ssl; };
      bool answered = false;  // in this run of Serve
      while (c->served < state_->limits.max_requests) {
        if (c->served > 0 && Stopping()) break;
        // Bytes of a next request there now? If not, park at once: waiting 0.1 to 2 ms
        // here first was measured and gained nothing. Right after an answer, only the bytes
        // already read count: the client is still reading that answer, and asking the socket
        // came back empty nearly every time under wrk (a recv per request, ~2.5% of the
        // proxy's CPU). Parking re-arms the poll, which reports bytes already there at once.
        if (answered ? !strm.HasReadAhead() : !strm.NextRequestWaiting()) {
          parked = Park(c);
          break;
        }
        strm.BeginRequest();
        ++c->served;
        answered = true;
        bool last = c->served >= state_->limits.max_requests || Stopping();
        bool closed = false;
        if (fast_.answer && strm.AnswerFast(fast_, last, keep_alive_, setup, closed)) {
          if (closed || strm.failed() || strm.close_after()) break;
          continue;
        }
        bool ok = this->process_request(strm, last, closed, setup);
        if (strm.refused()) {
          if (state_->on_refusal) state_->on_refusal(strm.refused(), strm.ElapsedMs());
          strm.WriteRefusal();
          break;
        }
        if (!ok || closed || last || strm.failed() || strm.close_after()) break;
      }
    } catch (...) {
      // One connection's failure never reaches the worker thread.
    }
    if (!parked) Close(c);
  }

  std::shared_ptr<GuardState> state_;
  FastPath fast_;
  std::string keep_alive_;  // the Keep-Alive header's value
};

ServerControl* Control(httplib::Server& server) { return dynamic_cast<ServerControl*>(&server); }

}  // namespace

std::unique_ptr<httplib::Server> MakeGuardedServer(const ConnectionLimits& limits, const std::string& tls_cert,
                                                   const std::string& tls_key, RefusalFn on_refusal,
                                                   std::string& error) {
  auto state = std::make_shared<GuardState>();
  state->limits = limits;
  state->on_refusal = std::move(on_refusal);
  if (tls_cert.empty() && tls_key.empty()) return std::make_unique<GuardedServer<httplib::Server>>(state);
  auto server = std::make_unique<GuardedServer<httplib::SSLServer>>(state, tls_cert.c_str(), tls_key.c_str());
  if (!server->is_valid()) {
    error = "cannot use the TLS certificate " + tls_cert + " with the key " + tls_key +
            " (PEM files, readable, and the key must match the certificate)";
    return nullptr;
  }
  SSL_CTX_set_min_proto_version(server->ssl_context(), TLS1_2_VERSION);
  return server;
}

void BeginDrain(httplib::Server& server) {
  if (ServerControl* c = Control(server)) return c->Drain();
  server.stop();
}

int CloseOpenConnections(httplib::Server& server) {
  ServerControl* c = Control(server);
  return c ? c->CloseAll() : 0;
}

int OpenConnections(httplib::Server& server) {
  ServerControl* c = Control(server);
  return c ? c->Open() : 0;
}

void WidenListenBacklog(httplib::Server& server) {
  if (ServerControl* c = Control(server)) c->WidenBacklog();
}

void SetFastPath(httplib::Server& server, FastPath fast) {
  if (ServerControl* c = Control(server)) c->SetFast(std::move(fast));
}

namespace {

// Writes all of `bytes` to `fd`; closes it and returns -1 when it cannot (a full disk).
int FilledOrClosed(int fd, std::string_view bytes) {
  if (fd < 0) return -1;
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (w <= 0) {
      if (w < 0 && errno == EINTR) continue;
      ::close(fd);
      return -1;
    }
    done += static_cast<std::size_t>(w);
  }
  return fd;
}

}  // namespace

FileCopy::FileCopy(std::string_view bytes) {
  // An unnamed file in the page cache of TMPDIR's (or /tmp's) file system (O_TMPFILE: mode
  // 0600, no name, gone with its last descriptor); a memfd when that cannot be made or filled.
  const char* dir = std::getenv("TMPDIR");
  int fd = FilledOrClosed(::open(dir && *dir ? dir : "/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600), bytes);
  if (fd < 0) fd = FilledOrClosed(memfd_create("offerscope-answer", MFD_CLOEXEC), bytes);
  if (fd < 0) return;
  fd_ = fd;
  size_ = bytes.size();
}

FileCopy::~FileCopy() {
  if (fd_ >= 0) ::close(fd_);
}

const FileCopy* LazyFileCopy::Get(std::string_view bytes) const {
  if (const FileCopy* ready = ready_.load(std::memory_order_acquire)) return ready;
  if (asks_.fetch_add(1, std::memory_order_relaxed) == 0) return nullptr;  // the first: from memory
  std::call_once(made_, [&] {
    copy_ = std::make_shared<const FileCopy>(bytes);
    ready_.store(copy_.get(), std::memory_order_release);
  });
  return ready_.load(std::memory_order_acquire);
}

bool WriteMirrored(httplib::DataSink& sink, const std::string& bytes, const FileCopy* copy, std::size_t offset,
                   std::size_t n) {
  if (offset >= bytes.size()) return false;
  n = std::min(n, bytes.size() - offset);
  ConnectionStream* strm = t_current;
  bool use_copy = strm && copy && copy->fd() >= 0 && copy->size() == bytes.size();
  if (!use_copy) return sink.write(bytes.data() + offset, n);
  strm->SetMirror(bytes.data(), bytes.size(), copy->fd());
  bool ok = sink.write(bytes.data() + offset, n);
  strm->SetMirror(nullptr, 0, -1);
  return ok;
}

double CurrentRequestElapsedMs() { return t_current ? t_current->ElapsedMs() : 0; }

void CloseConnectionAfterResponse() {
  if (t_current) t_current->set_close_after();
}

bool CurrentRequestRefused() { return t_current && t_current->refused() != 0; }

}  // namespace offerscope::proxy
