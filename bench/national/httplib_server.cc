// httplib_server: cpp-httplib (Debian's 0.11.4) serving one file's bytes as JSON at every GET,
// with TCP_NODELAY, the H1 peer of the benchmark.
//   httplib_server PORT FILE
#include <httplib.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: httplib_server PORT FILE\n";
    return 1;
  }
  std::ifstream in(argv[2], std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  const std::string body = bytes.str();
  httplib::Server server;
  server.set_tcp_nodelay(true);
  server.Get(".*", [&](const httplib::Request&, httplib::Response& response) {
    response.set_content(body, "application/json");
  });
  std::cerr << "httplib_server: " << body.size() << " bytes on 127.0.0.1:" << argv[1] << "\n";
  return server.listen("127.0.0.1", std::stoi(argv[1])) ? 0 : 1;
}
