// The real nqtrack binary as a child process, for tests that crash or restart it: `init` to
// create a database and its administrator, `serve` on a free loopback port, signing in.
#pragma once

#include <sys/types.h>

#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/http_client.h"

namespace nq::testing {

// The binary under test: env NQ_BINARY, else the path CMake compiled in.
std::string NqtrackBinary(const char* compiled_path);

// How to run `nqtrack serve` besides its store and a free loopback port.
struct ServeOptions {
  std::vector<std::string> args;                         // more options of serve
  std::vector<std::pair<std::string, std::string>> env;  // variables set for it
  std::string stderr_path;  // where its standard error goes; empty: this process's
  int lines = 1;            // lines of its output to wait for (lines()); the first names the port
};

// `nqtrack serve --db DB --listen 127.0.0.1:0`; its port is read from its first line of output.
class ServerProcess final {
 public:
  ServerProcess(const std::string& binary, const std::string& db);
  ServerProcess(const std::string& binary, const std::string& db, const ServeOptions& options);
  ~ServerProcess() { Kill(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // SIGKILL and reap; idempotent.
  void Kill();
  // SIGTERM, as systemd stops it, and reap; true when it exited with status 0.
  bool Stop();
  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  // The first lines of its output (ServeOptions::lines of them).
  const std::vector<std::string>& lines() const { return lines_; }

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  int output_ = -1;  // kept open while it runs when more lines may follow
  std::vector<std::string> lines_;
};

// Runs `nqtrack init --db DB` with NQ_ADMIN_PASSWORD = `password`; fails the test on error.
void InitDatabase(const std::string& binary, const std::string& db, const std::string& password);

// Field `name` of /proc/<pid>/status in MB ("VmHWM": peak resident memory, "VmRSS": resident
// memory now), or -1 when the process or field is not there.
double ProcessMemoryMb(pid_t pid, std::string_view name);

// Signs in as "admin": the session cookie and CSRF token as request headers.
Headers SignInAdmin(uint16_t port, const std::string& password);

// POSTs `body` and returns the new id, failing the test unless the answer is 201.
int64_t CreateOrDie(uint16_t port, const Headers& session, const std::string& target,
                    const boost::json::value& body);

}  // namespace nq::testing
