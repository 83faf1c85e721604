// Builders for the engine's unit and case tests: a Data set written in a few lines. The
// property test does not use them, so that its plain recomputation shares nothing with these.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "engine/engine.h"

namespace nq::domain {
// Lets GoogleTest print periods by their code in failure messages.
inline void PrintTo(const Period& period, std::ostream* os) { *os << period.ToString(); }
}  // namespace nq::domain

namespace nq::engine::test {

using domain::Period;
using domain::PeriodType;
using domain::TimeAggregation;
using domain::UnitAggregation;

inline Date Day(std::string_view text) {
  auto date = Date::Parse(text);
  if (!date) {
    ADD_FAILURE() << "bad date in test: " << text;
    return Date();
  }
  return *date;
}

inline Period Per(std::string_view code) {
  auto period = Period::Parse(code);
  if (!period) {
    ADD_FAILURE() << "bad period in test: " << code;
    return Period::Year(1900);
  }
  return *period;
}

// A current value of `indicator_id` for one unit and period.
inline domain::Value MakeValue(Id indicator_id, Id unit_id, std::string_view period,
                               double number) {
  domain::Value value;
  value.indicator_id = indicator_id;
  value.unit_id = unit_id;
  value.period = Per(period);
  value.number = number;
  return value;
}

// Done on `completed_on` with `evidence` as its document number (none when empty); not started
// when `completed_on` is empty.
inline domain::Assignment MakeAssignment(Id id, Id obligation_id, Id unit_id,
                                         std::string_view completed_on = "",
                                         std::string evidence = "01-BC") {
  domain::Assignment assignment;
  assignment.id = id;
  assignment.obligation_id = obligation_id;
  assignment.unit_id = unit_id;
  if (!completed_on.empty()) {
    assignment.status = domain::AssignmentStatus::kDone;
    assignment.completed_on = Day(completed_on);
    assignment.evidence.document_number = std::move(evidence);
  }
  return assignment;
}

class DataBuilder {
 public:
  DataBuilder& Kind(Id id, std::string code) {
    domain::UnitKind kind;
    kind.id = id;
    kind.code = code;
    kind.name = code;
    data_.kinds.push_back(kind);
    return *this;
  }
  // A unit and one parent version spanning its whole validity; `to` empty: still open.
  DataBuilder& Unit(Id id, std::optional<Id> parent, Id kind_id = 1,
                    std::string_view from = "2000-01-01", std::string_view to = "") {
    domain::Unit unit;
    unit.id = id;
    unit.code = "u" + std::to_string(id);
    unit.name = "Unit " + std::to_string(id);
    unit.kind_id = kind_id;
    unit.validity.valid_from = Day(from);
    if (!to.empty()) unit.validity.valid_to = Day(to);
    data_.units.push_back(unit);
    AddVersion(id, parent, unit.validity);
    return *this;
  }
  // From `on`, the unit hangs under `parent`: its latest version ends the day before.
  DataBuilder& Move(Id id, std::optional<Id> parent, std::string_view on) {
    domain::UnitVersion* latest = nullptr;
    for (auto& version : data_.unit_versions) {
      if (version.unit_id == id) latest = &version;
    }
    if (latest == nullptr) {
      ADD_FAILURE() << "move of unit " << id << " without a version";
      return *this;
    }
    domain::Validity validity{Day(on), latest->validity.valid_to};
    latest->validity.valid_to = Day(on).AddDays(-1);
    AddVersion(id, parent, validity);
    return *this;
  }
  DataBuilder& Indicator(Id id, std::string code, UnitAggregation across,
                         TimeAggregation over_time = TimeAggregation::kSum,
                         PeriodType period_type = PeriodType::kYear) {
    domain::Indicator indicator;
    indicator.id = id;
    indicator.code = code;
    indicator.name = code;
    indicator.unit_aggregation = across;
    indicator.time_aggregation = over_time;
    indicator.period_type = period_type;
    data_.indicators.push_back(indicator);
    return *this;
  }
  DataBuilder& Computed(Id id, std::string code, Id numerator, Id denominator, double factor) {
    domain::Indicator indicator;
    indicator.id = id;
    indicator.code = code;
    indicator.name = code;
    indicator.value_type = domain::ValueType::kPercent;
    indicator.numerator_id = numerator;
    indicator.denominator_id = denominator;
    indicator.factor = factor;
    data_.indicators.push_back(indicator);
    return *this;
  }
  DataBuilder& Value(Id indicator_id, Id unit_id, std::string_view period, double number) {
    data_.values.push_back(MakeValue(indicator_id, unit_id, period, number));
    data_.values.back().id = next_value_id_++;
    return *this;
  }
  DataBuilder& Obligation(Id id, std::string_view due_on) {
    domain::Obligation obligation;
    obligation.id = id;
    obligation.code = "o" + std::to_string(id);
    obligation.issuer_unit_id = 1;
    obligation.issued_on = Day(due_on).AddDays(-30);
    obligation.due_on = Day(due_on);
    data_.obligations.push_back(obligation);
    return *this;
  }
  DataBuilder& Assignment(Id id, Id obligation_id, Id unit_id, std::string_view completed_on = "",
                          std::string evidence = "01-BC") {
    data_.assignments.push_back(
        MakeAssignment(id, obligation_id, unit_id, completed_on, std::move(evidence)));
    return *this;
  }
  DataBuilder& Document(Id id, Id issuer_unit_id, std::string_view from = "2020",
                        std::string_view to = "2025") {
    domain::Document document;
    document.id = id;
    document.code = "d" + std::to_string(id);
    document.issuer_unit_id = issuer_unit_id;
    document.period_from = Per(from);
    document.period_to = Per(to);
    data_.documents.push_back(document);
    return *this;
  }
  DataBuilder& Item(Id id, Id document_id, domain::ItemKind kind,
                    std::optional<Id> parent_id = std::nullopt, int ordinal = 0) {
    domain::Item item;
    item.id = id;
    item.document_id = document_id;
    item.parent_id = parent_id;
    item.kind = kind;
    item.ordinal = ordinal;
    data_.items.push_back(item);
    return *this;
  }
  // A target item measured by `indicator_id` from `baseline` in `baseline_period` (empty: none)
  // to `goal` by `deadline`.
  DataBuilder& Target(Id id, Id document_id, Id indicator_id, std::optional<double> baseline,
                      std::string_view baseline_period, double goal, std::string_view deadline,
                      domain::Direction direction = domain::Direction::kRaise) {
    Item(id, document_id, domain::ItemKind::kTarget);
    domain::Measure measure;
    measure.indicator_id = indicator_id;
    measure.baseline = baseline;
    if (!baseline_period.empty()) measure.baseline_period = Per(baseline_period);
    measure.goal = goal;
    measure.deadline = Per(deadline);
    measure.direction = direction;
    data_.items.back().measure = measure;
    return *this;
  }
  DataBuilder& Link(Id from_item_id, Id to_item_id) {
    domain::Link link;
    link.id = static_cast<Id>(data_.links.size()) + 1;
    link.from_item_id = from_item_id;
    link.to_item_id = to_item_id;
    data_.links.push_back(link);
    return *this;
  }

  // Unit `unit_id` declares that target `item_id` of its superior does not apply to it.
  DataBuilder& Declaration(Id item_id, Id unit_id) {
    domain::Declaration declaration;
    declaration.id = static_cast<Id>(data_.declarations.size()) + 1;
    declaration.item_id = item_id;
    declaration.unit_id = unit_id;
    declaration.reason = "Không có trên địa bàn";
    data_.declarations.push_back(declaration);
    return *this;
  }

  Data& data() { return data_; }
  Data Build() const { return data_; }

 private:
  void AddVersion(Id unit_id, std::optional<Id> parent_id, domain::Validity validity) {
    domain::UnitVersion version;
    version.id = next_version_id_++;
    version.unit_id = unit_id;
    version.parent_id = parent_id;
    version.validity = validity;
    data_.unit_versions.push_back(version);
  }

  Data data_;
  Id next_version_id_ = 1;
  Id next_value_id_ = 1;
};

}  // namespace nq::engine::test
