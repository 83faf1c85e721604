// "Link to a hidden row" cells of the authorization matrix: for every reference field a write
// sets (besides the governing unit, which the route's own cells cover), the district manager
// points it at the row of each position around D. Rows in sight (own, child, grandchild, and
// the parent's documents and items, which D reads down the tree) are taken; rows out of sight
// (the parent's people and the unit itself, sibling, other) must be refused exactly like a missing
// id (none): the same status, the same field, the same detail but for the id, and nothing written.
// Otherwise a write could link to a hidden row (whose title a view then shows) and tell hidden
// rows from missing ones.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>

#include "authz/matrix.h"
#include "authz/world.h"

namespace nq::testing::authz {
namespace {

// One reference field: the request that sets it, with {ref} the row of the position under test
// and the other placeholders those of D (the "own" position).
struct LinkCase {
  std::string name;
  std::string method;
  std::string target;  // placeholders of D
  std::string body;    // {ref}: the position's row; other placeholders: D's
  std::string ref;     // the placeholder of the referenced row: "document", "item", …
  std::string field;   // "/document_id"
  int taken = 0;       // status of a reference in sight
  // Positions in sight where the reference is refused for another reason (an item's parent of
  // another document); their status.
  std::map<Position, int> otherwise = {};
  Role role = Role::kManager;  // who writes: the manager keeps documents and obligations
};

const std::vector<LinkCase>& Cases() {
  static const std::vector<LinkCase> cases = {
      {"obligation.document_id", "POST", "/api/v1/obligations",
       R"({"code": "link-ob-{uniq}", "title": "Quán triệt {uniq}", "issuer_unit_id": {unit}, "issued_on": "2021-01-10", "due_on": "2021-03-31", "unit_ids": [{unit}], "document_id": {ref}})",
       "document", "/document_id", 201},
      {"obligation.item_id", "POST", "/api/v1/obligations",
       R"({"code": "link-ob-{uniq}", "title": "Quán triệt {uniq}", "issuer_unit_id": {unit}, "issued_on": "2021-01-10", "due_on": "2021-03-31", "unit_ids": [{unit}], "item_id": {ref}})",
       "item", "/item_id", 201},
      {"obligation.document_id (PATCH)", "PATCH", "/api/v1/obligations/{obligation}",
       R"({"document_id": {ref}})", "document", "/document_id", 200},
      {"obligation.item_id (PATCH)", "PATCH", "/api/v1/obligations/{obligation}",
       R"({"item_id": {ref}})", "item", "/item_id", 200},
      {"report.document_id",
       "POST",
       "/api/v1/reports",
       R"({"unit_id": {unit}, "period": "{month}", "document_id": {ref}})",
       "document",
       "/document_id",
       201,
       {},
       Role::kEditor},
      {"recommendation.item_id",
       "POST",
       "/api/v1/recommendations",
       R"({"from_unit_id": {unit}, "to_unit_id": {parent_unit}, "title": "Kiến nghị {uniq}", "item_id": {ref}})",
       "item",
       "/item_id",
       201,
       {},
       Role::kEditor},
      {"responsibility.person_id", "POST", "/api/v1/responsibilities",
       R"({"person_id": {ref}, "term_code": "2020T5", "unit_id": {unit}, "note": "{uniq}"})",
       "person", "/person_id", 201},
      {"responsibility.person_id (PATCH)", "PATCH", "/api/v1/responsibilities/{responsibility}",
       R"({"person_id": {ref}})", "person", "/person_id", 200},
      {"user.person_id (PATCH)", "PATCH", "/api/v1/users/{subject}", R"({"person_id": {ref}})",
       "person", "/person_id", 200},
      {"item.unit_id", "POST", "/api/v1/items",
       R"({"document_id": {plan}, "kind": "task", "title": "Nhiệm vụ {uniq}", "unit_id": {ref}})",
       "unit", "/unit_id", 201},
      {"item.unit_id (PATCH)", "PATCH", "/api/v1/items/{task}", R"({"unit_id": {ref}})", "unit",
       "/unit_id", 200},
      {"item.parent_id",
       "POST",
       "/api/v1/items",
       R"({"document_id": {plan}, "kind": "task", "title": "Nhiệm vụ {uniq}", "parent_id": {ref}})",
       "task",
       "/parent_id",
       201,
       {{Position::kChild, 400}, {Position::kGrandchild, 400}, {Position::kParent, 400}}},
      // Concretizing: D's target up to the target of each position. Only the parent's is above
      // it (D's own is itself, the others below), and a sibling's reads like a missing one.
      {"link.to_item_id",
       "POST",
       "/api/v1/links",
       R"({"from_item_id": {item}, "to_item_id": {ref}, "kind": "identical"})",
       "item",
       "/to_item_id",
       201,
       {{Position::kOwn, 400}, {Position::kChild, 400}, {Position::kGrandchild, 400}}},
      // The governing references: refused by the write check, hidden and missing alike.
      {"person.unit_id (PATCH)", "PATCH", "/api/v1/people/{person}", R"({"unit_id": {ref}})",
       "unit", "", 200},
      {"report.unit_id",
       "POST",
       "/api/v1/reports",
       R"({"unit_id": {ref}, "period": "{month}"})",
       "unit",
       "",
       201,
       {},
       Role::kEditor},
  };
  return cases;
}

class LinkMatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world_ = std::make_unique<World>();
    world_->Build();
  }
  static void TearDownTestSuite() {
    if (world_) world_->Destroy();
    world_.reset();
  }
  void SetUp() override {
    ASSERT_TRUE(world_ && world_->ok()) << "the world of the matrix could not be built";
  }

  // The case's request with {ref} the row of `position`; its answer.
  static ClientResponse Run(const LinkCase& link, Position position, std::string& ref_id) {
    World& world = *world_;
    std::map<std::string, std::string> values = world.Placeholders(Position::kOwn);
    ref_id = world.Placeholders(position).at(link.ref);
    values["ref"] = ref_id;
    values["uniq"] = std::to_string(++uniq_);
    values["month"] = world.NextMonth();
    std::string missing;
    const std::string target = Substitute(link.target, values, missing);
    const std::string body = Substitute(link.body, values, missing);
    EXPECT_TRUE(missing.empty()) << link.name << ": no value for " << missing;
    Headers headers = world.SessionOf(link.role);
    if (link.method == "PATCH") headers.emplace_back("If-Match", world.ETagOf(target));
    return Request(world.port(), link.method, target, body, headers);
  }

  static inline std::unique_ptr<World> world_;
  static inline int uniq_ = 0;
};

// The detail with the referenced id replaced, so a hidden id and a missing one compare equal.
std::string WithoutId(const std::string& detail, const std::string& id) {
  return std::regex_replace(detail, std::regex("\\b" + id + "\\b"), "{id}");
}

TEST_F(LinkMatrixTest, AReferenceToAHiddenRowIsRefusedLikeAMissingOne) {
  World& world = *world_;
  for (const LinkCase& link : Cases()) {
    SCOPED_TRACE(link.name);
    std::string none_id;
    Snapshot before = world.TakeSnapshot();
    ClientResponse none = Run(link, Position::kNone, none_id);
    ASSERT_GE(none.status, 400) << none.body;
    ASSERT_LT(none.status, 500) << none.body;
    boost::system::error_code none_ec;
    json::value none_json = json::parse(none.body, none_ec);
    ASSERT_FALSE(none_ec) << none.body;
    const std::string none_detail =
        WithoutId(std::string(none_json.at("detail").as_string()), none_id);
    const json::value* none_field = none_json.as_object().if_contains("field");
    if (!link.field.empty()) {
      EXPECT_EQ(none.status, 400) << none.body;
      EXPECT_TRUE(none_field && *none_field == link.field.c_str()) << none.body;
    }
    Snapshot after = world.TakeSnapshot();
    EXPECT_EQ(after.rows, before.rows);
    // Nothing audited but, for a governing reference, the "denied" of a 404.
    const std::vector<std::string> none_audit = world.AuditActionsAfter(before.last_audit_id);
    if (!link.field.empty()) {
      EXPECT_TRUE(none_audit.empty());
    }

    for (Position position : {Position::kOwn, Position::kChild, Position::kGrandchild,
                              Position::kParent, Position::kSibling, Position::kOther}) {
      SCOPED_TRACE(PositionName(position));
      const bool read_down = link.ref == "document" || link.ref == "item" || link.ref == "task";
      const bool in_sight = position == Position::kOwn || position == Position::kChild ||
                            position == Position::kGrandchild ||
                            (read_down && position == Position::kParent);
      std::string ref_id;
      before = world.TakeSnapshot();
      ClientResponse response = Run(link, position, ref_id);
      if (in_sight) {
        auto otherwise = link.otherwise.find(position);
        EXPECT_EQ(response.status,
                  otherwise == link.otherwise.end() ? link.taken : otherwise->second)
            << response.body;
        continue;
      }
      // Out of sight: the very answer a missing id gets, and nothing written or audited.
      EXPECT_EQ(response.status, none.status) << response.body;
      boost::system::error_code ec;
      json::value got = json::parse(response.body, ec);
      ASSERT_FALSE(ec) << response.body;
      EXPECT_EQ(WithoutId(std::string(got.at("detail").as_string()), ref_id), none_detail);
      const json::value* field = got.as_object().if_contains("field");
      EXPECT_EQ(field != nullptr, none_field != nullptr) << response.body;
      if (field && none_field) {
        EXPECT_EQ(*field, *none_field) << response.body;
      }
      after = world.TakeSnapshot();
      EXPECT_EQ(after.rows, before.rows);
      EXPECT_EQ(world.AuditActionsAfter(before.last_audit_id), none_audit);
    }
  }
}

}  // namespace
}  // namespace nq::testing::authz
