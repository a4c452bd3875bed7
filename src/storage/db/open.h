#pragma once
// Opens the database a storage URL names, migrated and ready for the stores.
#include <memory>
#include <string>

#include "storage/db/sql.h"

namespace pharos::db {

// What the database will hold: acknowledged writes (durable: every commit on disk before it
// returns) or measurements (check results: SQLite may lose the last batch on power loss).
enum class Durability { kDurable, kMeasurements };

// "sqlite:<path>" (the file and its directory are created) or "postgres://…"/"postgresql://…"
// (any libpq URI). Applies pending migrations; refuses a database of a newer schema.
Result<std::unique_ptr<Database>> open_database(const std::string& url, Durability durability);

}  // namespace pharos::db
