// The fuzz target of the HTTP transport: bytes read as the server reads a request from a
// connection (request line, headers, body framing, the target's percent-decoding and query),
// then routed against the API's route table (every `route` line of tests/authz/matrix.txt).
// Properties: a refusal is a 4xx problem; a request read has a path that holds no NUL and starts
// with "/"; a route found matches the method, and its parameters are non-empty path segments.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "api/router.h"
#include "common/log.h"
#include "http/wire.h"

namespace nq::fuzz {
namespace {

[[noreturn]] void Broken(const char* what) {
  std::fprintf(stderr, "fuzz property broken: %s\n", what);
  std::abort();
}

// The transport logs every refusal; a fuzzer would spend its time writing them.
const bool kQuiet = [] {
  log::SetSink([](std::string_view) {});
  return true;
}();

const api::Router& Routes() {
  static const api::Router router = [] {
    api::Router table;
    std::ifstream in(std::string(NQ_SOURCE_DIR) + "/tests/authz/matrix.txt");
    std::string line;
    while (std::getline(in, line)) {
      if (!line.starts_with("route ")) continue;
      std::istringstream words(line.substr(6));
      std::string method, pattern;
      words >> method >> pattern;
      table.Add(method, pattern, "fuzz", [](const http::HttpRequest&, const api::PathParams&) {
        return Result<http::HttpResponse>(http::HttpResponse{});
      });
    }
    if (table.routes().empty()) Broken("no route read from tests/authz/matrix.txt");
    return table;
  }();
  return router;
}

void HttpRequest(std::string_view input) {
  (void)kQuiet;
  auto request = http::wire::ReadRequest(input, 1 << 16);
  if (!request) {
    if (request.error().status < 400 || request.error().status > 499) Broken("a refusal not 4xx");
    return;
  }
  if (request->path.find('\0') != std::string::npos) Broken("a path holding NUL");
  if (!request->path.starts_with('/')) Broken("a path not starting with /");
  const auto match = Routes().Find(request->method, request->path);
  if (!match.route) return;
  if (match.route->method != request->method &&
      !(request->method == "HEAD" && match.route->method == "GET")) {
    Broken("a route of another method");
  }
  for (const auto& [name, value] : match.params) {
    if (value.empty()) Broken("an empty path parameter");
  }
}

}  // namespace
}  // namespace nq::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  nq::fuzz::NQ_FUZZ_TARGET(input);
  return 0;
}
