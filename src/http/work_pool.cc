#include "http/work_pool.h"

#include <algorithm>

namespace nq::http {

WorkPool::WorkPool(int threads, size_t queue, std::chrono::milliseconds max_wait,
                   std::function<void()> on_start)
    : queue_limit_(queue), max_wait_(max_wait) {
  for (int index = 0; index < std::max(threads, 1); ++index) {
    threads_.emplace_back([this, on_start] {
      if (on_start) on_start();
      Work();
    });
  }
}

bool WorkPool::TrySubmit(Task task) {
  std::lock_guard lock(mutex_);
  if (stopping_ || tasks_.size() >= queue_limit_) return false;
  tasks_.push_back({std::move(task), std::chrono::steady_clock::now()});
  ready_.notify_one();
  return true;
}

bool WorkPool::Full() {
  std::lock_guard lock(mutex_);
  return tasks_.size() >= queue_limit_;
}

void WorkPool::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    ready_.notify_all();
  }
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

void WorkPool::Work() {
  for (;;) {
    Queued queued;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;
      queued = std::move(tasks_.front());
      tasks_.pop_front();
    }
    const bool expired =
        max_wait_.count() > 0 && std::chrono::steady_clock::now() - queued.since > max_wait_;
    queued.task(expired);
  }
}

}  // namespace nq::http
