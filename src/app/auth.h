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
#include <string>

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
  int account_failures = 5;   // failures within the window lock the account
  int address_failures = 20;  // failures within the window lock the address
  UnixMillis failure_window = 15 * 60 * 1000;
  UnixMillis lockout = 15 * 60 * 1000;
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

// Failed-login counting per account and per address, in memory; thread-safe. Attempts still
// being checked count against the limit too, so a burst of parallel guesses cannot outrun it.
class LoginThrottle final {
 public:
  explicit LoginThrottle(const AuthOptions& options) : options_(options) {}
  // resource_exhausted naming when the lock ends if the account or address is locked, or when
  // the attempts in flight would reach the limit. Otherwise reserves an attempt, which exactly
  // one of RecordFailure, RecordSuccess and Release must end.
  Status Check(std::string_view login, std::string_view address, UnixMillis now);
  void RecordFailure(std::string_view login, std::string_view address, UnixMillis now);
  void RecordSuccess(std::string_view login, std::string_view address);
  // Ends an attempt that neither failed nor succeeded (the store or the hasher failed).
  void Release(std::string_view login, std::string_view address);

 private:
  struct Counts {
    std::deque<UnixMillis> failures;
    int in_flight = 0;
  };
  using Table = std::map<std::string, Counts, std::less<>>;
  static void Prune(std::deque<UnixMillis>& failures, UnixMillis since);
  Status CheckOne(Table& table, std::string_view key, int limit, std::string_view what,
                  UnixMillis now);
  static void EndAttempt(Table& table, std::string_view key);
  AuthOptions options_;
  std::mutex mutex_;
  Table by_login_;
  Table by_address_;
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

  // Administration (used by the CLI and the users API). Passwords must have 12+ characters.
  // `email`, when given, must look like one ("ai@dau.vn"): invalid_argument naming "email".
  Result<domain::User> AddUser(WriteScope& scope, std::string login, std::string name,
                               std::string_view password, std::string email = "");
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
  Service& service_;
  AuthOptions options_;
  PasswordHasher hasher_;
  LoginThrottle throttle_;
};

// A random token of `bytes` bytes, hex-encoded (libsodium's CSPRNG).
std::string RandomToken(size_t bytes);
// The stored form of a secret token (BLAKE2b-256, hex).
std::string TokenHash(std::string_view token);

}  // namespace nq::app
