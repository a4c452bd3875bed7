// The stores' entry points: each opens its own database handle (a connection for SQLite, a
// small pool for PostgreSQL) on the URL, so a store never waits for another's work.
#include "storage/auth_store.h"
#include "storage/db/open.h"
#include "storage/notify_store.h"
#include "storage/sql/sql_auth.h"
#include "storage/sql/sql_notify.h"
#include "storage/sql/sql_store.h"
#include "storage/sql/sql_stores.h"
#include "storage/store.h"

namespace pharos {

Result<std::unique_ptr<Store>> open_store(const std::string& url, const Clock& clock) {
  auto db = db::open_database(url, db::Durability::kDurable);
  if (!db) return db.error();
  return std::unique_ptr<Store>(std::make_unique<sql::SqlStore>(std::move(*db), clock));
}

Result<std::unique_ptr<ResultsStore>> open_results_store(const std::string& url) {
  auto db = db::open_database(url, db::Durability::kMeasurements, db::SerialLock::kResults);
  if (!db) return db.error();
  return sql::make_results_store(std::move(*db));
}

Result<std::unique_ptr<NotifyStore>> open_notify_store(const std::string& url) {
  auto db = db::open_database(url, db::Durability::kDurable);
  if (!db) return db.error();
  return std::unique_ptr<NotifyStore>(std::make_unique<sql::SqlNotifyStore>(std::move(*db)));
}

Result<std::unique_ptr<AuthStore>> open_auth_store(const std::string& url) {
  auto db = db::open_database(url, db::Durability::kDurable);
  if (!db) return db.error();
  return std::unique_ptr<AuthStore>(std::make_unique<sql::SqlAuthStore>(std::move(*db)));
}

Result<std::unique_ptr<VendorStore>> open_vendor_store(const std::string& url) {
  auto db = db::open_database(url, db::Durability::kDurable);
  if (!db) return db.error();
  return sql::make_vendor_store(std::move(*db));
}

Result<std::unique_ptr<TemplateStore>> open_template_store(const std::string& url) {
  auto db = db::open_database(url, db::Durability::kDurable);
  if (!db) return db.error();
  return sql::make_template_store(std::move(*db));
}

Result<std::unique_ptr<ClusterStore>> open_cluster_store(const std::string& url) {
  auto db = db::open_database(url, db::Durability::kDurable);
  if (!db) return db.error();
  return sql::make_cluster_store(std::move(*db));
}

}  // namespace pharos
