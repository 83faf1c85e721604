#include "app/bundle/bundle.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>

#include "app/bundle/bundle_decode.h"
#include "app/engine_loader.h"
#include "app/use_cases.h"
#include "storage/restore.h"
#include "storage/sqlite_database.h"

namespace nq::app {
namespace {

using namespace nq::domain;

Date D(std::string_view text) { return *Date::Parse(text); }
Period P(std::string_view code) { return *Period::Parse(code); }

// Test set-up that cannot go on: the message, then stop.
template <typename T>
T Must(Result<T> result, std::string_view what) {
  if (!result) {
    std::fprintf(stderr, "%.*s: %s\n", static_cast<int>(what.size()), what.data(),
                 result.error().message.c_str());
    std::abort();
  }
  return std::move(*result);
}

// One store with its engine and service.
struct Stack {
  std::unique_ptr<storage::SqliteDatabase> database;
  std::unique_ptr<engine::Engine> engine;
  std::unique_ptr<Service> service;
};

// Ids the tests look at after building the dataset.
struct Dataset {
  Id root = 0;
};

class BundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("nq-bundle-{}-{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    stacks_.clear();
    std::filesystem::remove_all(dir_);
  }

  Service& Open(const std::string& name) {
    auto stack = std::make_unique<Stack>();
    stack->database =
        Must(storage::SqliteDatabase::Open((dir_ / (name + ".db")).string()), "open database");
    stack->engine = std::make_unique<engine::Engine>(
        Must(app::ReadEngineData(*stack->database), "load engine"));
    stack->service = std::make_unique<Service>(*stack->database, *stack->engine, clock_);
    stacks_.push_back(std::move(stack));
    return *stacks_.back()->service;
  }

  // Runs `fn` as one mutation by "tester" and stops the test run if it fails.
  void Run(Service& service, const std::function<Status(WriteScope&)>& fn) {
    Actor actor;
    actor.name = "tester";
    Must(service.Mutate(actor, "",
                        [&](WriteScope& scope) -> Result<Reply> {
                          NQ_RETURN_IF_ERROR(fn(scope));
                          return Reply{};
                        }),
         "build dataset");
  }

  Dataset Build(Service& service);

  json::value Export(Service& service) {
    json::value bundle = Must(ExportBundle(service.database(), clock_.Now()), "export");
    bundle.as_object().stable_erase("exported_at");
    return bundle;
  }

  static std::vector<storage::TableCount> Counts(Service& service) {
    return Must(
        service.database().Read([](storage::Transaction& tx) { return storage::CountRows(tx); }),
        "count rows");
  }

  static size_t AuditRows(Service& service) {
    storage::AuditFilter filter;
    filter.limit = 1'000'000;
    return Must(service.database().Read(
                    [&](storage::Transaction& tx) { return storage::ListAudit(tx, filter); }),
                "list audit")
        .size();
  }

  static void ExpectEmpty(Service& service) {
    for (const storage::TableCount& count : Counts(service)) {
      EXPECT_EQ(count.rows, 0) << count.table;
    }
    EXPECT_EQ(AuditRows(service), 0u);
  }

  std::filesystem::path dir_;
  FakeClock clock_{1'617'184'800'000};  // 2021-03-31 10:00 UTC
  std::vector<std::unique_ptr<Stack>> stacks_;
};

// A district with two communes (one closed and merged into the other), a resolution with a
// goal and a target, a commune's plan linked to it, a dissemination obligation, values with a
// correction, a report taken through the workflow, a recommendation and a comment.
Dataset BundleTest::Build(Service& service) {
  Dataset out;
  Id commune_a = 0, target_item = 0, document_id = 0, ntm = 0, yes_no = 0, report_id = 0;
  Run(service, [&](WriteScope& s) -> Status {
    NQ_TRY(UnitKind district,
           CreateEntity(s, UnitKind{0, "huyen", "Đảng bộ huyện", "District committee", 2}));
    NQ_TRY(UnitKind commune, CreateEntity(s, UnitKind{0, "xa", "Đảng bộ xã", "Commune", 3}));
    NQ_TRY(Unit root, CreateUnit(s,
                                 Unit{0,
                                      "ba-thuoc",
                                      "Huyện ủy Bá Thước",
                                      "Bá Thước",
                                      district.id,
                                      {D("2015-01-01"), {}},
                                      1},
                                 std::nullopt));
    out.root = root.id;
    // An empty short name, which the API would fill in: the bundle keeps it empty.
    NQ_TRY(
        Unit a,
        CreateUnit(
            s, Unit{0, "dien-lu", "Đảng ủy xã Điền Lư", "", commune.id, {D("2015-01-01"), {}}, 1},
            root.id));
    commune_a = a.id;
    NQ_TRY(Unit b, CreateUnit(s,
                              Unit{0,
                                   "dien-quang",
                                   "Đảng ủy xã Điền Quang",
                                   "Điền Quang",
                                   commune.id,
                                   {D("2015-01-01"), D("2023-12-31")},
                                   1},
                              root.id));
    NQ_RETURN_IF_ERROR(storage::InsertLineage(
        s.tx(),
        Lineage{0, LineageKind::kMerge, D("2024-01-01"), {b.id, a.id}, {a.id}, "sáp nhập"}));
    NQ_RETURN_IF_ERROR(
        CreateEntity(s, Term{0, "2020T5", "Nhiệm kỳ 2020–2025", Period::Term(2020, 5)}));
    NQ_RETURN_IF_ERROR(CreateEntity(s, Field{0, "kinh-te", "Kinh tế"}));
    NQ_TRY(Person person,
           CreateEntity(s, Person{0, "Nguyễn Văn A", "Bí thư Huyện ủy", root.id, 1}));
    NQ_RETURN_IF_ERROR(
        CreateEntity(s, Responsibility{0, person.id, "2020T5", "kinh-te", root.id, "phụ trách"}));

    Indicator met_row;
    met_row.code = "xa-dat-ntm";
    met_row.name = "Số xã đạt chuẩn nông thôn mới";
    met_row.measure_unit = "xã";
    NQ_TRY(Indicator met, CreateEntity(s, met_row));
    ntm = met.id;
    Indicator all_row;
    all_row.code = "so-xa";
    all_row.name = "Tổng số xã";
    all_row.time_aggregation = TimeAggregation::kLast;
    NQ_TRY(Indicator all, CreateEntity(s, all_row));
    Indicator share;  // computed: created after its sides
    share.code = "ty-le-xa-ntm";
    share.name = "Tỷ lệ xã đạt chuẩn nông thôn mới";
    share.value_type = ValueType::kPercent;
    share.measure_unit = "%";
    share.decimals = 1;
    share.numerator_id = met.id;
    share.denominator_id = all.id;
    share.factor = 100;
    NQ_RETURN_IF_ERROR(CreateEntity(s, share));
    Indicator held_row;
    held_row.code = "to-chuc-hoi-nghi";
    held_row.name = "Đã tổ chức hội nghị";
    held_row.value_type = ValueType::kYesNo;
    held_row.unit_aggregation = UnitAggregation::kCountYes;
    NQ_TRY(Indicator held, CreateEntity(s, held_row));
    yes_no = held.id;

    Document resolution_row;
    resolution_row.code = "nq-dh23";
    resolution_row.number = "01-NQ/HU";
    resolution_row.title = "Nghị quyết Đại hội XXIII Đảng bộ huyện";
    resolution_row.issuer_unit_id = root.id;
    resolution_row.issued_on = D("2020-08-20");
    resolution_row.period_from = Period::Term(2020, 5);
    resolution_row.period_to = Period::Term(2020, 5);
    NQ_TRY(Document resolution, CreateEntity(s, resolution_row));
    document_id = resolution.id;
    Item goal_row;
    goal_row.document_id = resolution.id;
    goal_row.kind = ItemKind::kGoal;
    goal_row.ordinal = 1;
    goal_row.title = "Phát triển kinh tế nhanh, bền vững";
    NQ_TRY(Item goal, CreateEntity(s, goal_row));
    Item target_row;
    target_row.document_id = resolution.id;
    target_row.parent_id = goal.id;
    target_row.ordinal = 1;
    target_row.code = "CT1";
    target_row.title = "Có thêm 2 xã đạt chuẩn nông thôn mới";
    target_row.field_code = "kinh-te";
    target_row.measure = Measure{met.id, 5.0, P("2020"), 7.5, P("2025"), Direction::kRaise};
    NQ_TRY(Item target, CreateEntity(s, target_row));
    target_item = target.id;
    Document plan_row;
    plan_row.code = "kh-dien-lu";
    plan_row.kind = DocumentKind::kPlan;
    plan_row.title = "Kế hoạch thực hiện Nghị quyết";
    plan_row.issuer_unit_id = a.id;
    plan_row.period_from = P("2021");
    plan_row.period_to = P("2025");
    NQ_TRY(Document plan, CreateEntity(s, plan_row));
    Item lower_row;
    lower_row.document_id = plan.id;
    lower_row.title = "Xã đạt chuẩn nông thôn mới nâng cao";
    NQ_TRY(Item lower, CreateEntity(s, lower_row));
    NQ_RETURN_IF_ERROR(
        CreateEntity(s, Link{0, lower.id, target.id, LinkKind::kAllocatedShare, 0.25}));

    Obligation obligation_row;
    obligation_row.code = "hoi-nghi-quan-triet";
    obligation_row.title = "Tổ chức hội nghị quán triệt Nghị quyết";
    obligation_row.issuer_unit_id = root.id;
    obligation_row.document_id = resolution.id;
    obligation_row.issued_on = D("2021-01-10");
    obligation_row.due_on = D("2021-03-31");
    obligation_row.kind_ids = {commune.id};
    NQ_TRY(auto obligation, CreateObligation(s, obligation_row, std::nullopt));
    Assignment done = obligation.second.at(0);
    done.status = AssignmentStatus::kDone;
    done.completed_on = D("2021-03-15");
    done.evidence.document_number = "05-KH/ĐU";
    done.evidence.attendance = {{"đảng viên", 120}, {"nhân dân", 300}};
    done.evidence.files = {"bien-ban.pdf"};
    NQ_RETURN_IF_ERROR(UpdateAssignment(s, done));

    Report report_row;
    report_row.unit_id = a.id;
    report_row.period = P("2021");
    NQ_TRY(Report report, CreateReport(s, report_row));
    report_id = report.id;
    return Ok();
  });

  // Values, then a correction a day later: the value has two versions.
  auto put = [&](double met_value) {
    Run(service, [&](WriteScope& s) -> Status {
      std::vector<ValueInput> inputs = {
          {ntm, commune_a, P("2021"), json::value(met_value), "", report_id},
          {yes_no, commune_a, P("2021"), json::value(true), "báo cáo tháng 3", std::nullopt}};
      std::vector<RecordError> errors;
      NQ_RETURN_IF_ERROR(PutValues(s, inputs, errors));
      return Ok();
    });
  };
  put(1);
  clock_.Advance(86'400'000);
  put(1.5);

  Run(service, [&](WriteScope& s) -> Status {
    NQ_RETURN_IF_ERROR(TransitionReport(s, report_id, ReportAction::kSubmit, "", std::nullopt));
    NQ_RETURN_IF_ERROR(
        TransitionReport(s, report_id, ReportAction::kAccept, "đạt yêu cầu", std::nullopt));
    Recommendation recommendation_row;
    recommendation_row.from_unit_id = commune_a;
    recommendation_row.to_unit_id = out.root;
    recommendation_row.item_id = target_item;
    recommendation_row.title = "Đề nghị hỗ trợ kinh phí xây dựng đường";
    recommendation_row.due_on = D("2021-06-30");
    recommendation_row.created_at = s.now();
    NQ_TRY(Recommendation recommendation, CreateEntity(s, recommendation_row));
    NQ_RETURN_IF_ERROR(
        AnswerRecommendation(s, recommendation.id, "Đã bố trí trong kế hoạch", std::nullopt));
    NQ_RETURN_IF_ERROR(CreateEntity(
        s, Comment{0, "document", document_id, "tester", "Cần bổ sung chỉ tiêu", s.now()}));
    return Ok();
  });
  return out;
}

const json::array& Array(const json::value& bundle, std::string_view key) {
  return bundle.as_object().at(key).as_array();
}

TEST_F(BundleTest, RoundTripIsExact) {
  Service& source = Open("source");
  Dataset dataset = Build(source);
  json::value first = Export(source);
  // The dataset holds what the round trip is about.
  int corrected = 0;
  for (const json::value& value : Array(first, "values")) {
    if (value.at("version").as_int64() == 2) ++corrected;
  }
  EXPECT_EQ(corrected, 2);
  EXPECT_EQ(Array(first, "reports").at(0).at("status").as_string(), "accepted");
  EXPECT_EQ(Array(first, "lineage").size(), 1u);

  // Through text, as a file carries it.
  json::value parsed = Must(formats::ParseJsonBody(json::serialize(first)), "parse");
  Service& target = Open("target");
  std::vector<BundleError> errors;
  auto imported = ImportBundle(target, parsed, errors);
  ASSERT_TRUE(imported) << imported.error().message
                        << (errors.empty() ? ""
                                           : " / " + errors[0].pointer + ": " + errors[0].message);
  EXPECT_TRUE(errors.empty());

  EXPECT_EQ(json::serialize(Export(target)), json::serialize(first));
  // The engine was reloaded with the imported tree.
  auto children = target.engine().Children(dataset.root, D("2021-06-01"));
  ASSERT_TRUE(children) << children.error().message;
  EXPECT_EQ(children->size(), 2u);
  // Every record has its audit row, by "import".
  storage::AuditFilter by_import;
  by_import.actor = "import";
  by_import.limit = 100'000;
  auto audit = target.database().Read(
      [&](storage::Transaction& tx) { return storage::ListAudit(tx, by_import); });
  ASSERT_TRUE(audit);
  size_t records = 0;
  for (const auto& member : first.as_object()) {
    if (member.value().is_array()) records += member.value().as_array().size();
  }
  EXPECT_EQ(audit->size(), records + 1);  // and one for the bundle as a whole
  EXPECT_EQ(AuditRows(target), records + 1);
}

TEST_F(BundleTest, ImportIntoNonEmptyStoreIsRefusedAndChangesNothing) {
  Service& service = Open("source");
  Build(service);
  json::value before = Export(service);
  size_t audit_before = AuditRows(service);

  std::vector<BundleError> errors;
  auto imported = ImportBundle(service, before, errors);
  ASSERT_FALSE(imported);
  EXPECT_EQ(imported.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(imported.error().message.find("already holds data"), std::string::npos)
      << imported.error().message;
  EXPECT_EQ(json::serialize(Export(service)), json::serialize(before));
  EXPECT_EQ(AuditRows(service), audit_before);
}

TEST_F(BundleTest, BadRecordsAreAllReportedAndNothingIsWritten) {
  Service& source = Open("source");
  Build(source);
  json::value bundle = Export(source);
  json::object& root = bundle.as_object();
  root["units"].as_array().at(1).as_object()["kind_id"] = "xa";      // wrong type
  root["items"].as_array().at(0).as_object()["document_id"] = 999;   // unknown reference
  root["values"].as_array().at(0).as_object()["period"] = "2021Q5";  // bad period code

  Service& target = Open("target");
  std::vector<BundleError> errors;
  auto imported = ImportBundle(target, bundle, errors);
  ASSERT_FALSE(imported);
  EXPECT_EQ(imported.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(imported.error().message, "3 records rejected, nothing imported");
  ASSERT_EQ(errors.size(), 3u);
  std::map<std::string, std::string> by_pointer;
  for (const BundleError& error : errors) by_pointer[error.pointer] = error.message;
  ASSERT_EQ(by_pointer.size(), 3u);
  EXPECT_EQ(by_pointer["/units/1/kind_id"],
            "field \"/units/1/kind_id\" must be an integer, got string");
  EXPECT_EQ(by_pointer["/items/0/document_id"],
            "field \"/items/0/document_id\": document 999 is not in the bundle");
  EXPECT_NE(by_pointer["/values/0/period"].find("2021Q5"), std::string::npos)
      << by_pointer["/values/0/period"];
  ExpectEmpty(target);
}

// Version 1 marked a superior's target not applicable on the item itself. Read today, the mark
// becomes the declaration of each unit whose document links into that document, as the store's
// migration to schema 4 does; a unit that had not concretized the document declares nothing.
TEST_F(BundleTest, AVersion1MarkBecomesTheDeclarationOfEachConcretizingUnit) {
  json::value bundle = json::parse(R"({
    "format": "nqtrack-bundle", "version": 1,
    "unit_kinds": [{"id": 1, "code": "tinh", "name": "Tỉnh"}, {"id": 2, "code": "huyen", "name": "Huyện"}],
    "units": [
      {"id": 1, "code": "ben-tre", "name": "Bến Tre", "kind_id": 1, "valid_from": "2020-01-01", "version": 1},
      {"id": 2, "code": "binh-dai", "name": "Bình Đại", "kind_id": 2, "valid_from": "2020-01-01", "version": 1},
      {"id": 3, "code": "thanh-phu", "name": "Thạnh Phú", "kind_id": 2, "valid_from": "2020-01-01", "version": 1}],
    "unit_versions": [
      {"id": 1, "unit_id": 1, "parent_id": null, "valid_from": "2020-01-01", "valid_to": null},
      {"id": 2, "unit_id": 2, "parent_id": 1, "valid_from": "2020-01-01", "valid_to": null},
      {"id": 3, "unit_id": 3, "parent_id": 1, "valid_from": "2020-01-01", "valid_to": null}],
    "documents": [
      {"id": 1, "code": "nq-tinh", "kind": "resolution", "title": "NQ tỉnh", "issuer_unit_id": 1,
       "period_from": "2021", "period_to": "2021", "version": 1},
      {"id": 2, "code": "nq-binh-dai", "kind": "resolution", "title": "NQ huyện", "issuer_unit_id": 2,
       "period_from": "2021", "period_to": "2021", "version": 1}],
    "items": [
      {"id": 1, "document_id": 1, "kind": "target", "title": "Kim ngạch xuất khẩu",
       "not_applicable": true, "version": 1},
      {"id": 2, "document_id": 1, "kind": "target", "title": "Thu nhập", "not_applicable": false,
       "version": 1},
      {"id": 3, "document_id": 2, "kind": "target", "title": "Thu nhập huyện", "version": 1}],
    "links": [{"id": 1, "from_item_id": 3, "to_item_id": 2, "kind": "localized"}]
  })");
  Service& target = Open("target");
  std::vector<BundleError> errors;
  auto imported = ImportBundle(target, bundle, errors);
  ASSERT_TRUE(imported) << imported.error().message
                        << (errors.empty() ? ""
                                           : " / " + errors[0].pointer + ": " + errors[0].message);
  json::value exported = Export(target);
  EXPECT_EQ(exported.at("version").as_int64(), 2);
  EXPECT_FALSE(exported.at("items").at(0).as_object().contains("not_applicable"));
  const json::array& declarations = exported.at("declarations").as_array();
  ASSERT_EQ(declarations.size(), 1u) << json::serialize(declarations);
  EXPECT_EQ(declarations[0].at("item_id").as_int64(), 1);
  EXPECT_EQ(declarations[0].at("unit_id").as_int64(), 2);  // Bình Đại; Thạnh Phú had no document
  EXPECT_EQ(declarations[0].at("reason").as_string(), kDeclaredBeforeDeclarations);
  auto coverage = target.engine().CoverageOf(1, 2);
  ASSERT_TRUE(coverage) << coverage.error().message;
  EXPECT_EQ(coverage->covered, 1);
  EXPECT_EQ(coverage->not_applicable, 1);
  EXPECT_TRUE(coverage->uncovered.empty());
}

TEST_F(BundleTest, DuplicateIdsAndCodesAreRejected) {
  json::value bundle = json::parse(R"({
    "format": "nqtrack-bundle", "version": 1,
    "unit_kinds": [{"id": 1, "code": "xa", "name": "Xã"}, {"id": 1, "code": "xa2", "name": "Xã"}],
    "units": [
      {"id": 1, "code": "a", "name": "A", "kind_id": 1, "valid_from": "2020-01-01", "version": 1},
      {"id": 2, "code": "a", "name": "B", "kind_id": 1, "valid_from": "2020-01-01", "version": 1}]
  })");
  Service& target = Open("target");
  std::vector<BundleError> errors;
  auto imported = ImportBundle(target, bundle, errors);
  ASSERT_FALSE(imported);
  EXPECT_EQ(imported.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].pointer, "/unit_kinds/1/id");
  EXPECT_EQ(errors[0].message,
            "field \"/unit_kinds/1/id\": unit kind id 1 also appears at \"/unit_kinds/0\"");
  EXPECT_EQ(errors[1].pointer, "/units/1/code");
  ExpectEmpty(target);
}

TEST_F(BundleTest, ErrorListIsCappedButTheCountIsNot) {
  json::array units;
  for (int id = 1; id <= 150; ++id) {
    units.push_back(json::object{{"id", id},
                                 {"code", fmt::format("u{}", id)},
                                 {"name", "U"},
                                 {"valid_from", "2020-01-01"},
                                 {"version", 1}});
  }
  json::value bundle =
      json::object{{"format", "nqtrack-bundle"}, {"version", 1}, {"units", std::move(units)}};
  Service& target = Open("target");
  std::vector<BundleError> errors;
  auto imported = ImportBundle(target, bundle, errors);
  ASSERT_FALSE(imported);
  EXPECT_EQ(imported.error().message, "150 records rejected, nothing imported");
  EXPECT_EQ(errors.size(), 100u);
  EXPECT_EQ(errors[0].pointer, "/units/0/kind_id");
  EXPECT_EQ(errors[0].message, "field \"/units/0/kind_id\" is required");
}

TEST_F(BundleTest, MalformedEnvelopeIsRejected) {
  struct Case {
    std::string bundle;
    std::string pointer;
  };
  const Case cases[] = {
      {R"([])", "/"},
      {R"({"version": 1})", "/format"},
      {R"({"format": "dhis2", "version": 1})", "/format"},
      {R"({"format": "nqtrack-bundle"})", "/version"},
      {R"({"format": "nqtrack-bundle", "version": "1"})", "/version"},
      {R"({"format": "nqtrack-bundle", "version": 3})", "/version"},
      {R"({"format": "nqtrack-bundle", "version": 1, "units": {}})", "/units"},
      {R"({"format": "nqtrack-bundle", "version": 1, "unit": []})", "/unit"},
  };
  Service& target = Open("target");
  for (const Case& c : cases) {
    std::vector<BundleError> errors;
    auto imported = ImportBundle(target, json::parse(c.bundle), errors);
    ASSERT_FALSE(imported) << c.bundle;
    EXPECT_EQ(imported.error().code, ErrorCode::kInvalidArgument) << c.bundle;
    EXPECT_EQ(imported.error().field, c.pointer) << c.bundle;
    ASSERT_EQ(errors.size(), 1u) << c.bundle;
    EXPECT_EQ(errors[0].pointer, c.pointer) << c.bundle;
  }
  ExpectEmpty(target);
}

TEST_F(BundleTest, TextIsStoredNfcAndIdsAreKept) {
  const std::string nfd_name = "Huye\u0323\u0302n u\u0309y Ba\u0301 Thu\u031Bo\u031B\u0301c";
  const std::string nfd_kind = "\u0110a\u0309ng bo\u0323\u0302 huye\u0323\u0302n";
  ASSERT_NE(nfd_name, "Huyện ủy Bá Thước");  // the test means something only if they differ
  json::value bundle = json::object{
      {"format", "nqtrack-bundle"},
      {"version", 1},
      {"exported_at", "2021-03-31T10:00:00Z"},
      {"unit_kinds", json::array{json::object{{"id", 4}, {"code", "huyen"}, {"name", nfd_kind}}}},
      {"units", json::array{json::object{{"id", 7},
                                         {"code", "ba-thuoc"},
                                         {"name", nfd_name},
                                         {"short_name", ""},
                                         {"kind_id", 4},
                                         {"valid_from", "2015-01-01"},
                                         {"valid_to", nullptr},
                                         {"version", 3}}}},
      {"unit_versions",
       json::array{json::object{
           {"id", 9}, {"unit_id", 7}, {"parent_id", nullptr}, {"valid_from", "2015-01-01"}}}}};
  Service& target = Open("target");
  std::vector<BundleError> errors;
  auto imported = ImportBundle(target, bundle, errors);
  ASSERT_TRUE(imported) << imported.error().message;

  auto unit =
      target.database().Read([](storage::Transaction& tx) { return storage::Get<Unit>(tx, 7); });
  ASSERT_TRUE(unit) << unit.error().message;
  EXPECT_EQ(unit->name, "Huyện ủy Bá Thước");
  EXPECT_EQ(unit->short_name, "");
  EXPECT_EQ(unit->version, 3);
  auto kind = target.database().Read(
      [](storage::Transaction& tx) { return storage::Get<UnitKind>(tx, 4); });
  ASSERT_TRUE(kind) << kind.error().message;
  EXPECT_EQ(kind->name, "Đảng bộ huyện");
  auto path = target.engine().Path(7, D("2021-01-01"));
  ASSERT_TRUE(path) << path.error().message;
  EXPECT_EQ(*path, std::vector<Id>{7});
}

// The example in docs/bundle.md is a real bundle: it imports, and exports back unchanged.
TEST_F(BundleTest, DocumentedExampleRoundTrips) {
  const char* source_dir = std::getenv("NQ_SOURCE_DIR");
  std::filesystem::path root = source_dir ? source_dir : NQ_DEFAULT_SOURCE_DIR;
  std::ifstream in(root / "docs" / "bundle.md");
  ASSERT_TRUE(in) << "cannot read docs/bundle.md under " << root;
  std::stringstream text;
  text << in.rdbuf();
  std::string doc = text.str();
  size_t example = doc.find("## Example");
  ASSERT_NE(example, std::string::npos);
  size_t open = doc.find("```json\n", example);
  ASSERT_NE(open, std::string::npos);
  open += 8;
  size_t close = doc.find("```", open);
  ASSERT_NE(close, std::string::npos);
  json::value bundle =
      Must(formats::ParseJsonBody(doc.substr(open, close - open)), "parse the example");

  Service& target = Open("target");
  std::vector<BundleError> errors;
  auto imported = ImportBundle(target, bundle, errors);
  ASSERT_TRUE(imported) << imported.error().message
                        << (errors.empty() ? ""
                                           : " / " + errors[0].pointer + ": " + errors[0].message);
  bundle.as_object().stable_erase("exported_at");
  EXPECT_EQ(json::serialize(Export(target)), json::serialize(bundle));
}

// A bundle exported before obligations had a reach and responsibilities a version: its
// obligations reach the direct subordinates, their units not listed, and its responsibilities
// are at their first version.
TEST_F(BundleTest, AnOlderBundleReadsAsLeavingOutItsNewerMembersMeant) {
  const char* source_dir = std::getenv("NQ_SOURCE_DIR");
  std::filesystem::path root = source_dir ? source_dir : NQ_DEFAULT_SOURCE_DIR;
  std::ifstream in(root / "docs" / "bundle.md");
  ASSERT_TRUE(in);
  std::stringstream text;
  text << in.rdbuf();
  std::string doc = text.str();
  size_t open = doc.find("```json\n", doc.find("## Example")) + 8;
  json::value bundle = Must(formats::ParseJsonBody(doc.substr(open, doc.find("```", open) - open)),
                            "parse the example");
  json::object& obligation = bundle.at("obligations").at(0).as_object();
  obligation.erase("depth");
  obligation.erase("units_listed");
  bundle.at("responsibilities").at(0).as_object().erase("version");
  Service& target = Open("target");
  std::vector<BundleError> errors;
  auto imported = ImportBundle(target, bundle, errors);
  ASSERT_TRUE(imported) << imported.error().message
                        << (errors.empty() ? ""
                                           : " / " + errors[0].pointer + ": " + errors[0].message);
  json::value exported = Export(target);
  EXPECT_EQ(exported.at("obligations").at(0).at("depth"), 1);
  EXPECT_EQ(exported.at("responsibilities").at(0).at("version"), 1);
  EXPECT_EQ(exported.at("obligations").at(0).at("units_listed"), false);
}

}  // namespace
}  // namespace nq::app
