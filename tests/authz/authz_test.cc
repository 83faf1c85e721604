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

// The number of rows a list answer holds, or nullopt when the body is not a list.
std::optional<int64_t> ListedRows(const std::string& body) {
  boost::system::error_code ec;
  json::value value = json::parse(body, ec);
  if (ec || !value.is_object()) return std::nullopt;
  if (const json::value* count = value.as_object().if_contains("count");
      count && count->is_int64()) {
    return count->as_int64();
  }
  if (const json::value* items = value.as_object().if_contains("items");
      items && items->is_array()) {
    return static_cast<int64_t>(items->as_array().size());
  }
  return std::nullopt;
}

// How a job ended, as the status its error would have: 200 when done.
int JobStatus(const json::value& job) {
  if (!job.is_object()) return 0;
  if (job.at("state") == "done") return 200;
  const json::value* error = job.as_object().if_contains("error");
  if (!error) return 0;
  static const std::map<std::string, int, std::less<>> kStatus = {
      {"invalid_argument", 400}, {"unauthenticated", 401},    {"permission_denied", 403},
      {"not_found", 404},        {"already_exists", 409},     {"failed_precondition", 409},
      {"aborted", 409},          {"resource_exhausted", 429}, {"internal", 500},
      {"unavailable", 503}};
  auto it = kStatus.find(std::string_view(error->at("code").as_string()));
  return it == kStatus.end() ? 0 : it->second;
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
  int refused_writes = 0;               // refused writes checked for changes
  std::vector<std::string> mismatches;  // cells answering otherwise than the matrix says
  std::vector<std::string> changes;     // refused writes that changed something
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
  }

  void SetUp() override {
    ASSERT_TRUE(parse_error_.empty()) << parse_error_;
    ASSERT_TRUE(world_ && world_->ok()) << "the world of the matrix could not be built";
  }

  // Runs every cell, in matrix order.
  static Outcome RunAll() {
    Outcome outcome;
    auto start = std::chrono::steady_clock::now();
    int uniq = 0;
    for (const Block& block : blocks_) {
      for (Role role : kRoles) {
        for (Position position : kPositions) RunCell(block, role, position, ++uniq, outcome);
      }
    }
    outcome.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return outcome;
  }

  static void RunCell(const Block& block, Role role, Position position, int uniq, Outcome& out);
  static void CheckUnchanged(const Block& block, const std::string& where, int status,
                             const Snapshot& before, Outcome& out);

  static inline std::unique_ptr<World> world_;
  static inline std::vector<Block> blocks_;
  static inline std::string parse_error_;
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
    values["fresh"] = std::to_string(world.MakeFresh(block.fresh, position, role));
  }
  std::string missing;
  std::string target = Substitute(block.call, values, missing);
  std::string body = Substitute(block.body, values, missing);
  std::string etag_target = Substitute(block.etag, values, missing);
  std::string where =
      fmt::format("{}  {}  {}", block.Name(), RoleName(role), PositionName(position));
  if (!missing.empty()) {
    out.mismatches.push_back(fmt::format("{}: unknown placeholder {}", where, missing));
    return;
  }
  if (!block.etag.empty()) headers.emplace_back("If-Match", world.ETagOf(etag_target));
  if (!block.type.empty()) headers.emplace_back("Content-Type", block.type);
  if (block.file == "template" || block.file == "units" || block.file == "evidence") {
    body = block.file == "units"      ? world.UnitsFileOf(position, values["uniq"])
           : block.file == "evidence" ? world.EvidenceFileOf(position, values["uniq"])
                                      : world.TemplateOf(position);
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
  // A job started here ends before the next cell, so its writes land in this cell.
  int status = response.status;
  std::string details = response.body.substr(0, 300);
  if (response.status == 202 && !response.Header("location").empty()) {
    json::value job = world.WaitForJob(response.Header("location"), headers);
    status = JobStatus(job);
    details = json::serialize(job).substr(0, 300);
  }
  const Expected& expected = block.cell(role, position);
  std::string got = Got(response, expected);
  if (expected.job_status) got += ">" + std::to_string(status);
  if (got != expected.ToString()) {
    out.mismatches.push_back(fmt::format("{}: expected {}, got {}: {} {} → {}", where,
                                         expected.ToString(), got, block.method, target, details));
  }
  bool refused = status == 401 || status == 403 || status == 404;
  if (before && refused) CheckUnchanged(block, where, status, *before, out);
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
      out.changes.push_back(fmt::format("{} ({}): table {} went from {} to {} rows", where, status,
                                        table, was, count));
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
    out.changes.push_back(
        fmt::format("{} (403): {} \"denied\" audit rows, expected 1", where, denied));
  }
}

// One test runs the cells once (about half a minute under the sanitizers) and checks both what
// each cell answers and that each refused write changed nothing.
TEST_F(AuthzMatrixTest, EveryCellAnswersAsTheMatrixSaysAndRefusedWritesChangeNothing) {
  const Outcome outcome = RunAll();
  std::string mismatches;
  for (const std::string& mismatch : outcome.mismatches) mismatches += "\n  " + mismatch;
  EXPECT_TRUE(outcome.mismatches.empty())
      << outcome.mismatches.size() << " of " << outcome.cells << " cells differ:" << mismatches;
  EXPECT_EQ(outcome.cells, static_cast<int>(blocks_.size()) * kRoleCount * kPositionCount);
  std::string changes;
  for (const std::string& change : outcome.changes) changes += "\n  " + change;
  EXPECT_GT(outcome.refused_writes, 0);
  EXPECT_TRUE(outcome.changes.empty()) << outcome.changes.size() << " problems in "
                                       << outcome.refused_writes << " refused writes:" << changes;
  std::cout << "[ matrix   ] " << blocks_.size() << " routes, " << outcome.cells << " cells, "
            << outcome.refused_writes << " refused writes checked, " << outcome.seconds << " s\n";
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

namespace nq::testing::authz {
namespace {

using json::array;
using json::object;

// Holes the matrix cannot show by status alone, each found and fixed once; a fresh server each.
class AuthzRegressionTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    BuildTree();
  }
  // A user with `role` over `unit`, signed in: the headers of their session.
  Headers UserWith(const std::string& login, const std::string& role, int64_t unit) {
    int64_t id = Create("/api/v1/users",
                        object{{"login", login}, {"name", login}, {"password", World::kPassword}});
    Create(fmt::format("/api/v1/users/{}/grants", id), object{{"role", role}, {"unit_id", unit}});
    auto [cookie, csrf] = SignIn(login, World::kPassword);
    return Headers{{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  }
  ClientResponse As(const Headers& who, const std::string& method, const std::string& target,
                    const json::value& body, Headers extra = {}) {
    extra.insert(extra.end(), who.begin(), who.end());
    return Request(port_, method, target, json::serialize(body), extra);
  }
  int64_t Unit(const char* code, int64_t kind, int64_t parent, const char* from, const char* to) {
    object body{{"code", code},
                {"name", code},
                {"kind_id", kind},
                {"valid_from", from},
                {"parent_id", parent}};
    if (to) body["valid_to"] = to;
    return Create("/api/v1/units", body);
  }
  // A resolution of `unit` with one target item; returns the item.
  int64_t TargetOf(int64_t unit, const std::string& code) {
    int64_t document = Create("/api/v1/documents", object{{"code", code},
                                                          {"kind", "resolution"},
                                                          {"title", code},
                                                          {"issuer_unit_id", unit},
                                                          {"period_from", "2021"},
                                                          {"period_to", "2025"}});
    return Create("/api/v1/items",
                  object{{"document_id", document}, {"kind", "task"}, {"title", code}});
  }
};

// The engine gives a closed unit no parent, and makes a root of a unit whose parent closed;
// neither may turn an administrator of that unit into an administrator of the whole tree.
TEST_F(AuthzRegressionTest, AdministratorOfAClosedOrOrphanedUnitIsNotGlobal) {
  int64_t closed = Unit("da-giai-the", kind_district_, province_, "2015-01-01", nullptr);
  int64_t gone = Unit("tinh-cu", kind_province_, nation_, "2015-01-01", nullptr);
  int64_t orphan = Unit("huyen-mo-coi", kind_district_, gone, "2016-01-01", nullptr);
  std::vector<std::tuple<const char*, Headers, int64_t>> admins;
  admins.emplace_back("closed.admin", UserWith("closed.admin", "administrator", closed), closed);
  admins.emplace_back("orphan.admin", UserWith("orphan.admin", "administrator", orphan), orphan);
  // Closed after the fact, as a reorganisation does it: `closed` itself, and the parent of
  // `orphan`.
  for (int64_t unit : {closed, gone}) {
    ClientResponse closing = Send("PATCH", fmt::format("/api/v1/units/{}", unit),
                                  R"({"valid_to":"2019-12-31"})", {{"If-Match", "\"1\""}});
    ASSERT_EQ(closing.status, 200) << closing.body;
  }
  for (const auto& [login, admin, unit] : admins) {
    EXPECT_EQ(
        As(admin, "POST", "/api/v1/unit-kinds", object{{"code", login}, {"name", "X"}}).status, 403)
        << login;
    // The users and the audit of their own unit only, never the whole tree's.
    ClientResponse users = Request(port_, "GET", "/api/v1/users", "", admin);
    ASSERT_EQ(users.status, 200) << login;
    const json::value listed = Json(users);
    ASSERT_EQ(listed.at("count").as_int64(), 1) << login << ": " << users.body;
    EXPECT_EQ(listed.at("items").at(0).at("login"), login);
    ClientResponse audit = Request(port_, "GET", "/api/v1/audit", "", admin);
    ASSERT_EQ(audit.status, 200) << login;
    const json::value rows = Json(audit);
    EXPECT_GT(rows.at("count").as_int64(), 0) << login;
    for (const json::value& row : rows.at("items").as_array()) {
      EXPECT_EQ(row.at("unit_id"), unit) << login << ": " << row;
    }
  }
  // The administrator over the real root still is global.
  EXPECT_EQ(Post("/api/v1/unit-kinds", object{{"code", "van-la"}, {"name", "X"}}).status, 201);
}

// An idempotency key replays its own user's request only: another user sending the same request
// with the same key got the stored reply without any check of their rights.
// A new root lies outside every grant, the creating administrator's too: it was created (201)
// and then hidden from its creator (404). It is refused, and nothing is written.
TEST_F(AuthzRegressionTest, ARootUnitOutsideScopeIsRefusedAndNothingIsCreated) {
  auto before = RowCounts();
  ClientResponse root = Post("/api/v1/units", object{{"code", "tinh-moi"},
                                                     {"name", "Tỉnh mới"},
                                                     {"kind_id", kind_province_},
                                                     {"valid_from", "2025-07-01"}});
  EXPECT_EQ(root.status, 403) << root.body;
  EXPECT_NE(root.body.find("tinh-moi"), std::string::npos) << root.body;
  auto after = RowCounts();
  after.erase("audit");
  before.erase("audit");
  EXPECT_EQ(after, before);
  EXPECT_EQ(Get("/api/v1/units/tinh-moi").status, 404);
}

TEST_F(AuthzRegressionTest, IdempotencyKeyDoesNotReplayAnotherUsersReply) {
  object document{{"code", "nq-bi-mat"},         {"kind", "resolution"},  {"title", "Nghị quyết"},
                  {"issuer_unit_id", district_}, {"period_from", "2021"}, {"period_to", "2025"}};
  Headers key{{"Idempotency-Key", "key-1"}};
  ClientResponse first = Post("/api/v1/documents", document, key);
  ASSERT_EQ(first.status, 201) << first.body;
  Headers outsider = UserWith("outsider", "manager", other_province_);
  auto before = RowCounts();
  ClientResponse replay = As(outsider, "POST", "/api/v1/documents", document, key);
  EXPECT_EQ(replay.status, 409) << replay.body;
  EXPECT_EQ(replay.body.find("nq-bi-mat"), std::string::npos) << replay.body;
  before.erase("audit");
  auto after = RowCounts();
  after.erase("audit");
  EXPECT_EQ(after, before);
  ClientResponse again = Post("/api/v1/documents", document, key);  // the owner's retry
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(Json(again).at("id"), Json(first).at("id"));
}

// An editor could move their unit's assignment onto any obligation and so read that obligation
// (an obligation is seen by the units it is assigned to).
TEST_F(AuthzRegressionTest, AssignmentCannotMoveToAnotherObligation) {
  ClientResponse ours = Post("/api/v1/obligations", object{{"code", "ob-huyen"},
                                                           {"title", "Huyện"},
                                                           {"issuer_unit_id", district_},
                                                           {"issued_on", "2021-01-10"},
                                                           {"due_on", "2021-03-31"},
                                                           {"unit_ids", array{commune_a_}}});
  ASSERT_EQ(ours.status, 201) << ours.body;
  int64_t theirs = Create("/api/v1/obligations", object{{"code", "ob-tinh-khac"},
                                                        {"title", "Bí mật"},
                                                        {"issuer_unit_id", other_province_},
                                                        {"issued_on", "2021-01-10"},
                                                        {"due_on", "2021-03-31"},
                                                        {"unit_ids", array{other_province_}}});
  Headers editor = UserWith("editor", "editor", district_);
  std::string assignment =
      fmt::format("/api/v1/assignments/{}", Json(ours).at("assignments").at(0).at("id").as_int64());
  std::string obligation = fmt::format("/api/v1/obligations/{}", theirs);
  EXPECT_EQ(Request(port_, "GET", obligation, "", editor).status, 404);
  ClientResponse moved =
      As(editor, "PATCH", assignment, object{{"obligation_id", theirs}}, {{"If-Match", "\"1\""}});
  EXPECT_EQ(moved.status, 400) << moved.body;
  EXPECT_EQ(Request(port_, "GET", obligation, "", editor).status, 404);
  ClientResponse elsewhere =
      As(editor, "PATCH", assignment, object{{"unit_id", commune_b_}}, {{"If-Match", "\"1\""}});
  EXPECT_EQ(elsewhere.status, 400) << elsewhere.body;
  EXPECT_EQ(
      As(editor, "PATCH", assignment, object{{"status", "in_progress"}}, {{"If-Match", "\"1\""}})
          .status,
      200);
}

// A recommendation goes up the tree, a link from an item to one of its own unit or above: an
// editor or manager of a district could otherwise write into another province's inbox or cascade.
TEST_F(AuthzRegressionTest, RecommendationsAndLinksOnlyPointUp) {
  Headers editor = UserWith("editor", "editor", district_);
  auto raise = [&](int64_t to) {
    return As(editor, "POST", "/api/v1/recommendations",
              object{{"from_unit_id", district_}, {"to_unit_id", to}, {"title", "Kiến nghị"}});
  };
  EXPECT_EQ(raise(province_).status, 201);
  EXPECT_EQ(raise(nation_).status, 201);
  for (int64_t to : {other_province_, district_, commune_a_, int64_t{999999}}) {
    ClientResponse refused = raise(to);
    EXPECT_EQ(refused.status, 400) << to << ": " << refused.body;
    EXPECT_EQ(std::string(Json(refused).at("detail").as_string()),
              fmt::format("field \"/to_unit_id\": unit {} is not above unit {}", to, district_));
  }
  Headers manager = UserWith("manager", "manager", district_);
  int64_t ours = TargetOf(district_, "nq-huyen");
  int64_t theirs = TargetOf(other_province_, "nq-tinh-khac");
  int64_t above = TargetOf(province_, "nq-tinh");
  auto link = [&](int64_t to) {
    return As(manager, "POST", "/api/v1/links",
              object{{"from_item_id", ours}, {"to_item_id", to}, {"kind", "contributes"}});
  };
  EXPECT_EQ(link(above).status, 201);
  ClientResponse sideways = link(theirs);
  ClientResponse missing = link(999999);
  EXPECT_EQ(sideways.status, 400) << sideways.body;
  EXPECT_EQ(missing.status, 400) << missing.body;
  EXPECT_EQ(Json(sideways).at("field"), "/to_item_id");
}

}  // namespace
}  // namespace nq::testing::authz
