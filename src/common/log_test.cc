#include "common/log.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace nq::log {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

const system_clock::time_point kTime = system_clock::time_point(milliseconds(1740816902123));

TEST(LogTest, TimeIsRfc3339InUtcWithMilliseconds) {
  EXPECT_EQ(Rfc3339Millis(kTime), "2025-03-01T08:15:02.123Z");
  EXPECT_EQ(Rfc3339Millis(system_clock::time_point(milliseconds(7))), "1970-01-01T00:00:00.007Z");
}

TEST(LogTest, JsonLineHasTimeLevelEventAndFields) {
  std::string line = FormatLine(Format::kJson, kTime, Level::kInfo, "request",
                                {{"request_id", "abc"},
                                 {"user", nullptr},
                                 {"status", 404},
                                 {"duration_ms", 1.5},
                                 {"secure", false},
                                 {"detail", "a \"quoted\"\nline"}});
  EXPECT_EQ(line,
            R"({"time":"2025-03-01T08:15:02.123Z","level":"info","event":"request",)"
            R"("request_id":"abc","user":null,"status":404,"duration_ms":1.500,"secure":false,)"
            R"("detail":"a \"quoted\"\nline"})");
}

TEST(LogTest, TextLineIsForAPerson) {
  std::string line = FormatLine(Format::kText, kTime, Level::kWarning, "request",
                                {{"user", nullptr}, {"route", "/api/v1/units"}, {"detail", "a b"}});
  EXPECT_EQ(line,
            R"(2025-03-01T08:15:02.123Z warning request user=- route=/api/v1/units detail="a b")");
}

TEST(LogTest, SinkReceivesLinesInTheChosenFormat) {
  std::vector<std::string> lines;
  SetSink([&](std::string_view line) { lines.emplace_back(line); });
  Format before = CurrentFormat();
  SetFormat(Format::kJson);
  Info("server_start", {{"port", 8080}});
  SetFormat(before);
  SetSink({});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(lines[0].ends_with(R"("level":"info","event":"server_start","port":8080})"))
      << lines[0];
}

TEST(LogTest, FormatsAreParsed) {
  EXPECT_EQ(ParseFormat("json").value(), Format::kJson);
  EXPECT_EQ(ParseFormat("text").value(), Format::kText);
  EXPECT_FALSE(ParseFormat("xml").has_value());
}

TEST(LogTest, RequestIdsAreKeptWhenSaneElseMade) {
  EXPECT_EQ(RequestId("abc-123_X.y"), "abc-123_X.y");
  EXPECT_EQ(RequestId(std::string(64, 'a')), std::string(64, 'a'));
  for (std::string_view bad : {"", "has space", "semi;colon", "ü", "a\nb"}) {
    std::string made = RequestId(bad);
    EXPECT_EQ(made.size(), 24u) << bad;
    EXPECT_TRUE(IsSaneRequestId(made));
  }
  EXPECT_EQ(RequestId(std::string(65, 'a')).size(), 24u);
  EXPECT_NE(RequestId(""), RequestId(""));
}

}  // namespace
}  // namespace nq::log
