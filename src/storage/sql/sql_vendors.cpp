// SQL persistence of the vendor poller's state (migration 5): poll validators and health per
// vendor, and each vendor's component statuses. On its own connection, like the auth store.
#include <map>

#include "storage/sql/codec.h"
#include "storage/sql/sql_stores.h"

namespace pharos::sql {
namespace {

using db::Connection;
using db::Row;
using db::Statement;

VendorPollState read_poll_state(const Row& q) {
  VendorPollState s;
  read_columns(q, 0, s.slug, s.url, s.etag, s.last_modified, s.state, s.reason, s.error_since,
               s.last_attempt, s.last_success, s.consecutive_failures, s.document_kind,
               s.open_incidents);
  return s;
}

// The vendor's components as last read, in the vendor's order.
Result<std::vector<VendorComponentStatus>> read_components(Connection& c, const std::string& slug) {
  Statement q(c,
              "SELECT component_id, name, group_name, status, vendor_updated_at, changed_at "
              "FROM vendor_components WHERE slug = ?1 ORDER BY position");
  q.bind(1, slug);
  return q.collect([&](const Row& r) {
    VendorComponentStatus v;
    v.slug = slug;
    v.component_id = r.text(0);
    v.name = r.text(1);
    v.group = r.text(2);
    v.status = parse_component_status(r.text(3)).value_or(ComponentStatus::kOperational);
    v.vendor_updated_at = from_millis(r.optional_int64(4));
    v.changed_at = from_millis(r.int64(5));
    return v;
  });
}

// The change from `old` to `now_status`, when the status differs.
std::optional<VendorComponentChange> change_of(const std::string& slug,
                                               const VendorComponentStatus& old,
                                               const VendorComponentStatus& current, Instant now) {
  if (old.status == current.status) return std::nullopt;
  VendorComponentChange change;
  change.slug = slug;
  change.component_id = current.component_id;
  change.name = current.name;
  change.from = old.status;
  change.to = current.status;
  change.at = now;
  return change;
}

class SqlVendorStore final : public VendorStore {
 public:
  explicit SqlVendorStore(std::unique_ptr<db::Database> db) : db_(std::move(db)) {}

  Result<std::vector<VendorPollState>> poll_states() override {
    return db_->read([](Connection& c) {
      return Statement(c,
                       "SELECT slug, url, etag, last_modified, state, reason, error_since, "
                       "last_attempt, last_success, consecutive_failures, document_kind, "
                       "open_incidents FROM vendor_poll_state ORDER BY slug")
          .collect(read_poll_state);
    });
  }

  Result<void> save_poll_state(const VendorPollState& s) override {
    return db_->write([&](Connection& c) {
      Statement q(c,
                  "INSERT INTO vendor_poll_state (slug, url, etag, last_modified, state, "
                  "reason, error_since, last_attempt, last_success, consecutive_failures, "
                  "document_kind, open_incidents) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                  "?10, ?11, ?12) ON CONFLICT (slug) DO UPDATE SET url = excluded.url, "
                  "etag = excluded.etag, last_modified = excluded.last_modified, "
                  "state = excluded.state, reason = excluded.reason, "
                  "error_since = excluded.error_since, last_attempt = excluded.last_attempt, "
                  "last_success = excluded.last_success, "
                  "consecutive_failures = excluded.consecutive_failures, "
                  "document_kind = excluded.document_kind, "
                  "open_incidents = excluded.open_incidents");
      q.bind(1, s.slug).bind(2, s.url).bind(3, s.etag).bind(4, s.last_modified).bind(5, s.state);
      q.bind(6, s.reason).bind(7, to_millis(s.error_since)).bind(8, to_millis(s.last_attempt));
      q.bind(9, to_millis(s.last_success)).bind(10, s.consecutive_failures);
      q.bind(11, s.document_kind).bind(12, s.open_incidents);
      return q.run();
    });
  }

  Result<std::vector<VendorComponentStatus>> vendor_components(const std::string& slug) override {
    return db_->read([&](Connection& c) { return read_components(c, slug); });
  }

  Result<std::vector<VendorComponentChange>> replace_components(
      const std::string& slug, const std::vector<VendorComponentStatus>& current,
      Instant now) override {
    return db_->write([&](Connection& c) -> Result<std::vector<VendorComponentChange>> {
      auto stored = read_components(c, slug);
      if (!stored) return stored.error();
      std::map<std::string, const VendorComponentStatus*> before;
      for (const auto& v : *stored) before[v.component_id] = &v;
      PHAROS_TRY(run_by_key(c, "DELETE FROM vendor_components WHERE slug = ?1", slug));
      Statement insert(c,
                       "INSERT INTO vendor_components (slug, component_id, name, group_name, "
                       "status, vendor_updated_at, changed_at, position) VALUES (?1, ?2, ?3, "
                       "?4, ?5, ?6, ?7, ?8) ON CONFLICT (slug, component_id) DO UPDATE SET "
                       "name = excluded.name, group_name = excluded.group_name, "
                       "status = excluded.status, "
                       "vendor_updated_at = excluded.vendor_updated_at, "
                       "changed_at = excluded.changed_at, position = excluded.position");
      std::vector<VendorComponentChange> changes;
      int position = 0;
      for (const auto& v : current) {
        Instant changed_at = now;
        auto old = before.find(v.component_id);
        if (old != before.end()) {
          auto change = change_of(slug, *old->second, v, now);
          if (change)
            changes.push_back(std::move(*change));
          else
            changed_at = old->second->changed_at;
        }
        insert.reset();
        insert.bind(1, slug).bind(2, v.component_id).bind(3, v.name).bind(4, v.group);
        insert.bind(5, to_string(v.status)).bind(6, to_millis(v.vendor_updated_at));
        insert.bind(7, to_millis(changed_at)).bind(8, position++);
        PHAROS_TRY(insert.run());
      }
      return changes;
    });
  }

 private:
  std::unique_ptr<db::Database> db_;
};

}  // namespace

std::unique_ptr<VendorStore> make_vendor_store(std::unique_ptr<db::Database> db) {
  return std::make_unique<SqlVendorStore>(std::move(db));
}

}  // namespace pharos::sql
