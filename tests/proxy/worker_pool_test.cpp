// The worker pool: only `pollers` workers take new work at once, a worker that marks a wait
// (WillBlock) hands its slot over at once, a long job that marks nothing loses its slot to
// a standby worker, queued work is shed beyond the bound, and a stop serves what was queued.
#include "proxy/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace offerscope::proxy {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A flag a test can wait for, with a deadline that only matters when the code is broken.
class Signal {
 public:
  void Set() {
    {
      std::lock_guard<std::mutex> l(mu_);
      set_ = true;
    }
    cv_.notify_all();
  }
  bool WaitFor(milliseconds timeout) {
    std::unique_lock<std::mutex> l(mu_);
    return cv_.wait_for(l, timeout, [&] { return set_; });
  }
  bool IsSet() {
    std::lock_guard<std::mutex> l(mu_);
    return set_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool set_ = false;
};

WorkerPool::Options OnePoller() {
  WorkerPool::Options o;
  o.threads = 3;
  o.pollers = 1;
  return o;
}

TEST(WorkerPool, AWorkerThatWillBlockHandsItsSlotToAnotherAtOnce) {
  std::atomic<bool> draining{false};
  WorkerPool pool(OnePoller(), draining);
  Signal release_first, second_ran;
  bool first_was_blocked = false;
  pool.enqueue([&] {
    WillBlock();
    release_first.WaitFor(milliseconds(5000));
  });
  pool.enqueue([&] { second_ran.Set(); });
  // The only poll slot went to the second job long before the first one was let go.
  EXPECT_TRUE(second_ran.WaitFor(milliseconds(5000)));
  first_was_blocked = !release_first.IsSet();
  EXPECT_TRUE(first_was_blocked);
  release_first.Set();
  pool.shutdown();
}

TEST(WorkerPool, ALongJobThatMarksNoWaitLosesItsSlotToAStandbyWorker) {
  std::atomic<bool> draining{false};
  WorkerPool pool(OnePoller(), draining);
  Signal second_ran;
  std::atomic<bool> first_done{false};
  auto start = Clock::now();
  pool.enqueue([&] {
    // Busy without telling the pool (a wait nobody marked): only the watch frees the slot.
    second_ran.WaitFor(milliseconds(5000));
    first_done = true;
  });
  pool.enqueue([&] { second_ran.Set(); });
  ASSERT_TRUE(second_ran.WaitFor(milliseconds(5000)));
  // The second job ran while the first was still stuck: its slot was taken after about
  // kSlotStealAfter (10 ms), not after the first job's 5 s.
  EXPECT_LT(Clock::now() - start, milliseconds(2500));
  pool.shutdown();
  EXPECT_TRUE(first_done);
}

TEST(WorkerPool, OnlyThePollersRunNewWorkWhileNobodyWaits) {
  std::atomic<bool> draining{false};
  WorkerPool::Options o;
  o.threads = 8;
  o.pollers = 2;
  WorkerPool pool(o, draining);
  std::atomic<int> running{0}, most{0}, done{0};
  constexpr int kJobs = 200;
  for (int i = 0; i < kJobs; ++i)
    pool.enqueue([&] {
      int now = ++running;
      int seen = most.load();
      while (now > seen && !most.compare_exchange_weak(seen, now)) {
      }
      // Short work (far below the steal time), as a cached answer is.
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      --running;
      ++done;
    });
  pool.shutdown();  // serves what was queued before it returns
  EXPECT_EQ(done.load(), kJobs);
  EXPECT_LE(most.load(), 2);
  EXPECT_GE(most.load(), 1);
}

TEST(WorkerPool, ShedsNewWorkBeyondTheQueueBoundOnTheCallingThread) {
  std::atomic<bool> draining{false};
  WorkerPool::Options o;
  o.threads = 1;
  o.pollers = 1;
  o.max_queued = 1;
  WorkerPool pool(o, draining);
  Signal release, busy;
  pool.enqueue([&] {
    busy.Set();
    WillBlock();
    release.WaitFor(milliseconds(5000));
  });
  ASSERT_TRUE(busy.WaitFor(milliseconds(5000)));
  std::atomic<int> ran_queued{0};
  pool.enqueue([&] { ++ran_queued; });  // fills the queue (the only worker is busy)
  bool shed_here = false;
  auto caller = std::this_thread::get_id();
  pool.enqueue([&] { shed_here = WorkerPool::Shedding() && std::this_thread::get_id() == caller; });
  EXPECT_TRUE(shed_here);
  EXPECT_FALSE(WorkerPool::Shedding());
  release.Set();
  pool.shutdown();
  EXPECT_EQ(ran_queued.load(), 1);
}

TEST(WorkerPool, WillBlockOutsideAWorkerDoesNothing) {
  WillBlock();  // the test's own thread: no pool, no crash
  EXPECT_EQ(WorkerPool::Current(), nullptr);
}

}  // namespace
}  // namespace offerscope::proxy
