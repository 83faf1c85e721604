// Every include in src/ follows the allowed table of docs/architecture.md.
#include "layering/layering.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace nq::testing {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

fs::path SourceDir() {
  const char* dir = std::getenv("NQ_SOURCE_DIR");
  return dir ? fs::path(dir) : fs::path(".");
}

Layering ProjectLayering() {
  return ParseLayering(ReadFile(SourceDir() / "docs" / "architecture.md"));
}

const char kTable[] = R"(
<!-- layering:begin -->
| folder | may include |
|---|---|
| `common` | |
| `storage` | `common` |
| `engine` | `common` |
| `app` | `engine`, `storage`, `common` |
| `tests` | `storage` |
<!-- layering:end -->
)";

TEST(Layering, ReadsTheTableOfTheDocument) {
  Layering layering = ProjectLayering();
  ASSERT_FALSE(layering.allowed.empty()) << "no layering table in docs/architecture.md";
  for (const char* folder : {"common", "domain", "engine", "storage", "app", "api", "cli"}) {
    EXPECT_TRUE(layering.allowed.contains(folder)) << folder;
  }
}

TEST(Layering, RefusesAnIncludeTheTableDoesNotAllow) {
  Layering layering = ParseLayering(kTable);
  auto violations = CheckFile(layering, "engine/model.cc",
                              "#include \"engine/model.h\"\n\n#include \"storage/store.h\"\n");
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].line, 3);
  EXPECT_EQ(violations[0].from, "engine");
  EXPECT_EQ(violations[0].to, "storage");
  EXPECT_TRUE(CheckFile(layering, "app/use_cases.cc", "#include \"storage/store.h\"\n").empty());
}

TEST(Layering, LetsTestsIncludeTheirFixtures) {
  Layering layering = ParseLayering(kTable);
  EXPECT_TRUE(CheckFile(layering, "engine/model_test.cc", "#include \"storage/store.h\"").empty());
  EXPECT_EQ(CheckFile(layering, "engine/model_test.cc", "#include \"app/service.h\"").size(), 1u);
}

TEST(Layering, PlacesAFileInItsDeepestFolder) {
  Layering layering = ParseLayering(R"(<!-- layering:begin -->
| `app` | `common` |
| `app/reorg` | `app` |
<!-- layering:end -->)");
  EXPECT_EQ(FolderOf(layering, "app/reorg/reorg.cc"), "app/reorg");
  EXPECT_EQ(FolderOf(layering, "app/service.cc"), "app");
  EXPECT_EQ(CheckFile(layering, "app/service.cc", "#include \"app/reorg/reorg.h\"").size(), 1u);
}

TEST(Layering, EveryIncludeOfSrcFollowsTheTable) {
  Layering layering = ProjectLayering();
  const fs::path src = SourceDir() / "src";
  size_t files = 0;
  std::vector<Violation> all;
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".cc" && ext != ".h")) continue;
    ++files;
    std::string path = fs::relative(entry.path(), src).generic_string();
    EXPECT_FALSE(FolderOf(layering, path).empty()) << path << " is in no folder of the table";
    auto found = CheckFile(layering, path, ReadFile(entry.path()));
    all.insert(all.end(), found.begin(), found.end());
  }
  EXPECT_GT(files, 100u);
  for (const Violation& v : all) {
    ADD_FAILURE() << "src/" << v.file << ":" << v.line << ": " << v.from << " may not include "
                  << v.to << " (\"" << v.include << "\"); see docs/architecture.md";
  }
}

}  // namespace
}  // namespace nq::testing
