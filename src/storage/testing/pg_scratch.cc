#include "storage/testing/pg_scratch.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <random>

namespace nq::storage {
namespace {

// "postgresql://u@h:p/db?x" → "postgresql://u@h:p"
std::string WithoutDatabase(std::string uri) {
  size_t scheme = uri.find("://");
  size_t slash = uri.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (slash != std::string::npos) uri.resize(slash);
  return uri;
}

// Runs one statement on the server's "postgres" maintenance database.
Status RunOnServer(const std::string& server, const std::string& sql) {
  PGconn* connection = PQconnectdb((server + "/postgres").c_str());
  Status status = Ok();
  if (PQstatus(connection) != CONNECTION_OK) {
    status = MakeError(ErrorCode::kUnavailable, "cannot connect to {}: {}", server,
                       PQerrorMessage(connection));
  } else {
    PGresult* result = PQexec(connection, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      status = MakeError(ErrorCode::kUnavailable, "{}: {}", sql, PQerrorMessage(connection));
    }
    PQclear(result);
  }
  PQfinish(connection);
  return status;
}

}  // namespace

std::optional<std::string> ScratchPostgres::ServerUri() {
  const char* uri = std::getenv("NQ_TEST_PG");
  if (!uri || !*uri) return std::nullopt;
  return WithoutDatabase(uri);
}

ScratchPostgres::ScratchPostgres(std::string server, std::string name)
    : server_(std::move(server)), name_(std::move(name)), uri_(server_ + "/" + name_) {}

Result<std::unique_ptr<ScratchPostgres>> ScratchPostgres::Create() {
  auto server = ServerUri();
  if (!server) return MakeError(ErrorCode::kUnavailable, "NQ_TEST_PG is not set");
  std::random_device device;
  std::uniform_int_distribution<uint64_t> bits;
  std::string name = fmt::format("nq_{:016x}", bits(device));
  NQ_RETURN_IF_ERROR(RunOnServer(*server, fmt::format("CREATE DATABASE {}", name)));
  return std::unique_ptr<ScratchPostgres>(new ScratchPostgres(*server, name));
}

ScratchPostgres::~ScratchPostgres() {
  (void)RunOnServer(server_, fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", name_));
}

}  // namespace nq::storage
