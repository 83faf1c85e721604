// People, terms, fields, responsibilities, recommendations and comments.
#pragma once

#include <optional>
#include <string>

#include "domain/period.h"
#include "domain/unit.h"

namespace nq::domain {

struct Person {
  Id id = 0;
  std::string name;      // "Nguyễn Văn A"
  std::string position;  // "Bí thư Huyện ủy", "Ủy viên Ban Thường vụ"
  std::optional<Id> unit_id;
  int64_t version = 1;
};

// A congress term of a unit: "Nhiệm kỳ 2020–2025", congress number XXIII.
struct Term {
  Id id = 0;
  std::string code;  // "2020T5"
  std::string name;
  Period period = Period::Term(2020, 5);
};

// A field of work: kinh tế, văn hóa – xã hội, xây dựng Đảng, quốc phòng – an ninh…
struct Field {
  Id id = 0;
  std::string code;
  std::string name;
};

// A person is in charge of a field and/or a unit for a term (phân công phụ trách).
struct Responsibility {
  Id id = 0;
  Id person_id = 0;
  std::string term_code;
  std::string field_code;  // may be empty
  std::optional<Id> unit_id;
  std::string note;
  int64_t version = 1;
};

enum class RecommendationStatus { kOpen, kAnswered, kClosed };
std::string_view RecommendationStatusName(RecommendationStatus status);
Result<RecommendationStatus> ParseRecommendationStatus(std::string_view name);

// A proposal raised by a unit to a higher unit (đề xuất, kiến nghị).
struct Recommendation {
  Id id = 0;
  Id from_unit_id = 0;
  Id to_unit_id = 0;
  std::optional<Id> item_id;
  std::string title;
  std::string body;
  std::optional<Date> due_on;
  RecommendationStatus status = RecommendationStatus::kOpen;
  std::string answer;
  std::optional<UnixMillis> answered_at;
  std::optional<UnixMillis> closed_at;
  UnixMillis created_at = 0;
  int64_t version = 1;
};

// A comment on any entity ("item", "report", "recommendation", "document", "obligation"…).
struct Comment {
  Id id = 0;
  std::string entity;
  Id entity_id = 0;
  std::string author;
  std::string body;
  UnixMillis created_at = 0;
};

}  // namespace nq::domain
