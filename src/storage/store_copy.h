// Copying a whole store into another, table by table, rows exactly as they are (ids, versions,
// every version of every value, accounts, the audit), a chunk of rows at a time: what
// `nqtrack migrate-store` is built on. The tables that move and their order are listed once
// here; their columns are read from each store's own catalogue, so a column a migration adds
// moves without another edit. Every function runs inside the caller's transaction; none commits.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.h"

namespace nq::storage {

// A table that moves with the store, and the columns of its primary key, which order its rows.
struct CopiedTable {
  std::string_view table;  // "units"
  std::string_view key;    // "id"; "lineage_id, unit_id, side"
};

// Every table that moves, parents before children, so that each reference finds its row.
const std::vector<CopiedTable>& CopiedTables();
// The tables that stay behind: sessions (everyone signs in again), idempotency records, the
// change log and its head (each store numbers its own changes), and the schema's version table.
const std::vector<std::string_view>& TablesLeftBehind();

// The names of the store's tables, from its catalogue, sorted.
Result<std::vector<std::string>> ListTables(Transaction& tx);
// The columns of `table` in the store's order; not_found when the store has no such table.
Result<std::vector<std::string>> ListColumns(Transaction& tx, std::string_view table);
// How many rows `table` holds.
Result<int64_t> CountTableRows(Transaction& tx, std::string_view table);
// Whether `table` holds any row.
Result<bool> TableHasRows(Transaction& tx, std::string_view table);

// Rows read by ReadInKeyOrder: one value per column asked for.
using RowChunk = std::vector<SqlParams>;

// Reads the rows of `table` in the order of its key, at most `chunk_rows` at a time (each chunk
// starts after the last key of the one before, so memory holds one chunk), and hands each chunk
// to `take`, which may move the rows out; an error from `take` stops the reading. `columns`
// must hold the key's columns. invalid_argument when it does not or `chunk_rows` is 0.
Status ReadInKeyOrder(Transaction& tx, const CopiedTable& table,
                      const std::vector<std::string>& columns, size_t chunk_rows,
                      const std::function<Status(RowChunk&)>& take);

// Writes `rows` (as ReadInKeyOrder gives them for `columns`) into `table` as they are, in one
// bulk write (COPY on PostgreSQL). A row the store refuses fails the call, naming the table.
Status WriteRows(Transaction& tx, std::string_view table, const std::vector<std::string>& columns,
                 const RowChunk& rows);

// Lets a row refer to one written later in the same transaction, as a table copied a chunk at a
// time may (SQLite checks references at commit then). PostgreSQL checks them at the end of each
// bulk write, which holds a whole chunk.
Status DeferReferenceChecks(Transaction& tx);

}  // namespace nq::storage
