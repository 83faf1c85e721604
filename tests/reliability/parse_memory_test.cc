// A burst of large JSON bodies must not take the server's memory: 24 clients at once each POST
// 8 MB of `[{},{},…]` (2.8 million values, some 150 MB each once parsed, before the limit) and
// of `[[[[…` (too deep). Every answer must be a clear 413 (too_large: the parse would pass its
// memory budget, or the body its limit) or a 503 with Retry-After (the budget of bodies in
// flight is taken). The server's peak resident memory (VmHWM of the real server process) may
// grow by at most 256 MB over its level after sign-in, and its resident memory (VmRSS) must come
// back within 96 MB of that level afterwards; it still answers.
//
// The bound: bodies in flight are at most 64 MiB (Options::max_body_bytes_in_flight), parses
// at most 4 × 32 MiB (one per handler thread, kMaxJsonParseBytes), 192 MiB in all, plus
// AddressSanitizer's shadow of them (an eighth) and the socket buffers. Before the limits, 24 such
// bodies took the server past 1.5 GB.
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.h"
#include "support/server_process.h"

namespace nq::testing {
namespace {

constexpr const char* kPassword = "parse-memory-password";

TEST(ParseMemoryTest, ABurstOfLargeJsonBodiesIsRefusedWithinABoundedMemory) {
  std::string binary = NqtrackBinary(NQ_BINARY_PATH);
  auto dir = std::filesystem::temp_directory_path() / fmt::format("nq-parse-{}", ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string db = (dir / "nq.db").string();
  InitDatabase(binary, db, kPassword);
  // AddressSanitizer keeps freed memory in a quarantine (256 MB by default) and would count it;
  // the release build has none.
  ServeOptions serve;
  const char* asan = std::getenv("ASAN_OPTIONS");
  serve.env.emplace_back("ASAN_OPTIONS", fmt::format("{}{}quarantine_size_mb=4", asan ? asan : "",
                                                     asan && *asan ? ":" : ""));
  ServerProcess server(binary, db, serve);
  Headers session = SignInAdmin(server.port(), kPassword);
  session.emplace_back("Content-Type", "application/json");
  const double rest_peak = ProcessMemoryMb(server.pid(), "VmHWM");
  const double rest_rss = ProcessMemoryMb(server.pid(), "VmRSS");

  std::string values = "[";
  while (values.size() < (8u << 20) - 8) values += "{},";
  values.back() = ']';
  const std::string deep = std::string((8u << 20) - 8, '[');

  constexpr int kClients = 24;
  std::vector<std::future<ClientResponse>> answers;
  const auto start = std::chrono::steady_clock::now();
  for (int client = 0; client < kClients; ++client) {
    answers.push_back(std::async(std::launch::async, [&, client] {
      return Request(server.port(), "POST", "/api/v1/units", client % 4 == 3 ? deep : values,
                     session, 60000);
    }));
  }
  int too_large = 0, busy = 0;
  for (auto& answer : answers) {
    ClientResponse response = answer.get();
    if (response.status == 413) {
      ++too_large;
      EXPECT_NE(response.body.find("\"too_large\""), std::string::npos) << response.body;
    } else if (response.status == 503) {
      ++busy;
      EXPECT_EQ(response.Header("retry-after"), "1");
    } else if (response.status == 400) {
      ++too_large;  // nested past the depth limit
      EXPECT_NE(response.body.find("too deep"), std::string::npos) << response.body;
    } else {
      ADD_FAILURE() << "status " << response.status << ": " << response.body.substr(0, 300);
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double peak = ProcessMemoryMb(server.pid(), "VmHWM");
  // The memory comes back once the burst is answered (GiveMemoryBack at most every 100 ms).
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(Request(server.port(), "GET", "/api/v1/health").status, 200);
  const double after_rss = ProcessMemoryMb(server.pid(), "VmRSS");
  std::cout << fmt::format(
      "{} bodies of 8 MB in {:.1f} s: {} refused 413/400, {} 503; server RSS {:.0f} MB at rest, "
      "peak {:.0f} MB (was {:.0f}), {:.0f} MB after\n",
      kClients, seconds, too_large, busy, rest_rss, peak, rest_peak, after_rss);
  EXPECT_GT(too_large, 0);
  EXPECT_LT(peak - rest_peak, 256);
  EXPECT_LT(after_rss - rest_rss, 96);
  server.Kill();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace nq::testing
