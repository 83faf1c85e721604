// ChangeFeed: keeps this process's engine current while other nqtrack processes write to the
// same PostgreSQL database. It LISTENs on the store's change channel and reloads the engine on
// every notification from another process, and once after each (re)connection to catch up on
// what was missed while away.
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
    std::chrono::milliseconds max_backoff{5000};  // between reconnection attempts
  };

  // `service` must outlive the feed. The listener thread starts at once.
  ChangeFeed(Service& service, Options options);
  // Stops the listener thread (within about one poll interval).
  ~ChangeFeed();
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  // Engine reloads done so far (catch-ups included); for tests and diagnostics.
  int64_t reloads() const { return reloads_.load(); }
  // Whether the listener is connected and listening now.
  bool listening() const { return listening_.load(); }

 private:
  void Run(const std::stop_token& stop);
  void Reload(std::string_view why);

  Service& service_;
  Options options_;
  std::atomic<int64_t> reloads_{0};
  std::atomic<bool> listening_{false};
  std::jthread thread_;
};

}  // namespace nq::app
