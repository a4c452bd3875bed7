#include "storage/db/open.h"

#include "storage/db/url.h"
#include "storage/postgres/pg_db.h"
#include "storage/sql/migrations.h"
#include "storage/sqlite/sqlite_db.h"

namespace pharos::db {

Result<std::unique_ptr<Database>> open_database(const std::string& url, Durability durability,
                                                SerialLock serial) {
  std::unique_ptr<Database> db;
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.empty()) {
      return Error::invalid("sqlite: needs a file path (sqlite:data/pharos.db)", "storage");
    }
    auto sqlite = SqliteDatabase::open(path, durability == Durability::kDurable);
    if (!sqlite) return sqlite.error();
    db = std::move(*sqlite);
  } else if (is_postgres_url(url)) {
    auto parsed = parse_pg_url(url);
    if (!parsed) return parsed.error();
    auto pg = PgDatabase::open(*parsed, static_cast<std::int64_t>(serial));
    if (!pg) return pg.error();
    db = std::move(*pg);
  } else {
    return Error::invalid(
        "unknown storage '" + redact_url(url) + "'; use sqlite:<path> or postgres://…", "storage");
  }
  PHAROS_TRY(sql::migrate(*db));
  return db;
}

}  // namespace pharos::db
