// A minimal blocking HTTP/1.1 client over loopback for tests: one request per connection.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace nq::testing {

struct ClientResponse {
  int status = 0;  // 0 when the connection failed or the answer was cut short
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// 127.0.0.`n`: any 127.x.y.z is this machine, so tests can be clients at several addresses.
constexpr uint32_t Loopback(uint8_t n) { return (127u << 24) | n; }

// Sends one request to 127.0.0.1:`port` from the loopback address `from`; waits at most
// `timeout_ms` for the whole answer.
ClientResponse Request(uint16_t port, const std::string& method, const std::string& target,
                       const std::string& body = "", const Headers& headers = {},
                       int timeout_ms = 10000, uint32_t from = Loopback(1));

// Percent-encodes a query value.
std::string UrlEncode(const std::string& text);

}  // namespace nq::testing
