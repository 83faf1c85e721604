#include "cli/commands.h"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <boost/json.hpp>

#include "api/app.h"
#include "api/http_server.h"
#include "service/bundle.h"
#include "service/check.h"
#include "service/demo.h"
#include "service/json_reader.h"
#include "storage/sqlite_database.h"

namespace nq::cli {
namespace {

int Fail(const Error& error) {
  fmt::print(stderr, "nqtrack: {}\n", error.message);
  return 1;
}

// Everything a command works with: the store, the engine built from it, the service.
struct Stack {
  std::unique_ptr<storage::SqliteDatabase> database;
  std::unique_ptr<engine::Engine> engine;
  SystemClock clock;
  std::unique_ptr<service::Service> service;
};

Result<std::unique_ptr<Stack>> OpenStack(const std::string& path) {
  auto stack = std::make_unique<Stack>();
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  NQ_TRY(stack->database, storage::SqliteDatabase::Open(path));
  NQ_TRY(engine::Data data, engine::LoadData(*stack->database));
  stack->engine = std::make_unique<engine::Engine>(std::move(data));
  stack->service =
      std::make_unique<service::Service>(*stack->database, *stack->engine, stack->clock);
  return stack;
}

Result<api::HttpServer::Options> ParseListen(const std::string& listen, int threads) {
  api::HttpServer::Options options;
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
  return options;
}

}  // namespace

int Serve(const Options& options) {
  auto listen = ParseListen(options.listen, options.threads);
  if (!listen) return Fail(listen.error());
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  api::App app(*(*stack)->service, options.web_root);
  auto server = api::HttpServer::Start(
      *listen, [&app](const api::HttpRequest& request) { return app.Handle(request); });
  if (!server) return Fail(server.error());
  fmt::print("nqtrack: serving {} on http://{}:{}\n", options.db, listen->address, (*server)->port());
  std::fflush(stdout);
  (*server)->RunUntilSignal();
  fmt::print("nqtrack: stopped\n");
  return 0;
}

int Init(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  fmt::print("nqtrack: database {} is ready\n", options.db);
  return 0;
}

int Demo(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  if (auto loaded = service::LoadDemo(*(*stack)->service); !loaded) return Fail(loaded.error());
  fmt::print("nqtrack: demo data loaded into {}\n", options.db);
  return 0;
}

int Export(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  auto bundle = service::ExportBundle(*(*stack)->database);
  if (!bundle) return Fail(bundle.error());
  std::string text = boost::json::serialize(*bundle);
  if (options.file == "-") {
    std::cout << text << '\n';
    return 0;
  }
  std::string temporary = options.file + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text << '\n';
    out.flush();
    if (!out) {
      return Fail(Error{ErrorCode::kUnavailable, fmt::format("cannot write \"{}\"", options.file), {}});
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, options.file, ec);
  if (ec) return Fail(Error{ErrorCode::kUnavailable, fmt::format("cannot write \"{}\": {}", options.file, ec.message()), {}});
  fmt::print(stderr, "nqtrack: exported {} to {}\n", options.db, options.file);
  return 0;
}

int Import(const Options& options) {
  std::ifstream in(options.file, std::ios::binary);
  if (!in) {
    return Fail(Error{ErrorCode::kNotFound, fmt::format("cannot read \"{}\"", options.file), {}});
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto bundle = service::ParseJsonBody(buffer.str());
  if (!bundle) {
    return Fail(Error{ErrorCode::kInvalidArgument,
                      fmt::format("{}: {}", options.file, bundle.error().message), {}});
  }
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  std::vector<service::BundleError> errors;
  auto imported = service::ImportBundle(*(*stack)->service, *bundle, errors);
  if (!imported) {
    for (const service::BundleError& e : errors) {
      fmt::print(stderr, "nqtrack: {}: {}: {}\n", options.file, e.pointer, e.message);
    }
    return Fail(imported.error());
  }
  fmt::print(stderr, "nqtrack: imported {} into {}\n", options.file, options.db);
  return 0;
}

int Check(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  auto report = service::CheckConsistency(*(*stack)->service);
  if (!report) return Fail(report.error());
  for (const std::string& line : report->problems) fmt::print(stderr, "nqtrack: {}\n", line);
  fmt::print("nqtrack: checked {} figures; {} problems\n", report->figures_checked,
             report->problems.size());
  return report->problems.empty() ? 0 : 1;
}

}  // namespace nq::cli
