#include "layering/layering.h"

#include <regex>
#include <sstream>

namespace nq::testing {
namespace {

std::vector<std::string> Quoted(const std::string& cell) {
  std::vector<std::string> out;
  static const std::regex kCode("`([^`]+)`");
  for (auto it = std::sregex_iterator(cell.begin(), cell.end(), kCode);
       it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

bool IsTestFile(const std::string& path) {
  return path.ends_with("_test.cc") || path.ends_with("_fixture.h") ||
         path.ends_with("_test_support.h");
}

}  // namespace

Layering ParseLayering(const std::string& markdown) {
  Layering layering;
  size_t begin = markdown.find("<!-- layering:begin -->");
  size_t end = markdown.find("<!-- layering:end -->");
  if (begin == std::string::npos || end == std::string::npos) return layering;
  std::istringstream lines(markdown.substr(begin, end - begin));
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.starts_with("|")) continue;
    size_t split = line.find('|', 1);
    if (split == std::string::npos) continue;
    std::vector<std::string> folder = Quoted(line.substr(1, split - 1));
    if (folder.size() != 1) continue;  // the header and the rule rows
    std::vector<std::string> targets = Quoted(line.substr(split + 1));
    if (folder[0] == "tests") {
      layering.tests_also.insert(targets.begin(), targets.end());
    } else {
      layering.allowed[folder[0]].insert(targets.begin(), targets.end());
    }
  }
  return layering;
}

std::string FolderOf(const Layering& layering, const std::string& path) {
  std::string best;
  for (const auto& [folder, unused] : layering.allowed) {
    if (path.starts_with(folder + "/") && folder.size() > best.size()) best = folder;
  }
  return best;
}

std::vector<Violation> CheckFile(const Layering& layering, const std::string& path,
                                 const std::string& text) {
  std::vector<Violation> violations;
  const std::string from = FolderOf(layering, path);
  static const std::regex kInclude(R"re(^\s*#\s*include\s*"([^"]+)")re");
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    std::smatch match;
    if (!std::regex_search(line, match, kInclude)) continue;
    const std::string include = match[1];
    const std::string to = FolderOf(layering, include);
    if (to.empty() || to == from) continue;  // a system or sibling header
    auto allowed = layering.allowed.find(from);
    bool ok = allowed != layering.allowed.end() && allowed->second.contains(to);
    if (!ok && IsTestFile(path)) ok = layering.tests_also.contains(to);
    if (!ok) violations.push_back({path, number, include, from.empty() ? "?" : from, to});
  }
  return violations;
}

}  // namespace nq::testing
