// A failed sign-in takes as long for an unknown login as for a known one, so timing does not tell
// which accounts exist. Run alone (CTest RUN_SERIAL): it measures wall time.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "api/server_fixture.h"

namespace nq::testing {
namespace {

class AuthTimingTest : public ServerFixture {};

double Median(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

TEST_F(AuthTimingTest, UnknownLoginFailsAsSlowlyAsAKnownOne) {
  // Limits out of the way: this test is about the hash, not the throttle.
  app::AuthOptions options;
  options.account_failures = 1'000'000;
  options.address_failures = 1'000'000;
  app::Authenticator auth(*service_, options);
  ASSERT_EQ(Post("/api/v1/users", json::object{{"login", "known.user"},
                                               {"name", "Người dùng"},
                                               {"password", "the-real-password"}})
                .status,
            201);
  auto time_one = [&](const std::string& login) {
    auto start = std::chrono::steady_clock::now();
    auto result = auth.Login(login, "a-wrong-password", "127.0.0.1");
    auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_FALSE(result);
    if (!result) {
      EXPECT_EQ(result.error().code, ErrorCode::kUnauthenticated);
    }
    return std::chrono::duration<double, std::milli>(elapsed).count();
  };
  time_one("known.user");  // warm both paths up
  time_one("unknown.user");
  std::vector<double> known, unknown;
  for (int round = 0; round < 21; ++round) {  // interleaved, so drift hits both alike
    known.push_back(time_one("known.user"));
    unknown.push_back(time_one(fmt::format("unknown.{}", round)));
  }
  double known_ms = Median(known), unknown_ms = Median(unknown);
  double difference = std::abs(known_ms - unknown_ms) / std::max(known_ms, unknown_ms);
  EXPECT_LE(difference, 0.10) << "median known " << known_ms << " ms, unknown " << unknown_ms
                              << " ms";
  std::cout << "[ timing   ] known " << known_ms << " ms, unknown " << unknown_ms << " ms\n";
}

}  // namespace
}  // namespace nq::testing
