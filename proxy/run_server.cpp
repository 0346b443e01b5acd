// RunServer: bind, announce, serve, and drain on SIGTERM / SIGINT.
//
// The signal handler only writes a byte to a pipe (the one thing a handler may safely do
// in a threaded program); a watcher thread reads it and drains the server. A second signal
// exits at once, as people expect from pressing Ctrl-C twice.
#include <fcntl.h>
#include <httplib.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "proxy/log.hpp"
#include "proxy/server.hpp"

namespace offerscope::proxy {

namespace {

int g_pipe[2] = {-1, -1};
std::atomic<int> g_signals{0};

extern "C" void OnTerminateSignal(int) {
  int saved = errno;
  if (g_signals.fetch_add(1) >= 1) _exit(1);
  char c = 1;
  ssize_t ignored = ::write(g_pipe[1], &c, 1);
  (void)ignored;
  errno = saved;
}

class SignalDrain {
 public:
  SignalDrain(httplib::Server& server, double grace_s) : server_(server), grace_s_(grace_s) {
    g_signals = 0;
    if (::pipe2(g_pipe, O_CLOEXEC) != 0) g_pipe[0] = g_pipe[1] = -1;
    struct sigaction sa {};
    sa.sa_handler = OnTerminateSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, &old_term_);
    sigaction(SIGINT, &sa, &old_int_);
    std::signal(SIGPIPE, SIG_IGN);  // a client that went away is an error code, not our death
    watcher_ = std::thread([this] { Watch(); });
  }

  ~SignalDrain() {
    ServerReturned();
    watcher_.join();
    sigaction(SIGTERM, &old_term_, nullptr);
    sigaction(SIGINT, &old_int_, nullptr);
    for (int& fd : g_pipe) {
      if (fd >= 0) ::close(fd);
      fd = -1;
    }
  }

  void ServerReturned() {
    std::lock_guard<std::mutex> l(mu_);
    returned_ = true;
    cv_.notify_all();
  }
  bool drained() const { return drained_; }
  bool forced() const { return forced_; }

 private:
  bool WaitReturned(double seconds) {
    std::unique_lock<std::mutex> l(mu_);
    return cv_.wait_for(l, std::chrono::duration<double>(seconds), [this] { return returned_; });
  }

  void Watch() {
    // Wait for a signal byte, or for the server to end on its own.
    for (;;) {
      {
        std::lock_guard<std::mutex> l(mu_);
        if (returned_) return;
      }
      pollfd p{g_pipe[0], POLLIN, 0};
      if (g_pipe[0] >= 0 && ::poll(&p, 1, 100) > 0) break;
      if (g_pipe[0] < 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    drained_ = true;
    Log("info", {{"msg", "draining: no new connections, finishing requests in flight"},
                 {"open_connections", OpenConnections(server_)},
                 {"grace_s", grace_s_}});
    BeginDrain(server_);
    if (WaitReturned(grace_s_)) return;
    forced_ = true;
    int cut = CloseOpenConnections(server_);
    Log("warn", {{"msg", "grace period over: closing the connections still open"}, {"connections", cut}});
    if (WaitReturned(2)) return;
    // A handler stuck on an upstream call past every deadline: do not hang the shutdown.
    Log("error", {{"msg", "requests still running after the grace period; exiting"}});
    std::_Exit(1);
  }

  httplib::Server& server_;
  double grace_s_;
  struct sigaction old_term_ {}, old_int_ {};
  std::thread watcher_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool returned_ = false;
  std::atomic<bool> drained_{false}, forced_{false};
};

std::string UrlHost(const std::string& bind) {
  return bind.find(':') != std::string::npos ? "[" + bind + "]" : bind;  // IPv6 literal
}

}  // namespace

int RunServer(Services& s) {
  std::unique_ptr<httplib::Server> server = MakeServer(s);
  if (!server) return 1;
  int port = s.config.port;
  if (port == 0) {
    port = server->bind_to_any_port(s.config.bind);
  } else if (!server->bind_to_port(s.config.bind, port)) {
    port = -1;
  }
  if (port <= 0) {
    Log("error", {{"msg", "cannot listen"}, {"bind", s.config.bind}, {"port", s.config.port},
                  {"hint", "is another server using this port, or is the address not on this machine? try --port"}});
    return 1;
  }
  WidenListenBacklog(*server);
  std::string scheme = s.config.tls_cert.empty() ? "http" : "https";
  Log("info", {{"msg", "listening"},
               {"url", scheme + "://" + UrlHost(s.config.bind) + ":" + std::to_string(port) + "/"},
               {"demo", s.demo},
               {"threads", s.config.threads}});
  bool ok = false;
  bool drained = false, forced = false;
  {
    SignalDrain signals(*server, s.config.shutdown_grace_s);
    ok = server->listen_after_bind();
    signals.ServerReturned();
    drained = signals.drained();
    forced = signals.forced();
  }
  s.cache.WaitForRefreshes();  // background refreshes use the upstream, which outlives this
  Log("info", {{"msg", "stopped"}});
  if (forced) return 1;
  return ok || drained ? 0 : 1;
}

}  // namespace offerscope::proxy
