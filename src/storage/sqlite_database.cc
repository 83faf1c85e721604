#include "storage/sqlite_database.h"

#include <sqlite3.h>

#include <unordered_map>

#include "storage/migrations.h"

namespace nq::storage {

namespace {

// A failed sync (fsync of the database, its log or their folder): what was written may not be
// on the disk even if a later sync succeeds, so the store is not written again (PostgreSQL's
// lesson, docs/reliability.md).
bool IsSyncFailure(int rc) { return rc == SQLITE_IOERR_FSYNC || rc == SQLITE_IOERR_DIR_FSYNC; }

Error SqliteError(sqlite3* db, int rc, std::string_view what) {
  ErrorCode code = ErrorCode::kInternal;
  int primary = rc & 0xff;
  if (primary == SQLITE_CONSTRAINT) code = ErrorCode::kFailedPrecondition;
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    code = ErrorCode::kAlreadyExists;
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) code = ErrorCode::kUnavailable;
  if (primary == SQLITE_IOERR || primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN ||
      primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
    code = ErrorCode::kUnavailable;
  }
  const char* message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (primary == SQLITE_FULL) {
    return Error{ErrorCode::kStorageFull,
                 fmt::format("the store's disk is full ({}); nothing was written", what),
                 {}};
  }
  if (IsSyncFailure(rc)) {
    return Error{
        code, fmt::format("the store failed to sync its file to disk ({}: {})", what, message), {}};
  }
  if (primary == SQLITE_IOERR) {
    const bool reading = rc == SQLITE_IOERR_READ || rc == SQLITE_IOERR_SHORT_READ;
    return Error{code,
                 fmt::format("the store failed to {} its file ({}: {}); nothing was written",
                             reading ? "read" : "write", what, message),
                 {}};
  }
  return Error{code, fmt::format("{}: {}", what, message), {}};
}

// Frames of the write-ahead log past which a write is followed by a checkpoint (SQLite's own
// automatic checkpoint is off on the writer: its failure would fail a commit that is durable).
constexpr int kCheckpointFrames = 1000;

}  // namespace

// One sqlite3 handle with its prepared-statement cache. Used by one thread at a time.
class SqliteConnection final : public Transaction {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  std::string_view dialect() const override { return "sqlite"; }
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Result<int64_t> Exec(std::string_view sql, const SqlParams& params) override {
    NQ_TRY(sqlite3_stmt * stmt, Prepare(sql, params));
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) return std::unexpected(Failed(rc, Abbreviate(sql)));
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  Result<std::vector<Row>> Query(std::string_view sql, const SqlParams& params) override {
    NQ_TRY(sqlite3_stmt * stmt, Prepare(sql, params));
    std::vector<Row> rows;
    int columns = sqlite3_column_count(stmt);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<SqlValue> values;
      values.reserve(static_cast<size_t>(columns));
      for (int column = 0; column < columns; ++column) values.push_back(Column(stmt, column));
      rows.emplace_back(std::move(values));
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) return std::unexpected(Failed(rc, Abbreviate(sql)));
    return rows;
  }

  Status ExecScript(std::string_view sql) override {
    char* message = nullptr;
    std::string script(sql);
    int rc = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &message);
    sqlite3_free(message);
    if (rc == SQLITE_OK) return Ok();
    return std::unexpected(Failed(rc, Abbreviate(sql)));
  }

  sqlite3* handle() const { return db_; }
  // Whether a statement met a failed sync since the last ClearSyncFailure.
  bool sync_failed() const { return sync_failed_; }
  // Frames in the write-ahead log after the last commit (SQLite's WAL hook).
  int wal_frames() const { return wal_frames_; }
  void WatchLog() {
    sqlite3_wal_hook(
        db_,
        [](void* self, sqlite3*, const char*, int frames) {
          static_cast<SqliteConnection*>(self)->wal_frames_ = frames;
          return SQLITE_OK;
        },
        this);
  }
  // Copies the log into the database when it has grown; a failure does not undo the commit
  // before it (the log holds it), but a failed sync stops further writes.
  Status Checkpoint() {
    if (wal_frames_ < kCheckpointFrames) return Ok();
    int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    if (rc == SQLITE_OK) {
      wal_frames_ = 0;
      return Ok();
    }
    return std::unexpected(Failed(rc, "checkpoint"));
  }

 private:
  static std::string Abbreviate(std::string_view sql) { return std::string(sql.substr(0, 60)); }

  Error Failed(int rc, std::string_view what) {
    if (IsSyncFailure(rc) || IsSyncFailure(sqlite3_extended_errcode(db_))) sync_failed_ = true;
    return SqliteError(db_, rc, what);
  }

  static SqlValue Column(sqlite3_stmt* stmt, int column) {
    switch (sqlite3_column_type(stmt, column)) {
      case SQLITE_INTEGER:
        return static_cast<int64_t>(sqlite3_column_int64(stmt, column));
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, column);
      case SQLITE_TEXT:
      case SQLITE_BLOB: {
        const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, column));
        return std::string(data ? data : "",
                           static_cast<size_t>(sqlite3_column_bytes(stmt, column)));
      }
      default:
        return std::monostate{};
    }
  }

  Result<sqlite3_stmt*> Prepare(std::string_view sql, const SqlParams& params) {
    sqlite3_stmt* stmt = nullptr;
    auto it = statements_.find(std::string(sql));
    if (it != statements_.end()) {
      stmt = it->second;
    } else {
      int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                  SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return std::unexpected(SqliteError(db_, rc, Abbreviate(sql)));
      statements_.emplace(std::string(sql), stmt);
    }
    sqlite3_clear_bindings(stmt);
    for (size_t i = 0; i < params.size(); ++i) {
      int index = static_cast<int>(i + 1);
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) return sqlite3_bind_null(stmt, index);
            if constexpr (std::is_same_v<T, int64_t>) return sqlite3_bind_int64(stmt, index, v);
            if constexpr (std::is_same_v<T, double>) return sqlite3_bind_double(stmt, index, v);
            if constexpr (std::is_same_v<T, std::string>) {
              return sqlite3_bind_text64(stmt, index, v.data(), v.size(), SQLITE_TRANSIENT,
                                         SQLITE_UTF8);
            }
          },
          params[i]);
      if (rc != SQLITE_OK) return std::unexpected(SqliteError(db_, rc, Abbreviate(sql)));
    }
    return stmt;
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
  bool sync_failed_ = false;
  int wal_frames_ = 0;
};

SqliteDatabase::SqliteDatabase(std::string path) : path_(std::move(path)) {}
SqliteDatabase::~SqliteDatabase() = default;

Result<std::unique_ptr<SqliteConnection>> SqliteDatabase::Connect(bool writer) const {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path_.c_str(), &db, flags, nullptr);
  if (rc == SQLITE_OK) sqlite3_extended_result_codes(db, 1);
  if (rc != SQLITE_OK) {
    Error error = SqliteError(db, rc, fmt::format("cannot open database \"{}\"", path_));
    error.code = ErrorCode::kUnavailable;
    sqlite3_close_v2(db);
    return std::unexpected(error);
  }
  auto connection = std::make_unique<SqliteConnection>(db);
  // busy_timeout covers checkpoints and other processes; within this process there is one writer.
  std::string pragmas =
      "PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;";
  // The writer keeps up to 64 MiB of pages, so a large import is not spilled to the log page by
  // page before it commits.
  if (writer) pragmas += " PRAGMA journal_mode=WAL; PRAGMA cache_size=-65536;";
  NQ_RETURN_IF_ERROR(connection->ExecScript(pragmas));
  if (writer) connection->WatchLog();
  return connection;
}

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path) {
  std::unique_ptr<SqliteDatabase> database(new SqliteDatabase(path));
  NQ_TRY(database->writer_, database->Connect(/*writer=*/true));
  NQ_RETURN_IF_ERROR(ApplyMigrations(*database));
  return database;
}

Status SqliteDatabase::WriteTx(const std::function<Status(Transaction&)>& fn) {
  std::lock_guard lock(write_mutex_);
  if (writer_->sync_failed()) return RefuseAfterSyncFailure();
  Status status = [&]() -> Status {
    NQ_RETURN_IF_ERROR(writer_->ExecScript("BEGIN IMMEDIATE"));
    Status done = fn(*writer_);
    if (!done) {
      (void)writer_->ExecScript("ROLLBACK");
      return done;
    }
    Status commit = writer_->ExecScript("COMMIT");
    if (!commit) {
      (void)writer_->ExecScript("ROLLBACK");
      if (commit.error().code == ErrorCode::kInternal)
        commit.error().code = ErrorCode::kUnavailable;
      return commit;
    }
    // Committed and durable: a failed checkpoint does not undo it.
    (void)writer_->Checkpoint();
    return Ok();
  }();
  if (status || !writer_->sync_failed()) return status;
  // A failed sync: whether the write reached the disk is unknown, and retrying the sync could
  // report success for pages the kernel dropped. Refuse every write until a restart.
  return RefuseAfterSyncFailure();
}

Status SqliteDatabase::RefuseAfterSyncFailure() const {
  return MakeError(ErrorCode::kUnavailable,
                   "the store failed to sync its file to disk; whether the last write was kept "
                   "is unknown, and writes are refused until the server is restarted");
}

std::unique_ptr<SqliteConnection> SqliteDatabase::TakeReader() {
  std::lock_guard lock(readers_mutex_);
  if (readers_.empty()) return nullptr;
  auto connection = std::move(readers_.back());
  readers_.pop_back();
  return connection;
}

void SqliteDatabase::ReturnReader(std::unique_ptr<SqliteConnection> connection) {
  std::lock_guard lock(readers_mutex_);
  if (readers_.size() < 16) readers_.push_back(std::move(connection));
}

Status SqliteDatabase::ReadTx(const std::function<Status(Transaction&)>& fn) {
  auto reader = TakeReader();
  if (!reader) {
    NQ_TRY(reader, Connect(/*writer=*/false));
  }
  NQ_RETURN_IF_ERROR(reader->ExecScript("BEGIN"));
  Status status = fn(*reader);
  (void)reader->ExecScript(status ? "COMMIT" : "ROLLBACK");
  ReturnReader(std::move(reader));
  return status;
}

}  // namespace nq::storage
