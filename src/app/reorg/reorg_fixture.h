// ReorgFixture: a small tree in a fresh SQLite store for the reorganisation tests — a province P
// with districts D1 (communes C1, C2, C3; grassroots G1 under C1) and D2 (commune C4) — and
// indicators of every rule: a sum, a yes/no counted, a percentage from a numerator and a
// denominator. Values for 2020–2024 on the communes.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>

#include "app/bundle/bundle.h"
#include "app/engine_loader.h"
#include "app/reorg/reorg.h"
#include "app/use_cases.h"
#include "engine/structure.h"
#include "storage/sqlite_database.h"
#include "storage/store.h"

namespace nq::app {

class ReorgFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("nq-reorg-{}-{}", ::getpid(), ++counter_);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto database = storage::SqliteDatabase::Open((dir_ / "nq.db").string());
    ASSERT_TRUE(database) << database.error().message;
    database_ = std::move(*database);
    auto data = app::ReadEngineData(*database_);
    ASSERT_TRUE(data) << data.error().message;
    engine_ = std::make_unique<engine::Engine>(std::move(*data));
    service_ = std::make_unique<Service>(*database_, *engine_, clock_);
    auto built = service_->Mutate(Actor{}, "", [&](WriteScope& scope) { return Build(scope); });
    ASSERT_TRUE(built) << built.error().message;
  }
  void TearDown() override {
    service_.reset();
    engine_.reset();
    database_.reset();
    std::filesystem::remove_all(dir_);
  }

  static Date D(std::string_view text) { return Date::Parse(text).value_or(Date()); }

  Result<Reply> Build(WriteScope& scope) {
    int level = 0;
    for (const char* code : {"nation", "province", "district", "commune", "grassroots"}) {
      NQ_TRY(domain::UnitKind kind,
             CreateEntity(scope, domain::UnitKind{0, code, code, code, level++}));
      kinds_[code] = kind.id;
    }
    NQ_RETURN_IF_ERROR(AddUnit(scope, "p", "province", ""));
    NQ_RETURN_IF_ERROR(AddUnit(scope, "d1", "district", "p"));
    NQ_RETURN_IF_ERROR(AddUnit(scope, "d2", "district", "p"));
    for (const char* commune : {"c1", "c2", "c3"}) {
      NQ_RETURN_IF_ERROR(AddUnit(scope, commune, "commune", "d1"));
    }
    NQ_RETURN_IF_ERROR(AddUnit(scope, "c4", "commune", "d2"));
    NQ_RETURN_IF_ERROR(AddUnit(scope, "g1", "grassroots", "c1"));
    using domain::Indicator;
    auto indicator = [&](std::string code, domain::ValueType type, domain::UnitAggregation across,
                         domain::TimeAggregation over, std::optional<domain::Id> num = {},
                         std::optional<domain::Id> den = {}) -> Result<domain::Id> {
      Indicator row;
      row.code = code;
      row.name = code;
      row.value_type = type;
      row.unit_aggregation = across;
      row.time_aggregation = over;
      row.numerator_id = num;
      row.denominator_id = den;
      row.factor = num ? 100 : 1;
      NQ_TRY(Indicator created, CreateEntity(scope, std::move(row)));
      indicators_[created.code] = created.id;
      return created.id;
    };
    using enum domain::UnitAggregation;
    using domain::TimeAggregation;
    using domain::ValueType;
    NQ_RETURN_IF_ERROR(indicator("sum", ValueType::kNumber, kSum, TimeAggregation::kSum));
    NQ_RETURN_IF_ERROR(indicator("ntm", ValueType::kYesNo, kCountYes, TimeAggregation::kLast));
    NQ_TRY(domain::Id num, indicator("num", ValueType::kNumber, kSum, TimeAggregation::kLast));
    NQ_TRY(domain::Id den, indicator("den", ValueType::kNumber, kSum, TimeAggregation::kLast));
    NQ_RETURN_IF_ERROR(
        indicator("pct", ValueType::kPercent, kNone, TimeAggregation::kLast, num, den));
    std::vector<ValueInput> inputs;
    int salt = 0;
    for (const char* commune : {"c1", "c2", "c3", "c4"}) {
      ++salt;
      for (int year = 2020; year <= 2024; ++year) {
        auto add = [&](std::string_view code, json::value value) {
          inputs.push_back({indicators_[std::string(code)], units_[commune],
                            domain::Period::Year(year), std::move(value), "", std::nullopt});
        };
        add("sum", salt * 10 + year - 2020);
        add("ntm", year - 2020 >= salt);
        add("num", salt * 3 + year - 2020);
        add("den", 20);
      }
    }
    std::vector<RecordError> errors;
    NQ_RETURN_IF_ERROR(PutValues(scope, inputs, errors));
    return Reply{201, json::object{}, false};
  }

  Status AddUnit(WriteScope& scope, std::string code, std::string_view kind,
                 std::string_view parent) {
    domain::Unit unit;
    unit.code = code;
    unit.name = "Đơn vị " + code;
    unit.short_name = code;
    unit.kind_id = kinds_[std::string(kind)];
    unit.validity.valid_from = D("2010-01-01");
    std::optional<domain::Id> parent_id;
    if (!parent.empty()) parent_id = units_[std::string(parent)];
    NQ_TRY(domain::Unit created, CreateUnit(scope, std::move(unit), parent_id));
    units_[code] = created.id;
    return Ok();
  }

  // Writes the "sum" indicator's value of `unit` for `year`, as one mutation.
  Result<Reply> PutSum(std::string_view unit, int year, double value) {
    return service_->Mutate(Actor{}, "", [&](WriteScope& scope) -> Result<Reply> {
      std::vector<RecordError> errors;
      NQ_RETURN_IF_ERROR(PutValues(scope,
                                   {{indicators_["sum"], units_[std::string(unit)],
                                     domain::Period::Year(year), value, "", std::nullopt}},
                                   errors));
      return Reply{};
    });
  }

  // Applies a batch given as JSON text, as one mutation.
  Result<ReorgResult> Apply(std::string_view batch_json) {
    auto body = json::parse(batch_json);
    NQ_TRY(auto operations, DecodeReorganisation(body));
    std::optional<ReorgResult> result;
    NQ_RETURN_IF_ERROR(service_->Mutate(Actor{}, "", [&](WriteScope& scope) -> Result<Reply> {
      NQ_TRY(ReorgResult applied, ApplyReorganisation(scope, operations, nullptr));
      result = applied;
      return Reply{201, ReorgResultJson(applied, false), false};
    }));
    return *result;
  }

  // Everything in the store (the bundle at a fixed time) and the audit's length.
  std::string Everything() {
    auto bundle = ExportBundle(*database_, 0);
    EXPECT_TRUE(bundle) << bundle.error().message;
    storage::AuditFilter all;
    all.limit = std::numeric_limits<int64_t>::max();
    auto audit =
        database_->Read([&](storage::Transaction& tx) { return storage::ListAudit(tx, all); });
    return json::serialize(bundle.value_or(nullptr)) + "#" +
           std::to_string(audit ? static_cast<int64_t>(audit->size()) : -1);
  }

  domain::Unit UnitOf(std::string_view code) {
    auto unit = database_->Read(
        [&](storage::Transaction& tx) { return storage::GetByCode<domain::Unit>(tx, code); });
    EXPECT_TRUE(unit) << code;
    return unit.value_or(domain::Unit{});
  }

  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<engine::Engine> engine_;
  FakeClock clock_{1'795'737'600'000};  // 2026-11-27
  std::unique_ptr<Service> service_;
  std::map<std::string, domain::Id> kinds_;
  std::map<std::string, domain::Id> units_;
  std::map<std::string, domain::Id> indicators_;
};

}  // namespace nq::app
