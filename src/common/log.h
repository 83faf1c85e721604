// Log: one line per event on stderr, so journald keeps it. In JSON (one object a line: "time",
// "level", "event", then the event's fields) or as text for a person at a terminal
// ("2025-03-01T08:15:02.123Z info request method=GET status=200 …"). Writing a line is one
// write(2) on stderr: no lock, and lines from several threads never interleave.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>

#include "common/result.h"

namespace nq::log {

enum class Format { kText, kJson };
enum class Level { kInfo, kWarning, kError };

// "text" or "json"; invalid_argument naming `--log-format` otherwise.
Result<Format> ParseFormat(std::string_view name);
// Text when stderr is a terminal, JSON otherwise (a service under systemd, a pipe).
Format DefaultFormat();
// The format of every line from now on; DefaultFormat() until set.
void SetFormat(Format format);
Format CurrentFormat();

// Where lines go instead of stderr (each without its newline); an empty function restores
// stderr. For tests: set it before the lines to catch are written, not while others log.
using Sink = std::function<void(std::string_view line)>;
void SetSink(Sink sink);

// A field's value: text, a whole number, a number, true/false or null.
class Value final {
 public:
  enum class Kind { kNull, kText, kInt, kReal, kBool };
  Value(std::nullptr_t) {}  // NOLINT: implicit on purpose, as the fields read naturally
  Value(std::string_view text) : kind_(Kind::kText), text_(text) {}    // NOLINT
  Value(const std::string& text) : kind_(Kind::kText), text_(text) {}  // NOLINT
  Value(const char* text) : kind_(Kind::kText), text_(text) {}         // NOLINT
  Value(bool flag) : kind_(Kind::kBool), int_(flag ? 1 : 0) {}         // NOLINT
  template <typename T>
  requires(std::is_integral_v<T> && !std::is_same_v<T, bool>) Value(T number)
      : kind_(Kind::kInt), int_(static_cast<int64_t>(number)) {}  // NOLINT
  Value(double number) : kind_(Kind::kReal), real_(number) {}     // NOLINT

  Kind kind() const { return kind_; }
  std::string_view text() const { return text_; }
  int64_t integer() const { return int_; }
  double real() const { return real_; }

 private:
  Kind kind_ = Kind::kNull;
  std::string_view text_;
  int64_t int_ = 0;
  double real_ = 0;
};

struct Field {
  std::string_view key;  // a plain name: [a-z_]
  Value value;
};

// Writes one line: `event` names what happened ("request", "server_start", "job_end"…).
void Write(Level level, std::string_view event, std::initializer_list<Field> fields = {});
inline void Info(std::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kInfo, event, fields);
}
inline void Warning(std::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kWarning, event, fields);
}

// The line Write would write in `format` at `time`, without the newline.
std::string FormatLine(Format format, std::chrono::system_clock::time_point time, Level level,
                       std::string_view event, std::initializer_list<Field> fields);

// RFC 3339 in UTC with milliseconds: "2025-03-01T08:15:02.123Z".
std::string Rfc3339Millis(std::chrono::system_clock::time_point time);

// `text` as a JSON string, quotes included; control characters escaped.
std::string QuoteJson(std::string_view text);

// The id of a request: `given` (the client's X-Request-Id) when it is 1 to 64 characters of
// [A-Za-z0-9._-], else a new random one of 24 hexadecimal digits.
std::string RequestId(std::string_view given);
bool IsSaneRequestId(std::string_view id);

}  // namespace nq::log
