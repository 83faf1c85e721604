#include "app/jobs.h"

#include <boost/json.hpp>

#include "common/log.h"
#include "common/result.h"
#include "formats/json_schema.h"
#include "metrics/nqtrack.h"

namespace nq::app {

namespace json = boost::json;

std::string_view JobStateName(JobState state) {
  switch (state) {
    case JobState::kQueued:
      return "queued";
    case JobState::kRunning:
      return "running";
    case JobState::kDone:
      return "done";
    case JobState::kFailed:
      return "failed";
    case JobState::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

void Job::SetProgress(std::string_view phase, size_t done, size_t total) {
  {
    std::lock_guard lock(mutex_);
    if (phase_ != phase) phase_ = std::string(phase);
  }
  SetProgress(done, total);
}

void Job::Cancel() {
  std::lock_guard lock(mutex_);
  cancel_.store(true);
  if (state_.load() == JobState::kDone) file_.reset();
}

WorkControl Job::Control() {
  WorkControl control;
  control.cancelled = &cancel_;
  control.progress = [this](std::string_view phase, size_t done, size_t total) {
    SetProgress(phase, done, total);
  };
  return control;
}

std::optional<Error> Job::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

void Job::SetFile(JobFile file) {
  std::lock_guard lock(mutex_);
  file_ = std::make_shared<const JobFile>(std::move(file));
}

std::shared_ptr<const JobFile> Job::file() const {
  std::lock_guard lock(mutex_);
  return state_.load() == JobState::kDone ? file_ : nullptr;
}

json::value Job::ToJson() const {
  std::lock_guard lock(mutex_);
  json::object progress{{"done", done_.load()}, {"total", total_.load()}};
  if (!phase_.empty()) progress["phase"] = phase_;
  json::object out{{"id", id_},
                   {"kind", kind_},
                   {"state", JobStateName(state_.load())},
                   {"progress", std::move(progress)}};
  if (!result_.is_null()) out["result"] = result_;
  if (file_ && state_.load() == JobState::kDone) {
    out["file"] = json::object{{"name", file_->name},
                               {"type", file_->content_type},
                               {"size", file_->bytes.size()},
                               {"href", fmt::format("/api/v1/jobs/{}/file", id_)}};
  }
  if (error_) {
    json::object error{{"code", ErrorCodeName(error_->code)}, {"detail", error_->message}};
    if (!error_->field.empty()) error["pointer"] = error_->field;
    if (!error_details_.is_null()) error["errors"] = error_details_;
    out["error"] = std::move(error);
  }
  return out;
}

boost::json::object JobSchema() {
  namespace sc = formats::schema;
  return sc::Named(
      "Job",
      sc::Object({{"id", sc::PositiveId()},
                  {"kind", sc::Example(sc::Text("Loại tác vụ"), "export-report-docx")},
                  {"state", sc::OneOf({"queued", "running", "done", "failed", "cancelled"})},
                  {"progress", sc::Object({{"done", sc::Integer()},
                                           {"total", sc::Integer()},
                                           sc::Optional("phase", sc::Text("Bước đang làm"))})},
                  sc::Optional("result", sc::AnyValue("Kết quả của tác vụ nhập khi xong")),
                  sc::Optional("file", sc::Object({{"name", sc::Text()},
                                                   {"type", sc::Text()},
                                                   {"size", sc::Integer()},
                                                   {"href", sc::Text()}},
                                                  "Tệp của tác vụ xuất khi xong")),
                  sc::Optional("error", sc::Object({{"code", sc::Text()},
                                                    {"detail", sc::Text()},
                                                    sc::Optional("pointer", sc::Text()),
                                                    sc::Optional("errors", sc::AnyValue())}))},
                 "Một tác vụ dài (nhập, xuất) và tiến độ của nó"));
}

void Job::Wait() const {
  for (JobState state = state_.load(); state == JobState::kQueued || state == JobState::kRunning;
       state = state_.load()) {
    state_.wait(state);
  }
}

JobRegistry::~JobRegistry() {
  std::map<int64_t, std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, job] : jobs_) job->Cancel();
    threads.swap(threads_);
  }
  for (auto& [id, thread] : threads) thread.join();
}

void JobRegistry::Prune(std::chrono::steady_clock::time_point keep_after) {
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    Job& job = *it->second;
    std::optional<std::chrono::steady_clock::time_point> ended;
    {
      std::lock_guard job_lock(job.mutex_);
      ended = job.ended_;
    }
    if (!ended) {
      ++it;
      continue;
    }
    // The thread has set the end and is leaving: joining it is immediate.
    if (auto thread = threads_.find(job.id()); thread != threads_.end()) {
      thread->second.join();
      threads_.erase(thread);
    }
    it = *ended < keep_after ? jobs_.erase(it) : std::next(it);
  }
}

std::shared_ptr<Job> JobRegistry::Start(std::string kind, std::string owner, JobWork work) {
  std::lock_guard lock(mutex_);
  Prune(std::chrono::steady_clock::now() - kKeep);
  auto job = std::make_shared<Job>(next_id_++, std::move(kind), std::move(owner));
  jobs_.emplace(job->id(), job);
  metrics::JobCounts* counts = &metrics::App().Jobs(job->kind());  // lives as long as the process
  counts->started.Add();
  log::Info("job_start", {{"job_id", job->id()}, {"kind", job->kind()}, {"user", job->owner()}});
  threads_.emplace(job->id(), [job, counts, work = std::move(work)] {
    const auto started = std::chrono::steady_clock::now();
    // Counted before the state is final, so whoever waits for the job sees the counts moved;
    // logged after, outside the job's lock.
    auto count = [&](JobState state) {
      (state == JobState::kDone     ? counts->done
       : state == JobState::kFailed ? counts->failed
                                    : counts->cancelled)
          .Add();
    };
    auto log_end = [&](JobState state) {
      std::optional<Error> error = job->error();
      log::Write(state == JobState::kFailed ? log::Level::kError : log::Level::kInfo, "job_end",
                 {{"job_id", job->id()},
                  {"kind", job->kind()},
                  {"user", job->owner()},
                  {"state", JobStateName(state)},
                  {"duration_ms", std::chrono::duration<double, std::milli>(
                                      std::chrono::steady_clock::now() - started)
                                      .count()},
                  {"error", error ? log::Value(error->message) : log::Value(nullptr)}});
    };
    if (job->cancelled()) {
      {
        std::lock_guard job_lock(job->mutex_);
        job->ended_ = std::chrono::steady_clock::now();
        count(JobState::kCancelled);
        job->SetState(JobState::kCancelled);
      }
      return log_end(JobState::kCancelled);
    }
    counts->running.Add(1);
    job->SetState(JobState::kRunning);
    json::value details;
    Result<json::value> result = work(*job, details);
    counts->running.Add(-1);
    JobState state = JobState::kDone;
    {
      std::lock_guard job_lock(job->mutex_);
      job->ended_ = std::chrono::steady_clock::now();
      if (result) {
        job->result_ = std::move(*result);
      } else {
        job->file_.reset();  // a failed or cancelled export leaves nothing behind
        job->error_ = result.error();
        job->error_details_ = std::move(details);
        state = job->cancelled() && result.error().code == ErrorCode::kAborted
                    ? JobState::kCancelled
                    : JobState::kFailed;
      }
      count(state);
      job->SetState(state);
    }
    log_end(state);
  });
  return job;
}

std::shared_ptr<Job> JobRegistry::Find(int64_t id) const {
  std::lock_guard lock(mutex_);
  auto found = jobs_.find(id);
  return found == jobs_.end() ? nullptr : found->second;
}

Result<std::shared_ptr<Job>> FindJobAs(const JobRegistry& jobs, const Principal& principal,
                                       int64_t id) {
  auto job = jobs.Find(id);
  if (!job || job->owner() != principal.login) {
    return MakeError(ErrorCode::kNotFound, "job {} not found", id);
  }
  return job;
}

Result<std::shared_ptr<Job>> CancelJobAs(const JobRegistry& jobs, const Principal& principal,
                                         int64_t id) {
  NQ_TRY(std::shared_ptr<Job> job, FindJobAs(jobs, principal, id));
  job->Cancel();
  return job;
}

Result<std::shared_ptr<const JobFile>> JobFileAs(const JobRegistry& jobs,
                                                 const Principal& principal, int64_t id) {
  NQ_TRY(std::shared_ptr<Job> job, FindJobAs(jobs, principal, id));
  const JobState state = job->state();
  if (state == JobState::kQueued || state == JobState::kRunning) {
    return std::unexpected(Error{
        ErrorCode::kFailedPrecondition,
        fmt::format("job {} is still {}; its file is not ready", job->id(), JobStateName(state)),
        {}});
  }
  auto file = job->file();
  if (!file) {
    return MakeError(ErrorCode::kNotFound, "job {} has no file ({})", job->id(),
                     JobStateName(state));
  }
  return file;
}

}  // namespace nq::app
