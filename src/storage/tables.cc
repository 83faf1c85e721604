#include "storage/tables.h"

#include <boost/json.hpp>

namespace nq::storage {
namespace {

using namespace nq::domain;

// A value read back from our own tables; a parse failure means the file was corrupted.
template <typename T>
Status Stored(Result<T> parsed, T& out) {
  if (!parsed) return MakeError(ErrorCode::kInternal, "{}", parsed.error().message);
  out = *std::move(parsed);
  return Ok();
}

std::string EvidenceToJson(const Evidence& evidence) {
  boost::json::object out;
  out["document_number"] = evidence.document_number;
  out["document_date"] = evidence.document_date
                             ? boost::json::value(evidence.document_date->ToString())
                             : boost::json::value(nullptr);
  boost::json::array attendance;
  for (const Attendance& a : evidence.attendance) {
    attendance.push_back(boost::json::object{{"group", a.group}, {"count", a.count}});
  }
  out["attendance"] = std::move(attendance);
  boost::json::array files;
  for (const std::string& f : evidence.files) files.push_back(boost::json::string(f));
  out["files"] = std::move(files);
  out["note"] = evidence.note;
  return boost::json::serialize(out);
}

Result<Evidence> EvidenceFromJson(std::string_view json) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(json, ec);
  if (ec || !value.is_object()) return MakeError(ErrorCode::kInternal, "evidence {}", json);
  const auto& object = value.as_object();
  Evidence evidence;
  auto text = [&](std::string_view key) -> std::string {
    const auto* v = object.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  evidence.document_number = text("document_number");
  evidence.note = text("note");
  if (std::string date = text("document_date"); !date.empty()) {
    NQ_TRY(evidence.document_date, Date::Parse(date));
  }
  if (const auto* a = object.if_contains("attendance"); a && a->is_array()) {
    for (const auto& entry : a->as_array()) {
      if (!entry.is_object()) continue;
      const auto* group = entry.as_object().if_contains("group");
      const auto* count = entry.as_object().if_contains("count");
      evidence.attendance.push_back(
          {group && group->is_string() ? std::string(group->as_string()) : "",
           count && count->is_int64() ? count->as_int64() : 0});
    }
  }
  if (const auto* f = object.if_contains("files"); f && f->is_array()) {
    for (const auto& entry : f->as_array()) {
      if (entry.is_string()) evidence.files.emplace_back(entry.as_string());
    }
  }
  return evidence;
}

}  // namespace

namespace table_internal {

SqlValue ToSql(const std::vector<Id>& ids) {
  std::string out;
  for (Id id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id);
  }
  return out;
}

SqlValue ToSql(const Evidence& evidence) { return EvidenceToJson(evidence); }

std::string Literal(const SqlValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) {
    std::string out = "'";
    for (char c : *text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
  }
  if (const auto* number = std::get_if<int64_t>(&value)) return std::to_string(*number);
  if (const auto* real = std::get_if<double>(&value)) return fmt::format("{}", *real);
  return "NULL";
}

Status FromSql(const Row& row, size_t column, Date& out) {
  return Stored(Date::Parse(row.Text(column)), out);
}

Status FromSql(const Row& row, size_t column, Period& out) {
  return Stored(Period::Parse(row.Text(column)), out);
}

Status FromSql(const Row& row, size_t column, std::optional<Period>& out) {
  if (row.IsNull(column)) {
    out.reset();
    return Ok();
  }
  NQ_TRY(out, Period::Parse(row.Text(column)));
  return Ok();
}

Status FromSql(const Row& row, size_t column, std::vector<Id>& out) {
  std::string text = row.Text(column);
  out.clear();
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    out.push_back(std::strtoll(text.substr(start, comma - start).c_str(), nullptr, 10));
    start = comma + 1;
  }
  return Ok();
}

Status FromSql(const Row& row, size_t column, Evidence& out) {
  return Stored(EvidenceFromJson(row.Text(column)), out);
}

}  // namespace table_internal

std::string Placeholders(std::string_view columns) {
  std::string out = "?";
  for (char c : columns) {
    if (c == ',') out += ", ?";
  }
  return out;
}

const std::string& ValueColumns() {
  static const std::string columns = "id, " + Table<domain::Value>::Columns();
  return columns;
}

Result<domain::Value> ValueFromRow(const Row& row) { return Table<domain::Value>::FromRow(row); }

}  // namespace nq::storage
