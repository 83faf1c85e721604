#include "metrics/metrics.h"

#include <fmt/core.h>

#include <cmath>

namespace nq::metrics {
namespace {

// A label value or help text with \, " (label values only) and newlines escaped.
void AppendEscaped(std::string& out, std::string_view text, bool quote) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

std::string Number(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  return fmt::format("{}", value);
}

}  // namespace

void Histogram::Observe(std::chrono::nanoseconds duration) {
  int64_t nanos = std::max<int64_t>(duration.count(), 0);
  double seconds = static_cast<double>(nanos) / 1e9;
  size_t bucket = 0;
  while (bucket < kBounds.size() && seconds > kBounds[bucket]) ++bucket;
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_nanos_.fetch_add(static_cast<uint64_t>(nanos), std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot snapshot;
  for (size_t bucket = 0; bucket < buckets_.size(); ++bucket) {
    snapshot.buckets[bucket] = buckets_[bucket].load(std::memory_order_relaxed);
    snapshot.count += snapshot.buckets[bucket];
  }
  snapshot.sum_seconds = static_cast<double>(sum_nanos_.load(std::memory_order_relaxed)) / 1e9;
  return snapshot;
}

void Exposition::Family(std::string_view name, std::string_view type, std::string_view help) {
  ++families_;
  text_ += "# HELP ";
  text_ += name;
  text_ += ' ';
  AppendEscaped(text_, help, false);
  text_ += "\n# TYPE ";
  text_ += name;
  text_ += ' ';
  text_ += type;
  text_ += '\n';
}

void Exposition::Begin(std::string_view name, Labels labels, std::string_view extra_name,
                       std::string_view extra_value) {
  text_ += name;
  bool any = labels.size() > 0 || !extra_name.empty();
  if (any) text_ += '{';
  bool first = true;
  auto label = [&](std::string_view key, std::string_view value) {
    if (!first) text_ += ',';
    first = false;
    text_ += key;
    text_ += "=\"";
    AppendEscaped(text_, value, true);
    text_ += '"';
  };
  for (const auto& [key, value] : labels) label(key, value);
  if (!extra_name.empty()) label(extra_name, extra_value);
  if (any) text_ += '}';
  text_ += ' ';
}

void Exposition::Sample(std::string_view name, Labels labels, double value) {
  Begin(name, labels);
  text_ += Number(value);
  text_ += '\n';
}

void Exposition::Sample(std::string_view name, Labels labels, uint64_t value) {
  Begin(name, labels);
  text_ += fmt::format("{}\n", value);
}

void Exposition::Sample(std::string_view name, Labels labels, int64_t value) {
  Begin(name, labels);
  text_ += fmt::format("{}\n", value);
}

void Exposition::Sample(std::string_view name, Labels labels,
                        const Histogram::Snapshot& histogram) {
  std::string bucket_name = fmt::format("{}_bucket", name);
  uint64_t cumulative = 0;
  for (size_t bucket = 0; bucket < histogram.buckets.size(); ++bucket) {
    cumulative += histogram.buckets[bucket];
    std::string bound =
        bucket < Histogram::kBounds.size() ? Number(Histogram::kBounds[bucket]) : "+Inf";
    Begin(bucket_name, labels, "le", bound);
    text_ += fmt::format("{}\n", cumulative);
  }
  Begin(fmt::format("{}_sum", name), labels);
  text_ += Number(histogram.sum_seconds) + "\n";
  Begin(fmt::format("{}_count", name), labels);
  text_ += fmt::format("{}\n", histogram.count);
}

}  // namespace nq::metrics
