// ObjectReader: decodes a JSON object field by field, stopping at the first error and naming
// the field (as a JSON pointer) and the value that is wrong.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/date.h"
#include "common/result.h"
#include "domain/period.h"

namespace nq::formats {

namespace json = boost::json;

enum class Need { kRequired, kOptional };

class ObjectReader final {
 public:
  // Fails with invalid_argument when `value` is not an object: `"/" must be an object`.
  static Result<ObjectReader> Of(const json::value& value, std::string pointer = "");

  // The Opt* readers leave `out` as it is when the member is absent, clear it on an explicit
  // null, and read it otherwise. Text is validated UTF-8 (Boost.JSON guarantees it) and normalised
  // to NFC; empty text counts as missing for required fields. `max_length` is in bytes.
  ObjectReader& Text(std::string_view key, std::string& out, Need need = Need::kRequired,
                     size_t max_length = 4000);
  // A code: 1–64 of [a-z0-9._-], starting with a letter or digit.
  ObjectReader& Code(std::string_view key, std::string& out, Need need = Need::kRequired);
  ObjectReader& Integer(std::string_view key, int64_t& out, Need need = Need::kRequired);
  ObjectReader& Integer(std::string_view key, int& out, Need need = Need::kRequired);
  ObjectReader& Id(std::string_view key, int64_t& out);
  ObjectReader& OptId(std::string_view key, std::optional<int64_t>& out);
  // An array of positive ids; absent leaves `out` as it is.
  ObjectReader& IdList(std::string_view key, std::vector<int64_t>& out);
  ObjectReader& Number(std::string_view key, double& out, Need need = Need::kRequired);
  ObjectReader& OptNumber(std::string_view key, std::optional<double>& out);
  ObjectReader& Bool(std::string_view key, bool& out, Need need = Need::kRequired);
  ObjectReader& Date(std::string_view key, nq::Date& out, Need need = Need::kRequired);
  ObjectReader& OptDate(std::string_view key, std::optional<nq::Date>& out);
  ObjectReader& Period(std::string_view key, domain::Period& out, Need need = Need::kRequired);
  ObjectReader& OptPeriod(std::string_view key, std::optional<domain::Period>& out);
  template <typename E>
  ObjectReader& Enum(std::string_view key, E& out, Result<E> (*parse)(std::string_view),
                     Need need = Need::kRequired) {
    std::string name;
    Text(key, name, need, 64);
    if (!error_ && !name.empty()) Assign(key, parse(name), out);
    return *this;
  }

  // The raw member, or nullptr when absent or null.
  const json::value* Member(std::string_view key) const;
  bool Has(std::string_view key) const { return Member(key) != nullptr; }
  // Whether the object has `key` at all, null or not.
  bool Contains(std::string_view key) const { return object_->contains(key); }
  std::string PointerTo(std::string_view key) const;

  // Records an error about `key` unless one is already recorded.
  void Fail(std::string_view key, std::string message);
  // The first error, or success.
  Status Finish() const;

 private:
  ObjectReader(const json::object& object, std::string pointer)
      : object_(&object), pointer_(std::move(pointer)) {}
  const json::value* Fetch(std::string_view key, Need need, std::string_view expected);
  // False when `key` is absent (out untouched) or null (out cleared).
  template <typename T>
  bool Present(std::string_view key, std::optional<T>& out) const;
  template <typename E>
  void Assign(std::string_view key, Result<E> parsed, E& out) {
    if (parsed) {
      out = *parsed;
    } else {
      Fail(key, parsed.error().message);
    }
  }

  const json::object* object_;
  std::string pointer_;
  std::optional<Error> error_;
};

// Parses a request body. Invalid UTF-8 names the byte; bad JSON names line and column; more
// than 64 levels deep is bad JSON; a body whose parse would take more than 32 MiB (the tree and
// the parser's stacks: millions of small values) is refused with too_large (413), field "/".
Result<json::value> ParseJsonBody(std::string_view body);

// The JSON type name of a value, for messages: "string", "number", "object"…
std::string_view JsonTypeName(const json::value& value);

}  // namespace nq::formats
