#include "storage/sql/migrations.h"

#include <gtest/gtest.h>

#include <set>

#include "storage/sqlite/sqlite_db.h"
#include "support/temp_dir.h"

namespace pharos::sql {
namespace {

TEST(MigrationTest, AppliesALowerVersionThatArrivesAfterAHigherOne) {
  testing::TempDir dir;
  auto db = db::SqliteDatabase::open(dir.file("gap.db"), true);
  ASSERT_TRUE(db.ok());
  {
    auto conn = (*db)->acquire();
    ASSERT_TRUE(conn.ok());
    // A database that has versions 1 and 3 but not 2 (2 was merged later): their tables exist,
    // since later migrations alter them.
    ASSERT_TRUE((*conn)
                    ->exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                           "description TEXT NOT NULL, applied_at INTEGER NOT NULL); "
                           "INSERT INTO schema_migrations VALUES (1, 'x', 0), (3, 'y', 0);")
                    .ok());
    for (const auto& m : migrations()) {
      if (m.version != 1 && m.version != 3) continue;
      ASSERT_TRUE((*conn)->exec(m.sql).ok()) << m.version;
    }
  }
  // Every known version ends up recorded, the pre-recorded ones and those applied now (2, and
  // any later one such as 4).
  std::vector<std::int64_t> expected{1, 3};
  for (const auto& m : migrations()) expected.push_back(m.version);
  std::sort(expected.begin(), expected.end());
  expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
  ASSERT_TRUE(migrate(**db).ok());
  auto conn = (*db)->acquire();
  ASSERT_TRUE(conn.ok());
  db::Statement q(**conn, "SELECT version FROM schema_migrations ORDER BY version");
  auto versions = q.collect([](const db::Row& r) { return r.int64(0); });
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(*versions, expected);
}

TEST(MigrationTest, IsIdempotent) {
  testing::TempDir dir;
  auto db = db::SqliteDatabase::open(dir.file("twice.db"), true);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(migrate(**db).ok());
  ASSERT_TRUE(migrate(**db).ok());
  auto conn = (*db)->acquire();
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ(*schema_version(**conn), latest_version());
}

}  // namespace
}  // namespace pharos::sql
