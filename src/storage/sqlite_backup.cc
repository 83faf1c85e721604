#include "storage/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

namespace nq::storage {
namespace {

namespace fs = std::filesystem;

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Handle = std::unique_ptr<sqlite3, Closer>;

Result<Handle> OpenFile(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  Handle handle(db);
  if (rc != SQLITE_OK) {
    return MakeError(ErrorCode::kUnavailable, "cannot open \"{}\": {}", path,
                     db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  }
  sqlite3_busy_timeout(db, 10'000);
  return handle;
}

Status Exec(sqlite3* db, const char* sql, const std::string& path) {
  char* message = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  std::string text = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  if (rc != SQLITE_OK) return MakeError(ErrorCode::kUnavailable, "\"{}\": {}", path, text);
  return Ok();
}

// fsync of a file or a folder, so a rename that follows is durable.
Status Sync(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return MakeError(ErrorCode::kUnavailable, "cannot open \"{}\" to sync", path.string());
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return MakeError(ErrorCode::kUnavailable, "cannot sync \"{}\"", path.string());
  return Ok();
}

// Copies `from` into the new file `to` through `to`.partial, verified, synced, renamed.
Status CopyWhole(sqlite3* from, const std::string& from_name, const std::string& to) {
  fs::path partial = to + ".partial";
  std::error_code ignored;
  fs::remove(partial, ignored);
  {
    NQ_TRY(Handle copy, OpenFile(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    sqlite3_backup* backup = sqlite3_backup_init(copy.get(), "main", from, "main");
    if (!backup) {
      return MakeError(ErrorCode::kUnavailable, "cannot copy \"{}\": {}", from_name,
                       sqlite3_errmsg(copy.get()));
    }
    // One step copies every page within one read transaction on the source: one instant.
    int rc = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
      fs::remove(partial, ignored);
      return MakeError(ErrorCode::kUnavailable, "copying \"{}\" stopped: {}", from_name,
                       sqlite3_errstr(rc));
    }
    // A standalone file: its journal folded in, no -wal beside it.
    NQ_RETURN_IF_ERROR(Exec(copy.get(), "PRAGMA journal_mode=DELETE", partial.string()));
  }
  if (auto verified = VerifySqliteFile(partial.string()); !verified) {
    fs::remove(partial, ignored);
    return verified;
  }
  NQ_RETURN_IF_ERROR(Sync(partial));
  std::error_code renamed;
  fs::rename(partial, to, renamed);
  if (renamed) {
    return MakeError(ErrorCode::kUnavailable, "cannot move the copy to \"{}\": {}", to,
                     renamed.message());
  }
  fs::path folder = fs::absolute(fs::path(to)).parent_path();
  return Sync(folder);
}

}  // namespace

Status VerifySqliteFile(const std::string& path) {
  NQ_TRY(Handle db, OpenFile(path, SQLITE_OPEN_READONLY));
  for (const char* check : {"PRAGMA integrity_check", "PRAGMA foreign_key_check"}) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db.get(), check, -1, &stmt, nullptr) != SQLITE_OK) {
      return MakeError(ErrorCode::kFailedPrecondition, "\"{}\" is not an nqtrack store: {}", path,
                       sqlite3_errmsg(db.get()));
    }
    std::string problem;
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
      for (int column = 0; column < sqlite3_column_count(stmt); ++column) {
        const unsigned char* text = sqlite3_column_text(stmt, column);
        if (!problem.empty()) problem += " ";
        problem += text ? reinterpret_cast<const char*>(text) : "NULL";
      }
    } else if (rc != SQLITE_DONE) {
      problem = sqlite3_errmsg(db.get());
    }
    sqlite3_finalize(stmt);
    // integrity_check answers one row "ok" when all is well; foreign_key_check answers none.
    if (!problem.empty() && problem != "ok") {
      return MakeError(ErrorCode::kFailedPrecondition, "\"{}\" fails {}: {}", path, check, problem);
    }
  }
  return Ok();
}

Status BackupSqlite(const std::string& path, const std::string& out) {
  if (!fs::exists(path)) return MakeError(ErrorCode::kNotFound, "no store at \"{}\"", path);
  if (fs::exists(out)) {
    return MakeError(ErrorCode::kAlreadyExists,
                     "\"{}\" already exists; a backup never writes over a file", out);
  }
  NQ_TRY(Handle source, OpenFile(path, SQLITE_OPEN_READONLY));
  return CopyWhole(source.get(), path, out);
}

Status RestoreSqlite(const std::string& from, const std::string& path) {
  if (!fs::exists(from)) return MakeError(ErrorCode::kNotFound, "no backup at \"{}\"", from);
  if (fs::exists(path)) {
    return MakeError(ErrorCode::kAlreadyExists,
                     "\"{}\" already exists; stop the server and move the old store (with its "
                     "-wal and -shm files) away first",
                     path);
  }
  NQ_RETURN_IF_ERROR(VerifySqliteFile(from));
  NQ_TRY(Handle source, OpenFile(from, SQLITE_OPEN_READONLY));
  return CopyWhole(source.get(), from, path);
}

}  // namespace nq::storage
