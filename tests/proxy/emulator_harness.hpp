// A provider emulator server on a free port for the duration of a test (cpp-httplib's own
// tests do the same: bind_to_any_port, listen_after_bind on a thread, wait until running).
#pragma once

#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "proxy/emulator/emulator.hpp"

namespace offerscope::proxy::testing {

class RunningEmulator {
 public:
  RunningEmulator() : control(std::make_shared<EmulatorControl>()) {
    server_ = MakeEmulatorServer({control});
    port = server_->bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~RunningEmulator() { Stop(); }
  RunningEmulator(const RunningEmulator&) = delete;
  RunningEmulator& operator=(const RunningEmulator&) = delete;

  // Stops serving: later calls to its port are refused.
  void Stop() {
    if (!thread_.joinable()) return;
    server_->stop();
    thread_.join();
  }
  std::string BaseUrl(core::ProviderId p) const { return EmulatorBaseUrl("127.0.0.1", port, p); }

  std::shared_ptr<EmulatorControl> control;
  int port = 0;

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace offerscope::proxy::testing
