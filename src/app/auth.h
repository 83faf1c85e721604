// Authentication: Argon2id passwords (libsodium), login throttling before any hashing, a cap on
// concurrent hashes, server-side sessions with idle and absolute timeouts, and API tokens.
#pragma once

#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "app/access.h"
#include "app/service.h"

namespace nq::app {

struct AuthOptions {
  // Argon2id cost: at least 19 MiB and 2 passes (OWASP); raising them rehashes on next login.
  uint64_t hash_passes = 2;
  size_t hash_memory_bytes = 19u << 20;
  int max_concurrent_hashes = 2;
  UnixMillis idle_timeout = 30 * 60 * 1000;
  UnixMillis absolute_timeout = 12 * 60 * 60 * 1000;
  // Failures within the window: from one address for one account, they lock that account for
  // that address only; for the account from anywhere, each further attempt waits, twice as long
  // each time (backoff_first … backoff_max), rather than the account being locked for everyone.
  int account_failures = 5;
  int address_failures = 20;  // failures from one address within the window lock that address
  UnixMillis failure_window = 15 * 60 * 1000;
  UnixMillis lockout = 15 * 60 * 1000;
  UnixMillis backoff_first = 1000;
  UnixMillis backoff_max = 60 * 1000;
};

// Hashing and verification; thread-safe. At most `max_concurrent_hashes` run at once; a caller
// that waits more than two seconds for a slot gets unavailable.
class PasswordHasher final {
 public:
  explicit PasswordHasher(const AuthOptions& options);
  Result<std::string> Hash(std::string_view password);
  // True when `password` matches `hash`. Costs one hash whether or not it matches.
  Result<bool> Verify(std::string_view hash, std::string_view password);
  // True when `hash` is weaker than the configured cost (or not Argon2id); never for a stronger
  // one.
  bool NeedsRehash(std::string_view hash) const;
  // How many hashes were computed (Hash and Verify alike), so tests can tell a refusal came
  // before any hashing.
  uint64_t computed() const { return computed_.load(); }

 private:
  Status Acquire();
  std::atomic<uint64_t> computed_{0};
  uint64_t passes_;
  size_t memory_;
  std::counting_semaphore<64> slots_;
  std::string dummy_hash_;  // verified against for unknown logins, so timing does not tell
  friend class Authenticator;
};

// Failed-login counting, in memory; thread-safe. Brute force is kept out without handing out
// lockouts: an account is locked only for the address its failures came from; from anywhere,
// guesses at one account slow down (back-off); an address that fails at many accounts is
// locked. Attempts still being checked count against the limits too, so a burst of parallel
// guesses cannot outrun them.
class LoginThrottle final {
 public:
  explicit LoginThrottle(const AuthOptions& options) : options_(options) {}
  // resource_exhausted naming when to try again if the account is locked for this address, the
  // address is locked, the account's back-off has not passed, or the attempts in flight would
  // pass a limit. Otherwise reserves an attempt, which exactly one of RecordFailure,
  // RecordSuccess and Release must end.
  Status Check(std::string_view login, std::string_view address, UnixMillis now);
  void RecordFailure(std::string_view login, std::string_view address, UnixMillis now);
  void RecordSuccess(std::string_view login, std::string_view address);
  // Ends an attempt that neither failed nor succeeded (the store or the hasher failed).
  void Release(std::string_view login, std::string_view address);
  // Forgets the failures of `login`, from every address: an administrator's release.
  void Unlock(std::string_view login);

 private:
  struct Counts {
    std::deque<UnixMillis> failures;
    int in_flight = 0;
  };
  using Table = std::map<std::string, Counts, std::less<>>;
  static void Prune(std::deque<UnixMillis>& failures, UnixMillis since);
  Status CheckLock(Table& table, std::string_view key, int limit, std::string_view what,
                   UnixMillis now);
  Status CheckBackoff(std::string_view login, UnixMillis now);
  static std::string PairKey(std::string_view login, std::string_view address);
  static void EndAttempt(Table& table, std::string_view key);
  void EndAll(std::string_view login, std::string_view address);
  AuthOptions options_;
  std::mutex mutex_;
  Table by_pair_;  // login and address
  Table by_login_;
  Table by_address_;
};

// The principals of recently resolved sessions and API tokens, so that an authenticated request
// costs no store round trip. An entry answers only while the service's write generation is the
// one it was loaded at (any committed write, or an engine reload for another process's write,
// ends every entry), on the day it was loaded (the principal's roots are today's), and for at
// most `ttl` (a bound on what another process wrote without this one being told). Thread-safe.
class PrincipalCache final {
 public:
  struct Entry {
    Principal principal;
    UnixMillis session_created_at = 0;  // sessions only: for the idle and absolute timeouts
    UnixMillis session_seen_at = 0;
    uint64_t generation = 0;
    Date day;
    UnixMillis loaded_at = 0;
  };
  explicit PrincipalCache(UnixMillis ttl = 1000, size_t capacity = 20000)
      : ttl_(ttl), capacity_(capacity) {}
  // The entry of `key` if it is still current.
  std::optional<Entry> Find(std::string_view key, uint64_t generation, Date day,
                            UnixMillis now) const;
  // Keeps `entry`; when full, the cache starts over.
  void Put(std::string key, Entry entry);

 private:
  UnixMillis ttl_;
  size_t capacity_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

struct LoginResult {
  std::string session_token;  // 128 random bits, hex; goes in the cookie only
  Principal principal;        // with its csrf_token
};

class Authenticator final {
 public:
  Authenticator(Service& service, AuthOptions options = {});

  // Checks the throttle, then the password. Errors: resource_exhausted (locked),
  // unavailable (too many hashes in flight), unauthenticated (wrong login or password; the
  // message does not say which). Failures and successes are audited.
  Result<LoginResult> Login(std::string_view login, std::string_view password,
                            std::string_view address);
  // The principal of a live session; unauthenticated when unknown, idle too long or too old.
  Result<Principal> ResolveSession(std::string_view token);
  Status Logout(std::string_view token, const Actor& actor);
  // Checks the current password of a user changing their own, throttled like a sign-in.
  // permission_denied when it does not match, resource_exhausted when locked.
  Status VerifyOwnPassword(domain::Id user_id, std::string_view password, std::string_view address);
  // The principal of an API token ("nqt_…"); unauthenticated when unknown or revoked.
  Result<Principal> ResolveApiToken(std::string_view token);
  // The principal of a session's or an API token's token when it is kept current in memory,
  // without asking the store; nullopt when ResolveSession or ResolveApiToken would have to.
  std::optional<Principal> CachedSession(std::string_view token);
  std::optional<Principal> CachedApiToken(std::string_view token);
  // Lets `login` sign in again at once from everywhere: its failures are forgotten.
  void ReleaseLock(std::string_view login) { throttle_.Unlock(login); }

  // Administration (used by the CLI and the users API). Passwords must have 12+ characters.
  // `email`, when given, must look like one ("ai@dau.vn"): invalid_argument naming "email".
  // With `first_grant` (its user_id aside) the user is created holding that role, stored before
  // the creation is audited so that the creation's row concerns the role's unit (AuditUnit in
  // service.cc); `*first_grant` becomes the grant as stored.
  Result<domain::User> AddUser(WriteScope& scope, std::string login, std::string name,
                               std::string_view password, std::string email = "",
                               domain::Grant* first_grant = nullptr);
  // Sets the name, e-mail address, disabled flag and person of a user still at
  // `expected_version` (aborted otherwise); disabling ends their sessions. Audited as "update",
  // before and after.
  Result<domain::User> UpdateUser(WriteScope& scope, domain::Id user_id, int64_t expected_version,
                                  std::string_view name, std::string email, bool disabled,
                                  std::optional<domain::Id> person_id);
  Status SetPassword(WriteScope& scope, domain::Id user_id, std::string_view password);
  Result<domain::Grant> AddGrant(WriteScope& scope, domain::Grant grant);
  Status RemoveGrant(WriteScope& scope, domain::Id user_id, domain::Role role, domain::Id unit_id);
  // Returns the token once; only its hash is stored.
  Result<std::string> CreateApiToken(WriteScope& scope, domain::Id user_id, std::string name);

  PasswordHasher& hasher() { return hasher_; }
  const AuthOptions& options() const { return options_; }

 private:
  Result<Principal> LoadPrincipal(storage::Transaction& tx, domain::Id user_id);
  // The user of `login`, if any, and whether `password` is theirs and the account usable; costs
  // one hash either way.
  struct Verified {
    std::optional<domain::User> user;
    bool matches = false;
  };
  Result<Verified> VerifyLogin(std::string_view login, std::string_view password);
  // The cache's principal of the session or token of `key` ("s" or "t" and the token's hash)
  // while it is current.
  std::optional<Principal> Cached(const std::string& key, UnixMillis now);
  // The principal of a live session, from the store; keeps it in the cache.
  Result<Principal> LoadSession(const std::string& key, std::string_view hash, UnixMillis now);
  Service& service_;
  AuthOptions options_;
  PasswordHasher hasher_;
  LoginThrottle throttle_;
  PrincipalCache principals_;
};

// A random token of `bytes` bytes, hex-encoded (libsodium's CSPRNG).
std::string RandomToken(size_t bytes);
// The stored form of a secret token (BLAKE2b-256, hex).
std::string TokenHash(std::string_view token);

}  // namespace nq::app
