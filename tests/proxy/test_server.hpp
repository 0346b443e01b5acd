// Runs the proxy in-process on a free port for a test, with any upstream, plus the tools the
// server tests share: a recording fake upstream, a log capture, and a raw socket client
// (httplib's client would normalise the hostile requests the tests need to send).
#pragma once

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "proxy/log.hpp"
#include "proxy/server.hpp"

namespace offerscope::proxy::testing {

// Records every upstream call and answers with `reply` (200 {"offers":[]} by default).
class RecordingUpstream : public Upstream {
 public:
  UpstreamResponse Fetch(const UpstreamRequest& r) override {
    UpstreamResponse out;
    {
      std::lock_guard<std::mutex> l(mu);
      calls.push_back(r);
      out = reply;
    }
    if (echo_key) {  // a careless provider that repeats the key it was sent
      if (out.status == 0) out.error += " (key " + r.key + ")";
      else out.body = "{\"error\":\"invalid key " + r.key + "\"}";
    }
    if (delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    return out;
  }
  std::size_t Count() {
    std::lock_guard<std::mutex> l(mu);
    return calls.size();
  }
  std::mutex mu;
  std::vector<UpstreamRequest> calls;
  UpstreamResponse reply = [] {
    UpstreamResponse r;
    r.status = 200;
    r.body = "{\"offers\":[]}";
    r.content_type = "application/json";
    return r;
  }();
  int delay_ms = 0;
  bool echo_key = false;
};

class TestServer {
 public:
  TestServer(Config config, std::unique_ptr<Upstream> upstream, bool demo = false) : services_(std::move(config)) {
    services_.upstream = std::move(upstream);
    services_.demo = demo;
    if (demo) services_.snapshot_time = "2026-11-20T12:00:00Z";
    server_ = MakeServer(services_);
    port_ = server_->bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~TestServer() {
    server_->stop();
    thread_.join();
    services_.cache.WaitForRefreshes();
  }
  int port() const { return port_; }
  Services& services() { return services_; }
  httplib::Server& server() { return *server_; }
  // Paths in tests are already encoded exactly as a browser sends them.
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_url_encode(false);
    c.set_read_timeout(5, 0);
    return c;
  }

 private:
  Services services_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  std::thread thread_;
};

// Collects log lines while alive (and keeps them off stderr).
class LogCapture {
 public:
  LogCapture() {
    SetLogSink([this](std::string_view line) {
      std::lock_guard<std::mutex> l(mu_);
      text_.append(line);
    });
  }
  ~LogCapture() { SetLogSink({}); }
  std::string Text() {
    std::lock_guard<std::mutex> l(mu_);
    return text_;
  }

 private:
  std::mutex mu_;
  std::string text_;
};

inline int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Reads until the peer closes or `timeout_ms` passes without data.
inline std::string ReadAll(int fd, int timeout_ms) {
  std::string out;
  char buf[4096];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) break;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

// Reads one answer with a Content-Length from a kept-alive connection (ReadAll would wait
// for the server to go quiet); what arrived when `timeout_ms` passed without a byte.
inline std::string ReadOneAnswer(int fd, int timeout_ms) {
  std::string out;
  char buf[4096];
  for (;;) {
    std::size_t head_end = out.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      std::smatch m;
      std::string head = out.substr(0, head_end);
      std::size_t length = std::regex_search(head, m, std::regex("Content-Length: (\\d+)")) ? std::stoul(m[1]) : 0;
      if (out.size() >= head_end + 4 + length) return out;
    }
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) return out;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return out;
    out.append(buf, static_cast<std::size_t>(n));
  }
}

// Sends `request` byte for byte on a fresh connection and returns everything answered.
inline std::string RawExchange(int port, const std::string& request, int timeout_ms = 2000) {
  int fd = Connect(port);
  if (fd < 0) return {};
  send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  shutdown(fd, SHUT_WR);  // nothing more comes: the server closes after answering
  std::string out = ReadAll(fd, timeout_ms);
  close(fd);
  return out;
}

// The status code of a raw answer ("HTTP/1.1 404 Not Found..." -> 404), 0 when none.
inline int StatusOf(const std::string& answer) {
  if (answer.size() < 12 || answer.compare(0, 5, "HTTP/") != 0) return 0;
  return std::atoi(answer.c_str() + 9);
}

inline int RawStatus(int port, const std::string& request) { return StatusOf(RawExchange(port, request)); }

}  // namespace offerscope::proxy::testing
