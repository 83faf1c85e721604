// nqtrack openapi: the API's OpenAPI 3.1 document, as GET /api/v1/openapi.json answers it, written
// without a server (for linting, and for the web UI's generated types).
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "api/app.h"
#include "cli/commands.h"
#include "cli/stack.h"

namespace nq::cli {

int OpenApi(const Options& options) {
  // The routes need a service to be added, never to be described: an empty scratch store.
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("nqtrack-openapi-{}", ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string document;
  {
    auto stack = OpenStack((dir / "scratch.db").string());
    if (!stack) {
      std::filesystem::remove_all(dir);
      return Fail(stack.error());
    }
    api::App app(*(*stack)->service, *(*stack)->auth);
    try {
      document = api::OpenApiDocument(app.router());
    } catch (const std::logic_error& e) {
      std::filesystem::remove_all(dir);
      return Fail(Error{ErrorCode::kInternal, e.what(), ""});
    }
  }
  std::filesystem::remove_all(dir);
  document += "\n";
  if (options.file.empty() || options.file == "-") {
    fmt::print("{}", document);
    return 0;
  }
  if (auto written = WriteFileAtomically(options.file, document); !written) {
    return Fail(written.error());
  }
  return 0;
}

}  // namespace nq::cli
