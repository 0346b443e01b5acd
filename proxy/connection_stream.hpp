// The connection layer's stream (connection.hpp), shared by its three files:
// connection.cpp (the server and its connections), connection_stream.cpp (reading requests
// and writing answers under the limits) and fast_answer.cpp (the fast path's answers).
#pragma once

#include <httplib.h>
#include <poll.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "proxy/connection.hpp"
#include "proxy/transport.hpp"

namespace offerscope::proxy {

using Clock = std::chrono::steady_clock;

// `seconds` from now.
inline Clock::time_point After(double seconds) {
  return Clock::now() + std::chrono::microseconds(static_cast<long long>(seconds * 1e6));
}

// Waits until `fd` is ready for `events` or `deadline` passes. True when ready (or in error:
// the next call says).
bool WaitReady(int fd, short events, Clock::time_point deadline);

// The whole answer (head and JSON body) this layer gives a request it refuses itself.
std::string RefusalResponse(int status, const ConnectionLimits& l);

// One connection as cpp-httplib's request parser sees it, with the limits applied as bytes
// pass (see connection.hpp). Counting happens as httplib consumes bytes, not as they
// arrive, so a pipelined next request is never counted against the current one.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(Transport transport, const ConnectionLimits& limits);

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
  // Bytes already taken from the socket (or decrypted) and not yet read.
  bool HasReadAhead() const { return begin_ < end_ || io_.Buffered(); }
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
  // The last request the fast path answered, and how to answer it again (FastPath::answer):
  // its head's bytes, the request parsed from them, its answer and that answer's head as
  // written (with Connection: close when `replay_wire_closed_`).
  httplib::Request replay_req_;
  std::string replay_head_;
  FastPath::Answer replay_;
  httplib::Response replay_res_;
  std::string replay_wire_head_;
  bool replay_wire_closed_ = false;
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

}  // namespace offerscope::proxy
