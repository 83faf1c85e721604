#include "api/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace nq::api {
namespace {

std::string_view ContentType(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".js" || extension == ".mjs") return "text/javascript; charset=utf-8";
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".json" || extension == ".map") return "application/json";
  if (extension == ".svg") return "image/svg+xml";
  if (extension == ".png") return "image/png";
  if (extension == ".ico") return "image/x-icon";
  if (extension == ".woff2") return "font/woff2";
  if (extension == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::optional<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

std::optional<HttpResponse> StaticFiles::Serve(const std::string& path) const {
  if (root_.empty()) return std::nullopt;
  std::filesystem::path root(root_);
  std::error_code ec;
  if (!std::filesystem::exists(root / "index.html", ec)) return std::nullopt;
  // Only plain relative names: no "..", no hidden files.
  std::filesystem::path relative = std::filesystem::path(path).relative_path().lexically_normal();
  bool safe = !relative.empty();
  for (const auto& part : relative) {
    std::string name = part.string();
    if (name == ".." || (!name.empty() && name.front() == '.')) safe = false;
  }
  std::filesystem::path file = root / relative;
  bool asset = safe && std::filesystem::is_regular_file(file, ec);
  if (!asset) file = root / "index.html";  // the UI routes on the client
  auto content = ReadFile(file);
  if (!content) return std::nullopt;
  HttpResponse response;
  response.content_type = std::string(ContentType(file));
  response.body = std::move(*content);
  bool hashed = asset && relative.string().starts_with("assets/");
  response.headers.emplace_back("Cache-Control",
                                hashed ? "public, max-age=31536000, immutable" : "no-cache");
  return response;
}

}  // namespace nq::api
