// SQLite persistence of the admin composer's incident templates (migration 9).
#include <sqlite3.h>

#include <mutex>

#include "storage/sqlite/codec.h"
#include "storage/sqlite/db.h"
#include "storage/sqlite/migrations.h"
#include "storage/template_store.h"

namespace pharos::sqlite {
namespace {

constexpr const char* kColumns =
    "SELECT id, name, kind, title, status, impact, body, updated_at FROM incident_templates ";

IncidentTemplate read_template(const Statement& q) {
  IncidentTemplate t;
  t.id = q.text(0);
  t.name = q.text(1);
  t.kind = q.text(2) == "maintenance" ? IncidentKind::kMaintenance : IncidentKind::kIncident;
  t.title = q.text(3);
  t.status = q.text(4);
  t.impact = q.text(5);
  t.body = q.text(6);
  t.updated_at = from_millis(q.int64(7));
  return t;
}

class SqliteTemplateStore final : public TemplateStore {
 public:
  explicit SqliteTemplateStore(std::unique_ptr<Connection> db) : db_(std::move(db)) {}

  Result<std::vector<IncidentTemplate>> list_templates() override {
    std::lock_guard lock(mu_);
    Statement q(db_->handle(), std::string(kColumns) + "ORDER BY name");
    std::vector<IncidentTemplate> out;
    while (q.step()) out.push_back(read_template(q));
    if (q.last_code() != SQLITE_DONE) return q.error();
    return out;
  }

  Result<std::optional<IncidentTemplate>> find_template(const std::string& id) override {
    std::lock_guard lock(mu_);
    Statement q(db_->handle(), std::string(kColumns) + "WHERE id = ?1");
    q.bind(1, id);
    if (q.step()) return std::optional<IncidentTemplate>(read_template(q));
    if (q.last_code() != SQLITE_DONE) return q.error();
    return std::optional<IncidentTemplate>();
  }

  Result<void> save_template(const IncidentTemplate& t) override {
    std::lock_guard lock(mu_);
    Transaction tx(*db_);
    PHAROS_TRY(tx.begun());
    Statement taken(db_->handle(), "SELECT 1 FROM incident_templates WHERE name = ?1 AND id <> ?2");
    taken.bind(1, t.name).bind(2, t.id);
    if (taken.step()) {
      return Error{ErrorCode::kAlreadyExists, "another template is called '" + t.name + "'",
                   "name"};
    }
    Statement q(db_->handle(),
                "INSERT OR REPLACE INTO incident_templates "
                "(id, name, kind, title, status, impact, body, updated_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    q.bind(1, t.id).bind(2, t.name).bind(3, std::string(to_string(t.kind))).bind(4, t.title);
    q.bind(5, t.status).bind(6, t.impact).bind(7, t.body).bind(8, to_millis(t.updated_at));
    PHAROS_TRY(q.run());
    return tx.commit();
  }

  Result<void> delete_template(const std::string& id) override {
    std::lock_guard lock(mu_);
    Transaction tx(*db_);
    PHAROS_TRY(tx.begun());
    Statement known(db_->handle(), "SELECT 1 FROM incident_templates WHERE id = ?1");
    known.bind(1, id);
    if (!known.step()) return Error::not_found("no template with id '" + id + "'", "id");
    Statement q(db_->handle(), "DELETE FROM incident_templates WHERE id = ?1");
    q.bind(1, id);
    PHAROS_TRY(q.run());
    return tx.commit();
  }

 private:
  std::mutex mu_;
  std::unique_ptr<Connection> db_;  // GUARDED_BY(mu_)
};

}  // namespace
}  // namespace pharos::sqlite

namespace pharos {

Result<std::unique_ptr<TemplateStore>> open_template_store(const std::string& url) {
  if (url.rfind("sqlite:", 0) != 0) {
    return Error::invalid("templates need the SQLite backend (storage: sqlite:<path>)", "storage");
  }
  auto conn = sqlite::Connection::open(url.substr(7));
  if (!conn) return conn.error();
  PHAROS_TRY(sqlite::migrate(**conn));
  return std::unique_ptr<TemplateStore>(new sqlite::SqliteTemplateStore(std::move(*conn)));
}

}  // namespace pharos
