// What the commands share: the store, engine and service of one invocation (the Stack), a
// progress bar with Ctrl-C cancellation, and writing files so a reader never sees half.
#pragma once

#include <unistd.h>

#include <memory>
#include <string>
#include <string_view>

#include "app/auth.h"
#include "app/reports/exports.h"
#include "app/service.h"
#include "common/clock.h"
#include "common/work_control.h"
#include "engine/engine.h"
#include "storage/database.h"
#include "storage/postgres_database.h"

namespace nq::cli {

// The store, the engine loaded from it, and the service and authenticator over them.
struct Stack {
  std::unique_ptr<storage::Database> database;
  storage::PostgresDatabase* postgres = nullptr;  // when the store is PostgreSQL
  std::unique_ptr<engine::Engine> engine;
  SystemClock clock;
  std::unique_ptr<app::Service> service;
  std::unique_ptr<app::Authenticator> auth;
};

// Prints `error` on stderr; the exit status 1.
int Fail(const Error& error);

// Writes `bytes` to `path` through a temporary file and a rename, so a reader never sees half.
Status WriteFileAtomically(const std::string& path, std::string_view bytes);

// "postgresql://u:secret@h/db" → "postgresql://u:***@h/db": what may be printed.
std::string Redacted(const std::string& db);

// Opens the store `db` (a postgresql:// URI, or a SQLite file path with or without "sqlite:"),
// without loading an engine: for the commands that only move rows.
Result<std::unique_ptr<storage::Database>> OpenStore(const std::string& db);

// Opens the store `db` (a SQLite path or a postgresql:// URI) and loads the engine from it;
// `progress` hears of the load.
Result<std::unique_ptr<Stack>> OpenStack(const std::string& db,
                                         const engine::LoadProgress& progress = {});

// The id of the unit with id or code `key`; not_found naming it when there is none.
Result<domain::Id> FindUnitId(storage::Database& database, const std::string& key);

// The whole file at `path`; not_found naming it when it cannot be read.
Result<std::string> ReadWholeFile(const std::string& path);

// A progress bar on stderr when it is a terminal; otherwise nothing until the final line.
class ProgressBar final {
 public:
  ProgressBar() : tty_(::isatty(2) == 1) {}
  void Update(size_t done, size_t total) { Update("", done, total); }
  // Same, with the phase of the work before the bar ("targets", "writing"…).
  void Update(std::string_view phase, size_t done, size_t total) {
    if (!tty_ || total == 0) return;
    constexpr size_t kWidth = 40;
    size_t filled = std::min(done, total) * kWidth / total;
    fmt::print(stderr, "\r{:<16}[{}{}] {}/{}   ", phase, std::string(filled, '#'),
               std::string(kWidth - filled, '.'), done, total);
  }
  void Finish(std::string_view line) {
    if (tty_) fmt::print(stderr, "\n");
    fmt::print(stderr, "nqtrack: {}\n", line);
  }

 private:
  bool tty_;
};

// The progress and cancellation of work run from the command line, shown on `bar`; Ctrl-C
// cancels while it lives.
class ConsoleControl final {
 public:
  explicit ConsoleControl(ProgressBar& bar);
  ~ConsoleControl();
  ConsoleControl(const ConsoleControl&) = delete;
  ConsoleControl& operator=(const ConsoleControl&) = delete;
  const WorkControl& control() const { return control_; }

 private:
  WorkControl control_;
  void (*previous_)(int) = nullptr;
};

// Makes the file of `spec` with a progress bar and writes it to `path` atomically; Ctrl-C
// cancels, and a cancelled or failed export writes nothing.
int ExportWithProgress(app::Service& service, const app::ExportSpec& spec, const std::string& path);

}  // namespace nq::cli
