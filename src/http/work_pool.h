// The server's pool of handler threads, with a bounded queue (docs/decisions/0017).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace nq::http {

// A fixed pool of threads with a bounded queue: the handlers run here, off the I/O threads, so
// that a request waits in a queue the server sees, not in the kernel's. A task that waited
// longer than `max_wait` (when not zero) is told so instead of being run.
class WorkPool final {
 public:
  using Task = std::move_only_function<void(bool expired)>;

  // `on_start` runs first on each of the pool's threads.
  WorkPool(int threads, size_t queue, std::chrono::milliseconds max_wait,
           std::function<void()> on_start);
  ~WorkPool() { Stop(); }
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  // False, without running it, when `queue_limit_` tasks are already waiting.
  bool TrySubmit(Task task);

  // Whether `queue_limit_` tasks are waiting: the next TrySubmit would fail.
  bool Full();

  // Runs what is queued, then joins the threads; idempotent.
  void Stop();

 private:
  struct Queued {
    Task task;
    std::chrono::steady_clock::time_point since;
  };

  void Work();

  const size_t queue_limit_;
  const std::chrono::milliseconds max_wait_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Queued> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace nq::http
