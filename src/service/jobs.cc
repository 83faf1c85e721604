#include "service/jobs.h"

#include <boost/json.hpp>

#include "common/result.h"

namespace nq::service {

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

json::value Job::ToJson() const {
  std::lock_guard lock(mutex_);
  json::object out{{"id", id_},
                   {"kind", kind_},
                   {"state", JobStateName(state_.load())},
                   {"progress", json::object{{"done", done_.load()}, {"total", total_.load()}}}};
  if (!result_.is_null()) out["result"] = result_;
  if (error_) {
    json::object error{{"code", ErrorCodeName(error_->code)}, {"detail", error_->message}};
    if (!error_->field.empty()) error["pointer"] = error_->field;
    if (!error_details_.is_null()) error["errors"] = error_details_;
    out["error"] = std::move(error);
  }
  return out;
}

void Job::Wait() const {
  for (JobState state = state_.load(); state == JobState::kQueued || state == JobState::kRunning;
       state = state_.load()) {
    state_.wait(state);
  }
}

JobRegistry::~JobRegistry() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, job] : jobs_) job->Cancel();
    threads.swap(threads_);
  }
  for (std::thread& thread : threads) thread.join();
}

std::shared_ptr<Job> JobRegistry::Start(std::string kind, std::string owner, JobWork work) {
  std::lock_guard lock(mutex_);
  auto job = std::make_shared<Job>(next_id_++, std::move(kind), std::move(owner));
  jobs_.emplace(job->id(), job);
  threads_.emplace_back([job, work = std::move(work)] {
    if (job->cancelled()) {
      job->SetState(JobState::kCancelled);
      return;
    }
    job->SetState(JobState::kRunning);
    json::value details;
    Result<json::value> result = work(*job, details);
    std::lock_guard job_lock(job->mutex_);
    if (result) {
      job->result_ = std::move(*result);
      job->SetState(JobState::kDone);
      return;
    }
    job->error_ = result.error();
    job->error_details_ = std::move(details);
    job->SetState(job->cancelled() && result.error().code == ErrorCode::kAborted
                      ? JobState::kCancelled
                      : JobState::kFailed);
  });
  return job;
}

std::shared_ptr<Job> JobRegistry::Find(int64_t id) const {
  std::lock_guard lock(mutex_);
  auto found = jobs_.find(id);
  return found == jobs_.end() ? nullptr : found->second;
}

}  // namespace nq::service
