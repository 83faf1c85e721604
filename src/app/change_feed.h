// ChangeFeed: keeps this process's engine current while other nqtrack processes write to the
// same PostgreSQL database. It LISTENs on the store's change channel and, on every notification
// from another process (and every `recheck` in any case, so a lost notification costs at most
// that long), applies the change log's new entries to the engine as deltas (Service::CatchUp).
// A hole in the log, a bulk or structural change, or a backlog too long to apply entry by entry
// make it load a new engine off the request path and swap it in (Service::ReloadOffPath): the
// process keeps answering from its current snapshot meanwhile. After a lost connection it
// reconnects and catches up from its last applied sequence number.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "app/service.h"

namespace nq::app {

class ChangeFeed final {
 public:
  struct Options {
    std::string conninfo;  // the store's libpq conninfo
    std::string origin;    // PostgresDatabase::origin(): notifications we sent ourselves
    std::chrono::milliseconds poll{200};          // how often a stop request is noticed
    std::chrono::milliseconds recheck{2000};      // catch up at least this often
    std::chrono::milliseconds max_backoff{5000};  // between reconnection attempts
    int64_t most_deltas = 10'000;                 // a longer backlog is reloaded in full
  };

  // `service` must outlive the feed. The listener thread starts at once.
  ChangeFeed(Service& service, Options options);
  // Stops the listener thread (within about one poll interval, or when a reload ends).
  ~ChangeFeed();
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  // Full engine reloads done so far; for tests and diagnostics.
  int64_t reloads() const { return reloads_.load(); }
  // Whether the listener is connected and listening now.
  bool listening() const { return listening_.load(); }

 private:
  void Run(const std::stop_token& stop);
  // Applies what the log holds beyond the engine, reloading in full when it must.
  void CatchUp(std::string_view why);

  Service& service_;
  Options options_;
  std::atomic<int64_t> reloads_{0};
  std::atomic<bool> listening_{false};
  std::jthread thread_;
};

}  // namespace nq::app
