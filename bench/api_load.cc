// api_load: a closed-loop HTTP/1.1 load client for nqtrack benchmarks, loopback only.
// N connections, each on its own thread with keep-alive, send one request, wait for the whole
// response, send the next, until the duration is up; then prints the rate and latencies.
//   api_load --port 8080 --connections 8 --seconds 10 --token nqt_…
//            --get '/api/v1/units?q=ba' [--get …] | --post /api/v1/values --body-file values.json
// A POST body may hold "{seq}", replaced by a per-request counter ("{seq100}": the counter mod
// 100); every POST carries a fresh
// Idempotency-Key. Any status other than 2xx counts as an error (the first one is printed).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "open_loop.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Config {
  int port = 8080;
  int connections = 8;
  double seconds = 10;
  std::string token;
  std::vector<std::string> gets;
  std::string post_path;
  std::string body;
  std::string label = "run";
};

std::atomic<long> g_sequence{0};
std::mutex g_print;
bool g_printed_error = false;

int Connect(int port) { return nq::bench::ConnectLoopback(static_cast<uint16_t>(port)); }

bool SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// Reads one response (Content-Length framing); returns the status, or -1 on a broken connection.
int ReadResponse(int fd, std::string& buffer, std::string& body) {
  char chunk[16384];
  size_t header_end;
  while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return -1;
    buffer.append(chunk, static_cast<size_t>(n));
  }
  std::string head = buffer.substr(0, header_end);
  int status = std::atoi(head.c_str() + head.find(' ') + 1);
  std::string lower = head;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  size_t length = 0;
  if (size_t at = lower.find("content-length:"); at != std::string::npos) {
    length = std::strtoul(head.c_str() + at + 15, nullptr, 10);
  }
  size_t total = header_end + 4 + length;
  while (buffer.size() < total) {
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return -1;
    buffer.append(chunk, static_cast<size_t>(n));
  }
  body = buffer.substr(header_end + 4, length);
  buffer.erase(0, total);
  return status;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

struct Tally {
  std::vector<double> latencies_ms;
  long errors = 0;
};

void Worker(const Config& config, Clock::time_point end, int index, Tally& tally) {
  int fd = Connect(config.port);
  std::string buffer;
  std::string body;
  size_t next_get = static_cast<size_t>(index);
  while (fd >= 0 && Clock::now() < end) {
    std::string request;
    if (!config.post_path.empty()) {
      long seq = g_sequence.fetch_add(1);
      std::string payload = Replace(Replace(config.body, "{seq}", std::to_string(seq)), "{seq100}",
                                    std::to_string(seq % 100));
      request = "POST " + config.post_path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                "Authorization: Bearer " + config.token + "\r\n" +
                "Content-Type: application/json\r\nIdempotency-Key: bench-" +
                std::to_string(::getpid()) + "-" + std::to_string(seq) + "\r\n" +
                "Content-Length: " + std::to_string(payload.size()) + "\r\n\r\n" + payload;
    } else {
      const std::string& path = config.gets[next_get++ % config.gets.size()];
      request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                config.token + "\r\n\r\n";
    }
    auto start = Clock::now();
    int status = SendAll(fd, request) ? ReadResponse(fd, buffer, body) : -1;
    auto took = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (status < 200 || status >= 300) {
      ++tally.errors;
      std::lock_guard lock(g_print);
      if (!g_printed_error) {
        g_printed_error = true;
        std::fprintf(stderr, "api_load: %s: status %d: %.300s\n", config.label.c_str(), status,
                     body.c_str());
      }
      if (status < 0) {
        ::close(fd);
        buffer.clear();
        fd = Connect(config.port);
      }
      continue;
    }
    tally.latencies_ms.push_back(took);
  }
  if (fd >= 0) ::close(fd);
}

double Percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t at = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(at, sorted.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  Config config;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "api_load: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--port")
      config.port = std::atoi(value().c_str());
    else if (arg == "--connections")
      config.connections = std::atoi(value().c_str());
    else if (arg == "--seconds")
      config.seconds = std::atof(value().c_str());
    else if (arg == "--token")
      config.token = value();
    else if (arg == "--get")
      config.gets.push_back(value());
    else if (arg == "--post")
      config.post_path = value();
    else if (arg == "--label")
      config.label = value();
    else if (arg == "--body-file") {
      std::ifstream in(value());
      std::stringstream text;
      text << in.rdbuf();
      config.body = text.str();
    } else {
      std::fprintf(stderr, "api_load: unknown argument %s\n", arg.c_str());
      return 2;
    }
  }
  if (config.gets.empty() == config.post_path.empty()) {
    std::fprintf(stderr, "api_load: give --get PATH (repeatable) or --post PATH --body-file F\n");
    return 2;
  }
  std::vector<Tally> tallies(static_cast<size_t>(config.connections));
  std::vector<std::thread> threads;
  auto begin = Clock::now();
  auto end = begin + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(config.seconds));
  for (int i = 0; i < config.connections; ++i) {
    threads.emplace_back(Worker, std::cref(config), end, i,
                         std::ref(tallies[static_cast<size_t>(i)]));
  }
  for (std::thread& thread : threads) thread.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
  std::vector<double> all;
  long errors = 0;
  for (Tally& tally : tallies) {
    all.insert(all.end(), tally.latencies_ms.begin(), tally.latencies_ms.end());
    errors += tally.errors;
  }
  std::sort(all.begin(), all.end());
  std::printf("%s\t%zu ok\t%ld errors\t%.0f req/s\tp50 %.2f ms\tp99 %.2f ms\n",
              config.label.c_str(), all.size(), errors, static_cast<double>(all.size()) / elapsed,
              Percentile(all, 0.50), Percentile(all, 0.99));
  return errors > 0 && all.empty() ? 1 : 0;
}
