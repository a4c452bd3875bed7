#pragma once
// Opens the database a storage URL names, migrated and ready for the stores.
#include <memory>
#include <string>

#include "storage/db/sql.h"

namespace pharos::db {

// What the database will hold: acknowledged writes (durable: every commit on disk before it
// returns) or measurements (check results: SQLite may lose the last batch on power loss).
enum class Durability { kDurable, kMeasurements };

// Which writers a store's serialised write transactions exclude on PostgreSQL (docs/adr/0002):
// the catalog's (incidents, components, the outbox and its fan-out, subscribers, users, vendors,
// templates: everything whose invariants are read-then-write or whose order is commit order), or
// the results' (result batches and their rollup merges, pauses, push tokens). Work shared between
// nodes takes row locks instead (WriteLock::kRows). SQLite serialises every writer.
enum class SerialLock : std::int64_t {
  kCatalog = 7415307930871546,  // the lock every writer took before there were several nodes
  kResults = 7415307930871548,
};

// "sqlite:<path>" (the file and its directory are created) or "postgres://…"/"postgresql://…"
// (any libpq URI). Applies pending migrations; refuses a database of a newer schema.
Result<std::unique_ptr<Database>> open_database(const std::string& url, Durability durability,
                                                SerialLock serial = SerialLock::kCatalog);

}  // namespace pharos::db
