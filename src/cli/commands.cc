#include "cli/commands.h"

#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "api/app.h"
#include "app/bundle/bundle.h"
#include "app/bundle/migrate.h"
#include "app/change_feed.h"
#include "app/check.h"
#include "app/due_notices.h"
#include "app/engine_loader.h"
#include "app/exchange/dhis2.h"
#include "app/exchange/evidence_import.h"
#include "app/exchange/units_import.h"
#include "app/exchange/values_csv.h"
#include "app/exchange/xlsx_import.h"
#include "app/mailer.h"
#include "app/reorg/reorg.h"
#include "app/reports/exports.h"
#include "app/reports/report_json.h"
#include "app/reports/report_writer.h"
#include "app/setup.h"
#include "cli/stack.h"
#include "cli/systemd.h"
#include "cli/units_command.h"
#include "common/log.h"
#include "demo/demo.h"
#include "engine/structure.h"
#include "formats/docx_writer.h"
#include "formats/json_reader.h"
#include "formats/xlsx_writer.h"
#include "http/http_server.h"
#include "metrics/nqtrack.h"
#include "storage/auth_store.h"
#include "storage/postgres_database.h"
#include "storage/restore.h"
#include "storage/sqlite_backup.h"
#include "storage/sqlite_database.h"
#include "storage/store.h"

namespace nq::cli {
namespace {

Result<http::HttpServer::Options> ParseListen(const std::string& listen, int threads) {
  http::HttpServer::Options options;
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "listen address \"{}\" must be host:port, such as 127.0.0.1:8080", listen);
  }
  options.address = listen.substr(0, colon);
  int port = 0;
  try {
    size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1) port = -1;
  } catch (...) {
    port = -1;
  }
  if (port < 0 || port > 65535) {
    return MakeError(ErrorCode::kInvalidArgument, "listen port in \"{}\" must be 0–65535", listen);
  }
  options.port = static_cast<uint16_t>(port);
  options.threads = threads;
  // As many threads to accept, read and write as to handle: a thousand slow connections keep
  // the I/O threads busy, and on a loaded machine more threads get more of its time.
  options.io_threads = threads;
  return options;
}

}  // namespace

int Serve(const Options& options) {
  if (!options.log_format.empty()) {
    auto format = log::ParseFormat(options.log_format);
    if (!format) return Fail(format.error());
    log::SetFormat(*format);
  }
  auto listen = ParseListen(options.listen, options.threads);
  if (!listen) return Fail(listen.error());
  std::optional<http::HttpServer::Options> metrics_listen;
  if (!options.metrics_listen.empty()) {
    auto parsed = ParseListen(options.metrics_listen, 1);
    if (!parsed) return Fail(parsed.error());
    metrics_listen = *parsed;
  }
  // A large store takes a while to load: say how far it is, a line per batch, on stderr.
  const auto started = std::chrono::steady_clock::now();
  auto stack = OpenStack(options.db, [](std::string_view phase, size_t done, size_t total) {
    log::Info("engine_loading", {{"phase", phase},
                                 {"done", done},
                                 {"total", total > 0 ? log::Value(total) : log::Value(nullptr)}});
  });
  if (!stack) return Fail(stack.error());
  metrics::App().EnginePublished();
  log::Info("engine_loaded",
            {{"values", (*stack)->engine->ValueCount()},
             {"assignments", (*stack)->engine->AssignmentCount()},
             {"megabytes", static_cast<double>((*stack)->engine->ValueBytes()) / 1e6},
             {"seconds",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()}});
  // Several processes on one PostgreSQL database: follow the others' writes.
  std::unique_ptr<app::ChangeFeed> feed;
  if (storage::PostgresDatabase* postgres = (*stack)->postgres) {
    feed = std::make_unique<app::ChangeFeed>(
        *(*stack)->service,
        app::ChangeFeed::Options{postgres->conninfo(), std::string(postgres->origin())});
  }
  // Notices by e-mail, on a thread of their own, when a relay is given.
  std::unique_ptr<app::Mailer> mailer;
  if (!options.smtp.empty()) {
    app::MailerOptions mail;
    if (Status parsed = app::ParseSmtpRelay(options.smtp, mail); !parsed) {
      return Fail(parsed.error());
    }
    mail.from = options.smtp_from.empty() ? "nqtrack@localhost" : options.smtp_from;
    mailer = std::make_unique<app::Mailer>(*(*stack)->service, mail);
  }
  api::AppOptions app_options{options.web_root, options.secure_cookies, options.metrics_token};
  if (mailer) {
    app_options.notify = [&mailer](const domain::Notice& notice) { mailer->Enqueue(notice); };
  }
  // Due-date notices, made periodically on a thread of their own (and e-mailed when a relay
  // is given).
  std::unique_ptr<app::DueNoticeSchedule> due_notices;
  if (options.notices_every > 0) {
    due_notices = std::make_unique<app::DueNoticeSchedule>(
        *(*stack)->service, std::chrono::seconds(options.notices_every), app_options.notify);
  }
  api::App app(*(*stack)->service, *(*stack)->auth, std::move(app_options));
  listen->max_connections_per_address = options.connections_per_address;
  listen->max_body_bytes_per_address = options.body_mib_per_address << 20;
  listen->slow = api::App::HashesPassword;
  listen->slow_threads = (*stack)->auth->options().max_concurrent_hashes;
  listen->at_once = [&app](const http::HttpRequest& request) { return app.HandleAtOnce(request); };
  auto server = http::HttpServer::Start(
      *listen, [&app](const http::HttpRequest& request) { return app.Handle(request); });
  if (!server) return Fail(server.error());
  std::unique_ptr<http::HttpServer> metrics_server;
  if (metrics_listen) {
    auto started_metrics = http::HttpServer::Start(
        *metrics_listen,
        [&app](const http::HttpRequest& request) { return app.HandleMetricsPort(request); });
    if (!started_metrics) return Fail(started_metrics.error());
    metrics_server = std::move(*started_metrics);
  }
  std::string serving = fmt::format("serving {} on http://{}:{}", Redacted(options.db),
                                    listen->address, (*server)->port());
  fmt::print("nqtrack: {}\n", serving);
  if (metrics_server) {
    fmt::print("nqtrack: metrics on http://{}:{}/metrics\n", metrics_listen->address,
               metrics_server->port());
  }
  std::fflush(stdout);
  log::Info("server_start",
            {{"store", Redacted(options.db)},
             {"address", listen->address},
             {"port", (*server)->port()},
             {"metrics_port", metrics_server ? log::Value(metrics_server->port()) : nullptr},
             {"metrics_on_main_port", !options.metrics_token.empty()},
             {"threads", listen->threads}});
  NotifyReady(serving);
  (*server)->RunUntilSignal();
  NotifyStopping();
  if (metrics_server) metrics_server->Stop();
  log::Info("server_stop");
  fmt::print("nqtrack: stopped\n");
  return 0;
}

// The password from `variable`, or a new random one that is printed once.
std::string PasswordFromEnvironment(const char* variable, bool& generated) {
  const char* given = std::getenv(variable);
  generated = !given || !*given;
  return generated ? app::RandomToken(9) : std::string(given);
}

int Init(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  bool generated = false;
  std::string password = PasswordFromEnvironment("NQ_ADMIN_PASSWORD", generated);
  auto created =
      app::CreateFirstAdministrator(*(*stack)->service, *(*stack)->auth, options.login, password);
  if (!created) return Fail(created.error());
  fmt::print("nqtrack: database {} is ready; administrator \"{}\"", Redacted(options.db),
             options.login);
  if (generated) {
    fmt::print(" has password {} (shown once; change it with nqtrack user passwd)", password);
  }
  fmt::print("\n");
  return 0;
}

namespace {

Result<domain::Id> FindUserId(storage::Database& database, const std::string& login) {
  return database.Read([&](storage::Transaction& tx) -> Result<domain::Id> {
    NQ_TRY(auto user, storage::FindUserByLogin(tx, login));
    if (!user) return MakeError(ErrorCode::kNotFound, "user \"{}\" not found", login);
    return user->id;
  });
}

int RunAdmin(Stack& stack, const std::function<Status(app::WriteScope&)>& fn) {
  app::Actor actor{"cli", "", ""};
  auto done = stack.service->Mutate(actor, "", [&](app::WriteScope& scope) -> Result<app::Reply> {
    NQ_RETURN_IF_ERROR(fn(scope));
    return app::Reply{};
  });
  if (!done) return Fail(done.error());
  return 0;
}

}  // namespace

int UserAdd(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  bool generated = false;
  std::string password = PasswordFromEnvironment("NQ_PASSWORD", generated);
  int rc = RunAdmin(**stack, [&](app::WriteScope& scope) -> Status {
    NQ_RETURN_IF_ERROR((*stack)->auth->AddUser(scope, options.login, options.name, password));
    return Ok();
  });
  if (rc == 0) {
    fmt::print("nqtrack: user \"{}\" added{}\n", options.login,
               generated ? fmt::format(" with password {} (shown once)", password) : "");
  }
  return rc;
}

int UserPassword(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  auto user = FindUserId(*(*stack)->database, options.login);
  if (!user) return Fail(user.error());
  bool generated = false;
  std::string password = PasswordFromEnvironment("NQ_PASSWORD", generated);
  int rc = RunAdmin(**stack, [&](app::WriteScope& scope) {
    return (*stack)->auth->SetPassword(scope, *user, password);
  });
  if (rc == 0) {
    fmt::print("nqtrack: password of \"{}\" changed{}; their sessions ended\n", options.login,
               generated ? fmt::format(" to {} (shown once)", password) : "");
  }
  return rc;
}

int UserGrant(const Options& options, bool grant) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  auto user = FindUserId(*(*stack)->database, options.login);
  if (!user) return Fail(user.error());
  auto unit = FindUnitId(*(*stack)->database, options.unit);
  if (!unit) return Fail(unit.error());
  auto role = domain::ParseRole(options.role);
  if (!role) return Fail(role.error());
  int rc = RunAdmin(**stack, [&](app::WriteScope& scope) -> Status {
    if (!grant) return (*stack)->auth->RemoveGrant(scope, *user, *role, *unit);
    NQ_RETURN_IF_ERROR(
        (*stack)->auth->AddGrant(scope, {0, *user, *role, *unit, !options.unit_only}));
    return Ok();
  });
  if (rc == 0) {
    fmt::print("nqtrack: {} {} role {} over {}\n", grant ? "granted" : "revoked", options.login,
               options.role, options.unit);
  }
  return rc;
}

int UserList(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  auto listed = (*stack)->database->Read([&](storage::Transaction& tx) -> Status {
    NQ_TRY(auto users, storage::List<domain::User>(tx));
    NQ_TRY(auto grants, storage::List<domain::Grant>(tx));
    for (const domain::User& user : users) {
      std::string roles;
      for (const domain::Grant& g : grants) {
        if (g.user_id != user.id) continue;
        NQ_TRY(domain::Unit unit, storage::Get<domain::Unit>(tx, g.unit_id));
        roles += fmt::format("{}{}@{}{}", roles.empty() ? "" : ", ", domain::RoleName(g.role),
                             unit.code, g.subtree ? "" : " (unit only)");
      }
      fmt::print("{:<24} {:<40} {}{}\n", user.login, user.name, roles.empty() ? "(no role)" : roles,
                 user.disabled ? " [disabled]" : "");
    }
    return Ok();
  });
  if (!listed) return Fail(listed.error());
  return 0;
}

int UserToken(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  auto user = FindUserId(*(*stack)->database, options.login);
  if (!user) return Fail(user.error());
  std::string token;
  int rc = RunAdmin(**stack, [&](app::WriteScope& scope) -> Status {
    NQ_TRY(token, (*stack)->auth->CreateApiToken(scope, *user, options.name));
    return Ok();
  });
  if (rc == 0) fmt::print("{}\n", token);
  return rc;
}

int ApplyReorganisationBatch(const std::string& db, const std::string& batch_json, bool dry_run) {
  auto body = formats::ParseJsonBody(batch_json);
  if (!body) return Fail(body.error());
  auto operations = app::DecodeReorganisation(*body);
  if (!operations) return Fail(operations.error());
  auto stack = OpenStack(db);
  if (!stack) return Fail(stack.error());
  app::Actor actor;
  actor.name = "cli";
  auto run = [&](app::WriteScope& scope) -> Result<app::Reply> {
    NQ_TRY(app::ReorgResult result, app::ApplyReorganisation(scope, *operations, nullptr));
    return app::Reply{dry_run ? 200 : 201, app::ReorgResultJson(result, dry_run), false};
  };
  app::Service& service = *(*stack)->service;
  auto reply = dry_run ? service.DryRun(actor, run) : service.Mutate(actor, batch_json, run);
  if (!reply) return Fail(reply.error());
  for (const boost::json::value& change : reply->body.at("changes").as_array()) {
    fmt::print("{}\n", std::string_view(change.at("text").as_string()));
  }
  fmt::print("{}: {} thao tác, {} thay đổi\n", dry_run ? "Chạy thử, không ghi gì" : "Đã áp dụng",
             reply->body.at("operations").to_number<int64_t>(),
             reply->body.at("changes").as_array().size());
  return 0;
}

int Demo(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  if (auto loaded = app::LoadDemo(*(*stack)->service); !loaded) return Fail(loaded.error());
  if (auto users = app::LoadDemoUsers(*(*stack)->service, *(*stack)->auth); !users) {
    return Fail(users.error());
  }
  fmt::print("nqtrack: demo data loaded into {}; demo users have password {}\n",
             Redacted(options.db), app::kDemoPassword);
  return 0;
}

int Notices(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  auto made = app::MakeDueNotices(*(*stack)->service);
  if (!made) return Fail(made.error());
  fmt::print("nqtrack: {} thông báo sắp đến hạn, {} thông báo quá hạn\n", made->due_soon,
             made->overdue);
  return 0;
}

int Export(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  if (options.file != "-") {
    app::ExportSpec spec;
    spec.kind = app::ExportKind::kBundle;
    return ExportWithProgress(*(*stack)->service, spec, options.file);
  }
  auto bundle = app::ExportBundle(*(*stack)->database);
  if (!bundle) return Fail(bundle.error());
  std::cout << boost::json::serialize(*bundle) << '\n';
  return 0;
}

int MigrateStore(const Options& options) {
  if (options.from == options.to) {
    return Fail(Error{ErrorCode::kInvalidArgument, "--from and --to name the same store", {}});
  }
  if (!storage::PostgresDatabase::IsConnectionUri(options.from)) {
    std::string path = options.from.starts_with("sqlite:") ? options.from.substr(7) : options.from;
    if (!std::filesystem::exists(path)) {
      return Fail(
          Error{ErrorCode::kNotFound, fmt::format("--from: there is no store at {}", path), {}});
    }
  }
  // Only rows move: neither store's engine is loaded.
  auto source = OpenStore(options.from);
  if (!source) return Fail(source.error());
  auto target = OpenStore(options.to);
  if (!target) return Fail(target.error());
  fmt::print(stderr, "nqtrack: moving {} into {}\n", Redacted(options.from), Redacted(options.to));
  ProgressBar bar;
  ConsoleControl console(bar);
  app::MigrateOptions migrate;
  migrate.control = console.control();
  // One line per table and every few seconds within a large one, terminal or log file alike.
  auto last = std::chrono::steady_clock::now();
  migrate.control.progress = [&last](std::string_view phase, size_t done, size_t total) {
    auto now = std::chrono::steady_clock::now();
    bool finished = done == total && total > 0;
    if (!finished && now - last < std::chrono::seconds(5)) return;
    last = now;
    fmt::print(stderr, "nqtrack: {}: {}/{} rows\n", phase, done, total);
  };
  auto report = app::MigrateStore(**source, **target, migrate);
  if (!report) {
    fmt::print(stderr, "nqtrack: nothing was written into {}\n", Redacted(options.to));
    return Fail(report.error());
  }
  fmt::print("{:<18} {:>9} {:>9}  {:<16}  {:<16}  {}\n", "table", "source", "target",
             "source checksum", "target checksum", "check");
  for (const app::MigrationCheck& check : report->checks) {
    fmt::print("{:<18} {:>9} {:>9}  {:<16}  {:<16}  {}\n", check.table, check.source_rows,
               check.target_rows, check.source_checksum.empty() ? "-" : check.source_checksum,
               check.target_checksum.empty() ? "-" : check.target_checksum,
               check.ok() ? "OK" : "FAILED");
  }
  if (!report->ok()) {
    fmt::print(stderr,
               "nqtrack: verification FAILED: the target differs from the source; nothing was "
               "written into {}\n",
               Redacted(options.to));
    return 1;
  }
  fmt::print(
      "nqtrack: {} moved into {}; verified OK (sessions are not moved: users sign in "
      "again)\n",
      Redacted(options.from), Redacted(options.to));
  return 0;
}

int Import(const Options& options) {
  std::ifstream in(options.file, std::ios::binary);
  if (!in) {
    return Fail(Error{ErrorCode::kNotFound, fmt::format("cannot read \"{}\"", options.file), {}});
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto bundle = formats::ParseJsonBody(buffer.str());
  if (!bundle) {
    return Fail(Error{ErrorCode::kInvalidArgument,
                      fmt::format("{}: {}", options.file, bundle.error().message),
                      {}});
  }
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  std::vector<app::BundleError> errors;
  auto imported = app::ImportBundle(*(*stack)->service, *bundle, errors);
  if (!imported) {
    for (const app::BundleError& e : errors) {
      fmt::print(stderr, "nqtrack: {}: {}: {}\n", options.file, e.pointer, e.message);
    }
    return Fail(imported.error());
  }
  fmt::print(stderr, "nqtrack: imported {} into {}\n", options.file, Redacted(options.db));
  return 0;
}

int Check(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  auto report = app::CheckConsistency(*(*stack)->service);
  if (!report) return Fail(report.error());
  for (const std::string& line : report->problems) fmt::print(stderr, "nqtrack: {}\n", line);
  fmt::print("nqtrack: checked {} figures; {} problems\n", report->figures_checked,
             report->problems.size());
  return report->problems.empty() ? 0 : 1;
}

namespace {

// The file of an SQLite store, or failed_precondition for PostgreSQL, whose own tools do it.
Result<std::string> SqliteFile(const std::string& db, std::string_view what) {
  if (db.starts_with("postgres://") || db.starts_with("postgresql://")) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "{} of a PostgreSQL store is PostgreSQL's: pg_dump --format=custom and "
                     "pg_restore (see the README), then nqtrack check --db on the copy",
                     what);
  }
  return db.starts_with("sqlite:") ? db.substr(7) : db;
}

}  // namespace

int Backup(const Options& options) {
  auto path = SqliteFile(options.db, "a backup");
  if (!path) return Fail(path.error());
  auto started = std::chrono::steady_clock::now();
  if (auto done = storage::BackupSqlite(*path, options.file); !done) return Fail(done.error());
  fmt::print("nqtrack: {} copied to {} ({:.1f} MB, verified) in {:.1f} s\n", *path, options.file,
             static_cast<double>(std::filesystem::file_size(options.file)) / 1e6,
             std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return 0;
}

int Restore(const Options& options) {
  auto path = SqliteFile(options.db, "a restore");
  if (!path) return Fail(path.error());
  if (auto done = storage::RestoreSqlite(options.file, *path); !done) return Fail(done.error());
  fmt::print("nqtrack: {} restored from {} (verified); start the server on it\n", *path,
             options.file);
  return 0;
}

// Writes the report of a unit for a period as .docx, .xlsx or JSON, through a temporary file.
int Report(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  auto unit = FindUnitId(*(*stack)->database, options.unit);
  if (!unit) return Fail(unit.error());
  auto period = domain::Period::Parse(options.period);
  if (!period) return Fail(period.error());
  auto language = app::ParseLanguage(options.lang);
  if (!language) return Fail(language.error());
  if (options.format == "docx" || options.format == "xlsx") {
    app::ExportSpec spec;
    spec.kind =
        options.format == "docx" ? app::ExportKind::kReportDocx : app::ExportKind::kReportXlsx;
    spec.report = {*unit, *period, *language, std::nullopt};
    return ExportWithProgress(*(*stack)->service, spec, options.file);
  }
  auto report = app::BuildReport(*(*stack)->service, {*unit, *period, *language, std::nullopt});
  if (!report) return Fail(report.error());
  Result<std::string> bytes = MakeError(
      ErrorCode::kInvalidArgument, "format \"{}\" is not one of docx, xlsx, json", options.format);
  if (options.format == "json") bytes = boost::json::serialize(app::ReportJson(*report)) + "\n";
  if (!bytes) return Fail(bytes.error());
  if (auto written = WriteFileAtomically(options.file, *bytes); !written) {
    return Fail(written.error());
  }
  fmt::print(stderr, "nqtrack: wrote {} ({} bytes)\n", options.file, bytes->size());
  return 0;
}

}  // namespace nq::cli
