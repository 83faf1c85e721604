// A workbook that expands past what the server will hold: one shared string referenced by
// thousands of cells (17 KB on the wire, gigabytes once every cell holds its copy). Every
// upload route must refuse it with 413 too_large naming the limit, quickly, while the server's
// peak resident memory stays under 256 MB (read from the real server process's VmHWM).
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "formats/zip_archive.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace nq::testing {
namespace {

namespace json = boost::json;

constexpr const char* kPassword = "budget-test-password";
constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// A workbook whose sheets "Số liệu", "Đơn vị" and "Minh chứng" each hold `references` cells
// (10 a row) that all point at one shared string of `string_bytes` bytes.
std::string SharedStringBomb(size_t string_bytes, int references) {
  std::string sheet =
      R"(<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)";
  for (int cell = 0; cell < references; ++cell) {
    const int row = cell / 10 + 1;
    if (cell % 10 == 0) sheet += fmt::format(R"(<row r="{}">)", row);
    sheet +=
        fmt::format(R"(<c r="{}{}" t="s"><v>0</v></c>)", static_cast<char>('A' + cell % 10), row);
    if (cell % 10 == 9 || cell + 1 == references) sheet += "</row>";
  }
  sheet += "</sheetData></worksheet>";
  auto zip = formats::WriteZip(
      {{"[Content_Types].xml",
        R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>)"},
       {"xl/workbook.xml",
        R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Số liệu" sheetId="1" r:id="rId1"/><sheet name="Đơn vị" sheetId="2" r:id="rId1"/><sheet name="Minh chứng" sheetId="3" r:id="rId1"/></sheets></workbook>)"},
       {"xl/_rels/workbook.xml.rels",
        R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="x" Target="worksheets/data.xml"/></Relationships>)"},
       {"xl/sharedStrings.xml",
        R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>)" +
            std::string(string_bytes, 'x') + "</t></si></sst>"},
       {"xl/worksheets/data.xml", sheet}});
  EXPECT_TRUE(zip);
  return zip.value_or("");
}

TEST(WorkbookBudgetTest, ASharedStringBombIsRefusedWith413AndLittleMemory) {
  std::string binary = NqtrackBinary(NQ_BINARY_PATH);
  auto dir = std::filesystem::temp_directory_path() / fmt::format("nq-budget-{}", ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string db = (dir / "nq.db").string();
  InitDatabase(binary, db, kPassword);
  // Under AddressSanitizer freed memory waits in a quarantine (256 MB by default) instead of
  // being reused, which would count every freed byte in the peak: keep it small for the server.
  const char* asan = std::getenv("ASAN_OPTIONS");
  ::setenv(
      "ASAN_OPTIONS",
      fmt::format("{}{}quarantine_size_mb=4", asan ? asan : "", asan && *asan ? ":" : "").c_str(),
      1);
  ServerProcess server(binary, db);
  if (asan) {
    ::setenv("ASAN_OPTIONS", asan, 1);
  } else {
    ::unsetenv("ASAN_OPTIONS");
  }
  Headers session = SignInAdmin(server.port(), kPassword);
  const double before = ProcessMemoryMb(server.pid(), "VmHWM");

  struct Bomb {
    const char* name;
    std::string file;
    const char* limit;  // named in the problem's detail
  };
  // The attack as found (a string just under 1 MiB, so that its part stays under the 1 MiB from
  // which the zip reader checks the inflation ratio; 3,000 references: 3 GB expanded), and one
  // whose every string fits a cell but whose references add up (100 KiB × 3,000 = 300 MB).
  const std::vector<Bomb> bombs = {
      {"1 MiB × 3000", SharedStringBomb((1u << 20) - 1024, 3000), "max_cell_bytes"},
      {"100 KiB × 3000", SharedStringBomb(100u << 10, 3000), "max_text_bytes"},
  };
  const std::vector<std::string> routes = {
      "/api/v1/imports/values.xlsx",
      "/api/v1/imports/units.xlsx",
      "/api/v1/imports/evidence.xlsx",
      "/api/v1/imports/units.xlsx?async=true",
      "/api/v1/imports/evidence.xlsx?async=true",
  };
  int key = 0;
  for (const Bomb& bomb : bombs) {
    std::cout << bomb.name << ": " << bomb.file.size() << " bytes on the wire\n";
    for (const std::string& route : routes) {
      Headers headers = session;
      headers.emplace_back("Content-Type", kXlsx);
      headers.emplace_back("Idempotency-Key", fmt::format("bomb-{}", ++key));
      const auto start = std::chrono::steady_clock::now();
      ClientResponse response = Request(server.port(), "POST", route, bomb.file, headers, 30000);
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      std::cout << "  " << route << ": " << response.status << " in " << ms << " ms\n";
      EXPECT_EQ(response.status, 413) << route << ": " << response.body;
      EXPECT_EQ(response.Header("content-type"), "application/problem+json") << route;
      EXPECT_NE(response.body.find("\"code\":\"too_large\""), std::string::npos) << response.body;
      EXPECT_NE(response.body.find(bomb.limit), std::string::npos) << response.body;
      EXPECT_LT(ms, 10000) << route;
    }
  }
  const double peak = ProcessMemoryMb(server.pid(), "VmHWM");
  std::cout << "server peak RSS: " << before << " MB after sign-in, " << peak
            << " MB after every upload\n";
  EXPECT_GT(peak, 0);
  // What the bombs cost over the server at rest: a bomb read whole would add 300 MB to 3 GB. The
  // server at rest (about 240 MB under AddressSanitizer, and growing with the binary) is not
  // what this test bounds.
  EXPECT_LT(peak - before, 64);
  // The server goes on answering.
  EXPECT_EQ(Request(server.port(), "GET", "/api/v1/health").status, 200);
  server.Kill();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace nq::testing
