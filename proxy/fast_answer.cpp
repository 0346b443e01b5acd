// The fast path's answers (connection.hpp, FastPath): a plain GET at the head of the
// connection's buffer, parsed here (plain_get.hpp) or recognised as the last one again, and
// its answer written byte for byte as cpp-httplib writes it.
#include <httplib.h>

#include <string_view>

#include "proxy/connection_stream.hpp"
#include "proxy/plain_get.hpp"

namespace offerscope::proxy {

namespace {

// The head cpp-httplib's write_response_core writes for `res` (a 200 whose body comes from a
// content provider with a length): the Response's headers in their (case-insensitive) order,
// with Connection or Keep-Alive, a default Content-Type and Content-Length added as it adds
// them.
std::string WireHead(const httplib::Response& res, bool closed, const std::string& keep_alive) {
  httplib::Headers headers = res.headers;
  if (closed) headers.emplace("Connection", "close");
  else headers.emplace("Keep-Alive", keep_alive);
  if (headers.find("Content-Type") == headers.end()) headers.emplace("Content-Type", "text/plain");
  headers.emplace("Content-Length", std::to_string(res.content_length_));
  std::string head = "HTTP/1.1 200 OK\r\n";
  for (const auto& [name, value] : headers) head.append(name).append(": ").append(value).append("\r\n");
  head += "\r\n";
  return head;
}

}  // namespace

bool ConnectionStream::AnswerFast(const FastPath& fast, bool last, const std::string& keep_alive, const Setup& setup,
                                  bool& closed) {
  std::string_view bytes(buf_.data() + begin_, end_ - begin_);
  std::size_t n = 0;
  bool client_close = false;
  FastPath::Again again = FastPath::Again::kNo;
  if (replay_ && bytes.substr(0, replay_head_.size()) == replay_head_) {
    // The same request as the last one: the same checks passed.
    httplib::Response fresh;
    fresh.version = "HTTP/1.1";
    again = replay_(replay_req_, fresh);
    if (again == FastPath::Again::kNew) replay_res_ = std::move(fresh);
    if (again != FastPath::Again::kNo) n = replay_head_.size();
  }
  if (again == FastPath::Again::kNo) {
    replay_ = nullptr;
    replay_res_ = httplib::Response();
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
    httplib::Response res;
    res.version = "HTTP/1.1";
    FastPath::Answer next;
    if (!fast.answer(req, res, next)) return false;
    replay_req_ = std::move(req);
    replay_res_ = std::move(res);
    again = FastPath::Again::kNew;
    if (next && !client_close) {
      replay_head_.assign(bytes.data(), n);
      replay_ = std::move(next);
    }
  }
  const httplib::Request& req = replay_req_;
  httplib::Response& res = replay_res_;
  begin_ += n;
  head_bytes_ = n;
  phase_ = Phase::kBody;
  closed = last || client_close;
  if (again == FastPath::Again::kNew &&
      (res.status != 200 || !res.body.empty() || !res.content_provider_ || res.content_length_ == 0)) {
    // Not an answer this path can write (see FastPath): a bug, answered as one.
    static constexpr char k500[] = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    SendAll(k500, sizeof k500 - 1);
    replay_ = nullptr;
    replay_res_ = httplib::Response();
    closed = true;
    return true;
  }
  // A kSame answer reuses the head written last time. Rebuilding the headers for every replay
  // was ~4% of the proxy's CPU under wrk (about a fifth of its user-space time).
  if (again == FastPath::Again::kNew || closed != replay_wire_closed_) {
    replay_wire_head_ = WireHead(res, closed, keep_alive);
    replay_wire_closed_ = closed;
  }
  // The head goes out on its own, as nginx sends its, and the body after it. Holding the head
  // back (MSG_MORE) so that it left with the body's first bytes was tried (session 11) and
  // undone (session 12): with the answers' segments merged, BBR on this machine's loopback
  // left STARTUP within a few dozen answers on nearly every connection and paced the rest
  // (hrtimer per segment, hundreds of retransmissions in 5 s). With the head apart the
  // connections stay in STARTUP as nginx's do: 21-23 us of CPU per answer instead of 30,
  // 6% more answers per second and a p99 of ~3.3 ms instead of ~5.6 (BENCHMARKS.md).
  bool ok = SendAll(replay_wire_head_.data(), replay_wire_head_.size());
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
  // Nothing to replay: the answer (and the cached copy it holds) is let go now.
  if (!replay_) replay_res_ = httplib::Response();
  return true;
}

}  // namespace offerscope::proxy
