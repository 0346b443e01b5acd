// The connection layer's socket (connection.hpp): non-blocking, plain TCP or with TLS on it,
// read and written through the same calls either way. Each call makes one attempt and says
// what it needs to go on (kWantRead / kWantWrite); waiting is the caller's business.
#pragma once

#include <openssl/types.h>
#include <sys/types.h>

#include <cstddef>

namespace offerscope::proxy {

enum class Io { kOk, kWantRead, kWantWrite, kEof, kError };

// A non-blocking socket, plain or with TLS on it.
class Transport {
 public:
  Transport(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}

  Io Recv(char* p, std::size_t n, std::size_t& got);
  Io Send(const char* p, std::size_t n, std::size_t& sent);
  // Plain TCP only: `n` bytes of `file` from `offset` (advanced by what was sent).
  Io SendFile(int file, off_t& offset, std::size_t n, std::size_t& sent);

  bool Buffered() const;  // TLS: bytes already decrypted, waiting to be read
  bool Tls() const { return ssl_ != nullptr; }
  int fd() const { return fd_; }

 private:
  Io SslStatus(int r);
  int fd_;
  SSL* ssl_;
};

}  // namespace offerscope::proxy
