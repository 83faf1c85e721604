// StaticFiles: serves the built web UI (web/dist) from the nqtrack binary, with the single-page
// fallback to index.html for client-side routes.
#pragma once

#include <optional>
#include <string>

#include "http/http_server.h"

namespace nq::api {

using http::HttpRequest;
using http::HttpResponse;

class StaticFiles final {
 public:
  // `root` is the folder holding index.html; an empty or missing folder serves nothing.
  explicit StaticFiles(std::string root) : root_(std::move(root)) {}

  // The response for a GET/HEAD of `path` outside /api, or nullopt when there is no UI to serve.
  std::optional<HttpResponse> Serve(const std::string& path) const;

 private:
  std::string root_;
};

}  // namespace nq::api
