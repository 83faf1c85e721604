#include "storage/migrations.h"

#include <string_view>
#include <vector>

#include "common/log.h"
#include "storage/tables.h"

namespace nq::storage {
namespace {

// A schema version: a script for each dialect, or statements derived from the registry for
// either (a field added to an entity is `AddColumnSql<domain::Entity>(dialect, "column")`).
struct Migration {
  int version;
  std::string_view sqlite;
  std::string_view postgres;
  Result<std::string> (*derived)(std::string_view dialect) = nullptr;
};

// Version 1: the whole spine. Integer ids; dates as ISO text; periods as their codes;
// timestamps as Unix milliseconds.
constexpr std::string_view kSqliteV1 = R"sql(
CREATE TABLE unit_kinds (
  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '', level INTEGER NOT NULL DEFAULT 0);
CREATE TABLE units (
  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  short_name TEXT NOT NULL DEFAULT '', kind_id INTEGER NOT NULL REFERENCES unit_kinds(id),
  valid_from TEXT NOT NULL, valid_to TEXT, version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE unit_versions (
  id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL REFERENCES units(id),
  parent_id INTEGER REFERENCES units(id), valid_from TEXT NOT NULL, valid_to TEXT);
CREATE INDEX unit_versions_unit ON unit_versions(unit_id);
CREATE INDEX unit_versions_parent ON unit_versions(parent_id);
CREATE TABLE lineage (
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, date TEXT NOT NULL, note TEXT NOT NULL DEFAULT '');
CREATE TABLE lineage_units (
  lineage_id INTEGER NOT NULL REFERENCES lineage(id), unit_id INTEGER NOT NULL REFERENCES units(id),
  side TEXT NOT NULL CHECK (side IN ('source', 'target')), PRIMARY KEY (lineage_id, unit_id, side));
CREATE TABLE terms (
  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, period TEXT NOT NULL);
CREATE TABLE fields (
  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL);
CREATE TABLE people (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, position TEXT NOT NULL DEFAULT '',
  unit_id INTEGER REFERENCES units(id), version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE indicators (
  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, value_type TEXT NOT NULL,
  unit_aggregation TEXT NOT NULL, time_aggregation TEXT NOT NULL, period_type TEXT NOT NULL,
  measure_unit TEXT NOT NULL DEFAULT '', decimals INTEGER NOT NULL DEFAULT 0,
  numerator_id INTEGER REFERENCES indicators(id), denominator_id INTEGER REFERENCES indicators(id),
  factor REAL NOT NULL DEFAULT 1, version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE documents (
  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
  number TEXT NOT NULL DEFAULT '', title TEXT NOT NULL,
  issuer_unit_id INTEGER NOT NULL REFERENCES units(id), issued_on TEXT,
  period_from TEXT NOT NULL, period_to TEXT NOT NULL, theme TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE items (
  id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id),
  parent_id INTEGER REFERENCES items(id), kind TEXT NOT NULL, ordinal INTEGER NOT NULL DEFAULT 0,
  code TEXT NOT NULL DEFAULT '', title TEXT NOT NULL, field_code TEXT NOT NULL DEFAULT '',
  indicator_id INTEGER REFERENCES indicators(id), baseline REAL, baseline_period TEXT,
  goal REAL, deadline TEXT, direction TEXT, unit_id INTEGER REFERENCES units(id),
  not_applicable INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL DEFAULT 1);
CREATE INDEX items_document ON items(document_id);
CREATE TABLE links (
  id INTEGER PRIMARY KEY, from_item_id INTEGER NOT NULL REFERENCES items(id),
  to_item_id INTEGER NOT NULL REFERENCES items(id), kind TEXT NOT NULL, share REAL,
  UNIQUE (from_item_id, to_item_id));
CREATE INDEX links_to ON links(to_item_id);
CREATE TABLE data_values (
  id INTEGER PRIMARY KEY, indicator_id INTEGER NOT NULL REFERENCES indicators(id),
  unit_id INTEGER NOT NULL REFERENCES units(id), period TEXT NOT NULL, number REAL,
  text TEXT NOT NULL DEFAULT '', comment TEXT NOT NULL DEFAULT '',
  report_id INTEGER REFERENCES reports(id), version INTEGER NOT NULL,
  entered_by TEXT NOT NULL DEFAULT '', entered_at INTEGER NOT NULL,
  current INTEGER NOT NULL DEFAULT 1,
  UNIQUE (indicator_id, unit_id, period, version));
CREATE INDEX data_values_current ON data_values(indicator_id, unit_id, period) WHERE current = 1;
CREATE TABLE obligations (
  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
  issuer_unit_id INTEGER NOT NULL REFERENCES units(id), document_id INTEGER REFERENCES documents(id),
  item_id INTEGER REFERENCES items(id), issued_on TEXT NOT NULL, due_on TEXT NOT NULL,
  kind_ids TEXT NOT NULL DEFAULT '', version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE assignments (
  id INTEGER PRIMARY KEY, obligation_id INTEGER NOT NULL REFERENCES obligations(id),
  unit_id INTEGER NOT NULL REFERENCES units(id), role TEXT NOT NULL, status TEXT NOT NULL,
  completed_on TEXT, evidence TEXT NOT NULL DEFAULT '{}', version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (obligation_id, unit_id));
CREATE TABLE reports (
  id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL REFERENCES units(id), period TEXT NOT NULL,
  document_id INTEGER REFERENCES documents(id), status TEXT NOT NULL,
  results TEXT NOT NULL DEFAULT '', shortcomings TEXT NOT NULL DEFAULT '',
  causes TEXT NOT NULL DEFAULT '', next_tasks TEXT NOT NULL DEFAULT '',
  recommendations TEXT NOT NULL DEFAULT '', submitted_at INTEGER, reviewed_at INTEGER,
  reviewed_by TEXT NOT NULL DEFAULT '', review_comment TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1);
CREATE UNIQUE INDEX reports_key ON reports(unit_id, period, COALESCE(document_id, 0));
CREATE TABLE recommendations (
  id INTEGER PRIMARY KEY, from_unit_id INTEGER NOT NULL REFERENCES units(id),
  to_unit_id INTEGER NOT NULL REFERENCES units(id), item_id INTEGER REFERENCES items(id),
  title TEXT NOT NULL, body TEXT NOT NULL DEFAULT '', due_on TEXT, status TEXT NOT NULL,
  answer TEXT NOT NULL DEFAULT '', answered_at INTEGER, closed_at INTEGER,
  created_at INTEGER NOT NULL, version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE responsibilities (
  id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES people(id),
  term_code TEXT NOT NULL, field_code TEXT NOT NULL DEFAULT '', unit_id INTEGER REFERENCES units(id),
  note TEXT NOT NULL DEFAULT '');
CREATE TABLE comments (
  id INTEGER PRIMARY KEY, entity TEXT NOT NULL, entity_id INTEGER NOT NULL,
  author TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX comments_entity ON comments(entity, entity_id);
CREATE TABLE audit (
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, address TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL, entity TEXT NOT NULL, entity_id INTEGER, before TEXT, after TEXT,
  idempotency_key TEXT);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
CREATE TABLE idempotency (
  key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL,
  created_at INTEGER NOT NULL);
)sql";

// Version 2: users, their scoped grants, sessions and API tokens. Secrets are stored hashed.
constexpr std::string_view kSqliteV2 = R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  person_id INTEGER REFERENCES people(id), password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE grants (
  id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), role TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id), subtree INTEGER NOT NULL DEFAULT 1,
  UNIQUE (user_id, role, unit_id));
CREATE INDEX grants_user ON grants(user_id);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL, created_at INTEGER NOT NULL, last_seen_at INTEGER NOT NULL,
  address TEXT NOT NULL DEFAULT '');
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id), name TEXT NOT NULL, created_at INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0);
)sql";

// The same schema for PostgreSQL: identity ids, BIGINT for INTEGER, DOUBLE PRECISION for REAL,
// reports before data_values (PostgreSQL resolves references at creation), the append-only audit
// as a plpgsql trigger, and the sequence numbering change notifications.
constexpr std::string_view kPostgresV1 = R"sql(
CREATE TABLE unit_kinds (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '', level BIGINT NOT NULL DEFAULT 0);
CREATE TABLE units (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  short_name TEXT NOT NULL DEFAULT '', kind_id BIGINT NOT NULL REFERENCES unit_kinds(id),
  valid_from TEXT NOT NULL, valid_to TEXT, version BIGINT NOT NULL DEFAULT 1);
CREATE TABLE unit_versions (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  parent_id BIGINT REFERENCES units(id), valid_from TEXT NOT NULL, valid_to TEXT);
CREATE INDEX unit_versions_unit ON unit_versions(unit_id);
CREATE INDEX unit_versions_parent ON unit_versions(parent_id);
CREATE TABLE lineage (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  kind TEXT NOT NULL, date TEXT NOT NULL, note TEXT NOT NULL DEFAULT '');
CREATE TABLE lineage_units (
  lineage_id BIGINT NOT NULL REFERENCES lineage(id), unit_id BIGINT NOT NULL REFERENCES units(id),
  side TEXT NOT NULL CHECK (side IN ('source', 'target')), PRIMARY KEY (lineage_id, unit_id, side));
CREATE TABLE terms (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, period TEXT NOT NULL);
CREATE TABLE fields (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code TEXT NOT NULL UNIQUE, name TEXT NOT NULL);
CREATE TABLE people (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name TEXT NOT NULL, position TEXT NOT NULL DEFAULT '',
  unit_id BIGINT REFERENCES units(id), version BIGINT NOT NULL DEFAULT 1);
CREATE TABLE indicators (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, value_type TEXT NOT NULL,
  unit_aggregation TEXT NOT NULL, time_aggregation TEXT NOT NULL, period_type TEXT NOT NULL,
  measure_unit TEXT NOT NULL DEFAULT '', decimals BIGINT NOT NULL DEFAULT 0,
  numerator_id BIGINT REFERENCES indicators(id), denominator_id BIGINT REFERENCES indicators(id),
  factor DOUBLE PRECISION NOT NULL DEFAULT 1, version BIGINT NOT NULL DEFAULT 1);
CREATE TABLE documents (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
  number TEXT NOT NULL DEFAULT '', title TEXT NOT NULL,
  issuer_unit_id BIGINT NOT NULL REFERENCES units(id), issued_on TEXT,
  period_from TEXT NOT NULL, period_to TEXT NOT NULL, theme TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1);
CREATE TABLE items (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  document_id BIGINT NOT NULL REFERENCES documents(id),
  parent_id BIGINT REFERENCES items(id), kind TEXT NOT NULL, ordinal BIGINT NOT NULL DEFAULT 0,
  code TEXT NOT NULL DEFAULT '', title TEXT NOT NULL, field_code TEXT NOT NULL DEFAULT '',
  indicator_id BIGINT REFERENCES indicators(id), baseline DOUBLE PRECISION, baseline_period TEXT,
  goal DOUBLE PRECISION, deadline TEXT, direction TEXT, unit_id BIGINT REFERENCES units(id),
  not_applicable BIGINT NOT NULL DEFAULT 0, version BIGINT NOT NULL DEFAULT 1);
CREATE INDEX items_document ON items(document_id);
CREATE TABLE links (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  from_item_id BIGINT NOT NULL REFERENCES items(id),
  to_item_id BIGINT NOT NULL REFERENCES items(id), kind TEXT NOT NULL, share DOUBLE PRECISION,
  UNIQUE (from_item_id, to_item_id));
CREATE INDEX links_to ON links(to_item_id);
CREATE TABLE reports (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  unit_id BIGINT NOT NULL REFERENCES units(id), period TEXT NOT NULL,
  document_id BIGINT REFERENCES documents(id), status TEXT NOT NULL,
  results TEXT NOT NULL DEFAULT '', shortcomings TEXT NOT NULL DEFAULT '',
  causes TEXT NOT NULL DEFAULT '', next_tasks TEXT NOT NULL DEFAULT '',
  recommendations TEXT NOT NULL DEFAULT '', submitted_at BIGINT, reviewed_at BIGINT,
  reviewed_by TEXT NOT NULL DEFAULT '', review_comment TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1);
CREATE UNIQUE INDEX reports_key ON reports(unit_id, period, COALESCE(document_id, 0));
CREATE TABLE data_values (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  indicator_id BIGINT NOT NULL REFERENCES indicators(id),
  unit_id BIGINT NOT NULL REFERENCES units(id), period TEXT NOT NULL, number DOUBLE PRECISION,
  text TEXT NOT NULL DEFAULT '', comment TEXT NOT NULL DEFAULT '',
  report_id BIGINT REFERENCES reports(id), version BIGINT NOT NULL,
  entered_by TEXT NOT NULL DEFAULT '', entered_at BIGINT NOT NULL,
  current BIGINT NOT NULL DEFAULT 1,
  UNIQUE (indicator_id, unit_id, period, version));
CREATE INDEX data_values_current ON data_values(indicator_id, unit_id, period) WHERE current = 1;
CREATE TABLE obligations (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
  issuer_unit_id BIGINT NOT NULL REFERENCES units(id), document_id BIGINT REFERENCES documents(id),
  item_id BIGINT REFERENCES items(id), issued_on TEXT NOT NULL, due_on TEXT NOT NULL,
  kind_ids TEXT NOT NULL DEFAULT '', version BIGINT NOT NULL DEFAULT 1);
CREATE TABLE assignments (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  obligation_id BIGINT NOT NULL REFERENCES obligations(id),
  unit_id BIGINT NOT NULL REFERENCES units(id), role TEXT NOT NULL, status TEXT NOT NULL,
  completed_on TEXT, evidence TEXT NOT NULL DEFAULT '{}', version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (obligation_id, unit_id));
CREATE TABLE recommendations (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  from_unit_id BIGINT NOT NULL REFERENCES units(id),
  to_unit_id BIGINT NOT NULL REFERENCES units(id), item_id BIGINT REFERENCES items(id),
  title TEXT NOT NULL, body TEXT NOT NULL DEFAULT '', due_on TEXT, status TEXT NOT NULL,
  answer TEXT NOT NULL DEFAULT '', answered_at BIGINT, closed_at BIGINT,
  created_at BIGINT NOT NULL, version BIGINT NOT NULL DEFAULT 1);
CREATE TABLE responsibilities (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  person_id BIGINT NOT NULL REFERENCES people(id),
  term_code TEXT NOT NULL, field_code TEXT NOT NULL DEFAULT '', unit_id BIGINT REFERENCES units(id),
  note TEXT NOT NULL DEFAULT '');
CREATE TABLE comments (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  entity TEXT NOT NULL, entity_id BIGINT NOT NULL,
  author TEXT NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX comments_entity ON comments(entity, entity_id);
CREATE TABLE audit (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at BIGINT NOT NULL, actor TEXT NOT NULL, address TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL, entity TEXT NOT NULL, entity_id BIGINT, before TEXT, after TEXT,
  idempotency_key TEXT);
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit is append-only';
END;
$$;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TABLE idempotency (
  key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status BIGINT NOT NULL, body TEXT NOT NULL,
  created_at BIGINT NOT NULL);
-- Numbers the change notifications of committed writes (PostgresDatabase::kChangeChannel).
CREATE SEQUENCE nqtrack_change_seq;
)sql";

constexpr std::string_view kPostgresV2 = R"sql(
CREATE TABLE users (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  login TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  person_id BIGINT REFERENCES people(id), password_hash TEXT NOT NULL,
  disabled BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1);
CREATE TABLE grants (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id), role TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES units(id), subtree BIGINT NOT NULL DEFAULT 1,
  UNIQUE (user_id, role, unit_id));
CREATE INDEX grants_user ON grants(user_id);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL, created_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL,
  address TEXT NOT NULL DEFAULT '');
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE api_tokens (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id), name TEXT NOT NULL, created_at BIGINT NOT NULL,
  revoked BIGINT NOT NULL DEFAULT 0);
)sql";

// Version 3: reorganisations. A lineage event keeps what it changed (names before and after,
// rows carried to successors, derived targets) as a JSON object; an assignment of a dissolved
// unit may be "not_applicable" (the status column is free text, so it needs no change).
constexpr std::string_view kSqliteV3 = R"sql(
ALTER TABLE lineage ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
CREATE INDEX lineage_units_unit ON lineage_units(unit_id);
)sql";
constexpr std::string_view kPostgresV3 = R"sql(
ALTER TABLE lineage ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
CREATE INDEX lineage_units_unit ON lineage_units(unit_id);
)sql";

// A script written once for both stores: {id} becomes the dialect's auto-numbered primary key,
// {int} its 64-bit integer.
std::string ForDialect(std::string_view script, std::string_view dialect) {
  const bool sqlite = dialect == "sqlite";
  std::string out(script);
  auto replace = [&](std::string_view from, std::string_view to) {
    for (size_t at = out.find(from); at != std::string::npos; at = out.find(from, at)) {
      out.replace(at, from.size(), to);
      at += to.size();
    }
  };
  replace("{id}",
          sqlite ? "INTEGER PRIMARY KEY" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
  replace("{int}", sqlite ? "INTEGER" : "BIGINT");
  return out;
}

// Version 4: cascades and deadlines (docs/decisions/0011-cascades-and-deadlines.md). A
// subordinate declares for itself that a superior's target does not apply to it; the flag on the
// superior's item that said so for every subordinate becomes one declaration for each unit that
// had concretized the document (a lower document with an item linked into it), then goes.
// Reporting regimes with due dates and the issuer's extensions; a report may name its regime.
constexpr std::string_view kV4 = R"sql(
CREATE TABLE declarations (
  id {id}, item_id {int} NOT NULL REFERENCES items(id),
  unit_id {int} NOT NULL REFERENCES units(id), reason TEXT NOT NULL,
  version {int} NOT NULL DEFAULT 1, UNIQUE (item_id, unit_id));
CREATE INDEX declarations_unit ON declarations(unit_id);
INSERT INTO declarations (item_id, unit_id, reason)
SELECT DISTINCT target.id, lower_document.issuer_unit_id,
  'Đánh dấu không áp dụng trước khi có khai báo riêng của từng đơn vị'
FROM items target
JOIN documents upper_document ON upper_document.id = target.document_id
JOIN items upper_item ON upper_item.document_id = target.document_id
JOIN links link ON link.to_item_id = upper_item.id
JOIN items lower_item ON lower_item.id = link.from_item_id
JOIN documents lower_document ON lower_document.id = lower_item.document_id
WHERE target.not_applicable <> 0
  AND lower_document.issuer_unit_id <> upper_document.issuer_unit_id;
ALTER TABLE items DROP COLUMN not_applicable;
CREATE TABLE regimes (
  id {id}, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  issuer_unit_id {int} NOT NULL REFERENCES units(id), period_type TEXT NOT NULL,
  due_days {int} NOT NULL DEFAULT 15, cutoff_days {int} NOT NULL DEFAULT 0,
  kind_ids TEXT NOT NULL DEFAULT '', version {int} NOT NULL DEFAULT 1);
CREATE INDEX regimes_issuer ON regimes(issuer_unit_id);
CREATE TABLE extensions (
  id {id}, regime_id {int} NOT NULL REFERENCES regimes(id),
  unit_id {int} NOT NULL REFERENCES units(id), period TEXT NOT NULL, due_on TEXT NOT NULL,
  reason TEXT NOT NULL, version {int} NOT NULL DEFAULT 1, UNIQUE (regime_id, unit_id, period));
)sql";

Result<std::string> V4(std::string_view dialect) {
  std::string script = ForDialect(kV4, dialect);
  NQ_TRY(std::string regime_id, AddColumnSql<domain::Report>(dialect, "regime_id"));
  return script + regime_id + ";\n";
}

// Version 5: duties over the subtree (docs/decisions/0012-duties-over-the-subtree.md). An
// obligation reaches its issuer's units down to `depth` levels (1, as before, by default), and
// remembers whether its units were listed by hand.
Result<std::string> V5(std::string_view dialect) {
  NQ_TRY(std::string depth, AddColumnSql<domain::Obligation>(dialect, "depth"));
  NQ_TRY(std::string listed, AddColumnSql<domain::Obligation>(dialect, "units_listed"));
  return depth + ";\n" + listed + ";\n";
}

// Version 6: notices to units (reminders, due soon, overdue) and the users' e-mail addresses
// they are also sent to.
constexpr std::string_view kV6 = R"sql(
CREATE TABLE notices (
  id {id}, unit_id {int} NOT NULL REFERENCES units(id),
  obligation_id {int} REFERENCES obligations(id), regime_id {int} REFERENCES regimes(id),
  kind TEXT NOT NULL, message TEXT NOT NULL DEFAULT '', sender TEXT NOT NULL DEFAULT '',
  created_at {int} NOT NULL DEFAULT 0, read_at {int}, version {int} NOT NULL DEFAULT 1);
CREATE INDEX notices_unit ON notices(unit_id);
)sql";

Result<std::string> V6(std::string_view dialect) {
  std::string script = ForDialect(kV6, dialect);
  NQ_TRY(std::string email, AddColumnSql<domain::User>(dialect, "email"));
  return script + email + ";\n";
}

// Version 7: the unit each audit row concerns, so that a manager reads the audit of their subtree
// and anyone filters it by unit (docs/decisions/0016-people-and-the-audit.md). Rows written
// before have none: administrators read them.
constexpr std::string_view kV7 = R"sql(
ALTER TABLE audit ADD COLUMN unit_id {int};
CREATE INDEX audit_unit ON audit(unit_id, id);
)sql";

Result<std::string> V7(std::string_view dialect) { return ForDialect(kV7, dialect); }

// Version 8: the change log (storage/change_log.h): one entry per changed row, numbered in
// commit order from the single counter row of change_head.
constexpr std::string_view kV8 = R"sql(
CREATE TABLE change_log (
  seq {int} PRIMARY KEY, origin TEXT NOT NULL DEFAULT '', entity TEXT NOT NULL,
  entity_id {int} NOT NULL DEFAULT 0,
  kind TEXT NOT NULL CHECK (kind IN ('insert', 'update', 'delete', 'bulk', 'reload')),
  at {int} NOT NULL);
CREATE TABLE change_head (id {int} PRIMARY KEY CHECK (id = 1), seq {int} NOT NULL);
INSERT INTO change_head (id, seq) VALUES (1, 0);
)sql";

Result<std::string> V8(std::string_view dialect) { return ForDialect(kV8, dialect); }

// Version 9: imports in bulk (docs/decisions/0019-bulk-value-import.md). An import is one
// batch; every value version it writes names the batch, so the audit record of the import
// names every version it wrote.
constexpr std::string_view kV9 = R"sql(
CREATE TABLE value_batches (
  id {id}, created_at {int} NOT NULL, actor TEXT NOT NULL, source TEXT NOT NULL DEFAULT '',
  file_hash TEXT NOT NULL DEFAULT '');
ALTER TABLE data_values ADD COLUMN batch_id {int} REFERENCES value_batches(id);
CREATE INDEX data_values_batch ON data_values(batch_id) WHERE batch_id IS NOT NULL;
)sql";

Result<std::string> V9(std::string_view dialect) { return ForDialect(kV9, dialect); }

// Version 10: responsibilities carry a version, so that a change to one is made against what
// its author read (If-Match), like the person it belongs to.
Result<std::string> V10(std::string_view dialect) {
  NQ_TRY(std::string version, AddColumnSql<domain::Responsibility>(dialect, "version"));
  return version + ";\n";
}

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> migrations = {{1, kSqliteV1, kPostgresV1},
                                                    {2, kSqliteV2, kPostgresV2},
                                                    {3, kSqliteV3, kPostgresV3},
                                                    {4, "", "", &V4},
                                                    {5, "", "", &V5},
                                                    {6, "", "", &V6},
                                                    {7, "", "", &V7},
                                                    {8, "", "", &V8},
                                                    {9, "", "", &V9},
                                                    {10, "", "", &V10}};
  return migrations;
}

}  // namespace

int LatestSchemaVersion() { return Migrations().back().version; }

Status ApplyMigrations(Database& database) {
  int64_t from = 0;
  int64_t to = 0;
  Status applied = database.Write([&](Transaction& tx) -> Status {
    NQ_RETURN_IF_ERROR(
        tx.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                "applied_at TEXT NOT NULL)"));
    NQ_TRY(auto rows, tx.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    int64_t current = rows.at(0).Int(0);
    from = to = current;
    if (current > LatestSchemaVersion()) {
      return MakeError(ErrorCode::kFailedPrecondition,
                       "database schema version {} is newer than this nqtrack supports ({})",
                       current, LatestSchemaVersion());
    }
    for (const Migration& migration : Migrations()) {
      if (migration.version <= current) continue;
      std::string script(database.dialect() == "sqlite" ? migration.sqlite : migration.postgres);
      if (migration.derived) {
        NQ_TRY(script, migration.derived(database.dialect()));
      }
      if (script.empty()) {
        return MakeError(ErrorCode::kInternal, "no {} script for schema version {}",
                         database.dialect(), migration.version);
      }
      NQ_RETURN_IF_ERROR(tx.ExecScript(script));
      NQ_RETURN_IF_ERROR(tx.Exec(
          "INSERT INTO schema_migrations (version, applied_at) VALUES (?, CURRENT_TIMESTAMP)",
          {int64_t{migration.version}}));
      to = migration.version;
    }
    return Ok();
  });
  if (applied && to > from) {
    log::Info("migrations_applied",
              {{"store", database.dialect()}, {"from_version", from}, {"to_version", to}});
  }
  return applied;
}

}  // namespace nq::storage
