#include "proxy/connection_stream.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "proxy/worker_pool.hpp"

namespace offerscope::proxy {

namespace {

// cpp-httplib answers a longer request line with 414 and a longer header line with a bare
// 400; this layer answers both first (414 / 431) with a message.
constexpr std::size_t kLineMax = 8192;
constexpr double kSendAllowanceS = 30;

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

std::string RefusalResponse(int status, const ConnectionLimits& l) {
  std::string body = "{\"error\":\"" + RefusalMessage(status, l) + "\"}";
  std::string head = "HTTP/1.1 " + std::to_string(status) + " " + Reason(status) +
                     "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                     "\r\nConnection: close\r\n";
  if (status == 503) head += "Retry-After: 1\r\n";
  return head + "\r\n" + body;
}

ConnectionStream::ConnectionStream(Transport transport, const ConnectionLimits& limits)
    : io_(transport), limits_(limits) {
  PeerAddress(io_.fd(), false, remote_ip_, remote_port_);
  PeerAddress(io_.fd(), true, local_ip_, local_port_);
}

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
  // Head and body go out as cpp-httplib writes them. (Holding the head back in a buffer
  // here to send it with the body was measured earlier: 15% fewer answers per second under
  // wrk; so did MSG_MORE on the fast path's head in session 12, see fast_answer.cpp.)
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

}  // namespace offerscope::proxy
