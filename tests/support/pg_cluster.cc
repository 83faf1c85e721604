#include "support/pg_cluster.h"

#include <arpa/inet.h>
#include <fmt/core.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

namespace nq::testing {

namespace fs = std::filesystem;

int RunShell(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

namespace {

uint16_t FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace

std::string PgCluster::Bin() {
  if (const char* bin = std::getenv("PG_BIN"); bin && *bin) return bin;
  std::string best;
  if (!fs::exists("/usr/lib/postgresql")) return "";
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql")) {
    if (fs::exists(entry.path() / "bin" / "pg_ctl") && entry.path().string() > best) {
      best = entry.path().string();
    }
  }
  return best.empty() ? "" : best + "/bin";
}

PgCluster::PgCluster(std::string bin, const fs::path& dir, const std::string& database,
                     std::string environment)
    : bin_(std::move(bin)), dir_(dir), database_(database), environment_(std::move(environment)) {
  as_owner_ = ::geteuid() == 0 ? "runuser -u postgres -- " : "";
  fs::create_directories(dir_);
  GiveToServer(dir_);
  port_ = FreePort();
  ok_ =
      RunShell(fmt::format("{}'{}/initdb' -D '{}/data' -U postgres -A trust -E UTF8 "
                           "--locale=C.UTF-8 >'{}/initdb.log' 2>&1",
                           as_owner_, bin_, dir_.string(), dir_.string())) == 0 &&
      Start() &&
      (database_.empty() || RunShell(fmt::format("'{}/createdb' -h 127.0.0.1 -p {} -U postgres {}",
                                                 bin_, port_, database_)) == 0);
}

PgCluster::~PgCluster() {
  StopImmediately();
  fs::remove_all(dir_);
}

std::string PgCluster::uri(const std::string& database) const {
  return fmt::format("postgresql://postgres@127.0.0.1:{}/{}", port_,
                     database.empty() ? database_ : database);
}

bool PgCluster::Start() {
  const std::string environment = environment_.empty() ? "" : "env " + environment_ + " ";
  return RunShell(fmt::format("{}{}'{}/pg_ctl' -D '{}/data' -l '{}/server.log' -w -t 60 -o "
                              "'-c listen_addresses=127.0.0.1 -p {} -k {} -c fsync=on' start "
                              ">/dev/null",
                              as_owner_, environment, bin_, dir_.string(), dir_.string(), port_,
                              dir_.string())) == 0;
}

void PgCluster::StopImmediately() {
  RunShell(fmt::format("{}'{}/pg_ctl' -D '{}/data' -m immediate stop >/dev/null 2>&1", as_owner_,
                       bin_, dir_.string()));
}

bool PgCluster::Sql(const std::string& sql, const std::string& database) const {
  return RunShell(fmt::format("'{}/psql' -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p {} -U postgres "
                              "-d '{}' -c \"{}\" >>'{}/psql.log' 2>&1",
                              bin_, port_, database, sql, dir_.string())) == 0;
}

void PgCluster::GiveToServer(const fs::path& path) const {
  if (::geteuid() == 0) {
    RunShell(fmt::format("chown postgres: '{}' && chmod 700 '{}'", path.string(), path.string()));
  }
}

}  // namespace nq::testing
