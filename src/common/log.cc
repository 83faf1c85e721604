#include "common/log.h"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <ctime>
#include <random>

namespace nq::log {
namespace {

// -1: not chosen yet (DefaultFormat() on first use).
std::atomic<int> format_setting{-1};
Sink sink;

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kInfo:
      return "info";
    case Level::kWarning:
      return "warning";
    case Level::kError:
      return "error";
  }
  return "info";
}

void AppendJson(std::string& out, const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kNull:
      out += "null";
      break;
    case Value::Kind::kText:
      out += QuoteJson(value.text());
      break;
    case Value::Kind::kInt:
      out += fmt::format("{}", value.integer());
      break;
    case Value::Kind::kReal:
      out += fmt::format("{:.3f}", value.real());
      break;
    case Value::Kind::kBool:
      out += value.integer() != 0 ? "true" : "false";
      break;
  }
}

// Text values are written bare when they hold no space, quote or control character.
void AppendText(std::string& out, const Value& value) {
  if (value.kind() != Value::Kind::kText) {
    if (value.kind() == Value::Kind::kNull) {
      out += '-';
    } else {
      AppendJson(out, value);
    }
    return;
  }
  std::string_view text = value.text();
  bool bare = !text.empty() && text.find_first_of(" \"=\\") == std::string_view::npos &&
              std::none_of(text.begin(), text.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x20; });
  out += bare ? std::string(text) : QuoteJson(text);
}

void WriteAll(std::string_view line) {
  while (!line.empty()) {
    ssize_t written = ::write(STDERR_FILENO, line.data(), line.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return;
    line.remove_prefix(static_cast<size_t>(written));
  }
}

}  // namespace

Result<Format> ParseFormat(std::string_view name) {
  if (name == "text") return Format::kText;
  if (name == "json") return Format::kJson;
  return std::unexpected(Error{ErrorCode::kInvalidArgument,
                               fmt::format("log format \"{}\" must be text or json", name),
                               "--log-format"});
}

Format DefaultFormat() { return ::isatty(STDERR_FILENO) == 1 ? Format::kText : Format::kJson; }

void SetFormat(Format format) { format_setting.store(static_cast<int>(format)); }

Format CurrentFormat() {
  int setting = format_setting.load(std::memory_order_relaxed);
  if (setting < 0) {
    setting = static_cast<int>(DefaultFormat());
    format_setting.store(setting);
  }
  return static_cast<Format>(setting);
}

void SetSink(Sink new_sink) { sink = std::move(new_sink); }

std::string Rfc3339Millis(std::chrono::system_clock::time_point time) {
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch());
  std::time_t seconds = static_cast<std::time_t>(millis.count() / 1000);
  long fraction = static_cast<long>(millis.count() % 1000);
  if (fraction < 0) {
    fraction += 1000;
    --seconds;
  }
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, fraction);
}

std::string QuoteJson(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string FormatLine(Format format, std::chrono::system_clock::time_point time, Level level,
                       std::string_view event, std::initializer_list<Field> fields) {
  std::string line;
  line.reserve(160);
  if (format == Format::kJson) {
    line += "{\"time\":\"" + Rfc3339Millis(time) + "\",\"level\":\"";
    line += LevelName(level);
    line += "\",\"event\":" + QuoteJson(event);
    for (const Field& field : fields) {
      line += ",\"";
      line += field.key;
      line += "\":";
      AppendJson(line, field.value);
    }
    line += '}';
    return line;
  }
  line += Rfc3339Millis(time);
  line += ' ';
  line += LevelName(level);
  line += ' ';
  line += event;
  for (const Field& field : fields) {
    line += ' ';
    line += field.key;
    line += '=';
    AppendText(line, field.value);
  }
  return line;
}

void Write(Level level, std::string_view event, std::initializer_list<Field> fields) {
  std::string line =
      FormatLine(CurrentFormat(), std::chrono::system_clock::now(), level, event, fields);
  if (sink) return sink(line);
  line += '\n';
  WriteAll(line);
}

bool IsSaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

std::string RequestId(std::string_view given) {
  if (IsSaneRequestId(given)) return std::string(given);
  thread_local std::mt19937_64 random{std::random_device{}()};
  return fmt::format("{:016x}{:08x}", random(), static_cast<uint32_t>(random()));
}

}  // namespace nq::log
