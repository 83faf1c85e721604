#include "storage/postgres_database.h"

#include <libpq-fe.h>

#include <chrono>
#include <random>
#include <thread>
#include <unordered_map>

#include "storage/migrations.h"

namespace nq::storage {
namespace {

// Type OIDs of pg_type (stable across versions; catalog/pg_type_d.h is not in libpq-dev).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

// Serialises schema changes of several processes starting at once (pg_advisory_lock key).
constexpr int64_t kMigrationLockKey = 0x6e71747261636b;  // "nqtrack"

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

bool IsRetryable(std::string_view sqlstate) { return sqlstate == "40001" || sqlstate == "40P01"; }

ErrorCode CodeForSqlstate(std::string_view sqlstate) {
  if (sqlstate == "23505") return ErrorCode::kAlreadyExists;
  if (sqlstate.starts_with("23")) return ErrorCode::kFailedPrecondition;
  // RAISE EXCEPTION in a trigger (the append-only audit): a refused change, as in SQLite.
  if (sqlstate == "P0001") return ErrorCode::kFailedPrecondition;
  if (IsRetryable(sqlstate)) return ErrorCode::kAborted;
  // Connection, resources (disk full, too many connections), operator intervention, and the
  // server's own system errors (58030 io_error: it failed to read or write its files).
  if (sqlstate.starts_with("08") || sqlstate.starts_with("53") || sqlstate.starts_with("57") ||
      sqlstate.starts_with("58")) {
    return ErrorCode::kUnavailable;
  }
  return ErrorCode::kInternal;
}

// "a = ? AND b = '?'" → "a = $1 AND b = '?'": placeholders outside literals, identifiers and
// comments are numbered.
std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      size_t end = i + 1;
      while (end < sql.size() && sql[end] != c) ++end;  // '' and "" re-enter on the next round
      out.append(sql.substr(i, end - i + 1));
      i = end;
      continue;
    }
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size();
      out.append(sql.substr(i, end - i));
      i = end - 1;
      continue;
    }
    if (c == '?') {
      out += fmt::format("${}", next++);
      continue;
    }
    out += c;
  }
  return out;
}

SqlValue ReadField(const PGresult* result, int row, int column) {
  if (PQgetisnull(result, row, column)) return std::monostate{};
  const char* text = PQgetvalue(result, row, column);
  switch (PQftype(result, column)) {
    case kInt8Oid:
    case kInt4Oid:
    case kInt2Oid:
    case kOidOid:
      return static_cast<int64_t>(std::strtoll(text, nullptr, 10));
    case kFloat4Oid:
    case kFloat8Oid:
      return std::strtod(text, nullptr);
    case kBoolOid:
      return static_cast<int64_t>(text[0] == 't' ? 1 : 0);
    case kNumericOid: {
      // SUM(bigint) is numeric; SQLite answers an integer there, so keep integers integral.
      std::string_view view(text);
      if (view.find_first_of(".eEN") == std::string_view::npos) {
        return static_cast<int64_t>(std::strtoll(text, nullptr, 10));
      }
      return std::strtod(text, nullptr);
    }
    default:
      return std::string(text, static_cast<size_t>(PQgetlength(result, row, column)));
  }
}

// UTF-8 both ways; server notices ("relation already exists, skipping") are not for users.
void Configure(PGconn* connection) {
  PQsetClientEncoding(connection, "UTF8");
  PQsetNoticeProcessor(
      connection, [](void*, const char*) {}, nullptr);
}

std::string Abbreviate(std::string_view sql) { return std::string(sql.substr(0, 60)); }

std::string RandomOrigin() {
  std::random_device device;
  std::uniform_int_distribution<uint64_t> bits;
  return fmt::format("{:016x}", bits(device));
}

}  // namespace

// One libpq connection with its prepared statements. Used by one thread at a time.
class PostgresConnection final : public Transaction {
 public:
  explicit PostgresConnection(PGconn* connection) : connection_(connection) {}
  std::string_view dialect() const override { return "postgres"; }
  ~PostgresConnection() override { PQfinish(connection_); }

  static Result<std::unique_ptr<PostgresConnection>> Connect(const std::string& conninfo) {
    PGconn* raw = PQconnectdb(conninfo.c_str());
    auto connection = std::make_unique<PostgresConnection>(raw);
    if (!raw || PQstatus(raw) != CONNECTION_OK) {
      std::string message = raw ? PQerrorMessage(raw) : "out of memory";
      while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
        message.pop_back();
      }
      return MakeError(ErrorCode::kUnavailable, "cannot connect to postgresql: {}", message);
    }
    Configure(raw);
    return connection;
  }

  Result<int64_t> Exec(std::string_view sql, const SqlParams& params) override {
    NQ_TRY(ResultPtr result, Run(sql, params));
    const char* tuples = PQcmdTuples(result.get());
    return static_cast<int64_t>(std::strtoll(tuples, nullptr, 10));
  }

  Result<std::vector<Row>> Query(std::string_view sql, const SqlParams& params) override {
    NQ_TRY(ResultPtr result, Run(sql, params));
    int rows = PQntuples(result.get());
    int columns = PQnfields(result.get());
    std::vector<Row> out;
    out.reserve(static_cast<size_t>(rows));
    for (int row = 0; row < rows; ++row) {
      std::vector<SqlValue> values;
      values.reserve(static_cast<size_t>(columns));
      for (int column = 0; column < columns; ++column) {
        values.push_back(ReadField(result.get(), row, column));
      }
      out.emplace_back(std::move(values));
    }
    return out;
  }

  Status ExecScript(std::string_view sql) override {
    std::string script(sql);
    ResultPtr result(PQexec(connection_, script.c_str()));
    return Check(result.get(), Abbreviate(sql));
  }

  Status AfterInsertsKeepingIds() override { return PostgresDatabase::ResetSequences(*this); }

  // COPY … FROM STDIN in text format: tab-separated fields, \N for NULL, and backslash, tab,
  // newline and carriage return escaped in text. Sent in chunks of about 64 KiB.
  Status CopyRows(std::string_view table, std::string_view columns,
                  const std::vector<SqlParams>& rows) override {
    if (rows.empty()) return Ok();
    std::string sql = fmt::format("COPY {} ({}) FROM STDIN", table, columns);
    last_sqlstate_.clear();
    ResultPtr start(PQexec(connection_, sql.c_str()));
    if (PQresultStatus(start.get()) != PGRES_COPY_IN) return Check(start.get(), sql);
    std::string buffer;
    bool sent = true;
    auto flush = [&] {
      if (!buffer.empty() && sent) {
        sent = PQputCopyData(connection_, buffer.data(), static_cast<int>(buffer.size())) == 1;
      }
      buffer.clear();
    };
    for (const SqlParams& row : rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        if (i > 0) buffer += '\t';
        const SqlValue& value = row[i];
        if (std::holds_alternative<std::monostate>(value)) {
          buffer += "\\N";
        } else if (auto* integer = std::get_if<int64_t>(&value)) {
          buffer += std::to_string(*integer);
        } else if (auto* real = std::get_if<double>(&value)) {
          buffer += fmt::format("{}", *real);
        } else {
          for (char c : std::get<std::string>(value)) {
            switch (c) {
              case '\\':
                buffer += "\\\\";
                break;
              case '\t':
                buffer += "\\t";
                break;
              case '\n':
                buffer += "\\n";
                break;
              case '\r':
                buffer += "\\r";
                break;
              default:
                buffer += c;
            }
          }
        }
      }
      buffer += '\n';
      if (buffer.size() >= 64 * 1024) flush();
    }
    flush();
    PQputCopyEnd(connection_, sent ? nullptr : "nqtrack: sending COPY data failed");
    Status status = Ok();
    bool first = true;
    while (PGresult* raw = PQgetResult(connection_)) {
      ResultPtr result(raw);
      if (first) status = Check(result.get(), sql);
      first = false;
    }
    if (first) status = Check(nullptr, sql);
    return status;
  }

  // Starts a transaction with `command`; a connection that went away while idle in the pool
  // (server restart) is re-established once first, since nothing was sent yet.
  Status Begin(const char* command) {
    last_sqlstate_.clear();
    if (PQstatus(connection_) != CONNECTION_OK) Reset();
    ResultPtr result(PQexec(connection_, command));
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK &&
        PQstatus(connection_) != CONNECTION_OK) {
      Reset();
      result.reset(PQexec(connection_, command));
    }
    return Check(result.get(), command);
  }

  // Runs COMMIT or ROLLBACK.
  Status Finish(const char* command) {
    ResultPtr result(PQexec(connection_, command));
    return Check(result.get(), command);
  }

  bool Connected() const { return PQstatus(connection_) == CONNECTION_OK; }
  // Reusable: connected and outside any transaction.
  bool Reusable() const { return Connected() && PQtransactionStatus(connection_) == PQTRANS_IDLE; }
  const std::string& last_sqlstate() const { return last_sqlstate_; }

 private:
  void Reset() {
    PQreset(connection_);
    Configure(connection_);
    statements_.clear();  // prepared statements live in the server session that is gone
  }

  Status Check(const PGresult* result, std::string_view what) {
    ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Ok();
    const char* sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    last_sqlstate_ = sqlstate ? sqlstate : "";
    ErrorCode code = CodeForSqlstate(last_sqlstate_);
    if (PQstatus(connection_) != CONNECTION_OK) code = ErrorCode::kUnavailable;
    // The disk under the database is full (a table or index could not grow): said as SQLite's
    // store says it, without the server's file names.
    if (last_sqlstate_ == "53100" && PQstatus(connection_) == CONNECTION_OK) {
      return std::unexpected(
          Error{ErrorCode::kStorageFull,
                fmt::format("the store's disk is full ({}); nothing was written", what),
                {}});
    }
    // Its files failed it (an I/O error): said as SQLite's store says it, without the server's
    // file names. A statement that fails this way is rolled back.
    if (last_sqlstate_.starts_with("58") && PQstatus(connection_) == CONNECTION_OK) {
      return std::unexpected(Error{
          code,
          fmt::format("the database failed to read or write its files ({}); nothing was written",
                      what),
          {}});
    }
    std::string message = primary ? primary : PQerrorMessage(connection_);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return std::unexpected(Error{code, fmt::format("{}: {}", what, message), {}});
  }

  // Parameter types: integers and reals typed, so that `? IS NULL`-like contexts resolve;
  // text and NULL left for the server to infer from the column.
  static Oid TypeOf(const SqlValue& value) {
    if (std::holds_alternative<int64_t>(value)) return kInt8Oid;
    if (std::holds_alternative<double>(value)) return kFloat8Oid;
    return 0;
  }

  Result<ResultPtr> Run(std::string_view sql, const SqlParams& params) {
    std::vector<Oid> types;
    std::string key(sql);
    key += '\0';
    for (const SqlValue& value : params) {
      types.push_back(TypeOf(value));
      key += static_cast<char>('0' + value.index());
    }
    auto it = statements_.find(key);
    if (it == statements_.end()) {
      std::string name = fmt::format("nq{}", statements_.size() + 1);
      std::string numbered = NumberPlaceholders(sql);
      ResultPtr prepared(PQprepare(connection_, name.c_str(), numbered.c_str(),
                                   static_cast<int>(types.size()), types.data()));
      NQ_RETURN_IF_ERROR(Check(prepared.get(), Abbreviate(sql)));
      it = statements_.emplace(std::move(key), std::move(name)).first;
    }
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const SqlValue& value = params[i];
      if (auto* integer = std::get_if<int64_t>(&value)) texts[i] = std::to_string(*integer);
      if (auto* real = std::get_if<double>(&value)) texts[i] = fmt::format("{}", *real);
      if (auto* text = std::get_if<std::string>(&value)) texts[i] = *text;
      if (!std::holds_alternative<std::monostate>(value)) values[i] = texts[i].c_str();
    }
    ResultPtr result(PQexecPrepared(connection_, it->second.c_str(),
                                    static_cast<int>(values.size()), values.data(), nullptr,
                                    nullptr, 0));
    NQ_RETURN_IF_ERROR(Check(result.get(), Abbreviate(sql)));
    return result;
  }

  PGconn* connection_;
  std::unordered_map<std::string, std::string> statements_;  // sql + types → statement name
  std::string last_sqlstate_;
};

bool PostgresDatabase::IsConnectionUri(std::string_view text) {
  return text.starts_with("postgresql://") || text.starts_with("postgres://");
}

PostgresDatabase::PostgresDatabase(std::string conninfo, Options options)
    : conninfo_(std::move(conninfo)), options_(options), origin_(RandomOrigin()) {}

PostgresDatabase::~PostgresDatabase() = default;

Result<std::unique_ptr<PostgresDatabase>> PostgresDatabase::Open(const std::string& conninfo,
                                                                 Options options) {
  if (options.pool_size < 2) options.pool_size = 2;  // a read may run inside a write
  if (options.write_attempts < 1) options.write_attempts = 1;
  std::unique_ptr<PostgresDatabase> database(new PostgresDatabase(conninfo, options));
  // Several processes may start at once: one migrates, the others wait and find it done.
  NQ_TRY(auto lock, PostgresConnection::Connect(conninfo));
  NQ_RETURN_IF_ERROR(
      lock->ExecScript(fmt::format("SELECT pg_advisory_lock({})", kMigrationLockKey)));
  Status migrated = ApplyMigrations(*database);
  (void)lock->ExecScript(fmt::format("SELECT pg_advisory_unlock({})", kMigrationLockKey));
  NQ_RETURN_IF_ERROR(migrated);
  return database;
}

Result<std::unique_ptr<PostgresConnection>> PostgresDatabase::Acquire() {
  std::unique_lock lock(pool_mutex_);
  pool_cv_.wait(lock, [&] { return !idle_.empty() || open_ < options_.pool_size; });
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  ++open_;
  lock.unlock();
  auto connection = PostgresConnection::Connect(conninfo_);
  if (!connection) {
    lock.lock();
    --open_;
    pool_cv_.notify_one();
  }
  return connection;
}

void PostgresDatabase::Release(std::unique_ptr<PostgresConnection> connection) {
  std::lock_guard lock(pool_mutex_);
  if (connection->Reusable()) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;  // closed when `connection` goes out of scope
  }
  pool_cv_.notify_one();
}

Status PostgresDatabase::WriteOnce(PostgresConnection& connection,
                                   const std::function<Status(Transaction&)>& fn) {
  NQ_RETURN_IF_ERROR(connection.Begin("BEGIN ISOLATION LEVEL SERIALIZABLE"));
  Status status = fn(connection);
  if (status) {
    // Announced inside the transaction: delivered to listeners only if the commit happens.
    auto notified = connection.Query(
        "SELECT pg_notify('nqtrack_changes', ?::text || ' ' || nextval('nqtrack_change_seq'))",
        {origin_});
    if (!notified) status = std::unexpected(std::move(notified).error());
  }
  if (!status) {
    (void)connection.Finish("ROLLBACK");
    return status;
  }
  Status commit = connection.Finish("COMMIT");
  if (!commit && !IsRetryable(connection.last_sqlstate())) {
    // The connection lost during the COMMIT (the server stopped, or PANICked on its log): the
    // commit may have happened, and the answer says so.
    if (!connection.Connected()) {
      commit.error().message = fmt::format(
          "the connection to the database was lost during the commit ({}); whether the last "
          "write was kept is unknown",
          commit.error().message);
    }
    (void)connection.Finish("ROLLBACK");
    commit.error().code = ErrorCode::kUnavailable;
  }
  return commit;
}

Status PostgresDatabase::WriteTx(const std::function<Status(Transaction&)>& fn) {
  std::lock_guard lock(write_mutex_);
  std::minstd_rand jitter(static_cast<uint32_t>(std::random_device{}()));
  for (int attempt = 1;; ++attempt) {
    NQ_TRY(auto connection, Acquire());
    Status status = WriteOnce(*connection, fn);
    std::string sqlstate = connection->last_sqlstate();
    Release(std::move(connection));
    if (status || !IsRetryable(sqlstate)) return status;
    if (attempt >= options_.write_attempts) {
      status.error().code = ErrorCode::kAborted;
      status.error().message =
          fmt::format("write gave up after {} attempts: {}", attempt, status.error().message);
      return status;
    }
    // Another process won the race; back off a little, more each time, then run fn again.
    std::this_thread::sleep_for(std::chrono::milliseconds(jitter() % (attempt * 10)));
  }
}

Status PostgresDatabase::ReadTx(const std::function<Status(Transaction&)>& fn) {
  NQ_TRY(auto connection, Acquire());
  Status begun = connection->Begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  if (!begun) {
    Release(std::move(connection));
    return begun;
  }
  Status status = fn(*connection);
  (void)connection->Finish(status ? "COMMIT" : "ROLLBACK");
  Release(std::move(connection));
  return status;
}

Status PostgresDatabase::ResetSequences(Transaction& tx) {
  NQ_TRY(auto tables, tx.Query("SELECT table_name FROM information_schema.columns WHERE "
                               "table_schema = current_schema() AND column_name = 'id' AND "
                               "is_identity = 'YES' ORDER BY table_name"));
  for (const Row& table : tables) {
    std::string name = table.Text(0);
    NQ_RETURN_IF_ERROR(
        tx.Query(fmt::format("SELECT setval(pg_get_serial_sequence('{0}', 'id'), "
                             "COALESCE((SELECT MAX(id) FROM {0}), 0) + 1, false)",
                             name)));
  }
  return Ok();
}

}  // namespace nq::storage
