// The authorization matrix (tests/authz/matrix.txt) run against the real server: every cell
// answers as written, every registered route is in the matrix and nothing else is, and every
// refused write leaves the database as it was but for its "denied" audit row.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "authz/matrix.h"
#include "authz/world.h"

namespace nq::testing::authz {
namespace {

using Values = std::map<std::string, std::string>;

std::string MatrixPath() {
  if (const char* source = std::getenv("NQ_SOURCE_DIR")) {
    return std::string(source) + "/tests/authz/matrix.txt";
  }
  return NQ_AUTHZ_MATRIX;
}

// Replaces each {name} in `text` by its value; a name without one is appended to `missing`.
std::string Substitute(std::string_view text, const Values& values, std::string& missing) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t open = text.find('{', start);
    size_t close = open == std::string_view::npos ? open : text.find('}', open);
    bool name = close != std::string_view::npos && close > open + 1 &&
                text.substr(open + 1, close - open - 1).find_first_not_of(
                    "abcdefghijklmnopqrstuvwxyz_") == std::string_view::npos;
    if (!name) {
      size_t end = open == std::string_view::npos ? text.size() : open + 1;
      out += text.substr(start, end - start);
      start = end;
      continue;
    }
    out += text.substr(start, open - start);
    std::string key(text.substr(open + 1, close - open - 1));
    auto it = values.find(key);
    if (it == values.end()) {
      missing += (missing.empty() ? "" : ", ") + key;
    } else {
      out += it->second;
    }
    start = close + 1;
  }
  return out;
}

// The number of rows a list answer holds, or nullopt when the body is not a list.
std::optional<int64_t> ListedRows(const std::string& body) {
  boost::system::error_code ec;
  json::value value = json::parse(body, ec);
  if (ec || !value.is_object()) return std::nullopt;
  if (const json::value* count = value.as_object().if_contains("count"); count && count->is_int64()) {
    return count->as_int64();
  }
  if (const json::value* items = value.as_object().if_contains("items"); items && items->is_array()) {
    return static_cast<int64_t>(items->as_array().size());
  }
  return std::nullopt;
}

// What the server answered, in the matrix's notation as far as `expected` asks.
std::string Got(const ClientResponse& response, const Expected& expected) {
  std::string got = std::to_string(response.status);
  if (expected.rows == Expected::Rows::kAny) return got;
  auto rows = ListedRows(response.body);
  if (!rows) return got + " (not a list)";
  return got + (*rows > 0 ? "+" : "-");
}

struct Outcome {
  int cells = 0;
  int refused_writes = 0;                  // refused writes checked for changes
  std::vector<std::string> mismatches;     // cells answering otherwise than the matrix says
  std::vector<std::string> changes;        // refused writes that changed something
  double seconds = 0;
};

class AuthzMatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::ifstream file(MatrixPath());
    std::stringstream text;
    text << file.rdbuf();
    auto blocks = ParseMatrix(text.str());
    if (!blocks) {
      parse_error_ = blocks.error().message;
    } else if (blocks->empty()) {
      parse_error_ = "no routes in " + MatrixPath();
    } else {
      blocks_ = std::move(*blocks);
    }
    world_ = std::make_unique<World>();
    world_->Build();
  }

  static void TearDownTestSuite() {
    if (world_) world_->Destroy();
    world_.reset();
    outcome_.reset();
  }

  void SetUp() override {
    ASSERT_TRUE(parse_error_.empty()) << parse_error_;
    ASSERT_TRUE(world_ && world_->ok()) << "the world of the matrix could not be built";
  }

  // Runs every cell once, whichever test asks first.
  static const Outcome& Run() {
    if (outcome_) return *outcome_;
    outcome_.emplace();
    auto start = std::chrono::steady_clock::now();
    int uniq = 0;
    for (const Block& block : blocks_) {
      for (Role role : kRoles) {
        for (Position position : kPositions) RunCell(block, role, position, ++uniq, *outcome_);
      }
    }
    outcome_->seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return *outcome_;
  }

  static void RunCell(const Block& block, Role role, Position position, int uniq, Outcome& out);
  static void CheckUnchanged(const Block& block, const std::string& where, int status,
                             const Snapshot& before, Outcome& out);

  static inline std::unique_ptr<World> world_;
  static inline std::vector<Block> blocks_;
  static inline std::string parse_error_;
  static inline std::optional<Outcome> outcome_;
};

void AuthzMatrixTest::RunCell(const Block& block, Role role, Position position, int uniq,
                              Outcome& out) {
  World& world = *world_;
  Values values = world.Placeholders(position);
  values["uniq"] = std::to_string(uniq);
  bool anonymous = role == Role::kAnonymous;
  values["login"] = anonymous ? fmt::format("ghost-{}", uniq) : world.LoginOf(role);
  values["password"] = anonymous ? "not-the-password" : World::kPassword;
  if (block.body.find("{month}") != std::string::npos) values["month"] = world.NextMonth();
  Headers headers = world.SessionOf(role);
  if (block.fresh == "session") {
    headers = world.NewSession(role);
  } else if (!block.fresh.empty()) {
    values["fresh"] = std::to_string(world.MakeFresh(block.fresh, position));
  }
  std::string missing;
  std::string target = Substitute(block.call, values, missing);
  std::string body = Substitute(block.body, values, missing);
  std::string etag_target = Substitute(block.etag, values, missing);
  std::string where = fmt::format("{}  {}  {}", block.Name(), RoleName(role), PositionName(position));
  if (!missing.empty()) {
    out.mismatches.push_back(fmt::format("{}: unknown placeholder {}", where, missing));
    return;
  }
  if (!block.etag.empty()) headers.emplace_back("If-Match", world.ETagOf(etag_target));
  if (block.file == "template") {
    body = world.TemplateOf(position);
    headers.emplace_back("Content-Type",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  } else if (!block.file.empty()) {
    out.mismatches.push_back(fmt::format("{}: unknown file \"{}\"", where, block.file));
    return;
  }
  std::optional<Snapshot> before;
  if (block.mutating()) before = world.TakeSnapshot();
  ClientResponse response = Request(world.port(), block.method, target, body, headers);
  ++out.cells;
  const Expected& expected = block.cell(role, position);
  std::string got = Got(response, expected);
  if (got != expected.ToString()) {
    out.mismatches.push_back(fmt::format("{}: expected {}, got {}: {} {} → {}", where,
                                         expected.ToString(), got, block.method, target,
                                         response.body.substr(0, 300)));
  }
  bool refused = response.status == 401 || response.status == 403 || response.status == 404;
  if (before && refused) CheckUnchanged(block, where, response.status, *before, out);
}

// A refused write leaves every table as it was; the audit gains only "denied" rows (exactly one
// for a 403), and a failed sign-in its "login_failed".
void AuthzMatrixTest::CheckUnchanged(const Block& block, const std::string& where, int status,
                                     const Snapshot& before, Outcome& out) {
  ++out.refused_writes;
  Snapshot after = world_->TakeSnapshot();
  for (const auto& [table, count] : after.rows) {
    int64_t was = before.rows.count(table) ? before.rows.at(table) : 0;
    if (count != was) {
      out.changes.push_back(
          fmt::format("{} ({}): table {} went from {} to {} rows", where, status, table, was, count));
    }
  }
  int denied = 0;
  bool sign_in = block.method == "POST" && block.pattern == "/api/v1/session";
  for (const std::string& action : world_->AuditActionsAfter(before.last_audit_id)) {
    if (action == "denied") {
      ++denied;
    } else if (!(sign_in && action == "login_failed")) {
      out.changes.push_back(fmt::format("{} ({}): audit row \"{}\"", where, status, action));
    }
  }
  if (status == 403 && denied != 1) {
    out.changes.push_back(fmt::format("{} (403): {} \"denied\" audit rows, expected 1", where, denied));
  }
}

TEST_F(AuthzMatrixTest, EveryCellAnswersAsTheMatrixSays) {
  const Outcome& outcome = Run();
  std::string report;
  for (const std::string& mismatch : outcome.mismatches) report += "\n  " + mismatch;
  EXPECT_TRUE(outcome.mismatches.empty())
      << outcome.mismatches.size() << " of " << outcome.cells << " cells differ:" << report;
  EXPECT_EQ(outcome.cells, static_cast<int>(blocks_.size()) * kRoleCount * kPositionCount);
  std::cout << "[ matrix   ] " << blocks_.size() << " routes, " << outcome.cells << " cells, "
            << outcome.refused_writes << " refused writes checked, " << outcome.seconds << " s\n";
}

TEST_F(AuthzMatrixTest, RefusedWritesChangeNothingButTheAudit) {
  const Outcome& outcome = Run();
  std::string report;
  for (const std::string& change : outcome.changes) report += "\n  " + change;
  EXPECT_GT(outcome.refused_writes, 0);
  EXPECT_TRUE(outcome.changes.empty())
      << outcome.changes.size() << " problems in " << outcome.refused_writes
      << " refused writes:" << report;
}

TEST_F(AuthzMatrixTest, EveryRegisteredRouteIsInTheMatrixAndNoOther) {
  std::set<std::string> registered;
  for (const api::Route& route : world_->router().routes()) {
    registered.insert(route.method + " " + route.pattern);
  }
  std::set<std::string> listed;
  for (const Block& block : blocks_) listed.insert(block.method + " " + block.pattern);
  std::string missing, stale;
  for (const std::string& route : registered) {
    if (!listed.count(route)) missing += "\n  " + route;
  }
  for (const std::string& route : listed) {
    if (!registered.count(route)) stale += "\n  " + route;
  }
  EXPECT_TRUE(missing.empty()) << "routes missing from tests/authz/matrix.txt:" << missing;
  EXPECT_TRUE(stale.empty()) << "routes in tests/authz/matrix.txt that do not exist:" << stale;
}

}  // namespace
}  // namespace nq::testing::authz
