#include "app/auth.h"

#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <chrono>

#include "common/text.h"
#include "formats/codec.h"
#include "metrics/nqtrack.h"
#include "storage/auth_store.h"
#include "storage/store.h"

namespace nq::app {
namespace {

using domain::Grant;
using domain::User;

std::string Hex(const unsigned char* data, size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, size);
  out.pop_back();
  return out;
}

json::value UserJson(const User& user) {
  json::value person = nullptr;
  if (user.person_id) person = *user.person_id;
  return json::object{
      {"id", user.id},          {"login", user.login},       {"name", user.name},
      {"email", user.email},    {"disabled", user.disabled}, {"person_id", std::move(person)},
      {"version", user.version}};
}

// An e-mail address, or nothing: one @ with something on either side, no spaces or separators.
Status CheckEmail(std::string_view email) {
  const size_t at = email.find('@');
  const bool plain = email.find_first_of(" \t\r\n<>,;\"") == std::string::npos;
  if (!email.empty() && (at == 0 || at == std::string::npos || at + 1 == email.size() || !plain ||
                         email.size() > 254)) {
    return FieldError("email", "email \"{}\" is not an e-mail address", email.substr(0, 80));
  }
  return Ok();
}

json::value GrantJson(const Grant& grant) {
  return json::object{{"id", grant.id},
                      {"user_id", grant.user_id},
                      {"role", domain::RoleName(grant.role)},
                      {"unit_id", grant.unit_id},
                      {"subtree", grant.subtree}};
}

// Stores `grant` (unaudited) when its user and unit exist.
Result<Grant> InsertGrant(WriteScope& scope, const Grant& grant) {
  NQ_RETURN_IF_ERROR(storage::Get<User>(scope.tx(), grant.user_id));
  auto unit = storage::Get<domain::Unit>(scope.tx(), grant.unit_id);
  if (!unit) return FieldError("unit_id", "{}", unit.error().message);
  return storage::Insert(scope.tx(), grant);
}

Status CheckPassword(std::string_view password) {
  if (!IsValidUtf8(password)) return FieldError("password", "the password is not valid UTF-8");
  // Characters, not bytes: "mật khẩu dài" is 12 characters in 17 bytes (ASVS 2.1.1 asks 12).
  auto starts_character = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  auto characters =
      static_cast<size_t>(std::count_if(password.begin(), password.end(), starts_character));
  if (characters < 12) {
    return FieldError("password", "the password must have at least 12 characters, not {}",
                      characters);
  }
  if (password.size() > 1024)
    return FieldError("password", "the password is longer than 1024 bytes");
  return Ok();
}

}  // namespace

std::string RandomToken(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return Hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

std::string TokenHash(std::string_view token) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof(digest), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return Hex(digest, sizeof(digest));
}

// ---- PasswordHasher

PasswordHasher::PasswordHasher(const AuthOptions& options)
    : passes_(options.hash_passes),
      memory_(options.hash_memory_bytes),
      slots_(std::clamp(options.max_concurrent_hashes, 1, 64)) {
  if (sodium_init() < 0) {
    fmt::print(stderr, "nqtrack: libsodium failed to initialise\n");
    std::abort();
  }
  auto dummy = Hash(RandomToken(16));
  dummy_hash_ = dummy ? *dummy : "";
}

Status PasswordHasher::Acquire() {
  if (slots_.try_acquire_for(std::chrono::seconds(2))) return Ok();
  return MakeError(ErrorCode::kUnavailable, "too many sign-ins at once; try again in a moment");
}

Result<std::string> PasswordHasher::Hash(std::string_view password) {
  NQ_RETURN_IF_ERROR(Acquire());
  ++computed_;
  char out[crypto_pwhash_STRBYTES];
  int rc = crypto_pwhash_str_alg(out, password.data(), password.size(), passes_, memory_,
                                 crypto_pwhash_ALG_ARGON2ID13);
  slots_.release();
  if (rc != 0)
    return MakeError(ErrorCode::kResourceExhausted, "not enough memory to hash a password");
  return std::string(out);
}

Result<bool> PasswordHasher::Verify(std::string_view hash, std::string_view password) {
  NQ_RETURN_IF_ERROR(Acquire());
  ++computed_;
  std::string stored(hash);
  int rc = crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size());
  slots_.release();
  return rc == 0;
}

// Only a weaker hash is redone: libsodium's crypto_pwhash_str_needs_rehash also answers yes for
// a stronger one, so a server (or CLI) run with lower settings would quietly downgrade hashes.
bool PasswordHasher::NeedsRehash(std::string_view hash) const {
  if (!hash.starts_with("$argon2id$")) return true;
  auto parameter = [&](std::string_view key) -> std::optional<uint64_t> {
    size_t at = hash.find(key);
    if (at == std::string_view::npos) return std::nullopt;
    uint64_t value = 0;
    const char* begin = hash.data() + at + key.size();
    auto [end, ec] = std::from_chars(begin, hash.data() + hash.size(), value);
    if (ec != std::errc() || end == begin) return std::nullopt;
    return value;
  };
  std::optional<uint64_t> memory_kib = parameter("$m=");
  std::optional<uint64_t> passes = parameter(",t=");
  if (!memory_kib || !passes) return true;
  return *memory_kib * 1024 < memory_ || *passes < passes_;
}

// ---- LoginThrottle

void LoginThrottle::Prune(std::deque<UnixMillis>& failures, UnixMillis since) {
  while (!failures.empty() && failures.front() < since) failures.pop_front();
}

std::string LoginThrottle::PairKey(std::string_view login, std::string_view address) {
  return fmt::format("{}\n{}", login, address);
}

Status LoginThrottle::CheckLock(Table& table, std::string_view key, int limit,
                                std::string_view what, UnixMillis now) {
  auto it = table.find(key);
  if (it == table.end()) return Ok();
  Counts& counts = it->second;
  // A failure matters while it can still be part of a window whose lock has not ended: the lock
  // runs `lockout` from the last failure, not from the first.
  Prune(counts.failures, now - options_.failure_window - options_.lockout);
  const std::deque<UnixMillis>& failures = counts.failures;
  if (static_cast<int>(failures.size()) >= limit) {
    UnixMillis until = failures.back() + options_.lockout;
    UnixMillis window_start = failures[failures.size() - static_cast<size_t>(limit)];
    if (failures.back() - window_start <= options_.failure_window && until > now) {
      return MakeError(ErrorCode::kResourceExhausted,
                       "too many failed sign-ins {}; try again in {} minutes", what,
                       (until - now + 59'999) / 60'000);
    }
  }
  int recent = static_cast<int>(std::count_if(failures.begin(), failures.end(), [&](UnixMillis at) {
    return at >= now - options_.failure_window;
  }));
  if (recent + counts.in_flight >= limit) {
    return MakeError(ErrorCode::kResourceExhausted,
                     "too many sign-ins {} at once; try again in a moment", what);
  }
  return Ok();
}

// Past `account_failures` recent failures from anywhere, an account takes one attempt at a time,
// each after a wait that doubles with every further failure.
Status LoginThrottle::CheckBackoff(std::string_view login, UnixMillis now) {
  auto it = by_login_.find(login);
  if (it == by_login_.end()) return Ok();
  Counts& counts = it->second;
  Prune(counts.failures, now - options_.failure_window);
  const int recent = static_cast<int>(counts.failures.size());
  if (recent + counts.in_flight < options_.account_failures) return Ok();
  const int over = recent - options_.account_failures;
  if (over < 0) {
    return MakeError(ErrorCode::kResourceExhausted,
                     "too many sign-ins for \"{}\" at once; try again in a moment", login);
  }
  UnixMillis wait = options_.backoff_first;
  for (int step = 0; step < over && wait < options_.backoff_max; ++step) wait *= 2;
  wait = std::min(wait, options_.backoff_max);
  const UnixMillis until = counts.failures.back() + wait;
  if (until > now || counts.in_flight > 0) {
    return MakeError(ErrorCode::kResourceExhausted,
                     "too many failed sign-ins for \"{}\"; try again in {} seconds", login,
                     std::max<UnixMillis>(1, (until - now + 999) / 1000));
  }
  return Ok();
}

Status LoginThrottle::Check(std::string_view login, std::string_view address, UnixMillis now) {
  std::lock_guard lock(mutex_);
  const std::string pair = PairKey(login, address);
  NQ_RETURN_IF_ERROR(CheckLock(by_pair_, pair, options_.account_failures,
                               fmt::format("for \"{}\" from {}", login, address), now));
  NQ_RETURN_IF_ERROR(CheckLock(by_address_, address, options_.address_failures,
                               fmt::format("from {}", address), now));
  NQ_RETURN_IF_ERROR(CheckBackoff(login, now));
  ++by_pair_[pair].in_flight;
  ++by_login_[std::string(login)].in_flight;
  ++by_address_[std::string(address)].in_flight;
  return Ok();
}

void LoginThrottle::EndAttempt(Table& table, std::string_view key) {
  auto it = table.find(key);
  if (it == table.end()) return;
  if (it->second.in_flight > 0) --it->second.in_flight;
  if (it->second.in_flight == 0 && it->second.failures.empty()) table.erase(it);
}

void LoginThrottle::EndAll(std::string_view login, std::string_view address) {
  EndAttempt(by_pair_, PairKey(login, address));
  EndAttempt(by_login_, login);
  EndAttempt(by_address_, address);
}

void LoginThrottle::RecordFailure(std::string_view login, std::string_view address,
                                  UnixMillis now) {
  std::lock_guard lock(mutex_);
  by_pair_[PairKey(login, address)].failures.push_back(now);
  by_login_[std::string(login)].failures.push_back(now);
  by_address_[std::string(address)].failures.push_back(now);
  EndAll(login, address);
}

void LoginThrottle::RecordSuccess(std::string_view login, std::string_view address) {
  std::lock_guard lock(mutex_);
  if (auto it = by_pair_.find(PairKey(login, address)); it != by_pair_.end()) {
    it->second.failures.clear();
  }
  if (auto it = by_login_.find(login); it != by_login_.end()) it->second.failures.clear();
  EndAll(login, address);
}

void LoginThrottle::Release(std::string_view login, std::string_view address) {
  std::lock_guard lock(mutex_);
  EndAll(login, address);
}

void LoginThrottle::Unlock(std::string_view login) {
  std::lock_guard lock(mutex_);
  const std::string prefix = fmt::format("{}\n", login);
  for (auto it = by_pair_.lower_bound(prefix);
       it != by_pair_.end() && it->first.starts_with(prefix);) {
    it->second.failures.clear();
    it = it->second.in_flight == 0 ? by_pair_.erase(it) : std::next(it);
  }
  if (auto it = by_login_.find(login); it != by_login_.end()) {
    it->second.failures.clear();
    if (it->second.in_flight == 0) by_login_.erase(it);
  }
}

// ---- PrincipalCache

std::optional<PrincipalCache::Entry> PrincipalCache::Find(std::string_view key, uint64_t generation,
                                                          Date day, UnixMillis now) const {
  std::shared_lock lock(mutex_);
  auto it = entries_.find(std::string(key));
  if (it == entries_.end()) return std::nullopt;
  const Entry& entry = it->second;
  if (entry.generation != generation || entry.day != day || now - entry.loaded_at > ttl_ ||
      now < entry.loaded_at) {
    return std::nullopt;
  }
  return entry;
}

void PrincipalCache::Put(std::string key, Entry entry) {
  std::unique_lock lock(mutex_);
  if (entries_.size() >= capacity_) entries_.clear();
  entries_.insert_or_assign(std::move(key), std::move(entry));
}

// ---- Authenticator

Authenticator::Authenticator(Service& service, AuthOptions options)
    : service_(service), options_(options), hasher_(options), throttle_(options) {}

Result<Principal> Authenticator::LoadPrincipal(storage::Transaction& tx, domain::Id user_id) {
  NQ_TRY(User user, storage::Get<User>(tx, user_id));
  if (user.disabled) return MakeError(ErrorCode::kUnauthenticated, "the account is disabled");
  Principal principal;
  principal.user_id = user.id;
  principal.login = user.login;
  principal.name = user.name;
  NQ_TRY(principal.grants, storage::List<Grant>(tx, {storage::Eq("user_id", user.id)}));
  std::string today = service_.Today().ToString();
  NQ_TRY(auto roots,
         storage::List<domain::UnitVersion>(
             tx, {storage::IsNull("parent_id"), storage::OpenOn("valid_from", "valid_to", today)}));
  for (const domain::UnitVersion& root : roots) principal.root_units.push_back(root.unit_id);
  return principal;
}

Result<Authenticator::Verified> Authenticator::VerifyLogin(std::string_view login,
                                                           std::string_view password) {
  Verified verified;
  NQ_TRY(verified.user, service_.database().Read([&](storage::Transaction& tx) {
    return storage::FindUserByLogin(tx, login);
  }));
  bool usable = verified.user && !verified.user->disabled;
  // Unknown and disabled accounts cost one hash too, so timing does not tell them apart.
  NQ_TRY(bool matches,
         hasher_.Verify(usable ? verified.user->password_hash : hasher_.dummy_hash_, password));
  verified.matches = usable && matches;
  return verified;
}

Result<LoginResult> Authenticator::Login(std::string_view login, std::string_view password,
                                         std::string_view address) {
  UnixMillis now = service_.clock().Now();
  // The throttle answers before any hashing; from here on, every path ends the attempt.
  if (Status allowed = throttle_.Check(login, address, now); !allowed) {
    metrics::App().sign_ins_locked_out.Add();
    return std::unexpected(allowed.error());
  }
  auto verified = VerifyLogin(login, password);
  if (!verified) {
    throttle_.Release(login, address);
    return std::unexpected(verified.error());
  }
  Actor actor{std::string(login), std::string(address), ""};
  const std::optional<User>& user = verified->user;
  if (!verified->matches) {
    throttle_.RecordFailure(login, address, now);
    metrics::App().sign_ins_failed.Add();
    (void)service_.Mutate(actor, "", [&](WriteScope& scope) -> Result<Reply> {
      NQ_RETURN_IF_ERROR(scope.Audit(
          "login_failed", "user", user ? std::optional(user->id) : std::nullopt, nullptr, nullptr));
      return Reply{};
    });
    return MakeError(ErrorCode::kUnauthenticated, "login or password is wrong");
  }
  throttle_.RecordSuccess(login, address);
  metrics::App().sign_ins_succeeded.Add();
  std::optional<std::string> rehashed;
  if (hasher_.NeedsRehash(user->password_hash)) {
    NQ_TRY(rehashed, hasher_.Hash(password));
  }
  LoginResult result;
  result.session_token = RandomToken(16);
  std::string csrf = RandomToken(16);
  NQ_TRY(Reply reply, service_.Mutate(actor, "", [&](WriteScope& scope) -> Result<Reply> {
    if (rehashed) {
      NQ_TRY(User stored, storage::Get<User>(scope.tx(), user->id));
      stored.password_hash = *rehashed;
      NQ_RETURN_IF_ERROR(storage::Update(scope.tx(), stored));
      NQ_RETURN_IF_ERROR(scope.Audit("rehash", "user", user->id, nullptr, nullptr));
    }
    NQ_RETURN_IF_ERROR(storage::InsertSession(
        scope.tx(),
        {TokenHash(result.session_token), user->id, csrf, now, now, std::string(address)}));
    NQ_RETURN_IF_ERROR(scope.Audit("login", "user", user->id, nullptr, nullptr));
    return Reply{};
  }));
  (void)reply;
  NQ_TRY(result.principal, service_.database().Read([&](storage::Transaction& tx) {
    return LoadPrincipal(tx, user->id);
  }));
  result.principal.csrf_token = csrf;
  return result;
}

std::optional<Principal> Authenticator::Cached(const std::string& key, UnixMillis now) {
  auto hit = principals_.Find(key, service_.generation(), service_.Today(), now);
  if (!hit) return std::nullopt;
  // A session goes to the store again when it may have timed out or its last use is to be
  // recorded.
  const bool session = key.starts_with('s');
  if (session &&
      (now - hit->session_seen_at > std::min<UnixMillis>(60'000, options_.idle_timeout) ||
       now - hit->session_created_at > options_.absolute_timeout)) {
    return std::nullopt;
  }
  return std::move(hit->principal);
}

std::optional<Principal> Authenticator::CachedSession(std::string_view token) {
  return Cached("s" + TokenHash(token), service_.clock().Now());
}

std::optional<Principal> Authenticator::CachedApiToken(std::string_view token) {
  return Cached("t" + TokenHash(token), service_.clock().Now());
}

Result<Principal> Authenticator::ResolveSession(std::string_view token) {
  UnixMillis now = service_.clock().Now();
  std::string hash = TokenHash(token);
  std::string key = "s" + hash;
  if (auto principal = Cached(key, now)) return std::move(*principal);
  return LoadSession(key, hash, now);
}

Result<Principal> Authenticator::LoadSession(const std::string& key, std::string_view hash,
                                             UnixMillis now) {
  uint64_t generation = service_.generation();
  NQ_TRY(auto session, service_.database().Read([&](storage::Transaction& tx) {
    return storage::FindSession(tx, hash);
  }));
  if (!session) return MakeError(ErrorCode::kUnauthenticated, "sign in first: no live session");
  bool idle = now - session->last_seen_at > options_.idle_timeout;
  bool old = now - session->created_at > options_.absolute_timeout;
  if (idle || old) {
    (void)service_.database().Write(
        [&](storage::Transaction& tx) { return storage::DeleteSession(tx, hash); });
    return MakeError(ErrorCode::kUnauthenticated, "the session has expired; sign in again");
  }
  UnixMillis seen_at = session->last_seen_at;
  if (now - seen_at > 60'000) {
    Status touched = service_.database().Write(
        [&](storage::Transaction& tx) { return storage::TouchSession(tx, hash, now); });
    if (touched) seen_at = now;
  }
  NQ_TRY(Principal principal, service_.database().Read([&](storage::Transaction& tx) {
    return LoadPrincipal(tx, session->user_id);
  }));
  principal.csrf_token = session->csrf_token;
  principals_.Put(key,
                  {principal, session->created_at, seen_at, generation, service_.Today(), now});
  return principal;
}

Status Authenticator::Logout(std::string_view token, const Actor& actor) {
  std::string hash = TokenHash(token);
  NQ_TRY(Reply reply, service_.Mutate(actor, "", [&](WriteScope& scope) -> Result<Reply> {
    NQ_TRY(auto session, storage::FindSession(scope.tx(), hash));
    if (!session) return MakeError(ErrorCode::kUnauthenticated, "no live session to end");
    NQ_RETURN_IF_ERROR(storage::DeleteSession(scope.tx(), hash));
    NQ_RETURN_IF_ERROR(scope.Audit("logout", "user", session->user_id, nullptr, nullptr));
    return Reply{};
  }));
  (void)reply;
  return Ok();
}

Status Authenticator::VerifyOwnPassword(domain::Id user_id, std::string_view password,
                                        std::string_view address) {
  NQ_TRY(User user, service_.database().Read(
                        [&](storage::Transaction& tx) { return storage::Get<User>(tx, user_id); }));
  UnixMillis now = service_.clock().Now();
  NQ_RETURN_IF_ERROR(throttle_.Check(user.login, address, now));
  auto matches = hasher_.Verify(user.password_hash, password);
  if (!matches) {
    throttle_.Release(user.login, address);
    return std::unexpected(matches.error());
  }
  if (!*matches) {
    throttle_.RecordFailure(user.login, address, now);
    return std::unexpected(
        Error{ErrorCode::kPermissionDenied, "the current password is wrong", "current_password"});
  }
  throttle_.RecordSuccess(user.login, address);
  return Ok();
}

Result<Principal> Authenticator::ResolveApiToken(std::string_view token) {
  UnixMillis now = service_.clock().Now();
  std::string key = "t" + TokenHash(token);
  uint64_t generation = service_.generation();
  if (auto principal = Cached(key, now)) return std::move(*principal);
  NQ_TRY(Principal principal,
         service_.database().Read([&](storage::Transaction& tx) -> Result<Principal> {
           NQ_TRY(auto row, storage::FindApiToken(tx, std::string_view(key).substr(1)));
           if (!row || row->revoked)
             return MakeError(ErrorCode::kUnauthenticated, "the API token is not valid");
           NQ_TRY(Principal loaded, LoadPrincipal(tx, row->user_id));
           loaded.via_token = true;
           return loaded;
         }));
  principals_.Put(key, {principal, 0, 0, generation, service_.Today(), now});
  return principal;
}

Result<User> Authenticator::AddUser(WriteScope& scope, std::string login, std::string name,
                                    std::string_view password, std::string email,
                                    Grant* first_grant) {
  NQ_RETURN_IF_ERROR(CheckPassword(password));
  NQ_RETURN_IF_ERROR(CheckEmail(email));
  if (login.empty() || login.size() > 64)
    return FieldError("login", "the login must have 1–64 characters");
  for (char c : login) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    if (!ok) return FieldError("login", "login \"{}\" may hold only a-z 0-9 . - _", login);
  }
  NQ_TRY(std::string normalized, ToNfc(name, "name"));
  NQ_TRY(std::string hash, hasher_.Hash(password));
  User user;
  user.login = std::move(login);
  user.name = std::move(normalized);
  user.password_hash = std::move(hash);
  user.email = std::move(email);
  user.created_at = scope.now();
  auto created = storage::Insert(scope.tx(), user);
  if (!created && created.error().code == ErrorCode::kAlreadyExists) {
    return MakeError(ErrorCode::kAlreadyExists, "user \"{}\" already exists", user.login);
  }
  if (!created) return created;
  if (first_grant) {
    first_grant->user_id = created->id;
    NQ_TRY(*first_grant, InsertGrant(scope, *first_grant));
  }
  NQ_RETURN_IF_ERROR(scope.Audit("create", "user", created->id, nullptr, UserJson(*created)));
  if (first_grant) {
    NQ_RETURN_IF_ERROR(scope.Audit("grant", "user", created->id, nullptr, GrantJson(*first_grant)));
  }
  return created;
}

Result<User> Authenticator::UpdateUser(WriteScope& scope, domain::Id user_id,
                                       int64_t expected_version, std::string_view name,
                                       std::string email, bool disabled,
                                       std::optional<domain::Id> person_id) {
  NQ_RETURN_IF_ERROR(CheckEmail(email));
  NQ_TRY(std::string normalized, ToNfc(name, "name"));
  if (normalized.empty()) return FieldError("name", "the name must not be empty");
  NQ_TRY(User user, storage::Get<User>(scope.tx(), user_id));
  const json::value before = UserJson(user);
  user.version = expected_version;
  user.name = std::move(normalized);
  user.email = std::move(email);
  user.disabled = disabled;
  user.person_id = person_id;
  NQ_TRY(User updated, storage::Update(scope.tx(), user));
  if (disabled) NQ_RETURN_IF_ERROR(storage::DeleteUserSessions(scope.tx(), user_id));
  NQ_RETURN_IF_ERROR(scope.Audit("update", "user", user_id, before, UserJson(updated)));
  return updated;
}

Status Authenticator::SetPassword(WriteScope& scope, domain::Id user_id,
                                  std::string_view password) {
  NQ_RETURN_IF_ERROR(CheckPassword(password));
  NQ_TRY(User user, storage::Get<User>(scope.tx(), user_id));
  NQ_TRY(user.password_hash, hasher_.Hash(password));
  NQ_RETURN_IF_ERROR(storage::Update(scope.tx(), user));
  NQ_RETURN_IF_ERROR(storage::DeleteUserSessions(scope.tx(), user_id));
  return scope.Audit("password", "user", user_id, nullptr, nullptr);
}

Result<Grant> Authenticator::AddGrant(WriteScope& scope, Grant grant) {
  NQ_TRY(Grant created, InsertGrant(scope, grant));
  NQ_RETURN_IF_ERROR(scope.Audit("grant", "user", grant.user_id, nullptr, GrantJson(created)));
  return created;
}

Status Authenticator::RemoveGrant(WriteScope& scope, domain::Id user_id, domain::Role role,
                                  domain::Id unit_id) {
  NQ_TRY(auto grants,
         storage::List<Grant>(scope.tx(), {storage::Eq("user_id", user_id),
                                           storage::Eq("role", std::string(domain::RoleName(role))),
                                           storage::Eq("unit_id", unit_id)}));
  if (grants.empty()) {
    return MakeError(ErrorCode::kNotFound, "user {} holds no {} role over unit {}", user_id,
                     domain::RoleName(role), unit_id);
  }
  NQ_RETURN_IF_ERROR(storage::Delete<Grant>(scope.tx(), grants.front().id));
  NQ_RETURN_IF_ERROR(storage::DeleteUserSessions(scope.tx(), user_id));
  return scope.Audit("revoke", "user", user_id, GrantJson(grants.front()), nullptr);
}

Result<std::string> Authenticator::CreateApiToken(WriteScope& scope, domain::Id user_id,
                                                  std::string name) {
  NQ_RETURN_IF_ERROR(storage::Get<User>(scope.tx(), user_id));
  std::string token = "nqt_" + RandomToken(24);
  NQ_TRY(auto row, storage::InsertApiToken(
                       scope.tx(), {0, TokenHash(token), user_id, name, scope.now(), false}));
  NQ_RETURN_IF_ERROR(scope.Audit("create", "api_token", row.id, nullptr,
                                 json::object{{"user_id", user_id}, {"name", name}}));
  return token;
}

}  // namespace nq::app
