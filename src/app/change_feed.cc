#include "app/change_feed.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>

#include "common/log.h"
#include "metrics/nqtrack.h"
#include "storage/postgres_database.h"

namespace nq::app {
namespace {

// Sleeps for `duration` in short steps, returning early when a stop is requested.
void SleepUnlessStopped(const std::stop_token& stop, std::chrono::milliseconds duration) {
  auto until = std::chrono::steady_clock::now() + duration;
  while (!stop.stop_requested() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

struct ConnectionCloser {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
using ConnectionPtr = std::unique_ptr<PGconn, ConnectionCloser>;

// Connects and LISTENs; nullptr (after logging) when either fails.
ConnectionPtr Listen(const std::string& conninfo) {
  ConnectionPtr connection(PQconnectdb(conninfo.c_str()));
  if (PQstatus(connection.get()) != CONNECTION_OK) return nullptr;
  std::string command = fmt::format("LISTEN {}", storage::PostgresDatabase::kChangeChannel);
  PGresult* result = PQexec(connection.get(), command.c_str());
  bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  PQclear(result);
  return ok ? std::move(connection) : nullptr;
}

}  // namespace

ChangeFeed::ChangeFeed(Service& service, Options options)
    : service_(service), options_(std::move(options)) {
  thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

ChangeFeed::~ChangeFeed() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void ChangeFeed::CatchUp(std::string_view why) {
  metrics::AppMetrics& counts = metrics::App();
  const auto started = std::chrono::steady_clock::now();
  auto caught = service_.CatchUp(options_.most_deltas);
  if (!caught) {
    counts.change_feed_errors.Add();
    log::Write(log::Level::kError, "change_feed_catch_up_failed",
               {{"after", why}, {"error", caught.error().message}});
    return;
  }
  counts.change_feed_entries.Add(caught->entries);
  counts.change_feed_deltas.Add(caught->values + caught->assignments);
  if (!caught->reload_because.empty()) {
    log::Info("change_feed_reloading", {{"because", caught->reload_because}});
    auto reloaded = service_.ReloadOffPath();
    reloads_.fetch_add(1);
    counts.change_feed_reloads.Add();
    counts.change_feed_last_reload_unix_ms.store(
        std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count());
    if (!reloaded) {
      counts.change_feed_errors.Add();
      log::Write(log::Level::kError, "change_feed_reload_failed",
                 {{"after", why}, {"error", reloaded.error().message}});
    }
  }
  counts.change_feed_catch_up_seconds.Observe(std::chrono::steady_clock::now() - started);
  counts.change_feed_applied_seq.Set(service_.applied_seq());
}

void ChangeFeed::Run(const std::stop_token& stop) {
  std::chrono::milliseconds backoff(100);
  const std::string own_prefix = options_.origin + " ";
  while (!stop.stop_requested()) {
    ConnectionPtr connection = Listen(options_.conninfo);
    if (!connection) {
      SleepUnlessStopped(stop, backoff);
      backoff = std::min(backoff * 2, options_.max_backoff);
      continue;
    }
    backoff = std::chrono::milliseconds(100);
    listening_ = true;
    metrics::App().change_feed_listening.Set(1);
    // Notifications sent while we were not listening are lost: catch up from the log.
    CatchUp("connecting");
    auto last_check = std::chrono::steady_clock::now();
    while (!stop.stop_requested()) {
      pollfd descriptor{PQsocket(connection.get()), POLLIN, 0};
      int ready = ::poll(&descriptor, 1, static_cast<int>(options_.poll.count()));
      if (ready < 0 && errno != EINTR) break;
      if (ready > 0 && !PQconsumeInput(connection.get())) break;  // connection lost
      bool foreign = false;
      while (PGnotify* notice = PQnotifies(connection.get())) {
        if (!std::string_view(notice->extra).starts_with(own_prefix)) {
          foreign = true;
          metrics::App().change_feed_notifications.Add();
        }
        PQfreemem(notice);
      }
      if (PQstatus(connection.get()) != CONNECTION_OK) break;
      // One catch-up for a burst; and now and then in any case.
      if (foreign || std::chrono::steady_clock::now() - last_check >= options_.recheck) {
        CatchUp(foreign ? "a change by another process" : "recheck");
        last_check = std::chrono::steady_clock::now();
      }
    }
    listening_ = false;
    metrics::App().change_feed_listening.Set(0);
    if (!stop.stop_requested()) {
      metrics::App().change_feed_reconnects.Add();
      log::Warning("change_feed_reconnecting", {{"reason", "connection lost"}});
    }
  }
}

}  // namespace nq::app
