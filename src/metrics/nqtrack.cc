#include "metrics/nqtrack.h"

#include <fmt/core.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#ifndef NQ_VERSION
#define NQ_VERSION "unknown"
#endif

namespace nq::metrics {
namespace {

int64_t NowUnixMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

double Seconds(int64_t unix_ms) { return static_cast<double>(unix_ms) / 1000.0; }

}  // namespace

// ---- AppMetrics

AppMetrics& App() {
  static AppMetrics* metrics = new AppMetrics();  // never destroyed: jobs may end at exit
  return *metrics;
}

JobCounts& AppMetrics::Jobs(std::string_view kind) {
  std::lock_guard lock(jobs_mutex_);
  auto found = jobs_.find(kind);
  if (found == jobs_.end()) {
    found = jobs_.emplace(std::string(kind), std::make_unique<JobCounts>()).first;
  }
  return *found->second;
}

std::vector<std::pair<std::string, const JobCounts*>> AppMetrics::JobKinds() const {
  std::lock_guard lock(jobs_mutex_);
  std::vector<std::pair<std::string, const JobCounts*>> kinds;
  for (const auto& [kind, counts] : jobs_) kinds.emplace_back(kind, counts.get());
  return kinds;
}

void AppMetrics::EnginePublished() { engine_published_unix_ms.store(NowUnixMillis()); }

void WriteAppMetrics(Exposition& out, uint64_t engine_version) {
  AppMetrics& app = App();
  out.Family("nqtrack_build_info", "gauge", "The version of nqtrack; always 1.");
  out.Sample("nqtrack_build_info", {{"version", NQ_VERSION}}, int64_t{1});

  out.Family("nqtrack_store_write_duration_seconds", "histogram",
             "Time the store took for one write transaction, retries included.");
  out.Sample("nqtrack_store_write_duration_seconds", {}, app.store_write_seconds.Read());
  out.Family("nqtrack_store_write_transactions_total", "counter",
             "Write transactions by outcome: committed, rolled_back (refused, failed or a dry "
             "run) or replayed (an idempotent replay).");
  out.Sample("nqtrack_store_write_transactions_total", {{"outcome", "committed"}},
             app.store_writes_committed.value());
  out.Sample("nqtrack_store_write_transactions_total", {{"outcome", "rolled_back"}},
             app.store_writes_rolled_back.value());
  out.Sample("nqtrack_store_write_transactions_total", {{"outcome", "replayed"}},
             app.store_writes_replayed.value());
  out.Family("nqtrack_store_write_retries_total", "counter",
             "Extra attempts of write transactions after a serialization failure or deadlock.");
  out.Sample("nqtrack_store_write_retries_total", {}, app.store_write_retries.value());
  out.Family("nqtrack_store_write_conflicts_total", "counter",
             "Write transactions that met at least one serialization failure or deadlock.");
  out.Sample("nqtrack_store_write_conflicts_total", {}, app.store_write_conflicts.value());

  out.Family("nqtrack_engine_snapshot_version", "gauge",
             "Sequence number of the engine's current snapshot of the live figures.");
  out.Sample("nqtrack_engine_snapshot_version", {}, engine_version);
  int64_t published = app.engine_published_unix_ms.load();
  out.Family("nqtrack_engine_snapshot_age_seconds", "gauge",
             "Seconds since the engine published its current snapshot.");
  out.Sample("nqtrack_engine_snapshot_age_seconds", {},
             published == 0 ? 0.0 : std::max(0.0, Seconds(NowUnixMillis() - published)));
  out.Family("nqtrack_engine_reloads_total", "counter",
             "Full reloads of the engine from the store (structural changes, other processes' "
             "writes).");
  out.Sample("nqtrack_engine_reloads_total", {}, app.engine_reloads.value());
  out.Family("nqtrack_engine_reload_duration_seconds", "histogram",
             "Time one full reload of the engine from the store took.");
  out.Sample("nqtrack_engine_reload_duration_seconds", {}, app.engine_reload_seconds.Read());

  out.Family("nqtrack_sign_ins_total", "counter",
             "Sign-ins by result: succeeded, failed (wrong login or password) or locked_out "
             "(refused before checking, after too many failures).");
  out.Sample("nqtrack_sign_ins_total", {{"result", "succeeded"}}, app.sign_ins_succeeded.value());
  out.Sample("nqtrack_sign_ins_total", {{"result", "failed"}}, app.sign_ins_failed.value());
  out.Sample("nqtrack_sign_ins_total", {{"result", "locked_out"}}, app.sign_ins_locked_out.value());

  auto kinds = app.JobKinds();
  out.Family("nqtrack_jobs_started_total", "counter", "Import and export jobs started, by kind.");
  for (const auto& [kind, counts] : kinds) {
    out.Sample("nqtrack_jobs_started_total", {{"kind", kind}}, counts->started.value());
  }
  out.Family("nqtrack_jobs_finished_total", "counter",
             "Import and export jobs ended, by kind and state: done, failed or cancelled.");
  for (const auto& [kind, counts] : kinds) {
    out.Sample("nqtrack_jobs_finished_total", {{"kind", kind}, {"state", "done"}},
               counts->done.value());
    out.Sample("nqtrack_jobs_finished_total", {{"kind", kind}, {"state", "failed"}},
               counts->failed.value());
    out.Sample("nqtrack_jobs_finished_total", {{"kind", kind}, {"state", "cancelled"}},
               counts->cancelled.value());
  }
  out.Family("nqtrack_jobs_running", "gauge", "Import and export jobs running now, by kind.");
  for (const auto& [kind, counts] : kinds) {
    out.Sample("nqtrack_jobs_running", {{"kind", kind}}, counts->running.value());
  }

  out.Family("nqtrack_change_feed_listening", "gauge",
             "1 while the change feed listens for other processes' writes (PostgreSQL), else 0.");
  out.Sample("nqtrack_change_feed_listening", {}, app.change_feed_listening.value());
  out.Family("nqtrack_change_feed_notifications_total", "counter",
             "Change notifications received from other processes.");
  out.Sample("nqtrack_change_feed_notifications_total", {}, app.change_feed_notifications.value());
  out.Family("nqtrack_change_feed_reloads_total", "counter",
             "Engine reloads the change feed made to catch up with other processes.");
  out.Sample("nqtrack_change_feed_reloads_total", {}, app.change_feed_reloads.value());
  out.Family("nqtrack_change_feed_entries_total", "counter",
             "Change log entries the change feed read.");
  out.Sample("nqtrack_change_feed_entries_total", {}, app.change_feed_entries.value());
  out.Family("nqtrack_change_feed_deltas_total", "counter",
             "Values and assignments the change feed applied to the engine one by one.");
  out.Sample("nqtrack_change_feed_deltas_total", {}, app.change_feed_deltas.value());
  out.Family("nqtrack_change_feed_errors_total", "counter",
             "Catch-ups and reloads of the change feed that failed (tried again later).");
  out.Sample("nqtrack_change_feed_errors_total", {}, app.change_feed_errors.value());
  out.Family("nqtrack_change_feed_reconnects_total", "counter",
             "Times the change feed lost its connection and connected again.");
  out.Sample("nqtrack_change_feed_reconnects_total", {}, app.change_feed_reconnects.value());
  out.Family("nqtrack_change_feed_applied_sequence", "gauge",
             "The last change log entry the engine holds.");
  out.Sample("nqtrack_change_feed_applied_sequence", {}, app.change_feed_applied_seq.value());
  out.Family("nqtrack_change_feed_catch_up_duration_seconds", "histogram",
             "Time one catch-up of the change feed took, a full reload included.");
  out.Sample("nqtrack_change_feed_catch_up_duration_seconds", {},
             app.change_feed_catch_up_seconds.Read());
  int64_t last_reload = app.change_feed_last_reload_unix_ms.load();
  out.Family("nqtrack_change_feed_last_reload_timestamp_seconds", "gauge",
             "When the change feed last reloaded the engine, in seconds since the epoch; 0 "
             "before the first.");
  out.Sample("nqtrack_change_feed_last_reload_timestamp_seconds", {}, Seconds(last_reload));
}

// ---- RequestMetrics

RequestMetrics::RequestMetrics(std::vector<Route> routes) : routes_(std::move(routes)) {
  routes_.push_back({"GET", "(static)"});
  routes_.push_back({"GET", "/metrics"});
  for (std::string_view method : kMethods) routes_.push_back({std::string(method), "(none)"});
  rows_ = std::make_unique<Row[]>(routes_.size());
}

size_t RequestMetrics::Unrouted(std::string_view method) const {
  size_t index = 0;
  while (index + 1 < kMethods.size() && kMethods[index] != method) ++index;
  return routes_.size() - kMethods.size() + index;
}

void RequestMetrics::End(size_t row, int status, std::chrono::nanoseconds duration, size_t bytes) {
  in_flight_.Add(-1);
  if (row >= routes_.size()) return;
  Row& counts = rows_[row];
  size_t code = 0;
  while (code < kCodes.size() && kCodes[code] != status) ++code;
  if (code == kCodes.size()) code += static_cast<size_t>(std::clamp(status / 100, 1, 5) - 1);
  counts.codes[code].Add();
  counts.seconds.Observe(duration);
  counts.bytes.Add(bytes);
}

void RequestMetrics::Write(Exposition& out) const {
  auto code_label = [](size_t code) {
    return code < kCodes.size() ? std::to_string(kCodes[code])
                                : fmt::format("{}xx", code - kCodes.size() + 1);
  };
  out.Family("nqtrack_http_requests_total", "counter",
             "HTTP requests answered, by the method and pattern of their route and the status "
             "code. Route (static) is the web UI's files, (none) a request no route matched.");
  for (size_t row = 0; row < routes_.size(); ++row) {
    for (size_t code = 0; code < rows_[row].codes.size(); ++code) {
      uint64_t count = rows_[row].codes[code].value();
      if (count == 0) continue;
      out.Sample("nqtrack_http_requests_total",
                 {{"method", routes_[row].method},
                  {"route", routes_[row].route},
                  {"code", code_label(code)}},
                 count);
    }
  }
  out.Family("nqtrack_http_request_duration_seconds", "histogram",
             "Time from a request's arrival to its answer, by route.");
  for (size_t row = 0; row < routes_.size(); ++row) {
    Histogram::Snapshot seconds = rows_[row].seconds.Read();
    if (seconds.count == 0) continue;
    out.Sample("nqtrack_http_request_duration_seconds",
               {{"method", routes_[row].method}, {"route", routes_[row].route}}, seconds);
  }
  out.Family("nqtrack_http_response_body_bytes_total", "counter",
             "Bytes of response bodies sent, by route.");
  for (size_t row = 0; row < routes_.size(); ++row) {
    if (rows_[row].seconds.Read().count == 0) continue;
    out.Sample("nqtrack_http_response_body_bytes_total",
               {{"method", routes_[row].method}, {"route", routes_[row].route}},
               rows_[row].bytes.value());
  }
  out.Family("nqtrack_http_requests_in_flight", "gauge", "HTTP requests being handled now.");
  out.Sample("nqtrack_http_requests_in_flight", {}, in_flight_.value());
}

// ---- The process

void WriteProcessMetrics(Exposition& out) {
  // /proc/self/stat: the fields after the command name, which is in parentheses.
  std::ifstream stat_file("/proc/self/stat");
  std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return;
  std::istringstream fields(stat.substr(close + 2));
  std::vector<std::string> values;
  for (std::string value; fields >> value;) values.push_back(value);
  // Field n of proc(5) is values[n - 3]: utime 14, stime 15, starttime 22, vsize 23, rss 24.
  if (values.size() < 22) return;
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  double cpu = (std::stod(values[11]) + std::stod(values[12])) / ticks;
  double started_after_boot = std::stod(values[19]) / ticks;
  double virtual_bytes = std::stod(values[20]);
  double resident_bytes = std::stod(values[21]) * page;
  double boot_time = 0;
  std::ifstream proc_stat("/proc/stat");
  for (std::string line; std::getline(proc_stat, line);) {
    if (line.starts_with("btime ")) boot_time = std::stod(line.substr(6));
  }
  int64_t open_fds = 0;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++open_fds;
  }
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);

  out.Family("process_cpu_seconds_total", "counter", "User and system CPU time spent in seconds.");
  out.Sample("process_cpu_seconds_total", {}, cpu);
  out.Family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
  out.Sample("process_resident_memory_bytes", {}, resident_bytes);
  out.Family("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.");
  out.Sample("process_virtual_memory_bytes", {}, virtual_bytes);
  out.Family("process_open_fds", "gauge", "Number of open file descriptors.");
  out.Sample("process_open_fds", {}, open_fds);
  out.Family("process_max_fds", "gauge", "Maximum number of open file descriptors.");
  out.Sample("process_max_fds", {}, static_cast<double>(limit.rlim_cur));
  out.Family("process_start_time_seconds", "gauge",
             "Start time of the process since the epoch in seconds.");
  out.Sample("process_start_time_seconds", {}, boot_time + started_after_boot);
}

}  // namespace nq::metrics
