// SQLite persistence of the vendor poller's state (migration 5): poll validators and health per
// vendor, and each vendor's component statuses. On its own connection, like the auth store.
#include <map>
#include <mutex>

#include "storage/sqlite/codec.h"
#include "storage/sqlite/db.h"
#include "storage/sqlite/migrations.h"
#include "storage/vendor_store.h"

namespace pharos::sqlite {
namespace {

class SqliteVendorStore final : public VendorStore {
 public:
  explicit SqliteVendorStore(std::unique_ptr<Connection> db) : db_(std::move(db)) {}

  Result<std::vector<VendorPollState>> poll_states() override {
    std::lock_guard lock(mu_);
    Statement q(db_->handle(),
                "SELECT slug, url, etag, last_modified, state, reason, error_since, last_attempt, "
                "last_success, consecutive_failures, document_kind, open_incidents "
                "FROM vendor_poll_state ORDER BY slug");
    std::vector<VendorPollState> out;
    while (q.step()) {
      VendorPollState s;
      s.slug = q.text(0);
      s.url = q.text(1);
      s.etag = q.text(2);
      s.last_modified = q.text(3);
      s.state = q.text(4);
      s.reason = q.text(5);
      s.error_since = from_millis(q.optional_int64(6));
      s.last_attempt = from_millis(q.optional_int64(7));
      s.last_success = from_millis(q.optional_int64(8));
      s.consecutive_failures = static_cast<int>(q.int64(9));
      s.document_kind = q.text(10);
      s.open_incidents = q.int64(11);
      out.push_back(std::move(s));
    }
    if (q.last_code() != SQLITE_DONE) return q.error();
    return out;
  }

  Result<void> save_poll_state(const VendorPollState& s) override {
    std::lock_guard lock(mu_);
    Statement q(db_->handle(),
                "INSERT OR REPLACE INTO vendor_poll_state (slug, url, etag, last_modified, state, "
                "reason, error_since, last_attempt, last_success, consecutive_failures, "
                "document_kind, open_incidents) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                "?11, ?12)");
    q.bind(1, s.slug).bind(2, s.url).bind(3, s.etag).bind(4, s.last_modified).bind(5, s.state);
    q.bind(6, s.reason).bind(7, to_millis(s.error_since)).bind(8, to_millis(s.last_attempt));
    q.bind(9, to_millis(s.last_success)).bind(10, s.consecutive_failures);
    q.bind(11, s.document_kind).bind(12, s.open_incidents);
    return q.run();
  }

  Result<std::vector<VendorComponentStatus>> vendor_components(const std::string& slug) override {
    std::lock_guard lock(mu_);
    return read_components(slug);
  }

  Result<std::vector<VendorComponentChange>> replace_components(
      const std::string& slug, const std::vector<VendorComponentStatus>& current,
      Instant now) override {
    std::lock_guard lock(mu_);
    Transaction tx(*db_);
    if (!tx.begun()) return tx.begun().error();
    auto stored = read_components(slug);
    if (!stored) return stored.error();
    std::map<std::string, const VendorComponentStatus*> before;
    for (const auto& c : *stored) before[c.component_id] = &c;

    std::vector<VendorComponentChange> changes;
    Statement clear(db_->handle(), "DELETE FROM vendor_components WHERE slug = ?1");
    clear.bind(1, slug);
    PHAROS_TRY(clear.run());
    Statement insert(db_->handle(),
                     "INSERT OR REPLACE INTO vendor_components (slug, component_id, name, "
                     "group_name, status, vendor_updated_at, changed_at, position) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    int position = 0;
    for (const auto& c : current) {
      Instant changed_at = now;
      auto old = before.find(c.component_id);
      if (old != before.end()) {
        if (old->second->status == c.status) {
          changed_at = old->second->changed_at;
        } else {
          VendorComponentChange change;
          change.slug = slug;
          change.component_id = c.component_id;
          change.name = c.name;
          change.from = old->second->status;
          change.to = c.status;
          change.at = now;
          changes.push_back(std::move(change));
        }
      }
      insert.reset();
      insert.bind(1, slug).bind(2, c.component_id).bind(3, c.name).bind(4, c.group);
      insert.bind(5, to_string(c.status)).bind(6, to_millis(c.vendor_updated_at));
      insert.bind(7, to_millis(changed_at)).bind(8, position++);
      PHAROS_TRY(insert.run());
    }
    PHAROS_TRY(tx.commit());
    return changes;
  }

 private:
  // REQUIRES: mu_ held.
  Result<std::vector<VendorComponentStatus>> read_components(const std::string& slug) {
    Statement q(db_->handle(),
                "SELECT component_id, name, group_name, status, vendor_updated_at, changed_at "
                "FROM vendor_components WHERE slug = ?1 ORDER BY position");
    q.bind(1, slug);
    std::vector<VendorComponentStatus> out;
    while (q.step()) {
      VendorComponentStatus c;
      c.slug = slug;
      c.component_id = q.text(0);
      c.name = q.text(1);
      c.group = q.text(2);
      c.status = parse_component_status(q.text(3)).value_or(ComponentStatus::kOperational);
      c.vendor_updated_at = from_millis(q.optional_int64(4));
      c.changed_at = from_millis(q.int64(5));
      out.push_back(std::move(c));
    }
    if (q.last_code() != SQLITE_DONE) return q.error();
    return out;
  }

  std::mutex mu_;
  std::unique_ptr<Connection> db_;  // GUARDED_BY(mu_)
};

}  // namespace
}  // namespace pharos::sqlite

namespace pharos {

Result<std::unique_ptr<VendorStore>> open_vendor_store(const std::string& url) {
  if (url.rfind("sqlite:", 0) != 0) {
    return Error::invalid("vendor polling state needs the SQLite backend (storage: sqlite:<path>)",
                          "storage");
  }
  auto conn = sqlite::Connection::open(url.substr(7));
  if (!conn) return conn.error();
  PHAROS_TRY(sqlite::migrate(**conn));
  return std::unique_ptr<VendorStore>(
      std::make_unique<sqlite::SqliteVendorStore>(std::move(*conn)));
}

}  // namespace pharos
