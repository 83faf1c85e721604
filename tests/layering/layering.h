// The layering rule of src/: which folder may include which. The table is read from
// docs/architecture.md, so the document and the check cannot drift apart.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace nq::testing {

struct Layering {
  // Folder (relative to src/, e.g. "app/reorg") → folders its files may include.
  std::map<std::string, std::set<std::string>> allowed;
  // What a test file (`*_test.cc`, `*_fixture.h`, `*_test_support.h`) may include besides its
  // folder's own edges.
  std::set<std::string> tests_also;
};

// Reads the table between `<!-- layering:begin -->` and `<!-- layering:end -->` of `markdown`:
// rows `| \`folder\` | \`a\`, \`b\` |`; the row whose folder is `tests` gives tests_also.
Layering ParseLayering(const std::string& markdown);

// The folder `path` (relative to src/) belongs to: the longest folder of the table that is a
// prefix of it; "" when none.
std::string FolderOf(const Layering& layering, const std::string& path);

// One include that the table does not allow.
struct Violation {
  std::string file;  // relative to src/
  int line = 0;
  std::string include;  // as written
  std::string from;     // folder of the file
  std::string to;       // folder of the include
};

// Checks the `#include "…"` lines of `text`, the contents of `path` (relative to src/).
std::vector<Violation> CheckFile(const Layering& layering, const std::string& path,
                                 const std::string& text);

}  // namespace nq::testing
