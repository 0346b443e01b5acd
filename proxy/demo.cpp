#include "proxy/demo.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>

#include "core/providers/registry.hpp"
#include "proxy/emulator/emulator.hpp"
#include "proxy/metrics.hpp"
#include "proxy/upstream.hpp"

namespace offerscope::proxy {

namespace {

class DemoUpstream : public Upstream {
 public:
  explicit DemoUpstream(Metrics& m) : metrics_(m) {}
  UpstreamResponse Fetch(const UpstreamRequest& r) override {
    auto t0 = std::chrono::steady_clock::now();
    // The snapshot needs no key: a stand-in passes the emulated auth checks, and a caller's
    // own key still selects "their" emulated instances.
    EmulatorReply rep = HandleEmulated(r.provider, r.request, "Bearer " + (r.key.empty() ? std::string("demo") : r.key));
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    metrics_.ObserveUpstream(core::ProviderName(r.provider), rep.status, seconds);
    UpstreamResponse out;
    out.status = rep.status;
    out.body = std::move(rep.body);
    out.content_type = rep.content_type;
    out.attempts = 1;
    out.latency_ms = seconds * 1000;
    return out;
  }

 private:
  Metrics& metrics_;
};

// "https://host:port/x" -> host, port ("443" / "80" by scheme). False when unreadable.
bool HostPort(const std::string& url, std::string& host, std::string& port) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) return false;
  std::size_t start = scheme + 3;
  std::size_t end = std::min(url.find('/', start), url.size());
  std::string authority = url.substr(start, end - start);
  std::size_t colon = authority.rfind(':');
  bool bracketed = !authority.empty() && authority.front() == '[';
  if (colon != std::string::npos && (!bracketed || authority.find(']') < colon)) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  } else {
    host = authority;
    port = url.compare(0, 5, "https") == 0 ? "443" : "80";
  }
  if (bracketed && host.size() > 2) host = host.substr(1, host.size() - 2);
  return !host.empty();
}

// A TCP connect to any address of host:port within `timeout_ms`.
bool TcpConnects(const std::string& host, const std::string& port, int timeout_ms) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  if (getaddrinfo(host.c_str(), port.c_str(), &hints, &list) != 0) return false;
  bool ok = false;
  for (addrinfo* a = list; a && !ok; a = a->ai_next) {
    int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
      ok = true;
    } else if (errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      int err = 0;
      socklen_t len = sizeof err;
      ok = poll(&p, 1, timeout_ms) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0;
    }
    close(fd);
  }
  freeaddrinfo(list);
  return ok;
}

// Shared by the probe threads and the waiting caller, so a probe stuck in DNS can outlive
// the wait safely.
struct ProbeState {
  std::mutex mu;
  std::condition_variable cv;
  int pending = 0;
  bool reachable = false;
};

}  // namespace

bool AnyProviderReachable(const Config& config, double timeout_s) {
  auto state = std::make_shared<ProbeState>();
  int timeout_ms = static_cast<int>(timeout_s * 1000);
  for (const core::ProviderDef* p : core::AllProviders()) {
    const std::string& configured = config.base_urls[static_cast<int>(p->id)];
    std::string host, port;
    if (!HostPort(configured.empty() ? std::string(p->base_url) : configured, host, port)) continue;
    {
      std::lock_guard<std::mutex> lock(state->mu);
      ++state->pending;
    }
    std::thread([state, host, port, timeout_ms] {
      bool ok = TcpConnects(host, port, timeout_ms);
      std::lock_guard<std::mutex> lock(state->mu);
      state->reachable = state->reachable || ok;
      --state->pending;
      state->cv.notify_all();
    }).detach();
  }
  std::unique_lock<std::mutex> lock(state->mu);
  state->cv.wait_for(lock, std::chrono::milliseconds(timeout_ms + 100),
                     [&] { return state->reachable || state->pending == 0; });
  return state->reachable;
}

bool DecideDemoMode(const Config& config, double probe_timeout_s) {
  if (config.demo) return *config.demo;
  if (config.HasAnyKey()) return false;
  return !AnyProviderReachable(config, probe_timeout_s);
}

std::unique_ptr<Upstream> MakeDemoUpstream(Metrics& metrics) { return std::make_unique<DemoUpstream>(metrics); }

}  // namespace offerscope::proxy
