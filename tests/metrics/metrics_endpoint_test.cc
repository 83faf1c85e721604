// The operator's view of a real `nqtrack serve`: Prometheus metrics on a listener of their own or
// behind a token on the main port, checked by promtool; one JSON log line per request and event;
// the X-Request-Id of every answer.
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.h"
#include "support/server_process.h"

namespace nq::testing {
namespace {

namespace json = boost::json;

constexpr const char* kPassword = "metrics-test-password";
constexpr const char* kToken = "metrics-token-0123456789";

std::string Promtool() {
  const char* given = std::getenv("NQ_PROMTOOL");
  return given ? given : "promtool";
}

// The samples of an exposition, by their full name with labels: "x_total{code=\"200\"}" → 3.
std::map<std::string, double> Samples(const std::string& text) {
  std::map<std::string, double> samples;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.starts_with('#')) continue;
    size_t space = line.rfind(' ');
    samples[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return samples;
}

int Families(const std::string& text) {
  int families = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) families += line.starts_with("# TYPE ");
  return families;
}

// `promtool check metrics` on `text`: its exit status and everything it said.
std::pair<int, std::string> CheckWithPromtool(const std::filesystem::path& dir,
                                              const std::string& text) {
  std::filesystem::path input = dir / "scrape.txt";
  std::ofstream(input) << text;
  std::string command = fmt::format("{} check metrics < {} 2>&1", Promtool(), input.string());
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return {-1, "cannot run " + command};
  std::string said;
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) said.append(buffer, n);
  int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, said};
}

std::vector<json::object> JsonLines(const std::filesystem::path& path) {
  std::vector<json::object> objects;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    boost::system::error_code ec;
    json::value value = json::parse(line, ec);
    EXPECT_FALSE(ec) << "not a JSON line: " << line;
    if (!ec && value.is_object()) objects.push_back(value.as_object());
  }
  return objects;
}

class MetricsEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    binary_ = NqtrackBinary(NQ_BINARY_PATH);
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("nq-metrics-{}-{}", ::getpid(), info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "nq.db").string();
    InitDatabase(binary_, db_, kPassword);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string binary_;
  std::filesystem::path dir_;
  std::string db_;
};

TEST_F(MetricsEndpointTest, ListenerOfItsOwnCountsRequestsAndPassesPromtool) {
  ServeOptions options{
      // No due-date notices at start: the writes counted below are the requests' own.
      .args = {"--metrics-listen", "127.0.0.1:0", "--log-format", "json", "--notices-every", "0"},
      .env = {},
      .stderr_path = (dir_ / "stderr.log").string(),
      .lines = 2,
  };
  ServerProcess server(binary_, db_, options);
  ASSERT_EQ(server.lines().size(), 2u);
  std::smatch found;
  ASSERT_TRUE(std::regex_search(server.lines()[1], found,
                                std::regex(R"(metrics on http://127\.0\.0\.1:(\d+)/metrics$)")))
      << server.lines()[1];
  const auto metrics_port = static_cast<uint16_t>(std::stoi(found[1]));
  const uint16_t port = server.port();

  // The requests to count: a failed sign-in, a sign-in, three reads, a path of no route, an
  // export job and its polls, /metrics on the public port (not served there).
  std::string wrong = json::serialize(json::object{{"login", "admin"}, {"password", "wrong"}});
  EXPECT_EQ(Request(port, "POST", "/api/v1/session", wrong).status, 401);
  Headers admin = SignInAdmin(port, kPassword);
  for (int read = 0; read < 3; ++read) {
    EXPECT_EQ(Request(port, "GET", "/api/v1/units", "", admin).status, 200);
  }
  ClientResponse missing = Request(port, "GET", "/api/v1/no-such-thing", "", admin);
  EXPECT_EQ(missing.status, 404);
  // An export job, followed until it ends.
  ClientResponse started = Request(port, "POST", "/api/v1/exports/bundle", "{}", admin);
  ASSERT_EQ(started.status, 202) << started.body;
  const int64_t job = json::parse(started.body).at("id").as_int64();
  int polls = 0;
  for (std::string state; state != "done" && polls < 200; ++polls) {
    if (polls > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ClientResponse seen = Request(port, "GET", fmt::format("/api/v1/jobs/{}", job), "", admin);
    state = std::string(json::parse(seen.body).at("state").as_string());
  }
  ClientResponse public_metrics = Request(port, "GET", "/metrics");
  EXPECT_EQ(public_metrics.status, 404) << "the metrics are not on the public port";
  EXPECT_EQ(public_metrics.body.find("nqtrack_"), std::string::npos);

  // The listener of its own serves /metrics alone, to anyone who reaches it.
  EXPECT_EQ(Request(metrics_port, "GET", "/api/v1/units", "", admin).status, 404);
  EXPECT_EQ(Request(metrics_port, "POST", "/metrics").status, 405);
  ClientResponse scrape = Request(metrics_port, "GET", "/metrics");
  ASSERT_EQ(scrape.status, 200) << scrape.body;
  EXPECT_EQ(scrape.Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");

  std::map<std::string, double> samples = Samples(scrape.body);
  auto sample = [&](const std::string& name) {
    auto it = samples.find(name);
    EXPECT_NE(it, samples.end()) << name << " missing from:\n" << scrape.body;
    return it == samples.end() ? -1.0 : it->second;
  };
  const std::string requests = "nqtrack_http_requests_total";
  EXPECT_EQ(sample(requests + R"({method="POST",route="/api/v1/session",code="401"})"), 1);
  EXPECT_EQ(sample(requests + R"({method="POST",route="/api/v1/session",code="200"})"), 1);
  EXPECT_EQ(sample(requests + R"({method="GET",route="/api/v1/units",code="200"})"), 3);
  EXPECT_EQ(sample(requests + R"x({method="GET",route="(none)",code="404"})x"), 1);
  EXPECT_EQ(sample(requests + R"({method="GET",route="/metrics",code="404"})"), 1);
  int64_t answered = 0;
  for (const auto& [name, value] : samples) {
    if (name.starts_with(requests + "{")) answered += static_cast<int64_t>(value);
  }
  EXPECT_EQ(sample(requests + R"({method="POST",route="/api/v1/exports/bundle",code="202"})"), 1);
  EXPECT_EQ(sample(requests + R"({method="GET",route="/api/v1/jobs/{id}",code="200"})"), polls);
  EXPECT_EQ(answered, 8 + polls) << "the listener's own requests are not counted";
  EXPECT_EQ(sample(R"(nqtrack_jobs_started_total{kind="export-bundle"})"), 1);
  EXPECT_EQ(sample(R"(nqtrack_jobs_finished_total{kind="export-bundle",state="done"})"), 1);
  EXPECT_EQ(sample(R"(nqtrack_jobs_finished_total{kind="export-bundle",state="failed"})"), 0);
  EXPECT_EQ(sample(R"(nqtrack_jobs_running{kind="export-bundle"})"), 0);
  EXPECT_EQ(
      sample(R"(nqtrack_http_request_duration_seconds_count{method="GET",route="/api/v1/units"})"),
      3);
  EXPECT_EQ(
      sample(
          R"(nqtrack_http_request_duration_seconds_bucket{method="GET",route="/api/v1/units",le="+Inf"})"),
      3);
  EXPECT_EQ(sample("nqtrack_http_requests_in_flight"), 0);
  EXPECT_EQ(sample(R"(nqtrack_sign_ins_total{result="failed"})"), 1);
  EXPECT_EQ(sample(R"(nqtrack_sign_ins_total{result="succeeded"})"), 1);
  EXPECT_EQ(sample(R"(nqtrack_sign_ins_total{result="locked_out"})"), 0);
  // Two writes: the audit of the failed sign-in and the new session.
  EXPECT_EQ(sample(R"(nqtrack_store_write_transactions_total{outcome="committed"})"), 2);
  EXPECT_EQ(sample("nqtrack_store_write_duration_seconds_count"), 2);
  EXPECT_EQ(sample("nqtrack_store_write_retries_total"), 0);
  EXPECT_GE(sample("nqtrack_engine_snapshot_version"), 0);
  EXPECT_GE(sample("nqtrack_engine_snapshot_age_seconds"), 0);
  EXPECT_EQ(sample("nqtrack_change_feed_listening"), 0);
  EXPECT_GT(sample("process_resident_memory_bytes"), 1e6);
  EXPECT_GT(sample("process_open_fds"), 3);
  EXPECT_GT(sample("process_start_time_seconds"), 1.6e9);
  EXPECT_GT(sample("process_cpu_seconds_total"), 0);
  EXPECT_EQ(sample(R"(nqtrack_build_info{version="0.1.0"})"), 1);

  auto [status, said] = CheckWithPromtool(dir_, scrape.body);
  EXPECT_EQ(status, 0) << "promtool (" << Promtool() << ") said:\n" << said;
  EXPECT_EQ(said, "") << "promtool complained:\n" << said;
  const int families = Families(scrape.body);
  EXPECT_EQ(families, 33) << "README.md lists every metric; keep it in step";
  std::cout << "nqtrack exports " << families << " metrics (" << samples.size()
            << " samples in this scrape); promtool check metrics passed\n";
  RecordProperty("metrics_exported", families);

  // One JSON line per request and per event, every line of standard error.
  EXPECT_TRUE(server.Stop());
  std::vector<json::object> lines = JsonLines(dir_ / "stderr.log");
  const std::regex rfc3339(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  std::map<std::string, int> events;
  const json::object* read = nullptr;
  const json::object* failed_sign_in = nullptr;
  for (const json::object& line : lines) {
    ASSERT_TRUE(line.contains("time") && line.at("time").is_string());
    EXPECT_TRUE(std::regex_match(std::string(line.at("time").as_string()), rfc3339))
        << json::serialize(line);
    ASSERT_TRUE(line.contains("event") && line.contains("level"));
    std::string event(line.at("event").as_string());
    ++events[event];
    if (event != "request") continue;
    if (line.at("route") == "/api/v1/units") read = &line;
    if (line.at("route") == "/api/v1/session" && line.at("status") == 401) {
      failed_sign_in = &line;
    }
  }
  EXPECT_EQ(events["request"], 8 + polls);
  EXPECT_EQ(events["job_start"], 1);
  EXPECT_EQ(events["job_end"], 1);
  EXPECT_EQ(events["server_start"], 1);
  EXPECT_EQ(events["server_stop"], 1);
  ASSERT_NE(read, nullptr);
  for (const char* field :
       {"time", "request_id", "user", "method", "route", "status", "duration_ms", "bytes"}) {
    EXPECT_TRUE(read->contains(field)) << field << " missing from " << json::serialize(*read);
  }
  EXPECT_EQ(read->at("user"), "admin");
  EXPECT_EQ(read->at("method"), "GET");
  EXPECT_EQ(read->at("status"), 200);
  EXPECT_TRUE(read->at("duration_ms").is_number());
  EXPECT_GT(read->at("bytes").as_int64(), 0);
  EXPECT_EQ(read->at("request_id").as_string().size(), 24u);
  ASSERT_NE(failed_sign_in, nullptr);
  EXPECT_TRUE(failed_sign_in->at("user").is_null());
}

TEST_F(MetricsEndpointTest, MainPortServesMetricsOnlyToTheToken) {
  ServeOptions options{
      .args = {}, .env = {{"NQ_METRICS_TOKEN", kToken}}, .stderr_path = {}, .lines = 1};
  ServerProcess server(binary_, db_, options);
  const uint16_t port = server.port();

  ClientResponse anonymous = Request(port, "GET", "/metrics", "", {{"X-Request-Id", "scrape-1"}});
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.body.find("nqtrack_"), std::string::npos);
  EXPECT_NE(anonymous.Header("www-authenticate"), "");
  json::value problem = json::parse(anonymous.body);
  EXPECT_EQ(problem.at("request_id"), "scrape-1");
  EXPECT_EQ(Request(port, "GET", "/metrics", "", {{"Authorization", "Bearer wrong"}}).status, 401);
  // A session's cookie is no way in either.
  Headers admin = SignInAdmin(port, kPassword);
  EXPECT_EQ(Request(port, "GET", "/metrics", "", admin).status, 401);

  ClientResponse scrape =
      Request(port, "GET", "/metrics", "", {{"Authorization", fmt::format("Bearer {}", kToken)}});
  ASSERT_EQ(scrape.status, 200) << scrape.body;
  std::map<std::string, double> samples = Samples(scrape.body);
  EXPECT_EQ(samples[R"(nqtrack_http_requests_total{method="GET",route="/metrics",code="401"})"], 3);
  EXPECT_EQ(samples[R"(nqtrack_sign_ins_total{result="succeeded"})"], 1);
  auto [status, said] = CheckWithPromtool(dir_, scrape.body);
  EXPECT_EQ(status, 0) << said;
  EXPECT_EQ(said, "") << "promtool complained:\n" << said;
}

TEST_F(MetricsEndpointTest, EveryAnswerCarriesItsRequestId) {
  ServerProcess server(binary_, db_);
  const uint16_t port = server.port();

  // A sane id is echoed, in the header and in a problem's body.
  ClientResponse named =
      Request(port, "GET", "/api/v1/no-such-thing", "", {{"X-Request-Id", "req-42.A_b"}});
  EXPECT_EQ(named.status, 404);
  EXPECT_EQ(named.Header("x-request-id"), "req-42.A_b");
  EXPECT_EQ(json::parse(named.body).at("request_id"), "req-42.A_b");

  // Without one, or with one that is not a sane token, the server makes one.
  const std::regex made(R"([0-9a-f]{24})");
  ClientResponse health = Request(port, "GET", "/api/v1/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_TRUE(std::regex_match(health.Header("x-request-id"), made))
      << health.Header("x-request-id");
  EXPECT_NE(Request(port, "GET", "/api/v1/health").Header("x-request-id"),
            health.Header("x-request-id"));
  for (const std::string& insane : {std::string("has space"), std::string("semi;colon"),
                                    std::string(65, 'a'), std::string("<script>")}) {
    ClientResponse answer = Request(port, "GET", "/api/v1/health", "", {{"X-Request-Id", insane}});
    EXPECT_TRUE(std::regex_match(answer.Header("x-request-id"), made)) << insane;
  }
  ClientResponse longest =
      Request(port, "GET", "/api/v1/health", "", {{"X-Request-Id", std::string(64, 'z')}});
  EXPECT_EQ(longest.Header("x-request-id"), std::string(64, 'z'));

  // An unauthenticated request's problem carries it too.
  ClientResponse refused = Request(port, "GET", "/api/v1/units", "", {{"X-Request-Id", "r-401"}});
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(json::parse(refused.body).at("request_id"), "r-401");
  EXPECT_EQ(refused.Header("x-request-id"), "r-401");
}

}  // namespace
}  // namespace nq::testing
