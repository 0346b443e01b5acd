// The worker threads of `offerscope serve` and the one epoll set they share.
//
// A connection between requests is parked in the epoll set and costs no thread; a worker
// takes the next connection with bytes to read (one-shot events: exactly one worker gets
// each). New connections from cpp-httplib's accept loop wait in a bounded queue, announced
// through an eventfd in the same set; beyond the bound they are shed (answered 503).
//
// Why only a few workers poll at a time: a worker waiting in epoll_wait is put to sleep, and
// each new event wakes a sleeping one, so with 16 workers on 2 cores nearly every request
// paid a context switch (1.2 per request under wrk, against nginx's 0.16, and a sixth of the
// proxy's time). So only `pollers` workers (about one per core) may take new requests; the
// rest stand by. A worker about to wait on something slow (an upstream call, another
// thread, a slow client) gives up its poll slot first (WillBlock), and a standby worker
// takes it, so slow requests never hold back fast ones; when its wait is over and its job
// done, it takes a request that is already waiting, if any, before standing by (it is
// awake anyway). As a safety net for waits nobody
// marked, a job that holds a slot for longer than kSlotStealAfter loses it to a standby
// worker.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include <httplib.h>

namespace offerscope::proxy {

class WorkerPool final : public httplib::TaskQueue {
 public:
  using Clock = std::chrono::steady_clock;
  using Job = std::function<void()>;

  struct Options {
    int threads = 16;              // workers in all
    int pollers = 2;               // of which at most this many take new requests at once
    int max_queued = 512;          // new connections waiting for a worker; shed beyond
  };
  // A job holding a poll slot for this long without marking a wait gives the slot up.
  static constexpr std::chrono::milliseconds kSlotStealAfter{10};

  // `draining`: while set, parked connections are closed.
  WorkerPool(Options options, const std::atomic<bool>& draining);
  ~WorkerPool() override;

  // A new connection from the accept loop. Beyond the queue bound the job runs at once on
  // the calling thread with Shedding() true, so it answers 503 and closes.
  void enqueue(std::function<void()> fn) override;
  static bool Shedding();

  // Parks `fd` until it is readable (then `resume` runs on a worker) or `deadline` passes or
  // the server drains (then `close` runs). False once the pool is stopping: the caller
  // closes the connection itself.
  bool Park(int fd, Clock::time_point deadline, Job resume, Job close);

  // The pool of the worker running the caller; null on other threads.
  static WorkerPool* Current();

  // Idle connections are closed at once; connections already queued are still served.
  void shutdown() override;

 private:
  friend void WillBlock();
  struct Worker;
  struct Parked {
    Clock::time_point deadline;
    Job resume, close;
  };

  void Work(Worker& me);
  bool AwaitSlot(Worker& me);         // false when the pool stopped
  void StealSlotsLocked(Clock::time_point now);
  void GiveUpSlot(Worker& me);
  template <class Pred>
  std::vector<Job> TakeParkedLocked(Pred pred);

  Options options_;
  const std::atomic<bool>& draining_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // counts queued new connections (eventfd semaphore)
  std::mutex mu_;
  std::condition_variable standby_;
  int free_slots_ = 0;      // poll slots nobody holds
  bool watching_ = false;   // a standby worker is watching for slots to steal
  std::deque<Job> jobs_;                         // new connections waiting for a worker
  std::unordered_map<int, Parked> parked_;       // connections waiting for their next request
  Clock::time_point next_sweep_ = Clock::now();  // of idle deadlines
  bool stopped_ = false;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::thread> threads_;
};

// Called by code about to wait (for the network, a provider, another thread): the calling
// worker hands its poll slot to a standby worker for the rest of its current job. Cheap when
// it has none; a no-op on threads that are not workers.
void WillBlock();

}  // namespace offerscope::proxy
