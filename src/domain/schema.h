// The parts an entity's description is made of. Each stored entity is described once, in
// domain/registry.h, as a list of these; the store derives its columns and row codec from it,
// formats/ its JSON, the bundle its records, and filters their allowed columns. No I/O here.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "common/result.h"

namespace nq::domain {

// How a field comes in through the API.
enum class In {
  kRequired,  // given on create (may be left out of a patch)
  kOptional,  // may be given
  kServer,    // set by the server: never read from a request; kept by bundles
};

// What a field says about itself besides its name and type.
struct FieldOptions {
  In in = In::kOptional;
  size_t max_length = 4000;    // text, in bytes
  bool code = false;           // text that is a code: 1–64 of [a-z0-9._-]
  bool id = false;             // an integer that must be a positive id when read
  bool labelled = false;       // a period the API answers as {code, label, label_en}
  bool moment = false;         // an integer that is a moment in Unix milliseconds
  std::string_view json = "";  // the JSON key when it differs from the column
  // For the API's description (OpenAPI): what the field holds and an example, in Vietnamese.
  // A field's type, whether it may be null, its enum names and format come from its C++ type.
  std::string_view about = "";
  std::string_view example = "";
};

// One column and JSON member: `member` of `Owner`.
template <typename Owner, typename Member>
struct ColumnDef {
  std::string_view name;
  Member Owner::*member;
  FieldOptions options;
  std::string_view json_key() const { return options.json.empty() ? name : options.json; }
};

// A struct stored in its owner's row: its fields become the owner's columns. In JSON it is an
// object under `json_key`, or its fields sit in the owner's object when `json_key` is empty.
// `Part` may be std::optional<X>: then all of X's columns are NULL when it is absent, and a
// NULL first column reads as absent.
template <typename Owner, typename Part>
struct EmbeddedDef {
  std::string_view json_key;
  Part Owner::*member;
};

// A member of the API's answer computed from the others (a label, a flag); never stored, never
// read, left out of bundles.
template <typename Owner, typename R>
struct DerivedDef {
  std::string_view name;
  R (*compute)(const Owner&);
};

template <typename Owner, typename Member>
constexpr ColumnDef<Owner, Member> Column(std::string_view name, Member Owner::*member,
                                          FieldOptions options = {}) {
  return {name, member, options};
}
template <typename Owner, typename Part>
constexpr EmbeddedDef<Owner, Part> Embed(std::string_view json_key, Part Owner::*member) {
  return {json_key, member};
}
template <typename Owner, typename R>
constexpr DerivedDef<Owner, R> Derive(std::string_view name, R (*compute)(const Owner&)) {
  return {name, compute};
}

// Each described entity or embedded part specializes Schema<T> with
//   kFields                           a std::tuple of Column, Embed and Derive entries
// and, for a part with a name of its own in the API's description, kPart ("Measure");
// and, for entities with a table,
//   kTable, kEntity                   the table and the entity's name ("unit")
//   kVersioned                        has a `version` field checked on update
//   kHasCode                          has a unique `code`
template <typename T>
struct Schema;

// Calls `visit` with each entry of T's description, in order.
template <typename T, typename Visit>
constexpr void ForEachField(Visit&& visit) {
  std::apply([&](const auto&... entry) { (visit(entry), ...); }, Schema<T>::kFields);
}

// The names and parsers of an enum stored as text: Name(value), Parse(text).
template <typename E>
struct EnumNames;

// Every name of enum E, in order (domain/enum_names.cc); declared for each enum by
// NQ_ENUM_LIST, so the API's description lists them.
template <typename E>
std::vector<std::string_view> EnumNameList();
#define NQ_ENUM_LIST(E) \
  template <>           \
  std::vector<std::string_view> EnumNameList<E>()

#define NQ_ENUM_NAMES(E, name_function, parse_function)                            \
  NQ_ENUM_LIST(E);                                                                 \
  template <>                                                                      \
  struct EnumNames<E> {                                                            \
    static std::string_view Name(E value) { return name_function(value); }         \
    static Result<E> Parse(std::string_view text) { return parse_function(text); } \
  }

// Which kind of entry a description holds.
template <typename Entry>
inline constexpr bool kIsColumn = false;
template <typename O, typename M>
inline constexpr bool kIsColumn<ColumnDef<O, M>> = true;
template <typename Entry>
inline constexpr bool kIsEmbedded = false;
template <typename O, typename P>
inline constexpr bool kIsEmbedded<EmbeddedDef<O, P>> = true;
template <typename Entry>
inline constexpr bool kIsDerived = false;
template <typename O, typename R>
inline constexpr bool kIsDerived<DerivedDef<O, R>> = true;

// The described type of an embedded part: X for X and for std::optional<X>.
template <typename T>
struct PartOf {
  using type = T;
};
template <typename T>
struct PartOf<std::optional<T>> {
  using type = T;
};
template <typename T>
using PartType = typename PartOf<T>::type;

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

}  // namespace nq::domain
