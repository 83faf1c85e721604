// Progress and cancellation of long work (exports and imports run as jobs, or from the command
// line with a progress bar): the work names its phase and how far it is, and reads the flag
// between steps.
#pragma once

#include <atomic>
#include <functional>
#include <string_view>

#include "common/result.h"

namespace nq {

struct WorkControl {
  // Called after each step: the phase ("targets", "writing"…), steps done and steps in all.
  std::function<void(std::string_view phase, size_t done, size_t total)> progress;
  const std::atomic<bool>* cancelled = nullptr;

  void Report(std::string_view phase, size_t done, size_t total) const {
    if (progress) progress(phase, done, total);
  }
  bool Cancelled() const { return cancelled && cancelled->load(); }
  // aborted ("<what> cancelled") once the flag is set; success otherwise.
  Status CheckCancelled(std::string_view what) const {
    if (!Cancelled()) return Ok();
    return MakeError(ErrorCode::kAborted, "{} cancelled", what);
  }
};

}  // namespace nq
