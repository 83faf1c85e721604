#include "app/bundle/bundle_check.h"

#include <algorithm>
#include <functional>
#include <map>
#include <queue>
#include <tuple>
#include <unordered_map>

namespace nq::app::bundle_internal {
namespace {

using namespace nq::domain;
using storage::ValueVersion;

// The codec's decoders name fields relative to the record ("/kind_id"); this rewrites every
// such pointer in a message to point into the bundle ("/units/3/kind_id").
std::string Relocate(std::string_view message, std::string_view prefix) {
  auto is_pointer_char = [](char c) {
    return c == '/' || c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  };
  std::string out;
  size_t at = 0;
  while (at < message.size()) {
    size_t open = message.find("\"/", at);
    if (open == std::string_view::npos) break;
    size_t close = message.find('"', open + 1);
    if (close == std::string_view::npos) break;
    std::string_view token = message.substr(open + 1, close - open - 1);
    out += message.substr(at, open + 1 - at);
    if (std::all_of(token.begin(), token.end(), is_pointer_char)) {
      out += prefix;
      if (token != "/") out += token;
    } else {
      out += token;
    }
    out += '"';
    at = close + 1;
  }
  out += message.substr(at);
  return out;
}

}  // namespace

std::string RecordPointer(std::string_view table, size_t index, std::string_view field) {
  return fmt::format("/{}/{}{}", table, index, field);
}

void Rejections::Reject(std::string_view table, size_t index, std::string pointer,
                        std::string message) {
  if (!rejected_.emplace(table, index).second) return;
  if (errors_.size() < kMaxBundleErrors) {
    errors_.push_back({std::move(pointer), std::move(message)});
  }
}

void Rejections::Reject(std::string_view table, size_t index, const Error& error) {
  std::string prefix = RecordPointer(table, index);
  std::string field = error.field == "/" ? "" : error.field;
  if (!field.empty() && field.front() != '/') field.insert(0, "/");  // domain rules: bare names
  Reject(table, index, prefix + field, Relocate(error.message, prefix));
}

namespace {

// Rejects row `row` of `from` at `field` with `message(pointer)`.
template <typename T>
void RejectRow(Rejections& rejections, const Records<T>& from, size_t row, std::string_view field,
               const std::function<std::string(const std::string&)>& message) {
  std::string pointer = RecordPointer(from.table, from.positions[row], field);
  std::string text = message(pointer);
  rejections.Reject(from.table, from.positions[row], std::move(pointer), std::move(text));
}

// Rejects row `row` of `from` unless `id` is the id of a record of `to`.
template <typename T, typename U>
void Require(Rejections& rejections, const Records<T>& from, size_t row, std::string_view field,
             Id id, const Records<U>& to) {
  if (to.ids.contains(id)) return;
  RejectRow(rejections, from, row, field, [&](const std::string& pointer) {
    return fmt::format("field \"{}\": {} {} is not in the bundle", pointer, to.entity, id);
  });
}

template <typename T, typename U>
void RequireOpt(Rejections& rejections, const Records<T>& from, size_t row, std::string_view field,
                const std::optional<Id>& id, const Records<U>& to) {
  if (id) Require(rejections, from, row, field, *id, to);
}

template <typename T, typename U>
void RequireEach(Rejections& rejections, const Records<T>& from, size_t row, std::string_view field,
                 const std::vector<Id>& ids, const Records<U>& to) {
  for (size_t index = 0; index < ids.size(); ++index) {
    Require(rejections, from, row, fmt::format("{}/{}", field, index), ids[index], to);
  }
}

// Rejects every row whose `describe(row)` (the key, worded for a message) repeats an earlier
// row's.
template <typename T, typename Describe>
void RequireUnique(Rejections& rejections, const Records<T>& records, std::string_view field,
                   Describe describe) {
  std::unordered_map<std::string, size_t> seen;  // description → position in the bundle
  for (size_t row = 0; row < records.rows.size(); ++row) {
    std::string key = describe(records.rows[row]);
    auto [first, inserted] = seen.emplace(key, records.positions[row]);
    if (inserted) continue;
    RejectRow(rejections, records, row, field, [&](const std::string& pointer) {
      return fmt::format("field \"{}\": {} also appears at \"{}\"", pointer, key,
                         RecordPointer(records.table, first->second));
    });
  }
}

template <typename T>
void RequireUniqueCodes(Rejections& rejections, const Records<T>& records) {
  RequireUnique(rejections, records, "/code", [&](const T& row) {
    return fmt::format("{} code \"{}\"", records.entity, row.code);
  });
}

void CheckUniqueKeys(const AllRecords& a, Rejections& rejections) {
  RequireUniqueCodes(rejections, a.unit_kinds);
  RequireUniqueCodes(rejections, a.units);
  RequireUniqueCodes(rejections, a.terms);
  RequireUniqueCodes(rejections, a.fields);
  RequireUniqueCodes(rejections, a.indicators);
  RequireUniqueCodes(rejections, a.documents);
  RequireUniqueCodes(rejections, a.obligations);
  RequireUnique(rejections, a.links, "/to_item_id", [](const Link& l) {
    return fmt::format("a link from item {} to item {}", l.from_item_id, l.to_item_id);
  });
  RequireUnique(rejections, a.assignments, "/unit_id", [](const Assignment& x) {
    return fmt::format("an assignment of obligation {} to unit {}", x.obligation_id, x.unit_id);
  });
  RequireUnique(rejections, a.reports, "/period", [](const Report& r) {
    std::string document = r.document_id ? fmt::format(" on document {}", *r.document_id) : "";
    return fmt::format("a report of unit {} for {}{}", r.unit_id, r.period.ToString(), document);
  });
  RequireUnique(rejections, a.values, "/version", [](const ValueVersion& x) {
    return fmt::format("version {} of the value of indicator {} for unit {} in {}", x.value.version,
                       x.value.indicator_id, x.value.unit_id, x.value.period.ToString());
  });
}

void CheckStructureReferences(const AllRecords& a, Rejections& rejections) {
  for (size_t row = 0; row < a.units.rows.size(); ++row) {
    Require(rejections, a.units, row, "/kind_id", a.units.rows[row].kind_id, a.unit_kinds);
  }
  for (size_t row = 0; row < a.unit_versions.rows.size(); ++row) {
    const UnitVersion& v = a.unit_versions.rows[row];
    Require(rejections, a.unit_versions, row, "/unit_id", v.unit_id, a.units);
    RequireOpt(rejections, a.unit_versions, row, "/parent_id", v.parent_id, a.units);
  }
  for (size_t row = 0; row < a.lineage.rows.size(); ++row) {
    const Lineage& l = a.lineage.rows[row];
    RequireEach(rejections, a.lineage, row, "/source_unit_ids", l.source_unit_ids, a.units);
    RequireEach(rejections, a.lineage, row, "/target_unit_ids", l.target_unit_ids, a.units);
  }
  for (size_t row = 0; row < a.people.rows.size(); ++row) {
    RequireOpt(rejections, a.people, row, "/unit_id", a.people.rows[row].unit_id, a.units);
  }
  for (size_t row = 0; row < a.indicators.rows.size(); ++row) {
    const Indicator& i = a.indicators.rows[row];
    RequireOpt(rejections, a.indicators, row, "/numerator_id", i.numerator_id, a.indicators);
    RequireOpt(rejections, a.indicators, row, "/denominator_id", i.denominator_id, a.indicators);
  }
  for (size_t row = 0; row < a.documents.rows.size(); ++row) {
    Require(rejections, a.documents, row, "/issuer_unit_id", a.documents.rows[row].issuer_unit_id,
            a.units);
  }
}

void CheckItemReferences(const AllRecords& a, Rejections& rejections) {
  for (size_t row = 0; row < a.items.rows.size(); ++row) {
    const Item& i = a.items.rows[row];
    Require(rejections, a.items, row, "/document_id", i.document_id, a.documents);
    RequireOpt(rejections, a.items, row, "/parent_id", i.parent_id, a.items);
    if (i.measure) {
      Require(rejections, a.items, row, "/measure/indicator_id", i.measure->indicator_id,
              a.indicators);
    }
    RequireOpt(rejections, a.items, row, "/unit_id", i.unit_id, a.units);
  }
  // A parent in another document; not said of the children of a parent already rejected,
  // whose document may be what is wrong.
  std::unordered_map<Id, size_t> item_rows;
  for (size_t row = 0; row < a.items.rows.size(); ++row) {
    item_rows.emplace(a.items.rows[row].id, row);
  }
  for (size_t row = 0; row < a.items.rows.size(); ++row) {
    const Item& i = a.items.rows[row];
    auto parent = i.parent_id ? item_rows.find(*i.parent_id) : item_rows.end();
    if (parent == item_rows.end() ||
        rejections.Has(a.items.table, a.items.positions[parent->second])) {
      continue;
    }
    const Item& p = a.items.rows[parent->second];
    if (p.document_id == i.document_id) continue;
    RejectRow(rejections, a.items, row, "/parent_id", [&](const std::string& pointer) {
      return fmt::format("field \"{}\": item {} belongs to document {}, not {}", pointer, p.id,
                         p.document_id, i.document_id);
    });
  }
  for (size_t row = 0; row < a.links.rows.size(); ++row) {
    const Link& l = a.links.rows[row];
    Require(rejections, a.links, row, "/from_item_id", l.from_item_id, a.items);
    Require(rejections, a.links, row, "/to_item_id", l.to_item_id, a.items);
    if (l.from_item_id == l.to_item_id) {
      RejectRow(rejections, a.links, row, "/to_item_id", [&](const std::string& pointer) {
        return fmt::format("field \"{}\": item {} cannot concretize itself", pointer, l.to_item_id);
      });
    }
  }
}

void CheckWorkReferences(const AllRecords& a, Rejections& rejections) {
  for (size_t row = 0; row < a.values.rows.size(); ++row) {
    const Value& v = a.values.rows[row].value;
    Require(rejections, a.values, row, "/indicator_id", v.indicator_id, a.indicators);
    Require(rejections, a.values, row, "/unit_id", v.unit_id, a.units);
    RequireOpt(rejections, a.values, row, "/report_id", v.report_id, a.reports);
  }
  for (size_t row = 0; row < a.obligations.rows.size(); ++row) {
    const Obligation& o = a.obligations.rows[row];
    Require(rejections, a.obligations, row, "/issuer_unit_id", o.issuer_unit_id, a.units);
    RequireOpt(rejections, a.obligations, row, "/document_id", o.document_id, a.documents);
    RequireOpt(rejections, a.obligations, row, "/item_id", o.item_id, a.items);
    RequireEach(rejections, a.obligations, row, "/kind_ids", o.kind_ids, a.unit_kinds);
  }
  for (size_t row = 0; row < a.assignments.rows.size(); ++row) {
    const Assignment& x = a.assignments.rows[row];
    Require(rejections, a.assignments, row, "/obligation_id", x.obligation_id, a.obligations);
    Require(rejections, a.assignments, row, "/unit_id", x.unit_id, a.units);
  }
  for (size_t row = 0; row < a.reports.rows.size(); ++row) {
    const Report& r = a.reports.rows[row];
    Require(rejections, a.reports, row, "/unit_id", r.unit_id, a.units);
    RequireOpt(rejections, a.reports, row, "/document_id", r.document_id, a.documents);
    RequireOpt(rejections, a.reports, row, "/regime_id", r.regime_id, a.regimes);
  }
  for (size_t row = 0; row < a.declarations.rows.size(); ++row) {
    const Declaration& d = a.declarations.rows[row];
    Require(rejections, a.declarations, row, "/item_id", d.item_id, a.items);
    Require(rejections, a.declarations, row, "/unit_id", d.unit_id, a.units);
  }
  for (size_t row = 0; row < a.regimes.rows.size(); ++row) {
    const Regime& r = a.regimes.rows[row];
    Require(rejections, a.regimes, row, "/issuer_unit_id", r.issuer_unit_id, a.units);
    RequireEach(rejections, a.regimes, row, "/kind_ids", r.kind_ids, a.unit_kinds);
  }
  for (size_t row = 0; row < a.extensions.rows.size(); ++row) {
    const Extension& e = a.extensions.rows[row];
    Require(rejections, a.extensions, row, "/regime_id", e.regime_id, a.regimes);
    Require(rejections, a.extensions, row, "/unit_id", e.unit_id, a.units);
  }
  for (size_t row = 0; row < a.recommendations.rows.size(); ++row) {
    const Recommendation& r = a.recommendations.rows[row];
    Require(rejections, a.recommendations, row, "/from_unit_id", r.from_unit_id, a.units);
    Require(rejections, a.recommendations, row, "/to_unit_id", r.to_unit_id, a.units);
    RequireOpt(rejections, a.recommendations, row, "/item_id", r.item_id, a.items);
  }
}

void CheckPeopleReferences(const AllRecords& a, Rejections& rejections) {
  std::unordered_set<std::string> terms, fields;
  for (const Term& term : a.terms.rows) terms.insert(term.code);
  for (const Field& field : a.fields.rows) fields.insert(field.code);
  for (size_t row = 0; row < a.responsibilities.rows.size(); ++row) {
    const Responsibility& r = a.responsibilities.rows[row];
    Require(rejections, a.responsibilities, row, "/person_id", r.person_id, a.people);
    RequireOpt(rejections, a.responsibilities, row, "/unit_id", r.unit_id, a.units);
    auto missing_code = [&](std::string_view field, std::string_view what,
                            const std::string& code) {
      RejectRow(rejections, a.responsibilities, row, field, [&](const std::string& pointer) {
        return fmt::format("field \"{}\": {} \"{}\" is not in the bundle", pointer, what, code);
      });
    };
    if (!terms.contains(r.term_code)) missing_code("/term_code", "term", r.term_code);
    if (!r.field_code.empty() && !fields.contains(r.field_code)) {
      missing_code("/field_code", "field", r.field_code);
    }
  }
  for (size_t row = 0; row < a.comments.rows.size(); ++row) {
    const Comment& c = a.comments.rows[row];
    auto check = [&](const auto& target) {
      Require(rejections, a.comments, row, "/entity_id", c.entity_id, target);
    };
    if (c.entity == "item") {
      check(a.items);
    } else if (c.entity == "document") {
      check(a.documents);
    } else if (c.entity == "report") {
      check(a.reports);
    } else if (c.entity == "recommendation") {
      check(a.recommendations);
    } else if (c.entity == "obligation") {
      check(a.obligations);
    } else if (c.entity == "assignment") {
      check(a.assignments);
    } else if (c.entity == "unit") {
      check(a.units);
    } else {
      RejectRow(rejections, a.comments, row, "/entity", [&](const std::string& pointer) {
        return fmt::format("field \"{}\": \"{}\" cannot be commented on", pointer, c.entity);
      });
    }
  }
}

// Of the versions of one value, the newest is the current one, as the store keeps them.
// `complete` is false when some value record could not be decoded: the missing record may be
// the current version, so "no current version" is not reported then.
void CheckValueVersions(const Records<ValueVersion>& values, bool complete,
                        Rejections& rejections) {
  struct Series {
    size_t newest_row = 0;
    int64_t newest_version = 0;
    bool has_current = false;
  };
  std::map<std::tuple<Id, Id, std::string>, Series> series;
  auto key_of = [](const Value& v) {
    return std::make_tuple(v.indicator_id, v.unit_id, v.period.ToString());
  };
  for (size_t row = 0; row < values.rows.size(); ++row) {
    const ValueVersion& x = values.rows[row];
    Series& s = series[key_of(x.value)];
    if (x.value.version > s.newest_version) {
      s.newest_row = row;
      s.newest_version = x.value.version;
    }
    s.has_current = s.has_current || x.current;
  }
  auto describe = [](const Value& v) {
    return fmt::format("the value of indicator {} for unit {} in {}", v.indicator_id, v.unit_id,
                       v.period.ToString());
  };
  for (size_t row = 0; row < values.rows.size(); ++row) {
    const ValueVersion& x = values.rows[row];
    const Series& s = series[key_of(x.value)];
    if (!x.current || x.value.version == s.newest_version) continue;
    RejectRow(rejections, values, row, "/current", [&](const std::string& pointer) {
      return fmt::format("field \"{}\": version {} of {} is marked current but version {} is newer",
                         pointer, x.value.version, describe(x.value), s.newest_version);
    });
  }
  if (!complete) return;
  for (const auto& [key, s] : series) {
    if (s.has_current) continue;
    const Value& v = values.rows[s.newest_row].value;
    RejectRow(rejections, values, s.newest_row, "/current", [&](const std::string& pointer) {
      return fmt::format(
          "field \"{}\": no version of {} is current; the newest, version {}, "
          "should be",
          pointer, describe(v), v.version);
    });
  }
}

// Puts each row after the rows it depends on (`depends(row)` lists their ids), keeping bundle
// order where it already is one. Rows in a cycle, or depending on one, are rejected at `field`.
template <typename T, typename Depends>
void OrderByDependency(Records<T>& records, std::string_view field, Depends depends,
                       Rejections& rejections) {
  const size_t count = records.rows.size();
  std::unordered_map<Id, size_t> row_of;
  for (size_t row = 0; row < count; ++row) row_of.emplace(records.rows[row].id, row);
  std::vector<size_t> waiting(count, 0);
  std::vector<std::vector<size_t>> dependents(count);
  for (size_t row = 0; row < count; ++row) {
    for (Id id : depends(records.rows[row])) {
      auto found = row_of.find(id);
      if (found == row_of.end()) continue;  // a missing record is reported by the checks
      ++waiting[row];
      dependents[found->second].push_back(row);
    }
  }
  // Kahn's algorithm, taking the earliest ready row first.
  std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
  for (size_t row = 0; row < count; ++row) {
    if (waiting[row] == 0) ready.push(row);
  }
  std::vector<size_t> order;
  while (!ready.empty()) {
    size_t row = ready.top();
    ready.pop();
    order.push_back(row);
    for (size_t next : dependents[row]) {
      if (--waiting[next] == 0) ready.push(next);
    }
  }
  if (order.size() < count) {
    for (size_t row = 0; row < count; ++row) {
      if (waiting[row] == 0) continue;
      RejectRow(rejections, records, row, field, [&](const std::string& pointer) {
        return fmt::format("field \"{}\": {} {} is in or below a cycle of references", pointer,
                           records.entity, records.rows[row].id);
      });
    }
    return;
  }
  std::vector<T> rows;
  std::vector<size_t> positions;
  rows.reserve(count);
  positions.reserve(count);
  for (size_t row : order) {
    rows.push_back(std::move(records.rows[row]));
    positions.push_back(records.positions[row]);
  }
  records.rows = std::move(rows);
  records.positions = std::move(positions);
}

}  // namespace

void CheckAcrossRecords(AllRecords& a, bool values_complete, Rejections& rejections) {
  CheckUniqueKeys(a, rejections);
  CheckStructureReferences(a, rejections);
  CheckItemReferences(a, rejections);
  CheckWorkReferences(a, rejections);
  CheckPeopleReferences(a, rejections);
  CheckValueVersions(a.values, values_complete, rejections);
  OrderByDependency(
      a.indicators, "/numerator_id",
      [](const Indicator& i) {
        std::vector<Id> ids;
        if (i.numerator_id) ids.push_back(*i.numerator_id);
        if (i.denominator_id) ids.push_back(*i.denominator_id);
        return ids;
      },
      rejections);
  OrderByDependency(
      a.items, "/parent_id",
      [](const Item& i) { return i.parent_id ? std::vector<Id>{*i.parent_id} : std::vector<Id>{}; },
      rejections);
}

}  // namespace nq::app::bundle_internal
