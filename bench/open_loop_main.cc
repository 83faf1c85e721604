// open_loop: constant-rate HTTP/1.1 load on loopback, latency from each request's due time
// (bench/open_loop.h). Prints one JSON object on standard output.
//   open_loop --url http://127.0.0.1:PORT/path?query --rate 5000 --connections 16
//             --seconds 10 [--warmup 2] [--drain 5] [-H 'Authorization: Bearer …']…
#include <fmt/format.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "open_loop.h"

namespace {

[[noreturn]] void Usage(std::string_view problem) {
  fmt::print(stderr,
             "open_loop: {}\nusage: open_loop --url http://127.0.0.1:PORT/PATH --rate R "
             "[--connections N] [--seconds S] [--warmup S] [--drain S] [-H 'Name: value']…\n",
             problem);
  std::exit(2);
}

double Positive(std::string_view name, const char* text) {
  char* end = nullptr;
  const double value = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(value >= 0))
    Usage(fmt::format("{} must be a number ≥ 0, not '{}'", name, text));
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  nq::bench::OpenLoopOptions options;
  bool rate_given = false;
  for (int arg = 1; arg < argc; ++arg) {
    const std::string_view name = argv[arg];
    if (arg + 1 >= argc) Usage(fmt::format("{} needs a value", name));
    const char* value = argv[++arg];
    if (name == "--url") {
      constexpr std::string_view kPrefix = "http://127.0.0.1:";
      const std::string_view url = value;
      if (!url.starts_with(kPrefix))
        Usage("the URL must start with http://127.0.0.1: (loopback only)");
      const size_t slash = url.find('/', kPrefix.size());
      const double port = Positive(
          "the port", std::string(url.substr(kPrefix.size(), slash - kPrefix.size())).c_str());
      if (port < 1 || port > 65535) Usage("the port must be 1–65535");
      options.port = static_cast<uint16_t>(port);
      options.target = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
    } else if (name == "--rate") {
      options.rate = Positive(name, value);
      rate_given = options.rate > 0;
    } else if (name == "--connections") {
      options.connections = static_cast<int>(Positive(name, value));
    } else if (name == "--seconds") {
      options.seconds = Positive(name, value);
    } else if (name == "--warmup") {
      options.warmup_seconds = Positive(name, value);
    } else if (name == "--drain") {
      options.drain_seconds = Positive(name, value);
    } else if (name == "-H") {
      options.headers.emplace_back(value);
    } else {
      Usage(fmt::format("unknown argument {}", name));
    }
  }
  if (options.port == 0) Usage("--url is required");
  if (!rate_given) Usage("--rate (requests per second, > 0) is required");
  if (options.connections < 1 || options.connections > 10'000)
    Usage("--connections must be 1–10000");
  if (options.seconds > 3600 || options.warmup_seconds > 600 || options.drain_seconds > 600) {
    Usage("the run is bounded: --seconds ≤ 3600, --warmup and --drain ≤ 600");
  }

  const nq::bench::OpenLoopResult result = nq::bench::RunOpenLoop(options);
  if (!result.error.empty()) {
    fmt::print(stderr, "open_loop: {}\n", result.error);
    return 1;
  }
  auto ms = [&](double fraction) {
    return static_cast<double>(result.latency.Percentile(fraction)) / 1e6;
  };
  fmt::print(
      "{{\"rate\": {}, \"connections\": {}, \"seconds\": {}, \"scheduled\": {}, \"completed\": {}, "
      "\"requests_per_second\": {:.1f}, \"non_2xx\": {}, \"failed\": {}, \"incomplete\": {}, "
      "\"reconnects\": {}, \"body_bytes\": {}, \"p50_ms\": {:.4f}, \"p90_ms\": {:.4f}, "
      "\"p99_ms\": {:.4f}, \"p999_ms\": {:.4f}, \"max_ms\": {:.4f}}}\n",
      options.rate, options.connections, options.seconds, result.scheduled, result.completed,
      static_cast<double>(result.completed) / result.answered_seconds, result.non_2xx,
      result.failed, result.incomplete, result.reconnects, result.body_bytes, ms(0.5), ms(0.9),
      ms(0.99), ms(0.999), static_cast<double>(result.latency.max()) / 1e6);
  return result.failed + result.incomplete + result.non_2xx == 0 ? 0 : 3;
}
