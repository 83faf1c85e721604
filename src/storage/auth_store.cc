#include "storage/auth_store.h"

#include "storage/store.h"

namespace nq::storage {

Result<std::optional<domain::User>> FindUserByLogin(Transaction& tx, std::string_view login) {
  NQ_TRY(auto users, List<domain::User>(tx, {storage::Eq("login", std::string(login))}));
  if (users.empty()) return std::optional<domain::User>();
  return std::optional<domain::User>(std::move(users.front()));
}

Status InsertSession(Transaction& tx, const SessionRow& s) {
  NQ_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, address) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {s.token_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.address}));
  return Ok();
}

Result<std::optional<SessionRow>> FindSession(Transaction& tx, std::string_view token_hash) {
  NQ_TRY(auto rows, tx.Query("SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, "
                             "address FROM sessions WHERE token_hash = ?",
                             {std::string(token_hash)}));
  if (rows.empty()) return std::optional<SessionRow>();
  const Row& r = rows.front();
  return std::optional<SessionRow>(
      SessionRow{r.Text(0), r.Int(1), r.Text(2), r.Int(3), r.Int(4), r.Text(5)});
}

Status TouchSession(Transaction& tx, std::string_view token_hash, UnixMillis at) {
  NQ_RETURN_IF_ERROR(tx.Exec("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?",
                             {at, std::string(token_hash)}));
  return Ok();
}

Status DeleteSession(Transaction& tx, std::string_view token_hash) {
  NQ_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM sessions WHERE token_hash = ?", {std::string(token_hash)}));
  return Ok();
}

Status DeleteUserSessions(Transaction& tx, domain::Id user_id) {
  NQ_RETURN_IF_ERROR(tx.Exec("DELETE FROM sessions WHERE user_id = ?", {user_id}));
  return Ok();
}

Result<ApiTokenRow> InsertApiToken(Transaction& tx, ApiTokenRow token) {
  NQ_TRY(auto rows, tx.Query("INSERT INTO api_tokens (token_hash, user_id, name, created_at, "
                             "revoked) VALUES (?, ?, ?, ?, 0) RETURNING id",
                             {token.token_hash, token.user_id, token.name, token.created_at}));
  token.id = rows.at(0).Int(0);
  return token;
}

Result<std::optional<ApiTokenRow>> FindApiToken(Transaction& tx, std::string_view token_hash) {
  NQ_TRY(auto rows, tx.Query("SELECT id, token_hash, user_id, name, created_at, revoked FROM "
                             "api_tokens WHERE token_hash = ?",
                             {std::string(token_hash)}));
  if (rows.empty()) return std::optional<ApiTokenRow>();
  const Row& r = rows.front();
  return std::optional<ApiTokenRow>(
      ApiTokenRow{r.Int(0), r.Text(1), r.Int(2), r.Text(3), r.Int(4), r.Int(5) != 0});
}

Result<std::vector<ApiTokenRow>> ListApiTokens(Transaction& tx, domain::Id user_id) {
  NQ_TRY(auto rows, tx.Query("SELECT id, user_id, name, created_at, revoked FROM api_tokens "
                             "WHERE user_id = ? ORDER BY id",
                             {user_id}));
  std::vector<ApiTokenRow> tokens;
  tokens.reserve(rows.size());
  for (const Row& r : rows) {
    tokens.push_back(ApiTokenRow{r.Int(0), "", r.Int(1), r.Text(2), r.Int(3), r.Int(4) != 0});
  }
  return tokens;
}

Status RevokeApiToken(Transaction& tx, domain::Id user_id, domain::Id token_id) {
  NQ_TRY(auto rows, tx.Query("UPDATE api_tokens SET revoked = 1 WHERE id = ? AND user_id = ? "
                             "RETURNING id",
                             {token_id, user_id}));
  if (rows.empty()) {
    return MakeError(ErrorCode::kNotFound, "user {} has no API token {}", user_id, token_id);
  }
  return Ok();
}

}  // namespace nq::storage
