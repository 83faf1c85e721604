#include "metrics/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "metrics/nqtrack.h"

namespace nq::metrics {
namespace {

using std::chrono::milliseconds;

TEST(MetricsTest, HistogramBucketsAreCumulativeWithSumAndCount) {
  Histogram histogram;
  histogram.Observe(milliseconds(1));           // on the bound: le="0.001"
  histogram.Observe(milliseconds(20));          // le="0.025"
  histogram.Observe(std::chrono::seconds(60));  // +Inf only
  Exposition out;
  out.Family("x_seconds", "histogram", "A test.");
  out.Sample("x_seconds", {{"route", "/a"}}, histogram.Read());
  const std::string& text = out.text();
  EXPECT_NE(text.find("x_seconds_bucket{route=\"/a\",le=\"0.001\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("x_seconds_bucket{route=\"/a\",le=\"0.01\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("x_seconds_bucket{route=\"/a\",le=\"0.025\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("x_seconds_bucket{route=\"/a\",le=\"30\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("x_seconds_bucket{route=\"/a\",le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("x_seconds_sum{route=\"/a\"} 60.021\n"), std::string::npos) << text;
  EXPECT_NE(text.find("x_seconds_count{route=\"/a\"} 3\n"), std::string::npos);
}

TEST(MetricsTest, LabelValuesAndHelpAreEscaped) {
  Exposition out;
  out.Family("y_total", "counter", "Back\\slash and\nnewline.");
  out.Sample("y_total", {{"path", "a\"b\\c\nd"}}, uint64_t{2});
  EXPECT_EQ(out.text(),
            "# HELP y_total Back\\\\slash and\\nnewline.\n# TYPE y_total counter\n"
            "y_total{path=\"a\\\"b\\\\c\\nd\"} 2\n");
  EXPECT_EQ(out.families(), 1);
}

TEST(MetricsTest, CountersAddFromManyThreads) {
  Counter counter;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) counter.Add();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counter.value(), 40000u);
}

TEST(MetricsTest, RequestsAreCountedByRouteAndCode) {
  RequestMetrics requests({{"GET", "/api/v1/units"}, {"GET", "/api/v1/units/{id}"}});
  requests.Begin();
  requests.End(1, 200, milliseconds(3), 10);
  requests.Begin();
  requests.End(1, 404, milliseconds(3), 5);
  requests.Begin();
  requests.End(requests.Unrouted("BREW"), 418, milliseconds(1), 0);
  requests.Begin();
  requests.End(requests.Unrouted("POST"), 404, milliseconds(1), 0);
  Exposition out;
  requests.Write(out);
  const std::string& text = out.text();
  EXPECT_NE(text.find("nqtrack_http_requests_total{method=\"GET\",route=\"/api/v1/units/{id}\","
                      "code=\"200\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("nqtrack_http_requests_total{method=\"other\",route=\"(none)\","
                      "code=\"4xx\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("nqtrack_http_requests_total{method=\"POST\",route=\"(none)\","
                      "code=\"404\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("nqtrack_http_response_body_bytes_total{method=\"GET\",route=\"/api/v1/"
                      "units/{id}\"} 15\n"),
            std::string::npos);
  // A route nobody asked for has no series.
  EXPECT_EQ(text.find("route=\"/api/v1/units\"}"), std::string::npos);
  EXPECT_NE(text.find("nqtrack_http_requests_in_flight 0\n"), std::string::npos);
}

TEST(MetricsTest, ProcessMetricsAreRead) {
  Exposition out;
  WriteProcessMetrics(out);
  EXPECT_EQ(out.families(), 6);
  EXPECT_NE(out.text().find("process_resident_memory_bytes "), std::string::npos);
  EXPECT_EQ(out.text().find("process_open_fds 0\n"), std::string::npos);
}

}  // namespace
}  // namespace nq::metrics
