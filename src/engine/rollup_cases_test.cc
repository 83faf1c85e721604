// Roll-up cases as data files, in the manner of sqllogictest: each file under tests/rollup/
// holds a unit tree, indicators, values, obligations and queries with their expected results.
//
// Directives, one a line; `#` starts a comment; `key=value` arguments may come in any order:
//   kind <id> <code>
//   unit <id> kind=<id> [parent=<id>] [from=<date>] [to=<date>]
//   move <unit> parent=<id|none> on=<date>           the unit hangs under parent from `on`
//   indicator <id> code=<code> across=<sum|average|min|max|count_yes|none>
//             [time=<sum|last|average>] [period=<month|quarter|half|year|term>]
//   computed <id> code=<code> numerator=<id> denominator=<id> [factor=<n>]
//   value <indicator> <unit> <period> <number>
//   obligation <id> due=<date>
//   assignment <id> obligation=<id> unit=<id> [done=<date>] [evidence=<text|none>]
//   query indicator=<id> unit=<id> period=<period> as_of=<date>
//   query obligation=<id> unit=<id> as_of=<date>
//   expect <key>=<value>...                          checks the last query; unnamed keys
//                                                    are not checked
// Indicator keys: value (a number or `absent`), reporting, in_subtree, numerator, denominator,
// rows (`unit:period:number,…` or `none`), error (an error code name: invalid_argument…).
// Obligation keys: expected, done, on_time, late, overdue, pending, not_done and assignments
// (unit ids in order, or `none`); `expect kind=<id> expected=… done=…` checks one kind's counts,
// and the kinds named must be exactly the kinds in the breakdown.
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/test_data.h"

namespace nq::engine {
namespace {

namespace fs = std::filesystem;
using namespace test;  // NOLINT(google-build-using-namespace): the test's own builders

fs::path CasesDir() {
  if (const char* source = std::getenv("NQ_SOURCE_DIR"); source != nullptr && *source != '\0') {
    return fs::path(source) / "tests" / "rollup";
  }
  // Test discovery runs without the environment of ctest.
  return fs::path(NQ_DEFAULT_SOURCE_DIR) / "tests" / "rollup";
}

std::vector<fs::path> CaseFiles() {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(CasesDir(), error)) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// One directive: its name, positional words and key=value arguments.
struct Line {
  int number = 0;
  std::string directive;
  std::vector<std::string> words;
  std::map<std::string, std::string> args;
  std::vector<std::pair<std::string, std::string>> ordered_args;  // for expect lines
};

std::vector<Line> ReadLines(const fs::path& path) {
  std::ifstream in(path);
  std::vector<Line> lines;
  std::string text;
  for (int number = 1; std::getline(in, text); ++number) {
    if (auto hash = text.find('#'); hash != std::string::npos) text.erase(hash);
    std::istringstream tokens(text);
    Line line;
    line.number = number;
    if (!(tokens >> line.directive)) continue;
    for (std::string token; tokens >> token;) {
      auto equals = token.find('=');
      if (equals == std::string::npos) {
        line.words.push_back(token);
        continue;
      }
      line.args[token.substr(0, equals)] = token.substr(equals + 1);
      line.ordered_args.emplace_back(token.substr(0, equals), token.substr(equals + 1));
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

// Parsing helpers: a bad file fails the test at its line instead of guessing.
class Reader {
 public:
  explicit Reader(const Line& line) : line_(line) {}

  std::string Arg(const std::string& key) const {
    auto it = line_.args.find(key);
    if (it == line_.args.end()) {
      ADD_FAILURE() << "line " << line_.number << ": " << line_.directive << " needs " << key
                    << "=";
      return "";
    }
    return it->second;
  }
  std::string ArgOr(const std::string& key, std::string fallback) const {
    auto it = line_.args.find(key);
    return it == line_.args.end() ? fallback : it->second;
  }
  std::string Word(size_t index) const {
    if (index >= line_.words.size()) {
      ADD_FAILURE() << "line " << line_.number << ": " << line_.directive << " needs " << index + 1
                    << " words";
      return "0";
    }
    return line_.words[index];
  }
  Id IdOf(const std::string& text) const { return static_cast<Id>(NumberOf(text)); }
  double NumberOf(const std::string& text) const {
    double number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc() || end != text.data() + text.size()) {
      ADD_FAILURE() << "line " << line_.number << ": \"" << text << "\" is not a number";
    }
    return number;
  }
  // The parsed value, or `fallback` after failing the test.
  template <typename T>
  T Parsed(Result<T> parsed, T fallback) const {
    if (!parsed) {
      ADD_FAILURE() << "line " << line_.number << ": " << parsed.error().message;
      return fallback;
    }
    return *parsed;
  }

 private:
  const Line& line_;
};

void AddDefinition(const Line& line, DataBuilder& builder) {
  const Reader read(line);
  const std::string& what = line.directive;
  if (what == "kind") {
    builder.Kind(read.IdOf(read.Word(0)), read.Word(1));
  } else if (what == "unit") {
    const std::string parent = read.ArgOr("parent", "none");
    builder.Unit(
        read.IdOf(read.Word(0)), parent == "none" ? std::nullopt : std::optional(read.IdOf(parent)),
        read.IdOf(read.ArgOr("kind", "1")), read.ArgOr("from", "2000-01-01"), read.ArgOr("to", ""));
  } else if (what == "move") {
    const std::string parent = read.Arg("parent");
    builder.Move(read.IdOf(read.Word(0)),
                 parent == "none" ? std::nullopt : std::optional(read.IdOf(parent)),
                 read.Arg("on"));
  } else if (what == "indicator") {
    builder.Indicator(
        read.IdOf(read.Word(0)), read.Arg("code"),
        read.Parsed(domain::ParseUnitAggregation(read.Arg("across")), UnitAggregation::kSum),
        read.Parsed(domain::ParseTimeAggregation(read.ArgOr("time", "sum")), TimeAggregation::kSum),
        read.Parsed(domain::ParsePeriodType(read.ArgOr("period", "year")), PeriodType::kYear));
  } else if (what == "computed") {
    builder.Computed(read.IdOf(read.Word(0)), read.Arg("code"), read.IdOf(read.Arg("numerator")),
                     read.IdOf(read.Arg("denominator")), read.NumberOf(read.ArgOr("factor", "1")));
  } else if (what == "value") {
    builder.Value(read.IdOf(read.Word(0)), read.IdOf(read.Word(1)), read.Word(2),
                  read.NumberOf(read.Word(3)));
  } else if (what == "obligation") {
    builder.Obligation(read.IdOf(read.Word(0)), read.Arg("due"));
  } else if (what == "assignment") {
    const std::string evidence = read.ArgOr("evidence", "01-BC");
    builder.Assignment(read.IdOf(read.Word(0)), read.IdOf(read.Arg("obligation")),
                       read.IdOf(read.Arg("unit")), read.ArgOr("done", ""),
                       evidence == "none" ? "" : evidence);
  } else {
    ADD_FAILURE() << "line " << line.number << ": unknown directive \"" << what << "\"";
  }
}

bool Near(double actual, double expected) {
  return std::abs(actual - expected) <= 1e-6 * std::max(1.0, std::abs(expected));
}

void ExpectOptional(const Reader& read, const std::string& key, const std::string& expected,
                    const std::optional<double>& actual) {
  if (expected == "absent") {
    EXPECT_FALSE(actual.has_value()) << key << " is " << actual.value_or(0);
    return;
  }
  ASSERT_TRUE(actual.has_value()) << key << " is absent, expected " << expected;
  EXPECT_TRUE(Near(*actual, read.NumberOf(expected)))
      << key << " is " << *actual << ", expected " << expected;
}

std::string FormatRows(const std::vector<ValueRow>& rows) {
  if (rows.empty()) return "none";
  std::string text;
  for (const ValueRow& row : rows) {
    if (!text.empty()) text += ',';
    text += fmt::format("{}:{}:{}", row.unit_id, row.period.ToString(), row.number);
  }
  return text;
}

std::string FormatUnits(const std::vector<AssignmentState>& states) {
  if (states.empty()) return "none";
  std::string text;
  for (const AssignmentState& state : states) {
    if (!text.empty()) text += ',';
    text += std::to_string(state.unit_id);
  }
  return text;
}

void CheckIndicator(const Engine& engine, const Line& query, const std::vector<Line>& expects) {
  const Reader read(query);
  auto rollup = engine.RollupIndicator(
      read.IdOf(read.Arg("indicator")), read.IdOf(read.Arg("unit")),
      read.Parsed(domain::Period::Parse(read.Arg("period")), Period::Year(1900)),
      read.Parsed(Date::Parse(read.Arg("as_of")), Date()));
  for (const Line& expect : expects) {
    const Reader check(expect);
    SCOPED_TRACE(fmt::format("expect at line {}", expect.number));
    for (const auto& [key, expected] : expect.ordered_args) {
      if (key == "error") {
        ASSERT_FALSE(rollup) << "expected error " << expected;
        EXPECT_EQ(ErrorCodeName(rollup.error().code), expected) << rollup.error().message;
        continue;
      }
      ASSERT_TRUE(rollup) << rollup.error().message;
      if (key == "value") {
        ExpectOptional(check, key, expected, rollup->value);
      } else if (key == "numerator") {
        ExpectOptional(check, key, expected, rollup->numerator);
      } else if (key == "denominator") {
        ExpectOptional(check, key, expected, rollup->denominator);
      } else if (key == "reporting") {
        EXPECT_EQ(rollup->units_reporting, check.IdOf(expected)) << key;
      } else if (key == "in_subtree") {
        EXPECT_EQ(rollup->units_in_subtree, check.IdOf(expected)) << key;
      } else if (key == "rows") {
        EXPECT_EQ(FormatRows(rollup->rows), expected);
      } else {
        ADD_FAILURE() << "unknown indicator key \"" << key << "\"";
      }
    }
  }
}

void CheckCounts(const Reader& check, const std::string& key, const std::string& expected,
                 const CompletenessCounts& counts) {
  const std::map<std::string, int> actual{
      {"expected", counts.expected}, {"done", counts.done},       {"on_time", counts.on_time},
      {"late", counts.late},         {"overdue", counts.overdue}, {"pending", counts.pending}};
  auto it = actual.find(key);
  if (it == actual.end()) {
    ADD_FAILURE() << "unknown obligation key \"" << key << "\"";
    return;
  }
  EXPECT_EQ(it->second, check.IdOf(expected)) << key;
}

void CheckObligation(const Engine& engine, const Line& query, const std::vector<Line>& expects) {
  const Reader read(query);
  auto rollup =
      engine.RollupObligation(read.IdOf(read.Arg("obligation")), read.IdOf(read.Arg("unit")),
                              read.Parsed(Date::Parse(read.Arg("as_of")), Date()));
  ASSERT_TRUE(rollup) << rollup.error().message;
  std::vector<Id> kinds_named;
  for (const Line& expect : expects) {
    const Reader check(expect);
    SCOPED_TRACE(fmt::format("expect at line {}", expect.number));
    if (expect.args.contains("kind")) {
      const Id kind_id = check.IdOf(expect.args.at("kind"));
      kinds_named.push_back(kind_id);
      auto kind = std::find_if(rollup->by_kind.begin(), rollup->by_kind.end(),
                               [&](const KindCounts& counts) { return counts.kind_id == kind_id; });
      ASSERT_NE(kind, rollup->by_kind.end()) << "no kind " << kind_id << " in the breakdown";
      for (const auto& [key, expected] : expect.ordered_args) {
        if (key != "kind") CheckCounts(check, key, expected, kind->counts);
      }
      continue;
    }
    for (const auto& [key, expected] : expect.ordered_args) {
      if (key == "not_done") {
        EXPECT_EQ(FormatUnits(rollup->not_done), expected) << key;
      } else if (key == "assignments") {
        EXPECT_EQ(FormatUnits(rollup->assignments), expected) << key;
      } else {
        CheckCounts(check, key, expected, rollup->total);
      }
    }
  }
  if (!kinds_named.empty()) {
    std::vector<Id> kinds;
    for (const KindCounts& counts : rollup->by_kind) kinds.push_back(counts.kind_id);
    std::sort(kinds_named.begin(), kinds_named.end());
    EXPECT_EQ(kinds, kinds_named) << "kinds in the breakdown";
  }
}

class RollupCase : public ::testing::TestWithParam<fs::path> {};

TEST_P(RollupCase, MatchesExpected) {
  const std::vector<Line> lines = ReadLines(GetParam());
  ASSERT_FALSE(lines.empty()) << "empty case file " << GetParam();
  DataBuilder builder;
  size_t first_query = lines.size();
  for (size_t index = 0; index < lines.size(); ++index) {
    if (lines[index].directive == "query") {
      first_query = index;
      break;
    }
    AddDefinition(lines[index], builder);
  }
  ASSERT_LT(first_query, lines.size()) << "no query in " << GetParam();
  const Engine engine(builder.Build());

  int queries = 0;
  for (size_t index = first_query; index < lines.size();) {
    const Line& query = lines[index];
    ASSERT_EQ(query.directive, "query") << "line " << query.number << ": expected a query";
    std::vector<Line> expects;
    for (++index; index < lines.size() && lines[index].directive == "expect"; ++index) {
      expects.push_back(lines[index]);
    }
    SCOPED_TRACE(fmt::format("{}:{}", GetParam().filename().string(), query.number));
    ASSERT_FALSE(expects.empty()) << "query without expect";
    if (query.args.contains("indicator")) {
      CheckIndicator(engine, query, expects);
    } else if (query.args.contains("obligation")) {
      CheckObligation(engine, query, expects);
    } else {
      ADD_FAILURE() << "query needs indicator= or obligation=";
    }
    ++queries;
  }
  EXPECT_GT(queries, 0);
}

std::string CaseName(const ::testing::TestParamInfo<fs::path>& info) {
  std::string name = info.param.stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Files, RollupCase, ::testing::ValuesIn(CaseFiles()), CaseName);

TEST(RollupCases, DirectoryHoldsTheCases) {
  EXPECT_GE(CaseFiles().size(), 8u) << "case files in " << CasesDir();
}

}  // namespace
}  // namespace nq::engine
