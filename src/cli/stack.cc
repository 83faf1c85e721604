#include "cli/stack.h"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/engine_loader.h"
#include "storage/sqlite_database.h"
#include "storage/store.h"

namespace nq::cli {

int Fail(const Error& error) {
  fmt::print(stderr, "nqtrack: {}\n", error.message);
  return 1;
}

// Writes `bytes` to `path` through a temporary file and a rename, so a reader never sees half.
Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.flush();
    if (!out) return MakeError(ErrorCode::kUnavailable, "cannot write \"{}\"", path);
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) return MakeError(ErrorCode::kUnavailable, "cannot write \"{}\": {}", path, ec.message());
  return Ok();
}

// Everything a command works with: the store, the engine built from it, the service.

// "postgresql://u:secret@h/db" → "postgresql://u:***@h/db": what may be printed.
std::string Redacted(const std::string& db) {
  if (!storage::PostgresDatabase::IsConnectionUri(db)) return db;
  size_t scheme = db.find("://") + 3;
  size_t at = db.find('@', scheme);
  size_t colon = db.find(':', scheme);
  if (at == std::string::npos || colon == std::string::npos || colon > at) return db;
  return db.substr(0, colon + 1) + "***" + db.substr(at);
}

namespace {

// `db` is a PostgreSQL URI ("postgresql://…", "postgres://…"), or a SQLite file path, with or
// without a "sqlite:" prefix.
Result<std::unique_ptr<storage::Database>> OpenDatabase(const std::string& db,
                                                        storage::PostgresDatabase** postgres) {
  if (storage::PostgresDatabase::IsConnectionUri(db)) {
    NQ_TRY(auto database, storage::PostgresDatabase::Open(db));
    *postgres = database.get();
    return std::unique_ptr<storage::Database>(std::move(database));
  }
  std::string path = db.starts_with("sqlite:") ? db.substr(7) : db;
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  NQ_TRY(auto database, storage::SqliteDatabase::Open(path));
  return std::unique_ptr<storage::Database>(std::move(database));
}

}  // namespace

Result<std::unique_ptr<storage::Database>> OpenStore(const std::string& db) {
  storage::PostgresDatabase* postgres = nullptr;
  return OpenDatabase(db, &postgres);
}

Result<std::unique_ptr<Stack>> OpenStack(const std::string& db,
                                         const engine::LoadProgress& progress) {
  auto stack = std::make_unique<Stack>();
  NQ_TRY(stack->database, OpenDatabase(db, &stack->postgres));
  int64_t change_seq = 0;
  NQ_TRY(stack->engine, app::LoadEngine(*stack->database, progress, &change_seq));
  stack->service = std::make_unique<app::Service>(*stack->database, *stack->engine, stack->clock);
  stack->service->LoadedAt(change_seq);
  stack->auth = std::make_unique<app::Authenticator>(*stack->service);
  return stack;
}

Result<domain::Id> FindUnitId(storage::Database& database, const std::string& key) {
  return database.Read([&](storage::Transaction& tx) -> Result<domain::Id> {
    if (!key.empty() && key.find_first_not_of("0123456789") == std::string::npos) {
      NQ_TRY(domain::Unit unit, storage::Get<domain::Unit>(tx, std::stoll(key)));
      return unit.id;
    }
    NQ_TRY(domain::Unit unit, storage::GetByCode<domain::Unit>(tx, key));
    return unit.id;
  });
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, "cannot read \"{}\"", path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

namespace {

// Set by Ctrl-C while long work runs, which then stops between steps.
std::atomic<bool> interrupted{false};

}  // namespace

ConsoleControl::ConsoleControl(ProgressBar& bar) {
  interrupted = false;
  previous_ = std::signal(SIGINT, [](int) { interrupted = true; });
  control_.cancelled = &interrupted;
  control_.progress = [&bar](std::string_view phase, size_t done, size_t total) {
    bar.Update(phase, done, total);
  };
}

ConsoleControl::~ConsoleControl() { std::signal(SIGINT, previous_); }

int ExportWithProgress(app::Service& service, const app::ExportSpec& spec,
                       const std::string& path) {
  ProgressBar bar;
  Result<app::ExportFile> file = [&] {
    ConsoleControl console(bar);
    return app::MakeExport(service, spec, console.control());
  }();
  if (!file) {
    bar.Finish(file.error().code == ErrorCode::kAborted ? "export cancelled; nothing written"
                                                        : "export failed; nothing written");
    return Fail(file.error());
  }
  if (auto written = WriteFileAtomically(path, file->bytes); !written) return Fail(written.error());
  if (file->skipped_terms > 0) {
    fmt::print(stderr, "nqtrack: {} values of term periods left out (DHIS2 has no term period)\n",
               file->skipped_terms);
  }
  bar.Finish(fmt::format(
      "wrote {} ({} bytes{})", path, file->bytes.size(),
      spec.kind == app::ExportKind::kValuesCsv || spec.kind == app::ExportKind::kDataValueSets
          ? fmt::format(", {} values", file->records)
          : ""));
  return 0;
}

}  // namespace nq::cli
