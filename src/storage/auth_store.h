// Sessions, API tokens and user look-ups. Secrets are stored only as hashes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/access.h"
#include "storage/database.h"

namespace nq::storage {

struct SessionRow {
  std::string token_hash;
  domain::Id user_id = 0;
  std::string csrf_token;
  UnixMillis created_at = 0;
  UnixMillis last_seen_at = 0;
  std::string address;
};

struct ApiTokenRow {
  domain::Id id = 0;
  std::string token_hash;
  domain::Id user_id = 0;
  std::string name;
  UnixMillis created_at = 0;
  bool revoked = false;
};

Result<std::optional<domain::User>> FindUserByLogin(Transaction& tx, std::string_view login);

Status InsertSession(Transaction& tx, const SessionRow& session);
Result<std::optional<SessionRow>> FindSession(Transaction& tx, std::string_view token_hash);
Status TouchSession(Transaction& tx, std::string_view token_hash, UnixMillis at);
Status DeleteSession(Transaction& tx, std::string_view token_hash);
// Ends every session of a user (password change, disabling).
Status DeleteUserSessions(Transaction& tx, domain::Id user_id);

Result<ApiTokenRow> InsertApiToken(Transaction& tx, ApiTokenRow token);
Result<std::optional<ApiTokenRow>> FindApiToken(Transaction& tx, std::string_view token_hash);
// The tokens of a user, oldest first, without their hashes.
Result<std::vector<ApiTokenRow>> ListApiTokens(Transaction& tx, domain::Id user_id);
// Marks token `token_id` of `user_id` revoked; not_found when the user has no such token.
Status RevokeApiToken(Transaction& tx, domain::Id user_id, domain::Id token_id);

}  // namespace nq::storage
