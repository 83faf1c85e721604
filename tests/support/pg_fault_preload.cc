// An LD_PRELOAD shim for the PostgreSQL server of a test (tests/reliability/fault_sweep_test.cc,
// PgFaultTest): it fails one I/O call inside the server with an errno, once, when armed.
//
// It interposes fsync, fdatasync, pwrite, pwritev (armed as "pwrite") and pread (the calls
// PostgreSQL 15 makes for its write-ahead log and its data files) and forwards each to the C
// library unless the control file named by NQ_PGFAULT_CONTROL exists and holds a line "CALL
// SUBSTRING ERRNO", e.g. "fdatasync pg_wal/ eio": then the first call of that name, in any server
// process, on a file whose path (readlink of /proc/self/fd/N) contains SUBSTRING claims the fault
// by renaming the control file to CONTROL.fired — so it fires exactly once across all the server's
// processes —, appends "PID CALL PATH" to that file, and fails with ERRNO (eio, enospc) without
// doing the call. The test sees that it fired by the renamed file.
//
// Built without the project's libraries or sanitizers (it lives in the server's processes); no
// allocation on the way of a call: a stat of the control file when unarmed, and open, read,
// readlink, rename and write when armed, all async-signal-safe.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

using FsyncFn = int (*)(int);
using PwriteFn = ssize_t (*)(int, const void*, size_t, off_t);
using PwritevFn = ssize_t (*)(int, const struct iovec*, int, off_t);
using PreadFn = ssize_t (*)(int, void*, size_t, off_t);

FsyncFn real_fsync = nullptr;
FsyncFn real_fdatasync = nullptr;
PwriteFn real_pwrite = nullptr;
PwritevFn real_pwritev = nullptr;
PreadFn real_pread = nullptr;

char control[512];  // the control file's path, "" when NQ_PGFAULT_CONTROL is not set
char fired[520];    // where it goes once claimed

template <typename Fn>
Fn Next(const char* name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}

__attribute__((constructor)) void Load() {
  real_fsync = Next<FsyncFn>("fsync");
  real_fdatasync = Next<FsyncFn>("fdatasync");
  real_pwrite = Next<PwriteFn>("pwrite");
  real_pwritev = Next<PwritevFn>("pwritev");
  real_pread = Next<PreadFn>("pread");
  const char* path = getenv("NQ_PGFAULT_CONTROL");
  if (path && strlen(path) < sizeof control) {
    strcpy(control, path);
    snprintf(fired, sizeof fired, "%s.fired", path);
  }
}

int ErrnoNamed(const char* name) {
  if (strcmp(name, "eio") == 0) return EIO;
  if (strcmp(name, "enospc") == 0) return ENOSPC;
  return 0;
}

// The errno this call on `fd` must fail with (claiming the fault), or 0 to do it.
int ClaimArmed(const char* call, int fd) {
  struct stat armed;
  if (control[0] == '\0' || stat(control, &armed) != 0) return 0;
  char text[256] = {};
  const int file = open(control, O_RDONLY | O_CLOEXEC);
  if (file < 0) return 0;
  const ssize_t got = read(file, text, sizeof text - 1);
  close(file);
  if (got <= 0) return 0;
  // "CALL SUBSTRING ERRNO": the words, split in place.
  for (ssize_t i = 0; i < got; ++i) {
    if (text[i] == ' ' || text[i] == '\n') text[i] = '\0';
  }
  const char* fields[3] = {};
  int count = 0;
  for (ssize_t i = 0; i < got && count < 3; ++i) {
    if (text[i] != '\0' && (i == 0 || text[i - 1] == '\0')) fields[count++] = text + i;
  }
  if (count < 3 || strcmp(fields[0], call) != 0) return 0;
  const int error = ErrnoNamed(fields[2]);
  if (error == 0) return 0;
  char link[64], path[512] = {};
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  if (readlink(link, path, sizeof path - 1) <= 0 || strstr(path, fields[1]) == nullptr) return 0;
  if (rename(control, fired) != 0) return 0;  // another process claimed it first
  const int log = open(fired, O_WRONLY | O_APPEND | O_CLOEXEC);
  if (log >= 0) {
    char line[640];
    const int size =
        snprintf(line, sizeof line, "%d %s %s\n", static_cast<int>(getpid()), call, path);
    if (size > 0 && static_cast<size_t>(size) < sizeof line) {
      (void)!write(log, line, static_cast<size_t>(size));
    }
    close(log);
  }
  return error;
}

// The same, leaving errno as it was.
int Claim(const char* call, int fd) {
  const int saved = errno;
  const int error = ClaimArmed(call, fd);
  errno = saved;
  return error;
}

// Fails the call with the errno of the fault it claims, or does it.
template <typename Fn, typename... Args>
auto Forward(const char* call, Fn real, int fd, Args... args) -> decltype(real(fd, args...)) {
  if (const int error = Claim(call, fd)) {
    errno = error;
    return -1;
  }
  return real(fd, args...);
}

}  // namespace

extern "C" {

int fsync(int fd) { return Forward("fsync", real_fsync, fd); }
int fdatasync(int fd) { return Forward("fdatasync", real_fdatasync, fd); }
ssize_t pwrite(int fd, const void* buffer, size_t size, off_t offset) {
  return Forward("pwrite", real_pwrite, fd, buffer, size, offset);
}
ssize_t pwritev(int fd, const struct iovec* vectors, int count, off_t offset) {
  return Forward("pwrite", real_pwritev, fd, vectors, count, offset);
}
ssize_t pread(int fd, void* buffer, size_t size, off_t offset) {
  return Forward("pread", real_pread, fd, buffer, size, offset);
}

}  // extern "C"
