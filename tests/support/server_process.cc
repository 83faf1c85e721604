#include "support/server_process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>

namespace nq::testing {

namespace json = boost::json;

std::string NqtrackBinary(const char* compiled_path) {
  const char* binary = std::getenv("NQ_BINARY");
  return binary ? binary : compiled_path;
}

ServerProcess::ServerProcess(const std::string& binary, const std::string& db) {
  int pipe_fds[2];
  EXPECT_EQ(::pipe(pipe_fds), 0);
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::close(pipe_fds[0]);
    ::execl(binary.c_str(), binary.c_str(), "serve", "--db", db.c_str(), "--listen", "127.0.0.1:0",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  std::string line;
  char c;
  while (::read(pipe_fds[0], &c, 1) == 1 && c != '\n') line += c;
  ::close(pipe_fds[0]);
  size_t colon = line.rfind(':');
  if (colon != std::string::npos) {
    port_ = static_cast<uint16_t>(std::atoi(line.c_str() + colon + 1));
  }
  EXPECT_NE(port_, 0) << "server said: " << line;
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
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

}  // namespace nq::testing
