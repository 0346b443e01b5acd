#include "proxy/transport.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <climits>

namespace offerscope::proxy {

Io Transport::Recv(char* p, std::size_t n, std::size_t& got) {
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

Io Transport::Send(const char* p, std::size_t n, std::size_t& sent) {
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

Io Transport::SendFile(int file, off_t& offset, std::size_t n, std::size_t& sent) {
  sent = 0;
  ssize_t r = ::sendfile(fd_, file, &offset, n);
  if (r >= 0) return sent = static_cast<std::size_t>(r), Io::kOk;
  return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? Io::kWantWrite : Io::kError;
}

bool Transport::Buffered() const { return ssl_ && SSL_pending(ssl_) > 0; }

Io Transport::SslStatus(int r) {
  switch (SSL_get_error(ssl_, r)) {
    case SSL_ERROR_WANT_READ: return Io::kWantRead;
    case SSL_ERROR_WANT_WRITE: return Io::kWantWrite;
    case SSL_ERROR_ZERO_RETURN: return Io::kEof;
    default: return Io::kError;
  }
}

}  // namespace offerscope::proxy
