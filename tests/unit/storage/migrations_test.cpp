#include "storage/sql/migrations.h"

#include <gtest/gtest.h>

#include <set>

#include "storage/sqlite/sqlite_db.h"
#include "support/temp_dir.h"

namespace pharos::sql {
namespace {

// A new SQLite database in DIR with every migration applied; null (and the test failed) if not.
std::unique_ptr<db::SqliteDatabase> migrated(testing::TempDir& dir, const std::string& name) {
  auto db = db::SqliteDatabase::open(dir.file(name), true);
  EXPECT_TRUE(db.ok());
  if (!db.ok() || !migrate(**db).ok()) {
    ADD_FAILURE() << "could not migrate " << name;
    return nullptr;
  }
  return std::move(*db);
}

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
  auto db = migrated(dir, "twice.db");
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(migrate(*db).ok());
  auto conn = db->acquire();
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ(*schema_version(**conn), latest_version());
}

// What the /vendors pages ask for each vendor (SqlStore::list_incidents with a vendor) is answered
// from the vendor index, not by scanning every incident.
TEST(MigrationTest, AVendorsIncidentsAreFoundByIndex) {
  testing::TempDir dir;
  auto db = migrated(dir, "vendor.db");
  ASSERT_NE(db, nullptr);
  auto conn = db->acquire();
  ASSERT_TRUE(conn.ok());
  db::Statement q(**conn,
                  "EXPLAIN QUERY PLAN SELECT id FROM incidents WHERE 1=1 AND source = 'vendor' "
                  "AND vendor = 'acme' ORDER BY started_at DESC, created_at DESC, id LIMIT 50");
  auto plan = q.collect([](const db::Row& r) { return r.text(3); });
  ASSERT_TRUE(plan.ok());
  std::string all;
  for (const auto& step : *plan) all += step + "\n";
  EXPECT_NE(all.find("USING INDEX incidents_by_vendor (vendor=?)"), std::string::npos) << all;
}

TEST(MigrationTest, CoverageOfExistingDataComesFromTheHourRollups) {
  testing::TempDir dir;
  auto db = migrated(dir, "coverage.db");
  ASSERT_NE(db, nullptr);
  {
    // A database from before migration 10 with hour rollups at hours 0, 1, 2 and 5 of api.
    auto conn = db->acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)
                    ->exec("DROP TABLE monitor_coverage; DELETE FROM schema_migrations WHERE "
                           "version = 10; INSERT INTO check_rollups VALUES "
                           "('api','hour',0,'',1,0,0,''), ('api','hour',3600000,'',1,0,0,''), "
                           "('api','hour',7200000,'',1,0,0,''), "
                           "('api','hour',18000000,'',1,0,0,''), ('api','day',0,'',4,0,0,'')")
                    .ok());
  }
  ASSERT_TRUE(migrate(*db).ok());
  auto conn = db->acquire();
  ASSERT_TRUE(conn.ok());
  db::Statement q(**conn,
                  "SELECT covered_from, covered_until FROM monitor_coverage ORDER BY covered_from");
  auto spans = q.collect([](const db::Row& r) { return std::pair(r.int64(0), r.int64(1)); });
  ASSERT_TRUE(spans.ok());
  EXPECT_EQ(*spans, (std::vector<std::pair<std::int64_t, std::int64_t>>{{0, 10'800'000},
                                                                        {18'000'000, 21'600'000}}));
}

}  // namespace
}  // namespace pharos::sql
