#pragma once
// Versioned schema migrations for SQLite, applied in order at open, each in its own transaction.
// Never edit a released migration: add a new one.
#include <vector>

#include "storage/sqlite/db.h"

namespace pharos::sqlite {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

const std::vector<Migration>& migrations();

// Applies every migration newer than the database's version. Fails (changing nothing) when the
// database was written by a newer Pharos.
Result<void> migrate(Connection& db);

// The schema version of the database (0 for a new one).
Result<int> schema_version(Connection& db);

}  // namespace pharos::sqlite
