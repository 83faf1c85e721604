#include "storage/testing/fault_vfs.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <charconv>
#include <cstring>
#include <mutex>

namespace nq::storage::testing {
namespace {

// What the shim shares between connections: the counters and the armed plan.
struct State {
  std::mutex mutex;
  IoCounts counts;
  std::optional<FaultPlan> plan;
  bool armed = false;
  int64_t fired = 0;
};

State& Shared() {
  static State state;
  return state;
}

sqlite3_vfs* real_vfs = nullptr;

// Counts a call of `call`; the fault to answer it with, if the plan says so.
std::optional<Fault> Decide(IoCall call) {
  State& state = Shared();
  std::lock_guard lock(state.mutex);
  const int64_t n = ++state.counts.calls[static_cast<size_t>(call)];
  if (!state.armed || !state.plan || state.plan->call != call) return std::nullopt;
  if (n == state.plan->nth || (state.plan->sticky && n > state.plan->nth)) {
    ++state.fired;
    return state.plan->fault;
  }
  return std::nullopt;
}

// A file of the shim: the real file's handle follows it in the same allocation.
struct ShimFile {
  sqlite3_file base;
  sqlite3_file* real;
};

sqlite3_file* Real(sqlite3_file* file) { return reinterpret_cast<ShimFile*>(file)->real; }

int Close(sqlite3_file* file) { return Real(file)->pMethods->xClose(Real(file)); }

int Read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
  if (Decide(IoCall::kRead)) return SQLITE_IOERR_READ;
  return Real(file)->pMethods->xRead(Real(file), buffer, amount, offset);
}

int Write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
  std::optional<Fault> fault = Decide(IoCall::kWrite);
  if (!fault) return Real(file)->pMethods->xWrite(Real(file), buffer, amount, offset);
  switch (*fault) {
    case Fault::kIoError:
      return SQLITE_IOERR_WRITE;
    case Fault::kDiskFull:
      return SQLITE_FULL;
    case Fault::kShortWrite:
      // What the unix VFS answers when write(2) wrote less than asked: the disk is full.
      (void)Real(file)->pMethods->xWrite(Real(file), buffer, amount / 2, offset);
      return SQLITE_FULL;
  }
  return SQLITE_IOERR_WRITE;
}

int Truncate(sqlite3_file* file, sqlite3_int64 size) {
  std::optional<Fault> fault = Decide(IoCall::kTruncate);
  if (fault) return *fault == Fault::kIoError ? SQLITE_IOERR_TRUNCATE : SQLITE_FULL;
  return Real(file)->pMethods->xTruncate(Real(file), size);
}

int Sync(sqlite3_file* file, int flags) {
  if (Decide(IoCall::kSync)) return SQLITE_IOERR_FSYNC;
  return Real(file)->pMethods->xSync(Real(file), flags);
}

int FileSize(sqlite3_file* file, sqlite3_int64* size) {
  return Real(file)->pMethods->xFileSize(Real(file), size);
}
int Lock(sqlite3_file* file, int level) { return Real(file)->pMethods->xLock(Real(file), level); }
int Unlock(sqlite3_file* file, int level) {
  return Real(file)->pMethods->xUnlock(Real(file), level);
}
int CheckReservedLock(sqlite3_file* file, int* out) {
  return Real(file)->pMethods->xCheckReservedLock(Real(file), out);
}
int FileControl(sqlite3_file* file, int op, void* arg) {
  return Real(file)->pMethods->xFileControl(Real(file), op, arg);
}
int SectorSize(sqlite3_file* file) { return Real(file)->pMethods->xSectorSize(Real(file)); }
int DeviceCharacteristics(sqlite3_file* file) {
  return Real(file)->pMethods->xDeviceCharacteristics(Real(file));
}
int ShmMap(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
  return Real(file)->pMethods->xShmMap(Real(file), region, size, extend, out);
}
int ShmLock(sqlite3_file* file, int offset, int n, int flags) {
  return Real(file)->pMethods->xShmLock(Real(file), offset, n, flags);
}
void ShmBarrier(sqlite3_file* file) { Real(file)->pMethods->xShmBarrier(Real(file)); }
int ShmUnmap(sqlite3_file* file, int remove) {
  return Real(file)->pMethods->xShmUnmap(Real(file), remove);
}
// Memory-mapped reads would bypass xRead: the shim offers none, so SQLite reads through it.
int Fetch(sqlite3_file*, sqlite3_int64, int, void** out) {
  *out = nullptr;
  return SQLITE_OK;
}
int Unfetch(sqlite3_file*, sqlite3_int64, void*) { return SQLITE_OK; }

const sqlite3_io_methods kMethods = {
    3,
    Close,
    Read,
    Write,
    Truncate,
    Sync,
    FileSize,
    Lock,
    Unlock,
    CheckReservedLock,
    FileControl,
    SectorSize,
    DeviceCharacteristics,
    ShmMap,
    ShmLock,
    ShmBarrier,
    ShmUnmap,
    Fetch,
    Unfetch,
};

int Open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  auto* shim = reinterpret_cast<ShimFile*>(file);
  shim->real = reinterpret_cast<sqlite3_file*>(shim + 1);
  int rc = real_vfs->xOpen(real_vfs, name, shim->real, flags, out_flags);
  shim->base.pMethods = shim->real->pMethods ? &kMethods : nullptr;
  return rc;
}
int Delete(sqlite3_vfs*, const char* name, int sync_dir) {
  return real_vfs->xDelete(real_vfs, name, sync_dir);
}
int Access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return real_vfs->xAccess(real_vfs, name, flags, out);
}
int FullPathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return real_vfs->xFullPathname(real_vfs, name, size, out);
}
void* DlOpen(sqlite3_vfs*, const char* name) { return real_vfs->xDlOpen(real_vfs, name); }
void DlError(sqlite3_vfs*, int size, char* out) { real_vfs->xDlError(real_vfs, size, out); }
void (*DlSym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return real_vfs->xDlSym(real_vfs, handle, symbol);
}
void DlClose(sqlite3_vfs*, void* handle) { real_vfs->xDlClose(real_vfs, handle); }
int Randomness(sqlite3_vfs*, int size, char* out) {
  return real_vfs->xRandomness(real_vfs, size, out);
}
int Sleep(sqlite3_vfs*, int micros) { return real_vfs->xSleep(real_vfs, micros); }
int CurrentTime(sqlite3_vfs*, double* out) { return real_vfs->xCurrentTime(real_vfs, out); }
int GetLastError(sqlite3_vfs*, int size, char* out) {
  return real_vfs->xGetLastError ? real_vfs->xGetLastError(real_vfs, size, out) : 0;
}
int CurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) {
  return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

sqlite3_vfs shim_vfs;

}  // namespace

std::string_view IoCallName(IoCall call) {
  switch (call) {
    case IoCall::kRead:
      return "read";
    case IoCall::kWrite:
      return "write";
    case IoCall::kSync:
      return "sync";
    case IoCall::kTruncate:
      return "truncate";
  }
  return "?";
}

std::string_view FaultName(Fault fault) {
  switch (fault) {
    case Fault::kIoError:
      return "eio";
    case Fault::kDiskFull:
      return "enospc";
    case Fault::kShortWrite:
      return "short";
  }
  return "?";
}

std::string FaultPlan::ToString() const {
  return fmt::format("{}#{}:{}{}", IoCallName(call), nth, FaultName(fault), sticky ? "+" : "");
}

std::optional<FaultPlan> FaultPlan::Parse(std::string_view text) {
  FaultPlan plan;
  const size_t hash = text.find('#');
  const size_t colon = text.find(':');
  if (hash == std::string_view::npos || colon == std::string_view::npos || colon < hash) {
    return std::nullopt;
  }
  bool known = false;
  for (IoCall call : kIoCalls) {
    if (IoCallName(call) == text.substr(0, hash)) plan.call = call, known = true;
  }
  if (!known) return std::nullopt;
  std::string_view number = text.substr(hash + 1, colon - hash - 1);
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), plan.nth);
  if (ec != std::errc() || end != number.data() + number.size() || plan.nth < 1) {
    return std::nullopt;
  }
  std::string_view fault = text.substr(colon + 1);
  if (fault.ends_with('+')) plan.sticky = true, fault.remove_suffix(1);
  known = false;
  for (Fault f : {Fault::kIoError, Fault::kDiskFull, Fault::kShortWrite}) {
    if (FaultName(f) == fault) plan.fault = f, known = true;
  }
  if (!known) return std::nullopt;
  return plan;
}

void FaultVfs::Install() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_initialize();
    real_vfs = sqlite3_vfs_find(nullptr);
    shim_vfs = sqlite3_vfs{};
    shim_vfs.iVersion = 2;
    shim_vfs.szOsFile = static_cast<int>(sizeof(ShimFile)) + real_vfs->szOsFile;
    shim_vfs.mxPathname = real_vfs->mxPathname;
    shim_vfs.zName = "nq-fault";
    shim_vfs.xOpen = Open;
    shim_vfs.xDelete = Delete;
    shim_vfs.xAccess = Access;
    shim_vfs.xFullPathname = FullPathname;
    shim_vfs.xDlOpen = DlOpen;
    shim_vfs.xDlError = DlError;
    shim_vfs.xDlSym = DlSym;
    shim_vfs.xDlClose = DlClose;
    shim_vfs.xRandomness = Randomness;
    shim_vfs.xSleep = Sleep;
    shim_vfs.xCurrentTime = CurrentTime;
    shim_vfs.xGetLastError = GetLastError;
    shim_vfs.xCurrentTimeInt64 = CurrentTimeInt64;
    sqlite3_vfs_register(&shim_vfs, /*makeDflt=*/1);
  });
}

void FaultVfs::Arm(std::optional<FaultPlan> plan) {
  State& state = Shared();
  std::lock_guard lock(state.mutex);
  state.counts = IoCounts{};
  state.plan = plan;
  state.armed = plan.has_value();
  state.fired = 0;
}

void FaultVfs::Disarm() {
  State& state = Shared();
  std::lock_guard lock(state.mutex);
  state.armed = false;
}

IoCounts FaultVfs::Counts() {
  State& state = Shared();
  std::lock_guard lock(state.mutex);
  return state.counts;
}

int64_t FaultVfs::Fired() {
  State& state = Shared();
  std::lock_guard lock(state.mutex);
  return state.fired;
}

}  // namespace nq::storage::testing
