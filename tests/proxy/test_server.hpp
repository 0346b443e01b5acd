// Runs the proxy in-process on a free port for a test, with any upstream.
#pragma once

#include <httplib.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "proxy/server.hpp"

namespace offerscope::proxy::testing {

// Records every upstream call and answers 200 with a tiny JSON body.
class RecordingUpstream : public Upstream {
 public:
  UpstreamResponse Fetch(const UpstreamRequest& r) override {
    std::lock_guard<std::mutex> l(mu);
    calls.push_back(r);
    UpstreamResponse out;
    out.status = 200;
    out.body = "{\"offers\":[]}";
    out.content_type = "application/json";
    return out;
  }
  std::mutex mu;
  std::vector<UpstreamRequest> calls;
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
  }
  int port() const { return port_; }
  Services& services() { return services_; }
  // Paths in tests are already encoded exactly as a browser sends them.
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_url_encode(false);
    return c;
  }

 private:
  Services services_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace offerscope::proxy::testing
