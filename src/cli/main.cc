// nqtrack: one binary for the server and the command line.
#include <CLI/CLI.hpp>
#include <cstdlib>

#include "cli/commands.h"
#include "cli/units_command.h"
#include "common/log.h"

int main(int argc, char** argv) {
  CLI::App app{
      "nqtrack — carry a resolution into life: targets, obligations, values, reports, live "
      "roll-ups",
      "nqtrack"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");
  nq::cli::Options options;
  const char* env_db = std::getenv("NQ_DB");
  options.db = env_db ? env_db : "data/nqtrack.db";
  const char* env_listen = std::getenv("NQ_LISTEN");
  options.listen = env_listen ? env_listen : "127.0.0.1:8080";

  auto add_db = [&](CLI::App* command) {
    command->add_option("--db", options.db, "SQLite database file or postgresql:// URI (env NQ_DB)")
        ->capture_default_str();
  };

  CLI::App* serve = app.add_subcommand("serve", "Serve the API (and the web UI) over HTTP");
  add_db(serve);
  serve->add_option("--listen", options.listen, "Address and port to listen on (env NQ_LISTEN)")
      ->capture_default_str();
  serve->add_option("--threads", options.threads, "Server threads (env NQ_THREADS)")
      ->envname("NQ_THREADS")
      ->capture_default_str();
  const char* env_web = std::getenv("NQ_WEB_ROOT");
  options.web_root = env_web ? env_web : "web/dist";
  serve->add_option("--web-root", options.web_root, "Folder of the built web UI (env NQ_WEB_ROOT)")
      ->capture_default_str();

  serve
      ->add_option("--log-format", options.log_format,
                   "Log lines on stderr as text or json (env NQ_LOG_FORMAT; default: text on a "
                   "terminal, json otherwise)")
      ->envname("NQ_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}));
  serve
      ->add_option("--metrics-listen", options.metrics_listen,
                   "Serve Prometheus metrics at /metrics on this address:port of their own, such "
                   "as 127.0.0.1:9464 (env NQ_METRICS_LISTEN)")
      ->envname("NQ_METRICS_LISTEN");
  serve
      ->add_option("--metrics-token", options.metrics_token,
                   "Require this bearer token for /metrics, and serve /metrics on the main port "
                   "too (env NQ_METRICS_TOKEN)")
      ->envname("NQ_METRICS_TOKEN");

  serve
      ->add_option("--smtp", options.smtp,
                   "Also send notices by e-mail through this SMTP relay, host:port (env NQ_SMTP)")
      ->envname("NQ_SMTP");
  serve
      ->add_option("--smtp-from", options.smtp_from,
                   "The sender of those e-mails (env NQ_SMTP_FROM)")
      ->envname("NQ_SMTP_FROM");
  serve
      ->add_option("--notices-every", options.notices_every,
                   "Seconds between the runs that make due-date notices (due soon, overdue); 0: "
                   "none (env NQ_NOTICES_EVERY)")
      ->envname("NQ_NOTICES_EVERY");
  serve
      ->add_option("--connections-per-address", options.connections_per_address,
                   "Connections one client address may hold open at once; raise it behind a "
                   "reverse proxy, whose one address carries every client "
                   "(env NQ_CONNECTIONS_PER_ADDRESS)")
      ->envname("NQ_CONNECTIONS_PER_ADDRESS")
      ->check(CLI::Range(size_t{1}, size_t{1} << 20))
      ->capture_default_str();
  serve
      ->add_option("--body-mib-per-address", options.body_mib_per_address,
                   "MiB of request bodies one client address may have in flight at once (at "
                   "least one largest body); 0: no share of its own "
                   "(env NQ_BODY_MIB_PER_ADDRESS)")
      ->envname("NQ_BODY_MIB_PER_ADDRESS")
      ->check(CLI::Range(size_t{0}, size_t{4096}))
      ->capture_default_str();
  serve
      ->add_flag("--secure-cookies", options.secure_cookies,
                 "Mark the session cookie Secure with the __Host- prefix, behind TLS (env "
                 "NQ_SECURE_COOKIES=1)")
      ->envname("NQ_SECURE_COOKIES");

  CLI::App* init = app.add_subcommand(
      "init",
      "Create the database and its first administrator (password from NQ_ADMIN_PASSWORD, "
      "or generated and printed once)");
  add_db(init);
  options.login = "admin";
  init->add_option("--login", options.login, "Login of the first administrator")
      ->capture_default_str();

  CLI::App* demo = app.add_subcommand("demo", "Create a database holding the demo districts");
  add_db(demo);

  CLI::App* notices = app.add_subcommand(
      "notices", "Make the due-date notices once: due soon and overdue duties, each told once");
  add_db(notices);

  CLI::App* export_command =
      app.add_subcommand("export", "Write everything in the database as one JSON bundle");
  add_db(export_command);
  export_command->add_option("--out,-o", options.file, "Output file ('-' for standard output)")
      ->required();

  CLI::App* import_command =
      app.add_subcommand("import", "Load a JSON bundle into an empty database, all or nothing");
  add_db(import_command);
  import_command->add_option("file", options.file, "Bundle file")->required();

  CLI::App* check = app.add_subcommand(
      "check", "Check the store's integrity and that live figures agree with the stored rows");
  add_db(check);

  CLI::App* report =
      app.add_subcommand("report", "Write the report of a unit for a period (docx, xlsx or json)");
  add_db(report);
  report->add_option("--unit", options.unit, "Unit code or id")->required();
  report->add_option("--period", options.period, "Period: 2021Q1, 2021S1, 2021, 202103, 2020T5")
      ->required();
  report->add_option("--format", options.format, "docx, xlsx or json")->capture_default_str();
  report->add_option("--lang", options.lang, "vi or en")->capture_default_str();
  report->add_option("--out,-o", options.file, "Output file")->required();

  CLI::App* import_values = app.add_subcommand(
      "import-values",
      "Write values from a DHIS2 dataValueSets, CSV or Excel file, all or nothing");
  add_db(import_values);
  import_values->add_option("file", options.file, "Input file")->required();
  import_values->add_option("--format", options.values_format,
                            "dhis2, csv or xlsx (default: from the extension, else dhis2)");
  CLI::App* export_values = app.add_subcommand(
      "export-values", "Write the values of a unit's subtree as DHIS2 dataValueSets or CSV");
  add_db(export_values);
  export_values->add_option("--unit", options.unit, "Unit code or id")->required();
  export_values->add_option("--from", options.from, "First period: 2021, 2021S1, 2021Q1, 202103")
      ->required();
  export_values->add_option("--to", options.to, "Last period")->required();
  export_values->add_option("--format", options.values_format, "dhis2 (default) or csv");
  export_values->add_option("--out,-o", options.file, "Output file")->required();

  CLI::App* units_template = app.add_subcommand(
      "units-template",
      "Write the Excel workbook to fill with new units (the existing as reference)");
  add_db(units_template);
  units_template->add_option("--out,-o", options.file, "Output file (.xlsx)")->required();
  CLI::App* import_units = app.add_subcommand(
      "import-units", "Create the units of a filled units workbook, all or nothing");
  add_db(import_units);
  import_units->add_option("file", options.file, "Filled workbook (.xlsx)")->required();
  CLI::App* evidence_template = app.add_subcommand(
      "evidence-template",
      "Write the Excel workbook of an obligation's assignments over a unit's subtree");
  add_db(evidence_template);
  evidence_template->add_option("--obligation", options.obligation, "Obligation code")->required();
  evidence_template->add_option("--unit", options.unit, "Unit code or id")->required();
  evidence_template->add_option("--out,-o", options.file, "Output file (.xlsx)")->required();
  CLI::App* import_evidence = app.add_subcommand(
      "import-evidence",
      "Write the status, dates and evidence of a filled evidence workbook, all or nothing");
  add_db(import_evidence);
  import_evidence->add_option("file", options.file, "Filled workbook (.xlsx)")->required();

  CLI::App* backup = app.add_subcommand(
      "backup",
      "Copy the store while the server runs: consistent at one instant, verified (SQLite; for "
      "PostgreSQL use pg_dump)");
  add_db(backup);
  backup->add_option("--out,-o", options.file, "Backup file (must not exist)")->required();
  CLI::App* restore = app.add_subcommand(
      "restore", "Put a verified backup in place as the store, which must not exist yet");
  add_db(restore);
  restore->add_option("backup", options.file, "Backup file")->required();

  CLI::App* migrate = app.add_subcommand(
      "migrate-store",
      "Move a whole installation (data, users, grants, API tokens, the audit) into an empty "
      "store, table by table in bounded memory, verified by row counts and checksums");
  migrate->add_option("--from", options.from, "Source store: sqlite:FILE or postgresql://…")
      ->required();
  migrate->add_option("--to", options.to, "Target store, empty: postgresql://… or sqlite:FILE")
      ->required();

  CLI::App* user =
      app.add_subcommand("user", "Manage users: add, passwd, grant, revoke, list, token");
  user->require_subcommand(1);
  CLI::App* user_add =
      user->add_subcommand("add", "Add a user (password from NQ_PASSWORD or printed once)");
  CLI::App* user_passwd =
      user->add_subcommand("passwd", "Set a user's password (from NQ_PASSWORD or printed once)");
  CLI::App* user_grant =
      user->add_subcommand("grant", "Give a user a role over a unit and its subtree");
  CLI::App* user_revoke =
      user->add_subcommand("revoke", "Take a role over a unit away from a user");
  CLI::App* user_list = user->add_subcommand("list", "List users with their roles");
  CLI::App* user_token =
      user->add_subcommand("token", "Create an API token for a user (printed once)");
  for (CLI::App* command :
       {user_add, user_passwd, user_grant, user_revoke, user_list, user_token}) {
    add_db(command);
  }
  for (CLI::App* command : {user_add, user_passwd, user_grant, user_revoke, user_token}) {
    command->add_option("login", options.login, "Login")->required();
  }
  user_add->add_option("--name", options.name, "Full name")->required();
  for (CLI::App* command : {user_grant, user_revoke}) {
    command->add_option("role", options.role, "viewer, editor, reviewer, manager or administrator")
        ->required();
    command->add_option("unit", options.unit, "Unit code or id")->required();
  }
  user_grant->add_flag("--unit-only", options.unit_only, "Only the unit, not its subtree");
  user_token->add_option("--name", options.name, "What the token is for")->required();

  // Every command's log lines (migrations, for one) follow NQ_LOG_FORMAT; serve also takes
  // --log-format.
  if (const char* env_format = std::getenv("NQ_LOG_FORMAT")) {
    if (auto format = nq::log::ParseFormat(env_format)) nq::log::SetFormat(*format);
  }
  CLI::App* openapi = app.add_subcommand(
      "openapi", "Write the API's OpenAPI 3.1 document (as /api/v1/openapi.json)");
  openapi->add_option("--out,-o", options.file, "Output file (default: standard output)");

  nq::cli::UnitsCommand units(app, options.db);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (serve->parsed()) return nq::cli::Serve(options);
  if (init->parsed()) return nq::cli::Init(options);
  if (demo->parsed()) return nq::cli::Demo(options);
  if (notices->parsed()) return nq::cli::Notices(options);
  if (export_command->parsed()) return nq::cli::Export(options);
  if (import_command->parsed()) return nq::cli::Import(options);
  if (check->parsed()) return nq::cli::Check(options);
  if (report->parsed()) return nq::cli::Report(options);
  if (import_values->parsed()) return nq::cli::ImportValues(options);
  if (export_values->parsed()) return nq::cli::ExportValues(options);
  if (units_template->parsed()) return nq::cli::UnitsTemplate(options);
  if (import_units->parsed()) return nq::cli::ImportUnits(options);
  if (evidence_template->parsed()) return nq::cli::EvidenceTemplate(options);
  if (import_evidence->parsed()) return nq::cli::ImportEvidence(options);
  if (migrate->parsed()) return nq::cli::MigrateStore(options);
  if (backup->parsed()) return nq::cli::Backup(options);
  if (restore->parsed()) return nq::cli::Restore(options);
  if (user_add->parsed()) return nq::cli::UserAdd(options);
  if (user_passwd->parsed()) return nq::cli::UserPassword(options);
  if (user_grant->parsed()) return nq::cli::UserGrant(options, true);
  if (user_revoke->parsed()) return nq::cli::UserGrant(options, false);
  if (user_list->parsed()) return nq::cli::UserList(options);
  if (user_token->parsed()) return nq::cli::UserToken(options);
  if (openapi->parsed()) return nq::cli::OpenApi(options);
  if (units.parsed()) return units.Run();
  return 1;
}
