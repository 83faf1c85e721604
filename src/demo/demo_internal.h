// Internal to the demo loader (demo*.cc): the state shared while the demo is written and the
// small helpers that turn its data tables into use-case calls. Not part of the service's API.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/use_cases.h"
#include "domain/document.h"
#include "domain/obligation.h"

namespace nq::app::demo {

using domain::Id;

// What the loader has written so far, by code, so later tables can refer to earlier rows.
struct Demo {
  explicit Demo(WriteScope& write_scope) : scope(write_scope) {}

  WriteScope& scope;
  std::map<std::string, Id, std::less<>> kinds;
  std::map<std::string, Id, std::less<>> units;
  std::map<std::string, Id, std::less<>> indicators;
  std::map<std::string, Id, std::less<>> documents;
  std::map<std::string, Id, std::less<>> items;  // "document-code/item-code"
  std::map<std::string, Id, std::less<>> people;
  std::map<std::string, int, std::less<>> next_ordinal;  // by document and parent item
  int units_created = 0;
  int documents_created = 0;
  int items_created = 0;
  int assignments_created = 0;
};

// Literals of the demo's own tables. A malformed one is a bug in the demo, not bad input: these
// fail fast with a message naming the literal.
Date Day(std::string_view text);
domain::Period Per(std::string_view code);
// Noon of `day` in Vietnam (UTC+7), for timestamps the demo sets itself.
UnixMillis NoonOf(std::string_view day);
// A fixed, well-spread number in [low, high] for `index` and `salt`: the demo is deterministic.
int Spread(int index, int salt, int low, int high);
// An ASCII slug of Vietnamese text: "Lũng Cao" → "lung-cao".
std::string Slug(std::string_view text);

// Lookups by code; not_found naming the code when the demo refers to a row it did not write.
Result<Id> KindId(const Demo& demo, std::string_view code);
Result<Id> UnitId(const Demo& demo, std::string_view code);
Result<Id> ItemId(const Demo& demo, std::string_view document_code, std::string_view item_code);

Status AddUnit(Demo& demo, std::string code, std::string name, std::string short_name,
               std::string_view kind_code, std::optional<std::string_view> parent_code);

struct DocumentSpec {
  std::string_view code{};
  domain::DocumentKind kind = domain::DocumentKind::kResolution;
  std::string_view number{};
  std::string_view title{};
  std::string_view issuer{};
  std::string_view issued_on{};
  std::string_view period_from = "2020T5";
  std::string_view period_to = "2020T5";
  std::string_view theme{};
};
Status AddDocument(Demo& demo, const DocumentSpec& spec);

struct MeasureSpec {
  std::string_view indicator{};
  std::optional<double> baseline{};
  std::string_view baseline_period{};  // empty: none
  double goal = 0;
  std::string_view deadline = "2025";
  domain::Direction direction = domain::Direction::kRaise;
};

struct ItemSpec {
  domain::ItemKind kind = domain::ItemKind::kTarget;
  std::string_view code{};
  std::string_view title{};
  std::string_view field{};   // empty: none
  std::string_view parent{};  // code of the parent item in the same document; empty: top level
  std::optional<MeasureSpec> measure{};
  std::string_view unit{};  // the unit measured over; empty: the issuer
};
// Adds the items of `document_code` in order; ordinals follow the order among siblings.
Status AddItems(Demo& demo, std::string_view document_code, const std::vector<ItemSpec>& items);

struct LinkSpec {
  std::string from{};  // "document-code/item-code" of the lower item
  std::string to{};    // "document-code/item-code" of the upper item
  domain::LinkKind kind = domain::LinkKind::kContributes;
  std::optional<double> share{};
};
Status AddLinks(Demo& demo, const std::vector<LinkSpec>& links);
// Unit `unit_code` declares that target "document-code/item-code" `target` of its superior does
// not apply to it, for `reason`.
Status AddDeclaration(Demo& demo, std::string_view unit_code, const std::string& target,
                      std::string_view reason);

// Yearly values of one indicator: (unit code, period code, value).
struct ValueSpec {
  std::string unit{};
  std::string period{};
  json::value value{};
};
Status PutDemoValues(Demo& demo, std::string_view indicator_code,
                     const std::vector<ValueSpec>& values);

// What one unit did about an obligation; `index` is the unit's position among the assignments.
using AssignmentPlan = std::function<std::optional<domain::Assignment>(
    int index, const domain::Unit& unit, domain::Assignment assignment)>;
// Creates the obligation for the issuer's direct subordinates and applies `plan` to each
// assignment (nullopt: leave it untouched). Returns the obligation's id.
Result<Id> AddObligation(Demo& demo, domain::Obligation obligation, std::string_view issuer,
                         std::optional<std::string_view> document_code, const AssignmentPlan& plan);

// The parts of the demo, in the order LoadDemo runs them.
Status LoadFoundation(Demo& demo);  // kinds, terms, fields, indicators, the unit tree
Status LoadBaThuoc(Demo& demo);
Status LoadBaThuocReports(Demo& demo);
Status LoadThanhSon(Demo& demo);
Status LoadBinhDaiCascade(Demo& demo);
Status LoadBinhDaiPlans(Demo& demo);  // after the cascade: proposals refer to its targets
Status LoadReform2025(Demo& demo);    // last: the 2025 reform over everything above

}  // namespace nq::app::demo
