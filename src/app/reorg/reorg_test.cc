// The reorganisation operations on a small tree: what each changes, what follows the data, and
// that every invalid batch is refused with a clear error and leaves the store as it was.
#include "app/reorg/reorg.h"

#include <gtest/gtest.h>

#include "app/engine_loader.h"
#include "app/reorg/reorg_fixture.h"
#include "engine/comparable.h"

namespace nq::app {
namespace {

using namespace nq::domain;

class ReorgTest : public ReorgFixture {
 protected:
  // The batch must fail with `code`, its message containing `words`, and change nothing.
  void ExpectRefused(std::string_view batch, ErrorCode code, std::string_view words) {
    const std::string before = Everything();
    auto result = Apply(batch);
    ASSERT_FALSE(result) << batch;
    EXPECT_EQ(result.error().code, code) << result.error().message;
    EXPECT_NE(result.error().message.find(words), std::string::npos) << result.error().message;
    EXPECT_EQ(Everything(), before) << "a refused batch changed the store";
  }

  std::vector<engine::ComparablePoint> Series(std::string_view indicator, std::string_view unit,
                                              bool comparable) {
    auto found = database_->Read(
        [&](storage::Transaction& tx) { return storage::GetByCode<Indicator>(tx, indicator); });
    EXPECT_TRUE(found);
    std::vector<Period> years;
    for (int year = 2020; year <= 2026; ++year) years.push_back(Period::Year(year));
    auto series = engine::ComparableSeries(*engine_, *found, UnitOf(unit).id, years, comparable);
    EXPECT_TRUE(series) << series.error().message;
    return series.value_or(std::vector<engine::ComparablePoint>{});
  }
};

constexpr std::string_view kMergeC1C2 = R"({"operations": [{"op": "merge", "date": "2025-07-01",
  "units": ["c1", "c2"], "into": {"code": "c12", "name": "Xã mới", "kind": "commune"}}]})";

TEST_F(ReorgTest, MergeClosesSourcesOpensTargetAndRecordsLineage) {
  auto result = Apply(kMergeC1C2);
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->lineages.size(), 1u);
  const Lineage& event = result->lineages.front();
  EXPECT_EQ(event.kind, LineageKind::kMerge);
  EXPECT_EQ(event.date, D("2025-07-01"));
  const Unit target = UnitOf("c12");
  EXPECT_EQ(event.target_unit_ids, std::vector<Id>{target.id});
  EXPECT_EQ(UnitOf("c1").validity.valid_to, D("2025-06-30"));
  EXPECT_EQ(UnitOf("c2").validity.valid_to, D("2025-06-30"));
  EXPECT_EQ(target.validity.valid_from, D("2025-07-01"));
  // The new commune sits where the sources sat, and took their subordinates.
  EXPECT_EQ(engine_->Parent(target.id, D("2025-07-01")).value_or(std::nullopt), units_["d1"]);
  EXPECT_EQ(engine_->Parent(units_["g1"], D("2025-07-01")).value_or(std::nullopt), target.id);
  EXPECT_EQ(engine_->Parent(units_["g1"], D("2025-06-30")).value_or(std::nullopt), units_["c1"]);
}

TEST_F(ReorgTest, RollupsAsOfBeforeTheChangeAreUnchanged) {
  auto before = engine_->RollupIndicator(indicators_["sum"], units_["d1"], Period::Year(2021),
                                         D("2021-12-31"));
  ASSERT_TRUE(before);
  ASSERT_TRUE(Apply(kMergeC1C2));
  auto after = engine_->RollupIndicator(indicators_["sum"], units_["d1"], Period::Year(2021),
                                        D("2021-12-31"));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->value, before->value);
  EXPECT_EQ(after->units_in_subtree, before->units_in_subtree);
}

TEST_F(ReorgTest, ComparableSeriesRebuildsTheSuccessorFromItsPredecessors) {
  ASSERT_TRUE(Apply(kMergeC1C2));
  auto sums = Series("sum", "c12", true);
  ASSERT_EQ(sums.size(), 7u);
  // c1: 10 + k, c2: 20 + k in year 2020 + k.
  EXPECT_EQ(sums[0].value, 30);
  EXPECT_EQ(sums[4].value, 38);
  EXPECT_TRUE(sums[0].rebuilt);
  EXPECT_EQ(sums[0].from_unit_ids, (std::vector<Id>{units_["c1"], units_["c2"]}));
  EXPECT_FALSE(sums[6].value);  // 2026: nobody reported
  // Yes/no becomes a count: c1 met it from 2021, c2 from 2022.
  auto counts = Series("ntm", "c12", true);
  EXPECT_EQ(counts[0].value, 0);
  EXPECT_EQ(counts[1].value, 1);
  EXPECT_EQ(counts[2].value, 2);
  // Percentages are recomputed from the summed sides: (3 + 6) / (20 + 20) in 2020.
  auto percents = Series("pct", "c12", true);
  ASSERT_TRUE(percents[0].value);
  EXPECT_DOUBLE_EQ(*percents[0].value, 9.0 / 40.0 * 100);
  EXPECT_EQ(percents[0].numerator, 9);
  EXPECT_EQ(percents[0].denominator, 40);
  // Without "comparable" the new unit has no figures before it existed.
  EXPECT_FALSE(Series("sum", "c12", false)[0].value);
}

TEST_F(ReorgTest, ValuesAfterTheDateAreCarriedToTheMergeTarget) {
  auto put = PutSum("c2", 2026, 5);
  ASSERT_TRUE(put) << put.error().message;
  ASSERT_TRUE(Apply(kMergeC1C2));
  auto rollup = engine_->RollupIndicator(indicators_["sum"], UnitOf("c12").id, Period::Year(2026),
                                         D("2026-12-31"));
  ASSERT_TRUE(rollup);
  EXPECT_EQ(rollup->value, 5);
}

TEST_F(ReorgTest, SplitThatWouldLoseValuesIsRefused) {
  auto put = PutSum("c4", 2026, 5);
  ASSERT_TRUE(put);
  ExpectRefused(R"({"operations": [{"op": "split", "date": "2025-07-01", "unit": "c4",
    "into": [{"code": "c4a", "name": "A", "kind": "commune"},
             {"code": "c4b", "name": "B", "kind": "commune"}]}]})",
                ErrorCode::kInvalidArgument, "would lose 1 value(s)");
}

TEST_F(ReorgTest, SplitWithACarrierKeepsTheValues) {
  auto result = Apply(R"({"operations": [{"op": "split", "date": "2025-07-01", "unit": "d1",
    "into": [{"code": "d1a", "name": "A", "kind": "district"},
             {"code": "d1b", "name": "B", "kind": "district"}],
    "carry_to": "d1a", "children": {"c1": "d1a", "c2": "d1a", "c3": "d1b"}}]})");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(engine_->Parent(units_["c3"], D("2025-07-01")).value_or(std::nullopt),
            UnitOf("d1b").id);
}

TEST_F(ReorgTest, SplitLeavingASubordinateWithoutSuperiorIsRefused) {
  ExpectRefused(R"({"operations": [{"op": "split", "date": "2025-07-01", "unit": "d1",
    "into": [{"code": "d1a", "name": "A", "kind": "district"},
             {"code": "d1b", "name": "B", "kind": "district"}],
    "children": {"c1": "d1a", "c2": "d1a"}}]})",
                ErrorCode::kInvalidArgument, "would be left without a superior");
}

TEST_F(ReorgTest, MergeIntoOwnDescendantIsRefused) {
  ExpectRefused(R"({"operations": [{"op": "merge", "date": "2025-07-01", "units": ["d1"],
    "into": "c1"}]})",
                ErrorCode::kInvalidArgument, "into its own descendant");
}

TEST_F(ReorgTest, MergeIntoANewUnitInsideASourceIsRefused) {
  // Found by the property test: the new unit would sit under g1, within p, and take p's
  // subordinates.
  ExpectRefused(R"({"operations": [{"op": "merge", "date": "2025-07-01", "units": ["g1", "p"],
    "into": {"code": "m", "name": "M", "kind": "commune"}}]})",
                ErrorCode::kInvalidArgument, "which would lie within it");
}

TEST_F(ReorgTest, MoveThatMakesACycleIsRefused) {
  ExpectRefused(R"({"operations": [{"op": "move", "date": "2025-07-01", "unit": "d1",
    "parent": "g1"}]})",
                ErrorCode::kInvalidArgument, "would make a cycle");
}

TEST_F(ReorgTest, OverlappingDatesAreRefused) {
  ExpectRefused(R"({"operations": [
    {"op": "move", "date": "2025-07-01", "unit": "c3", "parent": "d2"},
    {"op": "rename", "date": "2024-01-01", "unit": "c3", "name": "Tên cũ hơn"}]})",
                ErrorCode::kInvalidArgument, "changes overlap");
}

TEST_F(ReorgTest, DateBeforeTheUnitOpenedIsRefused) {
  ExpectRefused(R"({"operations": [{"op": "rename", "date": "2009-01-01", "unit": "c3",
    "name": "X"}]})",
                ErrorCode::kInvalidArgument, "opened on 2010-01-01");
}

TEST_F(ReorgTest, UnknownUnitIsRefusedNamingIt) {
  ExpectRefused(R"({"operations": [{"op": "close", "date": "2025-07-01", "unit": "c3"},
    {"op": "merge", "date": "2025-07-01", "units": ["nowhere", "c2"], "into": "c4"}]})",
                ErrorCode::kNotFound, "unit \"nowhere\" not found");
}

TEST_F(ReorgTest, ClosingAUnitWithOpenSubordinatesIsRefused) {
  ExpectRefused(R"({"operations": [{"op": "close", "date": "2025-07-01", "unit": "d2"}]})",
                ErrorCode::kInvalidArgument, "still has 1 subordinate(s) open");
}

TEST_F(ReorgTest, RenameKeepsTheNameHistoryInTheLineage) {
  auto result = Apply(R"({"operations": [{"op": "rename", "date": "2025-07-01", "unit": "c3",
    "name": "Đảng bộ xã Mới", "short_name": "Mới"}]})");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(UnitOf("c3").name, "Đảng bộ xã Mới");
  auto details = formats::LineageDetailsJson(result->lineages.front());
  EXPECT_EQ(details.at("name_before").as_string(), "Đơn vị c3");
  EXPECT_EQ(details.at("short_name").as_string(), "Mới");
}

TEST_F(ReorgTest, DutiesOfADissolvedUnitBecomeNotApplicableAndPassToTheSuccessor) {
  auto made = service_->Mutate(Actor{}, "", [&](WriteScope& scope) -> Result<Reply> {
    Obligation obligation;
    obligation.code = "ob";
    obligation.title = "Tổng kết";
    obligation.issuer_unit_id = units_["d1"];
    obligation.issued_on = D("2025-03-01");
    obligation.due_on = D("2025-12-31");
    NQ_RETURN_IF_ERROR(CreateObligation(scope, obligation, std::nullopt));
    return Reply{};
  });
  ASSERT_TRUE(made) << made.error().message;
  ASSERT_TRUE(Apply(kMergeC1C2));
  auto assignments =
      database_->Read([&](storage::Transaction& tx) { return storage::List<Assignment>(tx); });
  ASSERT_TRUE(assignments);
  std::map<Id, AssignmentStatus> status;
  for (const Assignment& a : *assignments) status[a.unit_id] = a.status;
  EXPECT_EQ(status[units_["c1"]], AssignmentStatus::kNotApplicable);
  EXPECT_EQ(status[units_["c2"]], AssignmentStatus::kNotApplicable);
  EXPECT_EQ(status[units_["c3"]], AssignmentStatus::kNotStarted);
  ASSERT_TRUE(status.contains(UnitOf("c12").id));
  EXPECT_EQ(status[UnitOf("c12").id], AssignmentStatus::kNotStarted);
}

TEST_F(ReorgTest, TargetsOfAClosedDistrictAreDerivedForItsSuccessors) {
  auto made = service_->Mutate(Actor{}, "", [&](WriteScope& scope) -> Result<Reply> {
    Document document;
    document.code = "nq";
    document.title = "Nghị quyết";
    document.issuer_unit_id = units_["d1"];
    NQ_TRY(Document stored, CreateEntity(scope, document));
    Item item;
    item.document_id = stored.id;
    item.code = "CT1";
    item.title = "Số xã đạt chuẩn";
    item.measure = Measure{indicators_["ntm"], 1, Period::Year(2020), 3, Period::Year(2025),
                           Direction::kRaise};
    NQ_RETURN_IF_ERROR(CreateEntity(scope, item));
    return Reply{};
  });
  ASSERT_TRUE(made) << made.error().message;
  auto result = Apply(R"({"operations": [
    {"op": "merge", "date": "2025-07-01", "units": ["c1", "c2"],
     "into": {"code": "x1", "name": "X1", "kind": "commune", "parent": "p"}},
    {"op": "merge", "date": "2025-07-01", "units": ["c3"],
     "into": {"code": "x2", "name": "X2", "kind": "commune", "parent": "p"}}]})");
  // A merge into a new unit needs two sources: c3 alone is moved instead.
  ASSERT_FALSE(result);
  result = Apply(R"({"operations": [
    {"op": "merge", "date": "2025-07-01", "units": ["c1", "c2"],
     "into": {"code": "x1", "name": "X1", "kind": "commune", "parent": "p"}},
    {"op": "move", "date": "2025-07-01", "unit": "c3", "parent": "p"},
    {"op": "close", "date": "2025-07-01", "unit": "d1", "successors": ["x1", "c3"],
     "carry_to": "x1"}]})");
  ASSERT_TRUE(result) << result.error().message;
  auto derived =
      formats::LineageDetailsJson(result->lineages.back()).at("derived_items").as_array();
  ASSERT_EQ(derived.size(), 2u);
  // x1 took 2 of d1's 3 communes; c3 (moved, not merged) took none: the gap of 2 goes to x1.
  const json::object& first = derived[0].as_object();
  EXPECT_EQ(first.at("unit_id").as_int64(), UnitOf("x1").id);
  EXPECT_EQ(first.at("baseline").as_double(), 0);  // neither c1 nor c2 met it in 2020
  EXPECT_EQ(first.at("goal").as_double(), 2);
  EXPECT_EQ(first.at("rule").as_string(), "shared");
}

TEST_F(ReorgTest, DryRunChangesNothing) {
  const std::string before = Everything();
  auto operations = DecodeReorganisation(json::parse(kMergeC1C2));
  ASSERT_TRUE(operations);
  auto reply = service_->DryRun(Actor{}, [&](WriteScope& scope) -> Result<Reply> {
    NQ_TRY(ReorgResult applied, ApplyReorganisation(scope, *operations, nullptr));
    return Reply{200, ReorgResultJson(applied, true), false};
  });
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_FALSE(reply->body.at("changes").as_array().empty());
  EXPECT_EQ(Everything(), before);
}

TEST_F(ReorgTest, LineageRoundTripsThroughExportAndImport) {
  ASSERT_TRUE(Apply(kMergeC1C2));
  auto bundle = ExportBundle(*database_, 0);
  ASSERT_TRUE(bundle) << bundle.error().message;
  auto target = storage::SqliteDatabase::Open((dir_ / "copy.db").string());
  ASSERT_TRUE(target);
  auto data = app::ReadEngineData(**target);
  ASSERT_TRUE(data);
  engine::Engine copy_engine(std::move(*data));
  Service copy(**target, copy_engine, clock_);
  std::vector<BundleError> errors;
  auto imported = ImportBundle(copy, *bundle, errors);
  ASSERT_TRUE(imported) << imported.error().message;
  auto again = ExportBundle(**target, 0);
  ASSERT_TRUE(again);
  EXPECT_EQ(json::serialize(again->at("lineage")), json::serialize(bundle->at("lineage")));
  EXPECT_EQ(again->at("lineage").as_array().size(), 1u);
  // The copy answers the comparable series like the original.
  auto indicator = database_->Read(
      [&](storage::Transaction& tx) { return storage::GetByCode<Indicator>(tx, "sum"); });
  auto series = engine::ComparableSeries(copy_engine, *indicator, UnitOf("c12").id,
                                         {Period::Year(2020)}, true);
  ASSERT_TRUE(series);
  EXPECT_EQ(series->front().value, 30);
}

}  // namespace
}  // namespace nq::app
