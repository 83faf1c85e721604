#include "formats/json_reader.h"

#include <atomic>
#include <boost/json.hpp>
#include <memory>
#include <new>

#include "common/text.h"

namespace nq::formats {

std::string_view JsonTypeName(const json::value& value) {
  switch (value.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "number";
    case json::kind::string:
      return "string";
    case json::kind::array:
      return "array";
    case json::kind::object:
      return "object";
  }
  return "value";
}

Result<ObjectReader> ObjectReader::Of(const json::value& value, std::string pointer) {
  if (!value.is_object()) {
    return FieldError(pointer.empty() ? "/" : pointer, "\"{}\" must be an object, got {}",
                      pointer.empty() ? "/" : pointer, JsonTypeName(value));
  }
  return ObjectReader(value.get_object(), std::move(pointer));
}

std::string ObjectReader::PointerTo(std::string_view key) const {
  return fmt::format("{}/{}", pointer_, key);
}

void ObjectReader::Fail(std::string_view key, std::string message) {
  if (error_) return;
  error_ = Error{ErrorCode::kInvalidArgument, std::move(message), PointerTo(key)};
}

Status ObjectReader::Finish() const {
  if (error_) return std::unexpected(*error_);
  return Ok();
}

template <typename T>
bool ObjectReader::Present(std::string_view key, std::optional<T>& out) const {
  const json::value* raw = object_->if_contains(key);
  if (!raw) return false;  // absent: keep what `out` holds (partial updates)
  if (raw->is_null()) {
    out.reset();  // an explicit null clears it
    return false;
  }
  return true;
}

const json::value* ObjectReader::Member(std::string_view key) const {
  const json::value* value = object_->if_contains(key);
  if (!value || value->is_null()) return nullptr;
  return value;
}

const json::value* ObjectReader::Fetch(std::string_view key, Need need, std::string_view expected) {
  if (error_) return nullptr;
  const json::value* value = Member(key);
  if (!value) {
    if (need == Need::kRequired) Fail(key, fmt::format("field \"{}\" is required", PointerTo(key)));
    return nullptr;
  }
  bool ok = expected == "number" ? value->is_number()
            : expected == "integer"
                ? value->is_int64() || value->is_uint64() ||
                      (value->is_double() &&
                       value->get_double() ==
                           static_cast<double>(static_cast<int64_t>(value->get_double())))
            : expected == "boolean" ? value->is_bool()
                                    : value->is_string();
  if (!ok) {
    Fail(key, fmt::format("field \"{}\" must be {} {}, got {}", PointerTo(key),
                          expected == "integer" ? "an" : "a", expected, JsonTypeName(*value)));
    return nullptr;
  }
  return value;
}

ObjectReader& ObjectReader::Text(std::string_view key, std::string& out, Need need,
                                 size_t max_length) {
  const json::value* value = Fetch(key, need, "string");
  if (!value) return *this;
  std::string_view text = value->get_string();
  auto nfc = ToNfc(text, PointerTo(key));
  if (!nfc) {
    Fail(key, nfc.error().message);
    return *this;
  }
  if (need == Need::kRequired && nfc->empty()) {
    Fail(key, fmt::format("field \"{}\" must not be empty", PointerTo(key)));
  } else if (nfc->size() > max_length) {
    Fail(key, fmt::format("field \"{}\" is longer than {} bytes", PointerTo(key), max_length));
  } else {
    out = std::move(*nfc);
  }
  return *this;
}

ObjectReader& ObjectReader::Code(std::string_view key, std::string& out, Need need) {
  const json::value* value = Fetch(key, need, "string");
  if (!value) return *this;
  std::string_view code = value->get_string();
  bool ok = !code.empty() && code.size() <= 64;
  for (size_t i = 0; ok && i < code.size(); ++i) {
    char c = code[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    ok = alnum || (i > 0 && (c == '-' || c == '_' || c == '.'));
  }
  if (!ok) {
    Fail(key,
         fmt::format("field \"{}\" must be a code of 1–64 characters a-z 0-9 . _ -, got \"{}\"",
                     PointerTo(key), code.substr(0, 80)));
    return *this;
  }
  out = std::string(code);
  return *this;
}

ObjectReader& ObjectReader::Integer(std::string_view key, int64_t& out, Need need) {
  const json::value* value = Fetch(key, need, "integer");
  if (!value) return *this;
  if (value->is_int64()) {
    out = value->get_int64();
  } else if (value->is_uint64()) {
    if (value->get_uint64() > static_cast<uint64_t>(INT64_MAX)) {
      Fail(key, fmt::format("field \"{}\" is too large", PointerTo(key)));
    } else {
      out = static_cast<int64_t>(value->get_uint64());
    }
  } else {
    out = static_cast<int64_t>(value->get_double());
  }
  return *this;
}

ObjectReader& ObjectReader::Integer(std::string_view key, int& out, Need need) {
  int64_t wide = out;
  Integer(key, wide, need);
  if (wide < INT32_MIN || wide > INT32_MAX) {
    Fail(key, fmt::format("field \"{}\" is out of range", PointerTo(key)));
  } else {
    out = static_cast<int>(wide);
  }
  return *this;
}

ObjectReader& ObjectReader::Id(std::string_view key, int64_t& out) {
  Integer(key, out, Need::kRequired);
  if (!error_ && out <= 0)
    Fail(key, fmt::format("field \"{}\" must be a positive id", PointerTo(key)));
  return *this;
}

ObjectReader& ObjectReader::OptId(std::string_view key, std::optional<int64_t>& out) {
  if (!Present(key, out)) return *this;
  int64_t id = 0;
  Id(key, id);
  if (!error_) out = id;
  return *this;
}

ObjectReader& ObjectReader::IdList(std::string_view key, std::vector<int64_t>& out) {
  const json::value* list = Member(key);
  if (!list) return *this;
  if (!list->is_array()) {
    Fail(key, fmt::format("field \"{}\" must be an array of ids, got {}", PointerTo(key),
                          JsonTypeName(*list)));
    return *this;
  }
  std::vector<int64_t> ids;
  const json::array& items = list->get_array();
  for (size_t index = 0; index < items.size(); ++index) {
    if (!items[index].is_int64() || items[index].get_int64() <= 0) {
      std::string at = fmt::format("{}/{}", key, index);
      Fail(at, fmt::format("field \"{}\" must be a positive id", PointerTo(at)));
      return *this;
    }
    ids.push_back(items[index].get_int64());
  }
  out = std::move(ids);
  return *this;
}

ObjectReader& ObjectReader::Number(std::string_view key, double& out, Need need) {
  const json::value* value = Fetch(key, need, "number");
  if (!value) return *this;
  out = value->to_number<double>();
  return *this;
}

ObjectReader& ObjectReader::OptNumber(std::string_view key, std::optional<double>& out) {
  if (!Present(key, out)) return *this;
  double number = 0;
  Number(key, number);
  if (!error_) out = number;
  return *this;
}

ObjectReader& ObjectReader::Bool(std::string_view key, bool& out, Need need) {
  const json::value* value = Fetch(key, need, "boolean");
  if (value) out = value->get_bool();
  return *this;
}

ObjectReader& ObjectReader::Date(std::string_view key, nq::Date& out, Need need) {
  const json::value* value = Fetch(key, need, "string");
  if (value) Assign(key, nq::Date::Parse(value->get_string()), out);
  return *this;
}

ObjectReader& ObjectReader::OptDate(std::string_view key, std::optional<nq::Date>& out) {
  if (!Present(key, out)) return *this;
  nq::Date date;
  Date(key, date);
  if (!error_) out = date;
  return *this;
}

ObjectReader& ObjectReader::Period(std::string_view key, domain::Period& out, Need need) {
  const json::value* value = Fetch(key, need, "string");
  if (value) Assign(key, domain::Period::Parse(value->get_string()), out);
  return *this;
}

ObjectReader& ObjectReader::OptPeriod(std::string_view key, std::optional<domain::Period>& out) {
  if (!Present(key, out)) return *this;
  domain::Period period = domain::Period::Year(2000);
  Period(key, period);
  if (!error_) out = period;
  return *this;
}

namespace {

// How deep a request body may nest, and how much memory its parse may take (the tree and the
// parser's stacks): 8 MB of `[{},{},…]` would take some 150 MB. Past the memory, the body is
// refused with too_large (413), field "/".
constexpr int kMaxJsonDepth = 64;
constexpr size_t kMaxJsonParseBytes = size_t{32} << 20;

// The memory of one parse: the parser's stacks and the tree it builds, counted, refused past a
// budget while parsing (BudgetExceeded), then unlimited: the tree may be changed afterwards.
class ParseBudget final : public json::memory_resource {
 public:
  struct BudgetExceeded {};

  // `limited` is shared with the caller, who clears it once the parse is done: the resource
  // itself sits inside Boost's shared wrapper, out of reach.
  ParseBudget(size_t budget, std::shared_ptr<const std::atomic<bool>> limited)
      : budget_(budget), limited_(std::move(limited)) {}

 private:
  void* do_allocate(size_t bytes, size_t align) override {
    const size_t before = used_.fetch_add(bytes, std::memory_order_relaxed);
    if (*limited_ && before + bytes > budget_) {
      used_.fetch_sub(bytes, std::memory_order_relaxed);
      throw BudgetExceeded{};
    }
    if (align <= __STDCPP_DEFAULT_NEW_ALIGNMENT__) return ::operator new(bytes);
    return ::operator new(bytes, std::align_val_t(align));
  }
  void do_deallocate(void* block, size_t bytes, size_t align) override {
    used_.fetch_sub(bytes, std::memory_order_relaxed);
    // As allocated: the aligned forms only for over-aligned blocks.
    if (align <= __STDCPP_DEFAULT_NEW_ALIGNMENT__) return ::operator delete(block, bytes);
    ::operator delete(block, bytes, std::align_val_t(align));
  }
  bool do_is_equal(const json::memory_resource& other) const noexcept override {
    return this == &other;
  }

  const size_t budget_;
  std::atomic<size_t> used_{0};
  const std::shared_ptr<const std::atomic<bool>> limited_;
};

}  // namespace

Result<json::value> ParseJsonBody(std::string_view body) {
  if (!IsValidUtf8(body)) {
    auto nfc = ToNfc(body, "request body");
    return FieldError("/", "{}", nfc ? "request body is not valid UTF-8" : nfc.error().message);
  }
  if (body.empty()) return FieldError("/", "request body is empty; a JSON object is expected");
  json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  auto limited = std::make_shared<std::atomic<bool>>(true);
  json::storage_ptr memory = json::make_shared_resource<ParseBudget>(kMaxJsonParseBytes, limited);
  json::stream_parser parser(memory, options);
  parser.reset(memory);
  boost::system::error_code ec;
  size_t consumed = 0;
  try {
    consumed = parser.write(body.data(), body.size(), ec);
    if (!ec) parser.finish(ec);
  } catch (const ParseBudget::BudgetExceeded&) {
    return std::unexpected(
        Error{ErrorCode::kTooLarge,
              fmt::format("request body would take more than {} MiB of memory to read (too many "
                          "values or too much text); send it in smaller parts",
                          kMaxJsonParseBytes >> 20),
              "/"});
  }
  if (ec) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < consumed && i < body.size(); ++i) {
      if (body[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return FieldError("/", "request body is not valid JSON at line {}, column {}: {}", line, column,
                      ec.message());
  }
  json::value value = parser.release();
  *limited = false;
  return value;
}

}  // namespace nq::formats
