// Jobs: long imports and exports run on their own thread with progress, a result or an error,
// and a cancellation flag the work reads between batches. An export job ends with a file to
// download, kept only when the job is done. In process only; a restart forgets them, and a
// finished job is forgotten half an hour after it ended.
#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/access.h"
#include "common/result.h"
#include "common/work_control.h"

namespace nq::app {

enum class JobState { kQueued, kRunning, kDone, kFailed, kCancelled };
std::string_view JobStateName(JobState state);  // "queued", "running", "done"…

// The file an export job made.
struct JobFile {
  std::string name;  // "bao-cao-ba-thuoc-2021Q1.docx"
  std::string content_type;
  std::string bytes;
};

// The JSON Schema of Job::ToJson ("Job"), for the API's description.
boost::json::object JobSchema();

// One job. Progress and the flag are atomics, so the worker and readers never block each other.
class Job final {
 public:
  Job(int64_t id, std::string kind, std::string owner)
      : id_(id), kind_(std::move(kind)), owner_(std::move(owner)) {}

  int64_t id() const { return id_; }
  const std::string& kind() const { return kind_; }
  const std::string& owner() const { return owner_; }
  JobState state() const { return state_.load(); }

  // For the work: report progress; read the flag between batches.
  void SetProgress(size_t done, size_t total) {
    total_.store(total);
    done_.store(done);
  }
  // Same, naming the phase the work is in ("targets", "writing"…).
  void SetProgress(std::string_view phase, size_t done, size_t total);
  // The file the work made; kept only if the job ends done. Thread-safe.
  void SetFile(JobFile file);
  // The file of a done job, or nullptr. Thread-safe.
  std::shared_ptr<const JobFile> file() const;
  const std::atomic<bool>& cancel_flag() const { return cancel_; }
  bool cancelled() const { return cancel_.load(); }
  // The progress and cancellation flag of this job, for the work it runs.
  WorkControl Control();
  // The error of a failed or cancelled job; nullopt otherwise. Thread-safe.
  std::optional<Error> error() const;

  // Blocks until the job is done, failed or cancelled.
  void Wait() const;

  // Asks the work to stop; a queued or running job ends as cancelled. A job already done
  // keeps its state but discards its file.
  void Cancel();

  // {"id", "kind", "state", "progress": {"done", "total", "phase"}, "result" | "error",
  // "file": {"name", "type", "size"}}.
  boost::json::value ToJson() const;

 private:
  friend class JobRegistry;
  void SetState(JobState state) {
    state_.store(state);
    state_.notify_all();
  }
  const int64_t id_;
  const std::string kind_;
  const std::string owner_;
  std::atomic<JobState> state_{JobState::kQueued};
  std::atomic<size_t> done_{0};
  std::atomic<size_t> total_{0};
  std::atomic<bool> cancel_{false};
  mutable std::mutex mutex_;  // guards phase_, file_, ended_, result_ and error_
  std::string phase_;
  std::shared_ptr<const JobFile> file_;
  std::optional<std::chrono::steady_clock::time_point> ended_;
  boost::json::value result_;
  std::optional<Error> error_;
  boost::json::value error_details_;
};

// The work of a job: its result as JSON, or an error; `details` (e.g. a list of bad records)
// is kept with the error.
using JobWork = std::function<Result<boost::json::value>(Job& job, boost::json::value& details)>;

class JobRegistry final {
 public:
  JobRegistry() = default;
  JobRegistry(const JobRegistry&) = delete;
  JobRegistry& operator=(const JobRegistry&) = delete;
  // Cancels every job still running and waits for it.
  ~JobRegistry();

  // Starts `work` on a new thread and returns the job at once; forgets the jobs that ended
  // more than `kKeep` ago. Thread-safe.
  std::shared_ptr<Job> Start(std::string kind, std::string owner, JobWork work);
  static constexpr std::chrono::minutes kKeep{30};
  // The job, or nullptr. Thread-safe.
  std::shared_ptr<Job> Find(int64_t id) const;

 private:
  // Joins the threads of ended jobs and forgets the jobs ended before `keep_after`.
  void Prune(std::chrono::steady_clock::time_point keep_after);

  mutable std::mutex mutex_;
  int64_t next_id_ = 1;
  std::map<int64_t, std::shared_ptr<Job>> jobs_;
  std::map<int64_t, std::thread> threads_;
};

// A job is its owner's alone: the principal's own job `id`, or not_found ("job 7 not found")
// for another's, as for one that does not exist.
Result<std::shared_ptr<Job>> FindJobAs(const JobRegistry& jobs, const Principal& principal,
                                       int64_t id);
// Asks the principal's own job `id` to stop (Job::Cancel); not_found as FindJobAs.
Result<std::shared_ptr<Job>> CancelJobAs(const JobRegistry& jobs, const Principal& principal,
                                         int64_t id);
// The file of the principal's own export job `id`: not_found as FindJobAs, failed_precondition
// while it is queued or running, not_found when it ended without a file.
Result<std::shared_ptr<const JobFile>> JobFileAs(const JobRegistry& jobs,
                                                 const Principal& principal, int64_t id);

}  // namespace nq::app
