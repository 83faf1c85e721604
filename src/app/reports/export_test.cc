// Large exports with progress, over the demo: each kind reports its phases up to the end, the
// file parses back, and a cancelled export ends with aborted and hands nothing out, as a job too.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <pugixml.hpp>

#include "app/exchange/dhis2.h"
#include "app/exchange/values_csv.h"
#include "app/jobs.h"
#include "app/reports/exports.h"
#include "demo/demo_fixture.h"
#include "formats/xlsx_reader.h"
#include "formats/zip_archive.h"

namespace nq::app {
namespace {

using namespace nq::domain;

struct Step {
  std::string phase;
  size_t done = 0;
  size_t total = 0;
};

class ExportTest : public SharedDemoTest<ExportTest> {
 protected:
  static ExportSpec Report(ExportKind kind) {
    ExportSpec spec;
    spec.kind = kind;
    spec.report = ReportRequest{UnitIdOf("ba-thuoc"), *Period::Parse("2021Q1"),
                                Language::kVietnamese, Date::Parse("2021-04-05").value()};
    return spec;
  }
  static ExportSpec Values(ExportKind kind) {
    ExportSpec spec;
    spec.kind = kind;
    spec.values = ExportRequest{UnitIdOf("ba-thuoc"), Period::Year(2020), Period::Year(2025)};
    return spec;
  }
  // Runs the export, recording every progress report.
  static Result<ExportFile> Run(const ExportSpec& spec, std::vector<Step>& steps) {
    WorkControl control;
    control.progress = [&](std::string_view phase, size_t done, size_t total) {
      steps.push_back({std::string(phase), done, total});
    };
    return MakeExport(*service_, spec, control);
  }
  // Progress never goes past its total within a phase, and the last step is "writing" 1/1.
  static void ExpectProgressEnds(const std::vector<Step>& steps, std::string_view work_phase) {
    ASSERT_FALSE(steps.empty());
    bool seen = false;
    for (const Step& step : steps) {
      EXPECT_LE(step.done, step.total) << step.phase;
      if (step.phase == work_phase && step.done == step.total) seen = true;
    }
    EXPECT_TRUE(seen) << work_phase << " never reached its total";
    EXPECT_EQ(steps.back().phase, "writing");
    EXPECT_EQ(steps.back().done, 1u);
    EXPECT_EQ(steps.back().total, 1u);
  }
};

TEST_F(ExportTest, ReportDocxReportsEveryStepAndParsesBack) {
  std::vector<Step> steps;
  auto file = Run(Report(ExportKind::kReportDocx), steps);
  ASSERT_TRUE(file) << file.error().message;
  ExpectProgressEnds(steps, "values");
  EXPECT_EQ(file->name, "bao-cao-ba-thuoc-2021Q1.docx");
  EXPECT_EQ(file->content_type, kDocxContentType);
  // The report's own steps count up one by one to their total.
  size_t last = 0;
  for (const Step& step : steps) {
    if (step.phase == "writing") break;
    EXPECT_EQ(step.done, last + 1) << step.phase;
    last = step.done;
  }
  auto parts = formats::ReadZip(file->bytes);
  ASSERT_TRUE(parts) << parts.error().message;
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(parts->at("word/document.xml").c_str()));
  std::string text;
  for (pugi::xpath_node t : document.select_nodes("//w:t")) text += t.node().text().get();
  EXPECT_NE(text.find("43/43 đảng bộ, chi bộ trực thuộc"), std::string::npos);
}

TEST_F(ExportTest, ReportXlsxParsesBackWithItsSheets) {
  std::vector<Step> steps;
  auto file = Run(Report(ExportKind::kReportXlsx), steps);
  ASSERT_TRUE(file) << file.error().message;
  ExpectProgressEnds(steps, "values");
  std::vector<formats::ImportIssue> issues;
  auto obligations = formats::ReadXlsxSheet(file->bytes, "Nhiệm vụ", false, issues);
  ASSERT_TRUE(obligations) << (issues.empty() ? "" : issues.front().Text());
  EXPECT_EQ(obligations->Text(5, 1), "Nhiệm vụ");  // title, unit, period, blank, header
  EXPECT_GE(obligations->last_row, 5 + 43);
}

TEST_F(ExportTest, ValuesAsCsvAndDataValueSetsParseBackToTheSameRecords) {
  auto expected = CollectValues(*service_, Values(ExportKind::kValuesCsv).values);
  ASSERT_TRUE(expected);
  ASSERT_FALSE(expected->empty());
  std::vector<Step> steps;
  auto csv = Run(Values(ExportKind::kValuesCsv), steps);
  ASSERT_TRUE(csv) << csv.error().message;
  ExpectProgressEnds(steps, "values");
  EXPECT_EQ(csv->name, "values-ba-thuoc-2020-2025.csv");
  std::vector<Error> errors;
  auto records = ParseValuesCsv(csv->bytes, errors);
  ASSERT_TRUE(records);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(records->size(), expected->size());
  EXPECT_EQ(csv->records, expected->size());

  steps.clear();
  auto dhis2 = Run(Values(ExportKind::kDataValueSets), steps);
  ASSERT_TRUE(dhis2) << dhis2.error().message;
  ExpectProgressEnds(steps, "values");
  auto values = ParseDataValueSets(std::string_view(dhis2->bytes), errors);
  ASSERT_TRUE(values);
  EXPECT_EQ(values->size() + dhis2->skipped_terms, expected->size());
}

TEST_F(ExportTest, BundleReportsEachTable) {
  std::vector<Step> steps;
  ExportSpec spec;
  spec.kind = ExportKind::kBundle;
  auto file = Run(spec, steps);
  ASSERT_TRUE(file) << file.error().message;
  ExpectProgressEnds(steps, "extensions");
  EXPECT_EQ(steps.front().phase, "unit_kinds");
  boost::system::error_code ec;
  json::value bundle = json::parse(file->bytes, ec);
  ASSERT_FALSE(ec);
  EXPECT_GT(bundle.at("units").as_array().size(), 43u);
}

TEST_F(ExportTest, ACancelledExportEndsAbortedWithNoFile) {
  for (ExportKind kind : {ExportKind::kReportDocx, ExportKind::kValuesCsv, ExportKind::kBundle}) {
    std::atomic<bool> cancelled{false};
    WorkControl control;
    control.cancelled = &cancelled;
    size_t reports = 0;
    control.progress = [&](std::string_view, size_t, size_t) {
      ++reports;
      cancelled = true;  // cancel at the first step
    };
    ExportSpec spec = kind == ExportKind::kValuesCsv ? Values(kind) : Report(kind);
    spec.kind = kind;
    auto file = MakeExport(*service_, spec, control);
    ASSERT_FALSE(file) << ExportKindName(kind);
    EXPECT_EQ(file.error().code, ErrorCode::kAborted) << ExportKindName(kind);
    EXPECT_EQ(reports, 1u) << ExportKindName(kind);
  }
}

// As a job: done with its file, or cancelled with none; a done job's file goes when cancelled.
TEST_F(ExportTest, AnExportJobKeepsItsFileOnlyWhenDone) {
  JobRegistry jobs;
  auto work = [](bool cancel_first) {
    return [cancel_first](Job& job, json::value&) -> Result<json::value> {
      WorkControl control;
      control.cancelled = &job.cancel_flag();
      control.progress = [&](std::string_view phase, size_t done, size_t total) {
        job.SetProgress(phase, done, total);
        if (cancel_first) job.Cancel();
      };
      NQ_TRY(ExportFile file, MakeExport(*service_, Report(ExportKind::kReportXlsx), control));
      job.SetFile({file.name, file.content_type, std::move(file.bytes)});
      return json::value(json::object{{"name", file.name}});
    };
  };
  auto done = jobs.Start("export-report.xlsx", "test", work(false));
  done->Wait();
  ASSERT_EQ(done->state(), JobState::kDone) << json::serialize(done->ToJson());
  ASSERT_NE(done->file(), nullptr);
  EXPECT_EQ(done->ToJson().at("file").at("href").as_string(),
            fmt::format("/api/v1/jobs/{}/file", done->id()));
  json::value progress = done->ToJson().at("progress");
  EXPECT_EQ(progress.at("done"), progress.at("total"));
  EXPECT_EQ(progress.at("phase"), "writing");
  done->Cancel();
  EXPECT_EQ(done->file(), nullptr);

  auto cancelled = jobs.Start("export-report.xlsx", "test", work(true));
  cancelled->Wait();
  EXPECT_EQ(cancelled->state(), JobState::kCancelled);
  EXPECT_EQ(cancelled->file(), nullptr);
  EXPECT_FALSE(cancelled->ToJson().as_object().contains("file"));
}

}  // namespace
}  // namespace nq::app
