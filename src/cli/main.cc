// nqtrack: one binary for the server and the command line.
#include <CLI/CLI.hpp>
#include <cstdlib>


#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"nqtrack — carry a resolution into life: targets, obligations, values, reports, live roll-ups",
               "nqtrack"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");
  nq::cli::Options options;
  const char* env_db = std::getenv("NQ_DB");
  options.db = env_db ? env_db : "data/nqtrack.db";
  const char* env_listen = std::getenv("NQ_LISTEN");
  options.listen = env_listen ? env_listen : "127.0.0.1:8080";

  auto add_db = [&](CLI::App* command) {
    command->add_option("--db", options.db, "SQLite database file (env NQ_DB)")
        ->capture_default_str();
  };

  CLI::App* serve = app.add_subcommand("serve", "Serve the API (and the web UI) over HTTP");
  add_db(serve);
  serve->add_option("--listen", options.listen, "Address and port to listen on (env NQ_LISTEN)")
      ->capture_default_str();
  serve->add_option("--threads", options.threads, "Server threads")->capture_default_str();
  const char* env_web = std::getenv("NQ_WEB_ROOT");
  options.web_root = env_web ? env_web : "web/dist";
  serve->add_option("--web-root", options.web_root, "Folder of the built web UI (env NQ_WEB_ROOT)")
      ->capture_default_str();

  CLI::App* init = app.add_subcommand("init", "Create an empty database with the current schema");
  add_db(init);

  CLI::App* demo = app.add_subcommand("demo", "Create a database holding the demo districts");
  add_db(demo);

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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (serve->parsed()) return nq::cli::Serve(options);
  if (init->parsed()) return nq::cli::Init(options);
  if (demo->parsed()) return nq::cli::Demo(options);
  if (export_command->parsed()) return nq::cli::Export(options);
  if (import_command->parsed()) return nq::cli::Import(options);
  if (check->parsed()) return nq::cli::Check(options);
  return 1;
}
