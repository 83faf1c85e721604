// The metrics of one nqtrack process: what the application layer counts (store writes, the
// engine's snapshots, sign-ins, jobs, the change feed), the HTTP requests by route, and the
// process itself. Hot paths touch atomics only; a scrape reads them all (WriteAll).
#pragma once

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/metrics.h"

namespace nq::metrics {

// Counts of the jobs of one kind ("export-report.docx", "import-units"…).
struct JobCounts {
  Counter started;
  Counter done;
  Counter failed;
  Counter cancelled;
  Gauge running;
};

// What the application layer counts, for the whole process.
struct AppMetrics {
  // Write transactions the service ran (Mutate, DryRun, the audit of a refusal): how long the
  // store took, retries included, and how they ended.
  Histogram store_write_seconds;
  Counter store_writes_committed;
  Counter store_writes_rolled_back;  // the write failed, was refused or was a dry run
  Counter store_writes_replayed;     // an idempotent replay: nothing written
  Counter store_write_retries;       // extra attempts after a serialization failure or deadlock
  Counter store_write_conflicts;     // writes that met at least one such failure
  // The engine: when its current snapshot was published, and its full reloads.
  std::atomic<int64_t> engine_published_unix_ms{0};
  Counter engine_reloads;
  Histogram engine_reload_seconds;
  // Sign-ins.
  Counter sign_ins_succeeded;
  Counter sign_ins_failed;      // wrong login or password
  Counter sign_ins_locked_out;  // refused before checking: too many failures or attempts
  // The change feed (PostgreSQL): the change log entries it read and applied for other
  // processes' writes, its full reloads (holes, bulk or structural changes), whether it listens.
  Counter change_feed_notifications;
  Counter change_feed_entries;  // change log entries read
  Counter change_feed_deltas;   // values and assignments applied as deltas
  Counter change_feed_reloads;
  Counter change_feed_errors;
  Counter change_feed_reconnects;
  Gauge change_feed_applied_seq;
  Histogram change_feed_catch_up_seconds;
  Gauge change_feed_listening;
  std::atomic<int64_t> change_feed_last_reload_unix_ms{0};

  // The counts of the jobs of `kind`, made on first use (a job start, not a hot path).
  JobCounts& Jobs(std::string_view kind);
  // Every kind seen so far, by name.
  std::vector<std::pair<std::string, const JobCounts*>> JobKinds() const;

  // Notes that the engine published a snapshot now.
  void EnginePublished();

 private:
  mutable std::mutex jobs_mutex_;
  std::map<std::string, std::unique_ptr<JobCounts>, std::less<>> jobs_;
};

// The process's application metrics.
AppMetrics& App();

// The HTTP requests by route: a fixed table of (method, route) rows made once, before serving,
// so the labels are bounded whatever paths clients send.
class RequestMetrics final {
 public:
  struct Route {
    std::string method;  // "GET"
    std::string route;   // "/api/v1/units/{id}"
  };
  // `routes` are the router's; rows for the web UI's files and for the requests no route
  // matched are added after them (see Unrouted and Static).
  explicit RequestMetrics(std::vector<Route> routes);

  // The row of the web UI's static files, of /metrics, and of a request that matched no
  // route, by its method (unknown methods share one row).
  size_t Static() const { return routes_.size() - kExtraRows + 0; }
  size_t Metrics() const { return routes_.size() - kExtraRows + 1; }
  size_t Unrouted(std::string_view method) const;

  // The method and route of a row.
  const Route& route(size_t row) const { return routes_[std::min(row, routes_.size() - 1)]; }

  void Begin() { in_flight_.Add(1); }
  void End(size_t row, int status, std::chrono::nanoseconds duration, size_t bytes);

  void Write(Exposition& out) const;

 private:
  static constexpr std::array<int, 25> kCodes = {200, 201, 202, 204, 206, 301, 302, 304, 400,
                                                 401, 403, 404, 405, 408, 409, 412, 413, 415,
                                                 422, 428, 429, 431, 500, 501, 503};
  static constexpr std::array<std::string_view, 8> kMethods = {
      "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other"};
  static constexpr size_t kExtraRows = 2 + kMethods.size();

  struct Row {
    std::array<Counter, kCodes.size() + 5> codes;  // then 1xx…5xx for a code not listed
    Histogram seconds;
    Counter bytes;
  };
  std::vector<Route> routes_;
  std::unique_ptr<Row[]> rows_;
  Gauge in_flight_;
};

// resident and virtual memory, CPU seconds, open and maximum descriptors, start time: the
// process_* metrics every Prometheus client exports, from /proc/self.
void WriteProcessMetrics(Exposition& out);

// nqtrack_build_info and the application metrics; the engine's version is the caller's (the
// metrics layer sees no engine).
void WriteAppMetrics(Exposition& out, uint64_t engine_version);

}  // namespace nq::metrics
