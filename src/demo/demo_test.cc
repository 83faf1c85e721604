#include "demo/demo.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>

#include "app/engine_loader.h"
#include "app/figures_text.h"
#include "common/text.h"
#include "demo/demo_fixture.h"
#include "storage/sqlite_database.h"
#include "storage/store.h"

namespace nq::app {
namespace {

using namespace nq::domain;

Date Day(std::string_view text) {
  auto date = Date::Parse(text);
  EXPECT_TRUE(date) << text;
  return date.value_or(Date());
}

// The demo loaded once into a real SQLite file, with the clock at 27/11/2026; the tests only
// read, except where they say otherwise.
class DemoTest : public SharedDemoTest<DemoTest> {
 protected:
  template <typename T>
  static T ByCode(std::string_view code) {
    auto row =
        database_->Read([&](storage::Transaction& tx) { return storage::GetByCode<T>(tx, code); });
    EXPECT_TRUE(row) << code << ": " << row.error().message;
    return row.value_or(T{});
  }

  // The item `code` of the document `document_code`.
  static Item ItemOf(std::string_view document_code, std::string_view code) {
    const Id document_id = ByCode<Document>(document_code).id;
    auto items = database_->Read([&](storage::Transaction& tx) {
      return storage::List<Item>(
          tx, {storage::Eq("document_id", document_id), storage::Eq("code", std::string(code))});
    });
    EXPECT_TRUE(items && items->size() == 1) << document_code << "/" << code;
    return items && !items->empty() ? items->front() : Item{};
  }

  static engine::ObligationRollup Rollup(std::string_view obligation, std::string_view unit,
                                         std::string_view as_of) {
    auto rollup =
        engine_->RollupObligation(ByCode<Obligation>(obligation).id, UnitIdOf(unit), Day(as_of));
    EXPECT_TRUE(rollup) << rollup.error().message;
    return rollup.value_or(engine::ObligationRollup{});
  }

  // by_kind as kind code → counts.
  static std::map<std::string, engine::CompletenessCounts> ByKind(
      const engine::ObligationRollup& rollup) {
    std::map<std::string, engine::CompletenessCounts> counts;
    for (const engine::KindCounts& entry : rollup.by_kind) {
      auto kind = database_->Read(
          [&](storage::Transaction& tx) { return storage::Get<UnitKind>(tx, entry.kind_id); });
      counts[kind ? kind->code : "?"] = entry.counts;
    }
    return counts;
  }
};

TEST_F(DemoTest, BaThuocHas43SubordinatesOf21CommunesAnd22Agencies) {
  auto children = engine_->Children(UnitIdOf("ba-thuoc"), Day("2021-03-31"));
  ASSERT_TRUE(children) << children.error().message;
  EXPECT_EQ(children->size(), 43u);
}

TEST_F(DemoTest, Dissemination43Of43InBothCommunesAndAgencies) {
  // Bá Thước was dissolved on 1 July 2025: its figures stand as of its last day.
  for (std::string_view as_of : {"2021-12-31", "2025-06-30"}) {
    SCOPED_TRACE(as_of);
    const auto rollup = Rollup("ba-thuoc-quan-triet-dh23", "ba-thuoc", as_of);
    EXPECT_EQ(rollup.total.expected, 43);
    EXPECT_EQ(rollup.total.done, 43);
    EXPECT_EQ(rollup.total.on_time, 43);
    EXPECT_EQ(rollup.total.overdue, 0);
    EXPECT_TRUE(rollup.not_done.empty());
    auto by_kind = ByKind(rollup);
    ASSERT_EQ(by_kind.size(), 2u);
    EXPECT_EQ(by_kind["xa-thi-tran"].expected, 21);
    EXPECT_EQ(by_kind["xa-thi-tran"].done, 21);
    EXPECT_EQ(by_kind["co-quan-doanh-nghiep"].expected, 22);
    EXPECT_EQ(by_kind["co-quan-doanh-nghiep"].done, 22);
  }
}

TEST_F(DemoTest, DisseminationIsWithinTheDeadlineWithEvidence) {
  const auto rollup = Rollup("ba-thuoc-quan-triet-dh23", "ba-thuoc", "2025-06-30");
  for (const engine::AssignmentState& state : rollup.assignments) {
    ASSERT_TRUE(state.completed_on);
    EXPECT_GE(*state.completed_on, Day("2021-01-05"));
    EXPECT_LE(*state.completed_on, Day("2021-03-30"));
  }
  auto assignments = database_->Read([&](storage::Transaction& tx) {
    return storage::List<Assignment>(
        tx, {storage::Eq("obligation_id", ByCode<Obligation>("ba-thuoc-quan-triet-dh23").id)});
  });
  ASSERT_TRUE(assignments);
  ASSERT_EQ(assignments->size(), 43u);
  for (const Assignment& assignment : *assignments) {
    EXPECT_TRUE(assignment.complete());
    EXPECT_FALSE(assignment.evidence.document_number.empty());
    ASSERT_EQ(assignment.evidence.attendance.size(), 2u);
    EXPECT_EQ(assignment.evidence.attendance[0].group, "cán bộ, đảng viên");
    EXPECT_GT(assignment.evidence.attendance[0].count, 0);
  }
}

TEST_F(DemoTest, EveryOrganisationIssuedItsActionProgram) {
  const auto rollup = Rollup("ba-thuoc-ctr-hanh-dong-dh23", "ba-thuoc", "2025-06-30");
  EXPECT_EQ(rollup.total.expected, 43);
  EXPECT_EQ(rollup.total.done, 43);
  EXPECT_EQ(rollup.total.on_time, 43);
}

TEST_F(DemoTest, HalfYearReviewLeavesSomeoneToChase) {
  const auto rollup = Rollup("ba-thuoc-so-ket-6-thang-2021", "ba-thuoc", "2025-06-30");
  EXPECT_EQ(rollup.total.expected, 43);
  EXPECT_EQ(rollup.total.done, 35);
  EXPECT_EQ(rollup.total.late, 4);
  EXPECT_EQ(rollup.total.overdue, 8);
  ASSERT_EQ(rollup.not_done.size(), 8u);
  EXPECT_TRUE(rollup.not_done.front().overdue);
}

TEST_F(DemoTest, ThanhSonNewRuralTargetAsOfEnd2024) {
  const Item target = ItemOf("nq-dh26-thanh-son", "CT-NTM");
  ASSERT_TRUE(target.measure);
  auto progress = engine_->Progress(target.id, Day("2024-12-31"));
  ASSERT_TRUE(progress) << progress.error().message;
  ASSERT_TRUE(progress->baseline);
  EXPECT_EQ(*progress->baseline, 4);
  ASSERT_TRUE(progress->current);
  EXPECT_EQ(*progress->current, 7);
  EXPECT_EQ(progress->current_period, Period::Year(2024));
  EXPECT_EQ(progress->goal, 9);
  EXPECT_EQ(progress->unit_id, UnitIdOf("thanh-son"));
  // 4, 5, 6, 7, 7 a year from 2020: the trend reaches about 8.2 by the end of 2025, short of
  // 9 but over 80% of the way from the baseline, so the engine calls it at risk.
  ASSERT_TRUE(progress->projected);
  EXPECT_GT(*progress->projected, 8);
  EXPECT_LT(*progress->projected, 9);
  EXPECT_EQ(progress->status, engine::TargetStatus::kAtRisk) << TargetReasonEn(*progress);
  std::vector<double> series;
  for (const engine::SeriesPoint& point : progress->series) {
    if (point.value) series.push_back(*point.value);
  }
  EXPECT_EQ(series, (std::vector<double>{4, 5, 6, 7, 7}));
}

TEST_F(DemoTest, BenTreTargetsAreAllCoveredOrNotApplicableInBinhDai) {
  auto coverage = engine_->CoverageOf(ByCode<Document>("nq-tu-ben-tre-2021").id,
                                      ByCode<Document>("nq-hu-binh-dai-2021").id);
  ASSERT_TRUE(coverage) << coverage.error().message;
  EXPECT_EQ(coverage->upper_targets, 24);
  EXPECT_EQ(coverage->covered, 22);
  EXPECT_EQ(coverage->not_applicable, 2);
  EXPECT_TRUE(coverage->uncovered.empty());
  auto district_targets = database_->Read([&](storage::Transaction& tx) {
    return storage::List<Item>(
        tx, {storage::Eq("document_id", ByCode<Document>("nq-hu-binh-dai-2021").id),
             storage::Eq("kind", "target")});
  });
  ASSERT_TRUE(district_targets);
  EXPECT_EQ(district_targets->size(), 20u);
}

// The province's matrix across its two districts: Bình Đại covers 22 and declares CT04 and CT11
// not applicable; Thạnh Phú covers the same 22, declares CT04 and forgot CT11.
TEST_F(DemoTest, BenTreMatrixShowsEachDistrictsOwnDeclarations) {
  auto matrix = engine_->Cascade(ByCode<Document>("nq-tu-ben-tre-2021").id, Day("2021-12-31"));
  ASSERT_TRUE(matrix) << matrix.error().message;
  ASSERT_EQ(matrix->units.size(), 2u);
  ASSERT_EQ(matrix->targets.size(), 24u);
  const size_t binh_dai = matrix->units[0] == ByCode<Unit>("binh-dai").id ? 0 : 1;
  const size_t thanh_phu = 1 - binh_dai;
  EXPECT_EQ(matrix->units[thanh_phu], ByCode<Unit>("thanh-phu").id);
  auto counts = [](const engine::CoverCounts& c) {
    return std::tuple{c.covered, c.not_applicable, c.missing};
  };
  EXPECT_EQ(counts(matrix->by_unit[binh_dai]), std::tuple(22, 2, 0));
  EXPECT_EQ(counts(matrix->by_unit[thanh_phu]), std::tuple(22, 1, 1));
  auto target = [&](std::string_view item_code) {
    for (size_t t = 0; t < matrix->targets.size(); ++t) {
      auto item = database_->Read(
          [&](storage::Transaction& tx) { return storage::Get<Item>(tx, matrix->targets[t]); });
      if (item && item->code == item_code) return t;
    }
    return matrix->targets.size();
  };
  const size_t ct11 = target("CT11");
  ASSERT_LT(ct11, matrix->targets.size());
  EXPECT_EQ(matrix->at(ct11, binh_dai).cover, engine::Cover::kNotApplicable);
  EXPECT_EQ(matrix->at(ct11, thanh_phu).cover, engine::Cover::kMissing);
  EXPECT_EQ(counts(matrix->by_target[ct11]), std::tuple(0, 1, 1));
}

TEST_F(DemoTest, ThemesOfTheYear) {
  EXPECT_EQ(ByCode<Document>("nq-tu-ben-tre-2021").theme, "Đồng thuận – Sáng tạo");
  EXPECT_EQ(ByCode<Document>("nq-hu-binh-dai-2021").theme,
            "Năng động, tạo đột phá trong xây dựng nông thôn mới");
}

TEST_F(DemoTest, BaThuocResolutionHasTwoKeyProgramsAndThreeBreakthroughs) {
  auto items = database_->Read([&](storage::Transaction& tx) {
    return storage::List<Item>(
        tx, {storage::Eq("document_id", ByCode<Document>("nq-dh23-ba-thuoc").id)});
  });
  ASSERT_TRUE(items);
  std::map<ItemKind, int> counts;
  for (const Item& item : *items) ++counts[item.kind];
  EXPECT_EQ(counts[ItemKind::kKeyProgram], 2);
  EXPECT_EQ(counts[ItemKind::kBreakthrough], 3);
}

TEST_F(DemoTest, ReportsLeaveWorkToDo) {
  auto reports =
      database_->Read([](storage::Transaction& tx) { return storage::List<Report>(tx); });
  ASSERT_TRUE(reports);
  std::map<ReportStatus, int> counts;
  for (const Report& report : *reports) {
    ++counts[report.status];
    EXPECT_NE(report.period, Period::Year(2021)) << "no 2021 year report is loaded";
  }
  EXPECT_GT(counts[ReportStatus::kAccepted], 0);
  EXPECT_GT(counts[ReportStatus::kSubmitted], 0);
  EXPECT_GT(counts[ReportStatus::kDraft], 0);
  EXPECT_EQ(counts[ReportStatus::kReturned], 1);
  auto van_nho = database_->Read([&](storage::Transaction& tx) {
    return storage::List<Report>(tx, {storage::Eq("unit_id", UnitIdOf("ba-thuoc-van-nho"))});
  });
  ASSERT_TRUE(van_nho);
  EXPECT_TRUE(van_nho->empty());
}

TEST_F(DemoTest, RecommendationsAreOpenAnsweredAndClosed) {
  auto recommendations =
      database_->Read([](storage::Transaction& tx) { return storage::List<Recommendation>(tx); });
  ASSERT_TRUE(recommendations);
  ASSERT_EQ(recommendations->size(), 4u);
  std::map<RecommendationStatus, int> counts;
  for (const Recommendation& recommendation : *recommendations) {
    ++counts[recommendation.status];
    EXPECT_TRUE(recommendation.item_id);
  }
  EXPECT_EQ(counts[RecommendationStatus::kOpen], 2);
  EXPECT_EQ(counts[RecommendationStatus::kAnswered], 1);
  EXPECT_EQ(counts[RecommendationStatus::kClosed], 1);
}

TEST_F(DemoTest, UnitTextIsNfcAndCodesAreSlugs) {
  auto units = database_->Read([](storage::Transaction& tx) { return storage::List<Unit>(tx); });
  ASSERT_TRUE(units);
  EXPECT_GT(units->size(), 90u);
  for (const Unit& unit : *units) {
    for (const std::string& text : {unit.name, unit.short_name}) {
      auto nfc = ToNfc(text);
      ASSERT_TRUE(nfc) << text;
      EXPECT_EQ(*nfc, text) << unit.code;
    }
    // Every unit opened before 2015, or with the 2025 reform; the reform closed the others.
    if (unit.validity.valid_to) {
      EXPECT_EQ(*unit.validity.valid_to, Day("2025-06-30")) << unit.code;
    }
    if (unit.validity.valid_from != Day("2025-07-01")) {
      EXPECT_LE(unit.validity.valid_from, Day("2015-01-01")) << unit.code;
    }
    for (char c : unit.code) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') << unit.code;
    }
  }
  EXPECT_EQ(ByCode<Unit>("ba-thuoc").short_name, "Bá Thước");
  EXPECT_EQ(ByCode<Unit>("ba-thuoc-lung-cao").short_name, "Lũng Cao");
}

TEST_F(DemoTest, EveryChangeIsAudited) {
  auto audit = database_->Read([](storage::Transaction& tx) {
    storage::AuditFilter filter;
    filter.actor = "demo";
    filter.limit = 10;
    return storage::ListAudit(tx, filter);
  });
  ASSERT_TRUE(audit) << audit.error().message;
  EXPECT_FALSE(audit->empty());
}

TEST_F(DemoTest, LoadingTwiceFailsAndChangesNothing) {
  auto before = database_->Read([](storage::Transaction& tx) { return storage::List<Unit>(tx); });
  ASSERT_TRUE(before);
  Status again = LoadDemo(*service_);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(again.error().message,
            "the database already holds data; the demo loads only into an empty one");
  auto after = database_->Read([](storage::Transaction& tx) { return storage::List<Unit>(tx); });
  ASSERT_TRUE(after);
  EXPECT_EQ(after->size(), before->size());
}

TEST_F(DemoTest, LoadsTheSameWayEveryTime) {
  // A second empty store gets the same assignment dates and evidence: nothing is random.
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("nq-demo2-{}", ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    auto database = storage::SqliteDatabase::Open((dir / "nq.db").string());
    ASSERT_TRUE(database) << database.error().message;
    auto data = app::ReadEngineData(**database);
    ASSERT_TRUE(data);
    engine::Engine engine(std::move(*data));
    Service service(**database, engine, *clock_);
    ASSERT_TRUE(LoadDemo(service));
    auto read_all = [](storage::Database& db) {
      return db.Read([](storage::Transaction& tx) { return storage::List<Assignment>(tx); });
    };
    auto first = read_all(*database_);
    auto second = read_all(**database);
    ASSERT_TRUE(first && second);
    ASSERT_EQ(first->size(), second->size());
    for (size_t index = 0; index < first->size(); ++index) {
      EXPECT_EQ((*first)[index].completed_on, (*second)[index].completed_on);
      EXPECT_EQ((*first)[index].evidence.document_number,
                (*second)[index].evidence.document_number);
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace nq::app
