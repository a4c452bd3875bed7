// SQL persistence of the admin composer's incident templates (migration 9).
#include "storage/sql/codec.h"
#include "storage/sql/sql_stores.h"

namespace pharos::sql {
namespace {

using db::Connection;
using db::Row;
using db::Statement;

constexpr const char* kColumns =
    "SELECT id, name, kind, title, status, impact, body, updated_at FROM incident_templates ";

IncidentTemplate read_template(const Row& q) {
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

class SqlTemplateStore final : public TemplateStore {
 public:
  explicit SqlTemplateStore(std::unique_ptr<db::Database> db) : db_(std::move(db)) {}

  Result<std::vector<IncidentTemplate>> list_templates() override {
    return db_->read([](Connection& c) {
      return Statement(c, std::string(kColumns) + "ORDER BY name").collect(read_template);
    });
  }

  Result<std::optional<IncidentTemplate>> find_template(const std::string& id) override {
    return db_->read([&](Connection& c) {
      return find_by_key(c, std::string(kColumns) + "WHERE id = ?1", id, read_template);
    });
  }

  Result<void> save_template(const IncidentTemplate& t) override {
    return db_->write([&](Connection& c) -> Result<void> {
      Statement taken(c, "SELECT 1 FROM incident_templates WHERE name = ?1 AND id <> ?2");
      taken.bind(1, t.name).bind(2, t.id);
      auto found = taken.first_int64();
      if (!found) return found.error();
      if (*found) {
        return Error{ErrorCode::kAlreadyExists, "another template is called '" + t.name + "'",
                     "name"};
      }
      Statement q(c,
                  "INSERT INTO incident_templates (id, name, kind, title, status, impact, "
                  "body, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) "
                  "DO UPDATE SET name = excluded.name, kind = excluded.kind, "
                  "title = excluded.title, status = excluded.status, impact = excluded.impact, "
                  "body = excluded.body, updated_at = excluded.updated_at");
      q.bind(1, t.id).bind(2, t.name).bind(3, std::string(to_string(t.kind))).bind(4, t.title);
      q.bind(5, t.status).bind(6, t.impact).bind(7, t.body).bind(8, to_millis(t.updated_at));
      return q.run();
    });
  }

  Result<void> delete_template(const std::string& id) override {
    return db_->write([&](Connection& c) -> Result<void> {
      Statement q(c, "DELETE FROM incident_templates WHERE id = ?1");
      return q.bind(1, id).change_one(Error::not_found("no template with id '" + id + "'", "id"));
    });
  }

 private:
  std::unique_ptr<db::Database> db_;
};

}  // namespace

std::unique_ptr<TemplateStore> make_template_store(std::unique_ptr<db::Database> db) {
  return std::make_unique<SqlTemplateStore>(std::move(db));
}

}  // namespace pharos::sql
