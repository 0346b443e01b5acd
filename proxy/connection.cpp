#include "proxy/connection.hpp"

#include "proxy/plain_get.hpp"
#include "proxy/worker_pool.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cctype>
#include <climits>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>
#include <type_traits>
#include <vector>

namespace offerscope::proxy {

namespace {

using Clock = std::chrono::steady_clock;

// cpp-httplib answers a longer request line with 414 and a longer header line with a bare
// 400; this layer answers both first (414 / 431) with a message.
constexpr std::size_t kLineMax = 8192;
constexpr double kSendAllowanceS = 30;

Clock::time_point After(double seconds) {
  return Clock::now() + std::chrono::microseconds(static_cast<long long>(seconds * 1e6));
}

// Waits until `fd` is ready for `events` or `deadline` passes. True when ready (or in error:
// the next call says).
bool WaitReady(int fd, short events, Clock::time_point deadline) {
  WillBlock();  // another worker takes new requests meanwhile
  for (;;) {
    long long left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    int rc = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, INT_MAX)));
    if (rc > 0) return true;
    if (rc < 0 && errno != EINTR) return false;
  }
}

const char* Reason(int status) {
  switch (status) {
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    default: return "Service Unavailable";
  }
}

std::string RefusalMessage(int status, const ConnectionLimits& l) {
  switch (status) {
    case 408: return "the request did not arrive within " + std::to_string(static_cast<int>(l.request_timeout_s)) + " s";
    case 413: return "the request body is larger than " + std::to_string(l.max_body_bytes) + " bytes";
    case 414: return "the request line is longer than " + std::to_string(std::min(kLineMax, l.max_header_bytes)) + " bytes";
    case 431: return "the request headers are larger than " + std::to_string(l.max_header_bytes) + " bytes";
    default: return "the server is busy; retry shortly";
  }
}

std::string RefusalResponse(int status, const ConnectionLimits& l) {
  std::string body = "{\"error\":\"" + RefusalMessage(status, l) + "\"}";
  std::string head = "HTTP/1.1 " + std::to_string(status) + " " + Reason(status) +
                     "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                     "\r\nConnection: close\r\n";
  if (status == 503) head += "Retry-After: 1\r\n";
  return head + "\r\n" + body;
}

// Shared by a server, its worker pool and its connections.
struct GuardState {
  ConnectionLimits limits;
  RefusalFn on_refusal;
  std::atomic<bool> draining{false};
  std::mutex mu;
  std::set<int> open_fds;
};

enum class Io { kOk, kWantRead, kWantWrite, kEof, kError };

// A non-blocking socket, plain or with TLS on it.
class Transport {
 public:
  Transport(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}

  Io Recv(char* p, std::size_t n, std::size_t& got) {
    got = 0;
    if (ssl_) {
      ERR_clear_error();
      int r = SSL_read(ssl_, p, static_cast<int>(std::min<std::size_t>(n, INT_MAX)));
      if (r > 0) return got = static_cast<std::size_t>(r), Io::kOk;
      return SslStatus(r);
    }
    ssize_t r = ::recv(fd_, p, n, 0);
    if (r > 0) return got = static_cast<std::size_t>(r), Io::kOk;
    if (r == 0) return Io::kEof;
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? Io::kWantRead : Io::kError;
  }

  Io Send(const char* p, std::size_t n, std::size_t& sent) {
    sent = 0;
    if (ssl_) {
      ERR_clear_error();
      int r = SSL_write(ssl_, p, static_cast<int>(std::min<std::size_t>(n, INT_MAX)));
      if (r > 0) return sent = static_cast<std::size_t>(r), Io::kOk;
      return SslStatus(r);
    }
    ssize_t r = ::send(fd_, p, n, MSG_NOSIGNAL);
    if (r >= 0) return sent = static_cast<std::size_t>(r), Io::kOk;
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? Io::kWantWrite : Io::kError;
  }

  // Plain TCP only: `n` bytes of `file` from `offset` (advanced by what was sent).
  Io SendFile(int file, off_t& offset, std::size_t n, std::size_t& sent) {
    sent = 0;
    ssize_t r = ::sendfile(fd_, file, &offset, n);
    if (r >= 0) return sent = static_cast<std::size_t>(r), Io::kOk;
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? Io::kWantWrite : Io::kError;
  }

  bool Buffered() const { return ssl_ && SSL_pending(ssl_) > 0; }
  bool Tls() const { return ssl_ != nullptr; }
  int fd() const { return fd_; }

 private:
  Io SslStatus(int r) {
    switch (SSL_get_error(ssl_, r)) {
      case SSL_ERROR_WANT_READ: return Io::kWantRead;
      case SSL_ERROR_WANT_WRITE: return Io::kWantWrite;
      case SSL_ERROR_ZERO_RETURN: return Io::kEof;
      default: return Io::kError;
    }
  }
  int fd_;
  SSL* ssl_;
};

void PeerAddress(int fd, bool local, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  int rc = local ? getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len)
                 : getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  char host[NI_MAXHOST] = "", serv[NI_MAXSERV] = "";
  if (rc == 0 && getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host, sizeof host, serv, sizeof serv,
                             NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    ip = host;
    port = std::atoi(serv);
  }
}

}  // namespace

// One connection as cpp-httplib's request parser sees it, with the limits applied as bytes
// pass (see connection.hpp). Counting happens as httplib consumes bytes, not as they
// arrive, so a pipelined next request is never counted against the current one.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(Transport transport, GuardState& state) : io_(transport), limits_(state.limits) {
    PeerAddress(io_.fd(), false, remote_ip_, remote_port_);
    PeerAddress(io_.fd(), true, local_ip_, local_port_);
  }

  bool is_readable() const override {
    if (begin_ < end_ || io_.Buffered()) return true;
    pollfd p{io_.fd(), POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
  }
  // Between requests: true when bytes of a next request are there (or the peer closed or
  // failed: the read says so). Takes what is there into the buffer, so a ready request
  // costs one recv rather than a poll and a recv.
  bool NextRequestWaiting() {
    if (begin_ < end_ || io_.Buffered()) return true;
    begin_ = end_ = 0;
    std::size_t got = 0;
    Io r = io_.Recv(buf_.data(), buf_.size(), got);
    end_ = got;
    return r != Io::kWantRead && r != Io::kWantWrite;
  }
  bool is_writable() const override { return !failed_; }
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override { ip = remote_ip_, port = remote_port_; }
  void get_local_ip_and_port(std::string& ip, int& port) const override { ip = local_ip_, port = local_port_; }
  socket_t socket() const override { return io_.fd(); }

  void BeginRequest() {
    phase_ = Phase::kRequestLine;
    head_bytes_ = line_bytes_ = body_bytes_ = 0;
    prev_ = 0;
    at_line_start_ = true;
    request_start_ = Clock::now();
    request_deadline_ = After(limits_.request_timeout_s);
    sending_ = false;
    sent_ = 0;
    close_after_ = false;
  }
  using Setup = std::function<void(httplib::Request&)>;
  // The fast path (connection.hpp): true when the request at the head of the buffer was
  // answered here. `last`: the connection closes after this answer (`closed` says whether it
  // must); `keep_alive`: the Keep-Alive header's value otherwise.
  bool AnswerFast(const FastPath& fast, bool last, const std::string& keep_alive, const Setup& setup, bool& closed);
  // The last request the fast path answered, and how to answer it again (FastPath::answer).
  httplib::Request replay_req_;
  std::string replay_head_;
  FastPath::Answer replay_;
  // Answers a refused request (httplib's own answer to it was swallowed).
  void WriteRefusal() {
    std::string r = RefusalResponse(refused_, limits_);
    SendAll(r.data(), r.size());
  }
  double ElapsedMs() const {
    return std::chrono::duration<double, std::milli>(Clock::now() - request_start_).count();
  }

  int refused() const { return refused_; }
  bool failed() const { return failed_; }
  bool close_after() const { return close_after_; }
  void set_close_after() { close_after_ = true; }

 private:
  enum class Phase { kRequestLine, kHeaders, kBody };
  enum class Fill { kMore, kEnd, kFailed };

  bool Refuse(int status) {
    if (!refused_) refused_ = status;
    return false;
  }
  Fill FillBuffer();
  bool CountHeadByte(char c);
  void DisarmRange();
  bool SendAll(const char* p, std::size_t n);
  template <class SendSome>
  bool SendLoop(std::size_t n, SendSome send_some);

 public:
  // While set, writes of bytes inside [data, data + size) go out by sendfile from `file`,
  // which holds the same bytes (see WriteMirrored). Plain TCP only.
  void SetMirror(const char* data, std::size_t size, int file) {
    mirror_data_ = data, mirror_size_ = size, mirror_file_ = io_.Tls() ? -1 : file;
  }

 private:
  const char* mirror_data_ = nullptr;
  std::size_t mirror_size_ = 0;
  int mirror_file_ = -1;

  Transport io_;
  const ConnectionLimits& limits_;
  std::string remote_ip_, local_ip_;
  int remote_port_ = -1, local_port_ = -1;

  std::vector<char> buf_ = std::vector<char>(16 * 1024);
  std::size_t begin_ = 0, end_ = 0;
  Phase phase_ = Phase::kRequestLine;
  std::size_t head_bytes_ = 0, line_bytes_ = 0, body_bytes_ = 0;
  char prev_ = 0;
  bool at_line_start_ = true;
  Clock::time_point request_start_ = Clock::now(), request_deadline_ = Clock::now();
  bool sending_ = false;
  Clock::time_point send_start_;
  std::size_t sent_ = 0;
  int refused_ = 0;
  bool failed_ = false;
  bool close_after_ = false;
};

ConnectionStream::Fill ConnectionStream::FillBuffer() {
  if (begin_ == end_) {
    begin_ = end_ = 0;
  } else if (end_ == buf_.size()) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  for (;;) {
    std::size_t got = 0;
    Io r = io_.Recv(buf_.data() + end_, buf_.size() - end_, got);
    if (r == Io::kOk) {
      end_ += got;
      return Fill::kMore;
    }
    if (r == Io::kEof) return Fill::kEnd;
    if (r == Io::kError) {
      failed_ = true;
      return Fill::kFailed;
    }
    if (!WaitReady(io_.fd(), r == Io::kWantWrite ? POLLOUT : POLLIN, request_deadline_)) {
      // A slow client: told so when it sent part of a request, else just closed.
      if (head_bytes_ > 0) Refuse(408);
      else failed_ = true;
      return Fill::kFailed;
    }
  }
}

// Counts one byte of the request line or headers; false when the request is refused.
bool ConnectionStream::CountHeadByte(char c) {
  ++head_bytes_;
  ++line_bytes_;
  at_line_start_ = false;
  bool request_line = phase_ == Phase::kRequestLine;
  if (head_bytes_ > limits_.max_header_bytes || line_bytes_ > kLineMax) return Refuse(request_line ? 414 : 431);
  if (c == '\n') {
    // httplib skips lines ending in a bare LF; only CRLF ends a line, and an empty one the head.
    bool crlf = prev_ == '\r';
    if (request_line) {
      phase_ = Phase::kHeaders;
    } else if (crlf && line_bytes_ == 2) {
      phase_ = Phase::kBody;
    }
    line_bytes_ = 0;
    at_line_start_ = true;
  }
  prev_ = c;
  return true;
}

// Renames a "Range:" header before httplib parses it, so every answer is a complete one.
void ConnectionStream::DisarmRange() {
  static const char kName[] = "range:";
  constexpr std::size_t kLen = sizeof kName - 1;
  while (end_ - begin_ < kLen && !std::memchr(buf_.data() + begin_, '\n', end_ - begin_))
    if (FillBuffer() != Fill::kMore) return;
  if (end_ - begin_ < kLen) return;
  for (std::size_t i = 0; i < kLen; ++i)
    if (std::tolower(static_cast<unsigned char>(buf_[begin_ + i])) != kName[i]) return;
  buf_[begin_] = 'X';  // "Xange:" means nothing to anyone
}

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (refused_ || failed_) return -1;
  if (size == 0) return 0;
  if (begin_ == end_) {
    Fill f = FillBuffer();
    if (f != Fill::kMore) return f == Fill::kEnd ? 0 : -1;
  }
  if (phase_ == Phase::kBody) {
    std::size_t n = std::min(size, end_ - begin_);
    body_bytes_ += n;
    if (body_bytes_ > limits_.max_body_bytes) return Refuse(413), -1;
    std::memcpy(ptr, buf_.data() + begin_, n);
    begin_ += n;
    return static_cast<ssize_t>(n);
  }
  // Request line and headers: byte by byte (httplib asks for one at a time anyway).
  std::size_t n = 0;
  while (n < size && phase_ != Phase::kBody && begin_ < end_) {
    if (at_line_start_ && phase_ == Phase::kHeaders) {
      DisarmRange();
      if (refused_ || failed_) return -1;
      if (begin_ == end_) break;
    }
    char c = buf_[begin_++];
    ptr[n++] = c;
    if (!CountHeadByte(c)) return -1;
  }
  return static_cast<ssize_t>(n);
}

// Sends `n` bytes through `send_some(done, sent)` (which sends from byte `done` on), waiting
// for the socket between partial sends, within the send deadlines.
template <class SendSome>
bool ConnectionStream::SendLoop(std::size_t n, SendSome send_some) {
  if (failed_) return false;
  if (!sending_) {
    sending_ = true;
    send_start_ = Clock::now();
  }
  std::size_t done = 0;
  while (done < n) {
    std::size_t sent = 0;
    Io r = send_some(done, sent);
    if (r == Io::kOk) {
      done += sent;
      sent_ += sent;
      continue;
    }
    if (r == Io::kEof || r == Io::kError) return failed_ = true, false;
    // The allowance grows with what the reader took: slow but steady readers finish.
    auto allowed = send_start_ + std::chrono::microseconds(static_cast<long long>(
                                     (kSendAllowanceS + static_cast<double>(sent_) / limits_.send_min_bytes_per_s) * 1e6));
    auto deadline = std::min(After(limits_.send_stall_s), allowed);
    if (!WaitReady(io_.fd(), r == Io::kWantRead ? POLLIN : POLLOUT, deadline)) return failed_ = true, false;
  }
  return true;
}

bool ConnectionStream::SendAll(const char* p, std::size_t n) {
  return SendLoop(n, [&](std::size_t done, std::size_t& sent) { return io_.Send(p + done, n - done, sent); });
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  if (refused_) return static_cast<ssize_t>(size);  // httplib's bare answer is replaced by ours
  // (Holding the head back to send it with the body under MSG_MORE was measured: 15% fewer
  // answers per second under wrk, so head and body go out as httplib writes them.)
  bool mirrored = mirror_file_ >= 0 && ptr >= mirror_data_ && size <= mirror_size_ &&
                  static_cast<std::size_t>(ptr - mirror_data_) <= mirror_size_ - size;
  if (mirrored) {
    off_t offset = ptr - mirror_data_;
    bool ok = SendLoop(size, [&](std::size_t done, std::size_t& sent) {
      return io_.SendFile(mirror_file_, offset, size - done, sent);
    });
    return ok ? static_cast<ssize_t>(size) : -1;
  }
  return SendAll(ptr, size) ? static_cast<ssize_t>(size) : -1;
}

bool ConnectionStream::AnswerFast(const FastPath& fast, bool last, const std::string& keep_alive, const Setup& setup,
                                  bool& closed) {
  std::string_view bytes(buf_.data() + begin_, end_ - begin_);
  httplib::Response res;
  res.version = "HTTP/1.1";
  std::size_t n = 0;
  bool client_close = false;
  if (replay_ && bytes.substr(0, replay_head_.size()) == replay_head_ && replay_(replay_req_, res)) {
    n = replay_head_.size();  // the same request as the last one: the same checks passed
  } else {
    replay_ = nullptr;
    res = httplib::Response();
    res.version = "HTTP/1.1";
    httplib::Request req;
    n = ParsePlainGet(bytes, req, client_close);
    if (n == 0 || n > limits_.max_header_bytes) return false;
    // What cpp-httplib adds to every request.
    req.remote_addr = remote_ip_, req.remote_port = remote_port_;
    req.local_addr = local_ip_, req.local_port = local_port_;
    req.set_header("REMOTE_ADDR", remote_ip_);
    req.set_header("REMOTE_PORT", std::to_string(remote_port_));
    req.set_header("LOCAL_ADDR", local_ip_);
    req.set_header("LOCAL_PORT", std::to_string(local_port_));
    if (setup) setup(req);
    FastPath::Answer again;
    if (!fast.answer(req, res, again)) return false;
    replay_req_ = std::move(req);
    if (again && !client_close) {
      replay_head_.assign(bytes.data(), n);
      replay_ = std::move(again);
    }
  }
  const httplib::Request& req = replay_req_;
  begin_ += n;
  head_bytes_ = n;
  phase_ = Phase::kBody;
  closed = last || client_close;
  if (res.status != 200 || !res.body.empty() || !res.content_provider_ || res.content_length_ == 0) {
    // Not an answer this path can write (see FastPath): a bug, answered as one.
    static constexpr char k500[] = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    SendAll(k500, sizeof k500 - 1);
    closed = true;
    return true;
  }
  // The head as cpp-httplib's write_response_core writes it: its headers in the Response's
  // (case-insensitive) order, with Connection or Keep-Alive and Content-Length added.
  if (closed) res.set_header("Connection", "close");
  else res.set_header("Keep-Alive", keep_alive);
  if (!res.has_header("Content-Type")) res.set_header("Content-Type", "text/plain");
  res.set_header("Content-Length", std::to_string(res.content_length_));
  std::string head = "HTTP/1.1 200 OK\r\n";
  for (const auto& [name, value] : res.headers) head.append(name).append(": ").append(value).append("\r\n");
  head += "\r\n";
  bool ok = SendAll(head.data(), head.size());
  // The body, from the content provider, as cpp-httplib's write_content asks for it.
  std::size_t offset = 0;
  httplib::DataSink sink;
  sink.write = [&](const char* d, std::size_t len) {
    ok = ok && write(d, len) == static_cast<ssize_t>(len);
    offset += len;
    return ok;
  };
  sink.is_writable = [this] { return !failed_; };
  while (ok && offset < res.content_length_) {
    std::size_t before = offset;
    if (!res.content_provider_(offset, res.content_length_ - offset, sink) || offset == before) ok = false;
  }
  res.content_provider_success_ = ok;  // for its resource releaser, run by ~Response
  if (!ok) failed_ = true;
  if (fast.written) fast.written(req, res);
  return true;
}

namespace {

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
    Conn(int fd, SSL* ssl, GuardState& state) : fd(fd), ssl(ssl), strm(Transport(fd, ssl), state) {}
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
      while (c->served < state_->limits.max_requests) {
        if (c->served > 0 && Stopping()) break;
        // Bytes of a next request there now? If not, park at once: waiting 0.1 to 2 ms
        // here first was measured and gained nothing.
        if (!strm.NextRequestWaiting()) {
          parked = Park(c);
          break;
        }
        strm.BeginRequest();
        ++c->served;
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

FileCopy::FileCopy(std::string_view bytes) {
  int fd = memfd_create("offerscope-answer", MFD_CLOEXEC);
  if (fd < 0) return;
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (w <= 0) {
      if (w < 0 && errno == EINTR) continue;
      ::close(fd);
      return;
    }
    done += static_cast<std::size_t>(w);
  }
  fd_ = fd;
  size_ = bytes.size();
}

FileCopy::~FileCopy() {
  if (fd_ >= 0) ::close(fd_);
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
