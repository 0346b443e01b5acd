#include "proxy/worker_pool.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

namespace offerscope::proxy {

namespace {

thread_local bool t_shedding = false;  // set while a shed job runs on the accept thread

long long Nanos(WorkerPool::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

}  // namespace

// One worker thread's standing, seen by the others under the pool's mutex.
struct WorkerPool::Worker {
  bool has_slot = false;                  // may take new requests (under mu_)
  std::atomic<long long> job_start_ns{0};  // when its current job began while holding a slot; 0: none
};

namespace {
thread_local WorkerPool* t_pool = nullptr;
thread_local void* t_worker = nullptr;  // this thread's WorkerPool::Worker
}  // namespace

WorkerPool::WorkerPool(Options options, const std::atomic<bool>& draining)
    : options_(options), draining_(draining) {
  options_.threads = std::max(1, options_.threads);
  options_.pollers = std::clamp(options_.pollers, 1, options_.threads);
  free_slots_ = options_.pollers;
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_SEMAPHORE | EFD_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;  // level-triggered: stays ready while new connections wait
  ev.data.fd = wake_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  for (int i = 0; i < options_.threads; ++i) workers_.push_back(std::make_unique<Worker>());
  for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this, w = workers_[i].get()] { Work(*w); });
}

WorkerPool::~WorkerPool() {
  shutdown();
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

void WorkerPool::enqueue(std::function<void()> fn) {
  bool shed = false;
  {
    std::lock_guard<std::mutex> l(mu_);
    if (static_cast<int>(jobs_.size()) >= options_.max_queued) shed = true;
    else jobs_.push_back(std::move(fn));
  }
  if (shed) {
    // The job owns the socket: run it here, flagged, so it answers 503 and closes at once.
    t_shedding = true;
    try {
      fn();
    } catch (...) {
    }
    t_shedding = false;
    return;
  }
  std::uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
}

bool WorkerPool::Shedding() { return t_shedding; }

WorkerPool* WorkerPool::Current() { return t_pool; }

bool WorkerPool::Park(int fd, Clock::time_point deadline, Job resume, Job close) {
  std::lock_guard<std::mutex> l(mu_);
  if (stopped_) return false;
  parked_[fd] = Parked{deadline, std::move(resume), std::move(close)};
  // One-shot: the event fires once, then the fd stays registered but disarmed until the
  // next Park re-arms it (MOD), so a resumed connection is never reported twice.
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
  ev.data.fd = fd;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev) != 0 &&
      (errno != ENOENT || epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0)) {
    parked_.erase(fd);
    return false;
  }
  return true;
}

void WorkerPool::shutdown() {
  std::vector<Job> closes;
  {
    std::lock_guard<std::mutex> l(mu_);
    if (stopped_) return;
    stopped_ = true;
    closes = TakeParkedLocked([](const Parked&) { return true; });
  }
  standby_.notify_all();
  for (Job& c : closes) c();
  for (std::thread& t : threads_)
    if (t.joinable()) t.join();
}

template <class Pred>
std::vector<WorkerPool::Job> WorkerPool::TakeParkedLocked(Pred pred) {
  std::vector<Job> closes;
  for (auto it = parked_.begin(); it != parked_.end();) {
    if (!pred(it->second)) {
      ++it;
      continue;
    }
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, it->first, nullptr);
    closes.push_back(std::move(it->second.close));
    it = parked_.erase(it);
  }
  return closes;
}

// Slots held by a job for longer than kSlotStealAfter go back to the free ones. Under mu_.
void WorkerPool::StealSlotsLocked(Clock::time_point now) {
  long long limit = Nanos(now) - std::chrono::nanoseconds(kSlotStealAfter).count();
  for (auto& w : workers_) {
    long long start = w->job_start_ns.load(std::memory_order_relaxed);
    if (w->has_slot && start != 0 && start <= limit) {
      w->has_slot = false;
      ++free_slots_;
    }
  }
}

// Waits, standing by, until `me` holds a poll slot. One standby worker at a time watches
// (wakes every kSlotStealAfter to take slots from long jobs); the others sleep until woken.
bool WorkerPool::AwaitSlot(Worker& me) {
  std::unique_lock<std::mutex> l(mu_);
  while (!me.has_slot) {
    if (stopped_ && jobs_.empty()) {
      standby_.notify_all();  // the others are leaving too
      return false;
    }
    if (free_slots_ > 0) {
      --free_slots_;
      me.has_slot = true;
      break;
    }
    if (watching_) {
      standby_.wait(l);
      continue;
    }
    watching_ = true;
    standby_.wait_for(l, kSlotStealAfter);
    watching_ = false;
    StealSlotsLocked(Clock::now());
    // Another standby worker takes over the watch (or takes a slot left over).
    standby_.notify_one();
  }
  return true;
}

void WorkerPool::GiveUpSlot(Worker& me) {
  {
    std::lock_guard<std::mutex> l(mu_);
    if (!me.has_slot) return;
    me.has_slot = false;
    ++free_slots_;
  }
  standby_.notify_one();
}

void WorkerPool::Work(Worker& me) {
  t_pool = this;
  t_worker = &me;
  // A worker that finished a job after giving its slot up (it waited on something) is awake
  // anyway: it takes a request that is ready, if any, before standing by. Waking no one costs
  // nothing; without this, under a load of cache misses only the slot holders took new
  // requests and each one waited for a standby worker to be scheduled.
  bool awake_without_slot = false;
  for (;;) {
    if (!awake_without_slot && !AwaitSlot(me)) break;
    epoll_event ev{};
    // 50 ms slices: idle deadlines, a drain and a stop are noticed that late at most.
    int n = epoll_wait(epoll_fd_, &ev, 1, awake_without_slot ? 0 : 50);
    Job job;
    std::vector<Job> closes;
    bool leave = false;
    {
      std::lock_guard<std::mutex> l(mu_);
      std::uint64_t count = 0;
      if (n == 1 && ev.data.fd == wake_fd_) {
        if (::read(wake_fd_, &count, sizeof count) == sizeof count && !jobs_.empty()) {
          job = std::move(jobs_.front());
          jobs_.pop_front();
        }
      } else if (n == 1) {
        if (auto it = parked_.find(ev.data.fd); it != parked_.end()) {
          job = std::move(it->second.resume);
          parked_.erase(it);
        }
      }
      auto now = Clock::now();
      if (now >= next_sweep_ || (draining_ && !parked_.empty())) {
        next_sweep_ = now + std::chrono::milliseconds(50);
        bool draining = draining_;
        closes = TakeParkedLocked([&](const Parked& p) { return draining || p.deadline <= now; });
      }
      if (job && me.has_slot) me.job_start_ns.store(Nanos(now), std::memory_order_relaxed);
      leave = !job && stopped_ && jobs_.empty();
      if (!job) awake_without_slot = false;  // nothing ready: stand by (or poll, with a slot)
    }
    for (Job& c : closes) c();
    if (job) {
      try {
        job();
      } catch (...) {
      }
      me.job_start_ns.store(0, std::memory_order_relaxed);
      std::lock_guard<std::mutex> l(mu_);
      awake_without_slot = !me.has_slot;
    }
    if (leave) break;
  }
  GiveUpSlot(me);  // lets the other workers see the stop too
  t_pool = nullptr;
  t_worker = nullptr;
}

void WillBlock() {
  WorkerPool* pool = t_pool;
  if (!pool || !t_worker) return;
  auto* me = static_cast<WorkerPool::Worker*>(t_worker);
  me->job_start_ns.store(0, std::memory_order_relaxed);
  pool->GiveUpSlot(*me);
}

}  // namespace offerscope::proxy
