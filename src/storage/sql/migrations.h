#pragma once
// Versioned schema migrations, applied in order at open, each in its own transaction. Written
// once in SQLite's DDL and turned into each engine's by its Dialect; a migration that needs
// different SQL on PostgreSQL gives it in `postgres_sql`. Never edit a released migration: add a
// new one.
#include <vector>

#include "storage/db/sql.h"

namespace pharos::sql {

struct Migration {
  int version;
  const char* description;
  const char* sql;
  const char* postgres_sql = nullptr;  // when the translated `sql` will not do
};

const std::vector<Migration>& migrations();
// The newest version this build knows.
int latest_version();

// Applies every migration the database lacks, once even when several processes start at once
// (PostgreSQL: under a session advisory lock; SQLite: BEGIN IMMEDIATE). Fails, changing
// nothing, when the database was written by a newer Pharos.
Result<void> migrate(db::Database& db);

// The schema version of the database (0 for a new one).
Result<int> schema_version(db::Connection& conn);

}  // namespace pharos::sql
