#include "formats/json_schema.h"

#include <boost/json.hpp>

namespace nq::formats::schema {
namespace {

constexpr std::string_view kNameKey = "x-nq-component";

Schema Typed(std::string_view type, std::string_view about) {
  Schema out{{"type", type}};
  if (!about.empty()) out["description"] = about;
  return out;
}

}  // namespace

Schema Text(std::string_view about) { return Typed("string", about); }
Schema Integer(std::string_view about) { return Typed("integer", about); }
Schema Number(std::string_view about) { return Typed("number", about); }
Schema Boolean(std::string_view about) { return Typed("boolean", about); }

Schema AnyValue(std::string_view about) {
  Schema out;
  if (!about.empty()) out["description"] = about;
  return out;
}

Schema PositiveId(std::string_view about) {
  Schema out = Typed("integer", about);
  out["minimum"] = 1;
  return out;
}

Schema DateText(std::string_view about) {
  Schema out = Typed("string", about);
  out["format"] = "date";
  out["examples"] = json::array{"2025-12-31"};
  return out;
}

Schema PeriodCode(std::string_view about) {
  Schema out = Typed("string", about.empty() ? "Mã kỳ báo cáo: năm 2021, 6 tháng 2021S1, quý "
                                               "2021Q3, tháng 202107, nhiệm kỳ 2020T5"
                                             : about);
  out["pattern"] = "^[0-9]{4}((0[1-9]|1[0-2])|S[12]|Q[1-4]|T[1-9][0-9]?)?$";
  out["examples"] = json::array{"2025", "2025S1", "2025Q3", "202507", "2020T5"};
  return out;
}

Schema Millis(std::string_view about) {
  return Typed("integer", about.empty() ? "Thời điểm, mili giây Unix" : about);
}

Schema UnitKey(std::string_view about) {
  Schema out{{"oneOf", json::array{PositiveId(), Text()}}};
  out["description"] = about.empty() ? "Đơn vị: mã số hoặc mã chữ (ví dụ \"ba-thuoc\")" : about;
  return out;
}

Schema OneOf(const std::vector<std::string_view>& names, std::string_view about) {
  Schema out = Typed("string", about);
  json::array values;
  for (std::string_view name : names) values.emplace_back(name);
  out["enum"] = std::move(values);
  return out;
}

Schema Nullable(Schema schema) {
  const json::value* type = schema.if_contains("type");
  if (NameOf(schema).empty() && type && type->is_string()) {
    json::array types{*type, "null"};
    schema["type"] = std::move(types);
    if (json::value* values = schema.if_contains("enum")) values->as_array().emplace_back(nullptr);
    return schema;
  }
  return Schema{{"anyOf", json::array{std::move(schema), Schema{{"type", "null"}}}}};
}

Schema ArrayOf(Schema items, std::string_view about) {
  Schema out = Typed("array", about);
  out["items"] = std::move(items);
  return out;
}

Member Optional(std::string_view name, Schema schema) {
  return Member(name, std::move(schema), false);
}

Schema Object(const std::vector<Member>& members, std::string_view about) {
  Schema out = Typed("object", about);
  out["properties"] = json::object{};
  out["required"] = json::array{};
  for (const Member& member : members) {
    out["properties"].as_object()[member.name] = member.schema;
    if (member.required) out["required"].as_array().emplace_back(member.name);
  }
  return out;
}

Schema Object(std::initializer_list<Member> members, std::string_view about) {
  return Object(std::vector<Member>(members), about);
}

Schema Extend(Schema base, std::initializer_list<Member> members) {
  return Extend(std::move(base), std::vector<Member>(members));
}

Schema Extend(Schema base, const std::vector<Member>& members) {
  base.erase(kNameKey);  // another shape than the one named
  if (!base["properties"].is_object()) base["properties"].emplace_object();
  if (!base["required"].is_array()) base["required"].emplace_array();
  for (const Member& member : members) {
    base["properties"].as_object()[member.name] = member.schema;
    json::array& required = base["required"].as_array();
    bool listed = false;
    for (const json::value& name : required) listed |= name.as_string() == member.name;
    if (member.required && !listed) required.emplace_back(member.name);
  }
  return base;
}

Schema Without(Schema base, std::initializer_list<std::string_view> names) {
  base.erase(kNameKey);
  for (std::string_view name : names) {
    if (json::value* properties = base.if_contains("properties"))
      properties->as_object().erase(name);
    if (json::value* required = base.if_contains("required")) {
      json::array kept;
      for (const json::value& entry : required->as_array()) {
        if (entry.as_string() != name) kept.push_back(entry);
      }
      *required = std::move(kept);
    }
  }
  return base;
}

Schema AllOptional(Schema base) {
  base.erase(kNameKey);
  base["required"] = json::array{};
  return base;
}

Schema About(Schema schema, std::string_view about) {
  schema["description"] = about;
  return schema;
}

Schema Example(Schema schema, json::value example) {
  schema["examples"] = json::array{std::move(example)};
  return schema;
}

Schema Named(std::string_view name, Schema schema) {
  schema[kNameKey] = name;
  return schema;
}

std::string_view NameOf(const Schema& schema) {
  const json::value* name = schema.if_contains(kNameKey);
  return name && name->is_string() ? std::string_view(name->get_string()) : std::string_view();
}

void Hoist(json::value& value, json::object& components, std::vector<std::string>& conflicts) {
  if (value.is_array()) {
    for (json::value& entry : value.as_array()) Hoist(entry, components, conflicts);
    return;
  }
  if (!value.is_object()) return;
  json::object& object = value.as_object();
  for (auto& member : object) Hoist(member.value(), components, conflicts);
  const std::string name(NameOf(object));
  if (name.empty()) return;
  object.erase(kNameKey);
  if (const json::value* known = components.if_contains(name)) {
    if (*known != value) conflicts.push_back(name);
  } else {
    components[name] = std::move(object);
  }
  value = json::object{{"$ref", "#/components/schemas/" + name}};
}

}  // namespace nq::formats::schema
