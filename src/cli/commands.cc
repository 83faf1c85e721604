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
#include "service/setup.h"
#include "storage/auth_store.h"
#include "storage/store.h"
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
  std::unique_ptr<service::Authenticator> auth;
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
  stack->auth = std::make_unique<service::Authenticator>(*stack->service);
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
  api::App app(*(*stack)->service, *(*stack)->auth, {options.web_root, options.secure_cookies});
  auto server = api::HttpServer::Start(
      *listen, [&app](const api::HttpRequest& request) { return app.Handle(request); });
  if (!server) return Fail(server.error());
  fmt::print("nqtrack: serving {} on http://{}:{}\n", options.db, listen->address, (*server)->port());
  std::fflush(stdout);
  (*server)->RunUntilSignal();
  fmt::print("nqtrack: stopped\n");
  return 0;
}

// The password from `variable`, or a new random one that is printed once.
std::string PasswordFromEnvironment(const char* variable, bool& generated) {
  const char* given = std::getenv(variable);
  generated = !given || !*given;
  return generated ? service::RandomToken(9) : std::string(given);
}

int Init(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  bool generated = false;
  std::string password = PasswordFromEnvironment("NQ_ADMIN_PASSWORD", generated);
  auto created =
      service::CreateFirstAdministrator(*(*stack)->service, *(*stack)->auth, options.login, password);
  if (!created) return Fail(created.error());
  fmt::print("nqtrack: database {} is ready; administrator \"{}\"", options.db, options.login);
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

int RunAdmin(Stack& stack, const std::function<Status(service::WriteScope&)>& fn) {
  service::Actor actor{"cli", "", ""};
  auto done = stack.service->Mutate(actor, "", [&](service::WriteScope& scope) -> Result<service::Reply> {
    NQ_RETURN_IF_ERROR(fn(scope));
    return service::Reply{};
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
  int rc = RunAdmin(**stack, [&](service::WriteScope& scope) -> Status {
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
  int rc = RunAdmin(**stack, [&](service::WriteScope& scope) {
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
  int rc = RunAdmin(**stack, [&](service::WriteScope& scope) -> Status {
    if (!grant) return (*stack)->auth->RemoveGrant(scope, *user, *role, *unit);
    NQ_RETURN_IF_ERROR((*stack)->auth->AddGrant(scope, {0, *user, *role, *unit, !options.unit_only}));
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
  int rc = RunAdmin(**stack, [&](service::WriteScope& scope) -> Status {
    NQ_TRY(token, (*stack)->auth->CreateApiToken(scope, *user, options.name));
    return Ok();
  });
  if (rc == 0) fmt::print("{}\n", token);
  return rc;
}

int Demo(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  if (auto loaded = service::LoadDemo(*(*stack)->service); !loaded) return Fail(loaded.error());
  if (auto users = service::LoadDemoUsers(*(*stack)->service, *(*stack)->auth); !users) {
    return Fail(users.error());
  }
  fmt::print("nqtrack: demo data loaded into {}; demo users have password {}\n", options.db,
             service::kDemoPassword);
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
