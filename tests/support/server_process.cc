#include "support/server_process.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <string>

namespace nq::testing {

namespace json = boost::json;

std::string NqtrackBinary(const char* compiled_path) {
  const char* binary = std::getenv("NQ_BINARY");
  return binary ? binary : compiled_path;
}

ServerProcess::ServerProcess(const std::string& binary, const std::string& db)
    : ServerProcess(binary, db, ServeOptions{}) {}

ServerProcess::ServerProcess(const std::string& binary, const std::string& db,
                             const ServeOptions& options) {
  std::vector<std::string> args = {binary, "serve", "--db", db, "--listen", "127.0.0.1:0"};
  args.insert(args.end(), options.args.begin(), options.args.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  int pipe_fds[2];
  EXPECT_EQ(::pipe(pipe_fds), 0);
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::close(pipe_fds[0]);
    if (!options.stderr_path.empty()) {
      int err = ::open(options.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (err >= 0) ::dup2(err, STDERR_FILENO);
    }
    for (const auto& [name, value] : options.env) ::setenv(name.c_str(), value.c_str(), 1);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  for (int line = 0; line < options.lines; ++line) {
    std::string text;
    char c;
    while (::read(pipe_fds[0], &c, 1) == 1 && c != '\n') text += c;
    lines_.push_back(text);
  }
  // The single-line form closes at once, as it always did; with more lines the output stays
  // open, so that what the server writes later (as it stops) does not meet a closed pipe.
  if (options.lines > 1) {
    output_ = pipe_fds[0];
  } else {
    ::close(pipe_fds[0]);
  }
  const std::string& first = lines_.front();
  size_t colon = first.rfind(':');
  if (colon != std::string::npos) {
    port_ = static_cast<uint16_t>(std::atoi(first.c_str() + colon + 1));
  }
  EXPECT_NE(port_, 0) << "server said: " << first;
}

void ServerProcess::Kill() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  if (output_ >= 0) ::close(output_);
  output_ = -1;
}

bool ServerProcess::Stop() {
  if (pid_ <= 0) return false;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  if (output_ >= 0) ::close(output_);
  output_ = -1;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void InitDatabase(const std::string& binary, const std::string& db, const std::string& password) {
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("NQ_ADMIN_PASSWORD", password.c_str(), 1);
    ::execl(binary.c_str(), binary.c_str(), "init", "--db", db.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

Headers SignInAdmin(uint16_t port, const std::string& password) {
  ClientResponse response =
      Request(port, "POST", "/api/v1/session",
              json::serialize(json::object{{"login", "admin"}, {"password", password}}));
  EXPECT_EQ(response.status, 200) << response.body;
  std::string cookie = response.Header("set-cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  boost::system::error_code ec;
  json::value body = json::parse(response.body, ec);
  if (ec || !body.is_object() || !body.as_object().contains("csrf_token")) {
    return {{"Cookie", cookie}};
  }
  return {{"Cookie", cookie}, {"X-CSRF-Token", std::string(body.at("csrf_token").as_string())}};
}

int64_t CreateOrDie(uint16_t port, const Headers& session, const std::string& target,
                    const json::value& body) {
  ClientResponse response = Request(port, "POST", target, json::serialize(body), session);
  EXPECT_EQ(response.status, 201) << response.body;
  boost::system::error_code ec;
  json::value answer = json::parse(response.body, ec);
  if (ec || !answer.is_object() || !answer.as_object().contains("id")) return 0;
  return answer.at("id").as_int64();
}

double ProcessMemoryMb(pid_t pid, std::string_view name) {
  std::ifstream status(fmt::format("/proc/{}/status", pid));
  std::string line;
  while (std::getline(status, line)) {
    if (line.size() > name.size() && line.starts_with(name) && line[name.size()] == ':') {
      return std::stod(line.substr(name.size() + 1)) / 1024.0;
    }
  }
  return -1;
}

}  // namespace nq::testing
