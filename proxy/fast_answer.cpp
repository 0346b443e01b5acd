// The fast path's answers (connection.hpp, FastPath): a plain GET at the head of the
// connection's buffer, parsed here (plain_get.hpp) or recognised as the last one again, and
// its answer written byte for byte as cpp-httplib writes it.
#include <httplib.h>

#include <string_view>

#include "proxy/connection_stream.hpp"
#include "proxy/plain_get.hpp"

namespace offerscope::proxy {

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

}  // namespace offerscope::proxy
