// A fault-injecting SQLite VFS for tests, after SQLite's own test VFS and leveldb's
// fault-injection Env: it wraps the default VFS and, once armed, fails the Nth read, write,
// sync or truncate of any file SQLite opens (the database, its write-ahead log, a journal) with
// an I/O error (EIO) or a full disk (ENOSPC), or writes only the first half of a buffer (a short
// write) and reports the disk full. Linked only into tests.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nq::storage::testing {

enum class IoCall { kRead, kWrite, kSync, kTruncate };
inline constexpr std::array<IoCall, 4> kIoCalls{IoCall::kRead, IoCall::kWrite, IoCall::kSync,
                                                IoCall::kTruncate};

enum class Fault {
  kIoError,     // EIO: SQLITE_IOERR_READ / _WRITE / _FSYNC / _TRUNCATE
  kDiskFull,    // ENOSPC: SQLITE_FULL (a sync answers SQLITE_IOERR_FSYNC, as the unix VFS does)
  kShortWrite,  // half the bytes written, then SQLITE_FULL (writes only)
};

std::string_view IoCallName(IoCall call);
std::string_view FaultName(Fault fault);

// Where to fail: the `nth` call (from 1, counted from Arm) of kind `call`. With `sticky`, every
// later call of that kind fails too, until Disarm (a disk that stays full).
struct FaultPlan {
  IoCall call = IoCall::kWrite;
  int64_t nth = 1;
  Fault fault = Fault::kIoError;
  bool sticky = false;

  std::string ToString() const;  // "write#12:eio", "sync#3:enospc+" (sticky)
  // Parses ToString's form; nullopt when it does not parse.
  static std::optional<FaultPlan> Parse(std::string_view text);
};

struct IoCounts {
  std::array<int64_t, 4> calls{};  // by IoCall
  int64_t Of(IoCall call) const { return calls[static_cast<size_t>(call)]; }
};

class FaultVfs final {
 public:
  // Registers the shim as SQLite's default VFS (idempotent, thread-safe). Connections opened
  // after this go through it; it passes every call through until armed.
  static void Install();
  // Resets the counters and arms `plan` (none: count only).
  static void Arm(std::optional<FaultPlan> plan);
  // Stops failing (counters go on).
  static void Disarm();
  // Calls of each kind since the last Arm.
  static IoCounts Counts();
  // How many calls the armed plan has failed since the last Arm.
  static int64_t Fired();
};

}  // namespace nq::storage::testing
