// JSON Schema (2020-12, as OpenAPI 3.1 uses it) in a few words: the shapes of the API's bodies
// are written with these next to the code that encodes them, and the OpenAPI document collects
// them (api/openapi.cc). A schema marked Named becomes one entry of the document's
// components.schemas, referred to wherever it occurs.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace nq::formats::schema {

namespace json = boost::json;
using Schema = json::object;

Schema Text(std::string_view about = "");
Schema Integer(std::string_view about = "");
Schema Number(std::string_view about = "");
Schema Boolean(std::string_view about = "");
// Any JSON value (an audit image, a stored record).
Schema AnyValue(std::string_view about = "");
// A positive integer: the id of a row.
Schema PositiveId(std::string_view about = "");
// A calendar day, "2021-03-31".
Schema DateText(std::string_view about = "");
// A period code: "2021", "2021S1", "2021Q3", "202107" (a month), "2020T5" (a five-year term).
Schema PeriodCode(std::string_view about = "");
// A moment as Unix milliseconds.
Schema Millis(std::string_view about = "");
// A unit by id (a number) or by code ("ba-thuoc").
Schema UnitKey(std::string_view about = "");
// One of `names`.
Schema OneOf(const std::vector<std::string_view>& names, std::string_view about = "");
Schema Nullable(Schema schema);
Schema ArrayOf(Schema items, std::string_view about = "");

// A member of an object: required unless made with Optional.
struct Member {
  std::string name;
  Schema schema;
  bool required = true;
  Member(std::string_view member_name, Schema member_schema, bool is_required = true)
      : name(member_name), schema(std::move(member_schema)), required(is_required) {}
};
Member Optional(std::string_view name, Schema schema);

Schema Object(std::initializer_list<Member> members, std::string_view about = "");
Schema Object(const std::vector<Member>& members, std::string_view about = "");
// `base` (an object) with more members, or with some taken out.
Schema Extend(Schema base, std::initializer_list<Member> members);
Schema Extend(Schema base, const std::vector<Member>& members);
Schema Without(Schema base, std::initializer_list<std::string_view> names);
// Every member of `base` optional (a patch).
Schema AllOptional(Schema base);

Schema About(Schema schema, std::string_view about);
Schema Example(Schema schema, json::value example);
// Marks `schema` as the component `name` of the document (CamelCase, unique).
Schema Named(std::string_view name, Schema schema);
// The component name a Named schema carries, or "".
std::string_view NameOf(const Schema& schema);

// Moves every Named schema inside `value` into `components` (by name), leaving a $ref to
// "#/components/schemas/<name>" in its place. Two different schemas under one name are
// recorded in `conflicts`.
void Hoist(json::value& value, json::object& components, std::vector<std::string>& conflicts);

}  // namespace nq::formats::schema
