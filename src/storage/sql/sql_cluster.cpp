// Nodes and leases on an SQL database (migration 12). Every write takes row locks only
// (WriteLock::kRows): nodes share work here and must not queue behind each other's catalog or
// result writes (docs/adr/0002).
#include "storage/sql/sql_cluster.h"

#include <algorithm>

#include "storage/change_feed.h"
#include "storage/cluster_store.h"
#include "storage/sql/codec.h"
#include "storage/sql/sql_stores.h"

namespace pharos::sql {
namespace {

using db::Connection;
using db::Row;
using db::Statement;
using db::WriteLock;

// Lease names per statement when creating or freeing many at once.
constexpr std::size_t kNamesPerStatement = 500;

std::string now_ms(const Connection& c) { return std::string(c.dialect().now_ms); }

NodeRecord read_node(const Row& r) {
  NodeRecord n;
  read_columns(r, 0, n.id, n.name, n.location, n.version, n.started_at, n.heartbeat_at,
               n.expires_at, n.clock_skew_ms, n.leases, n.alive);
  return n;
}

// "?2,?3,…" for `count` parameters starting at `first`.
std::string parameter_list(std::size_t first, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i) out += ',';
    out += '?' + std::to_string(first + i);
  }
  return out;
}

}  // namespace

Result<void> lock_expired_nodes(Connection& c) {
  return Statement(c, "SELECT id FROM cluster_nodes WHERE expires_at <= " + now_ms(c) +
                          std::string(c.dialect().for_update))
      .run();
}

std::string live_node_ids(const Connection& c) {
  return "SELECT id FROM cluster_nodes WHERE expires_at > " + now_ms(c);
}

namespace {

class SqlCluster final : public ClusterStore {
 public:
  explicit SqlCluster(std::unique_ptr<db::Database> db) : db_(std::move(db)) {}

  Result<Instant> join(const NodeRecord& node, Millis ttl) override {
    return db_->write(
        [&](Connection& c) -> Result<Instant> {
          Statement q(c,
                      "INSERT INTO cluster_nodes (id, name, location, version, started_at, "
                      "heartbeat_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, " +
                          now_ms(c) + ", " + now_ms(c) + " + ?6) RETURNING heartbeat_at");
          q.bind(1, node.id)
              .bind(2, node.name)
              .bind(3, node.location)
              .bind(4, node.version)
              .bind(5, to_millis(node.started_at))
              .bind(6, static_cast<std::int64_t>(ttl.count()));
          auto now = q.first_int64();
          if (!now) return now.error();
          PHAROS_TRY(db::notify(c, change_topic::kNodes));
          return from_millis(now->value_or(0));
        },
        WriteLock::kRows);
  }

  Result<Renewal> renew(const std::string& id, Millis ttl, std::int64_t clock_skew_ms,
                        std::int64_t leases) override {
    return db_->write(
        [&](Connection& c) -> Result<Renewal> {
          Statement q(c, "UPDATE cluster_nodes SET heartbeat_at = " + now_ms(c) +
                             ", expires_at = " + now_ms(c) +
                             " + ?2, clock_skew_ms = ?3, leases = ?4 WHERE id = ?1 AND "
                             "expires_at > " +
                             now_ms(c) + " RETURNING heartbeat_at");
          q.bind(1, id)
              .bind(2, static_cast<std::int64_t>(ttl.count()))
              .bind(3, clock_skew_ms)
              .bind(4, leases);
          auto now = q.first_int64();
          if (!now) return now.error();
          if (!*now) return Renewal{};
          return Renewal{true, from_millis(**now)};
        },
        WriteLock::kRows);
  }

  Result<void> leave(const std::string& id) override {
    return db_->write(
        [&](Connection& c) -> Result<void> {
          PHAROS_TRY(run_by_key(c, "UPDATE cluster_leases SET node = NULL WHERE node = ?1", id));
          PHAROS_TRY(run_by_key(c, "DELETE FROM cluster_nodes WHERE id = ?1", id));
          return db::notify(c, change_topic::kNodes);
        },
        WriteLock::kRows);
  }

  Result<std::vector<NodeRecord>> nodes(Millis forget_after) override {
    auto forgotten = db_->write(
        [&](Connection& c) -> Result<void> {
          Statement q(c, "DELETE FROM cluster_nodes WHERE expires_at < " + now_ms(c) + " - ?1");
          q.bind(1, static_cast<std::int64_t>(forget_after.count()));
          return q.run();
        },
        WriteLock::kRows);
    if (!forgotten) return forgotten.error();
    return db_->read([&](Connection& c) {
      return Statement(c,
                       "SELECT id, name, location, version, started_at, heartbeat_at, "
                       "expires_at, clock_skew_ms, leases, CASE WHEN expires_at > " +
                           now_ms(c) + " THEN 1 ELSE 0 END FROM cluster_nodes ORDER BY id")
          .collect(read_node);
    });
  }

  Result<void> ensure_leases(const std::string& scope,
                             const std::vector<std::string>& names) override {
    return for_chunks(names, [&](Connection& c, std::size_t first, std::size_t n) {
      std::string values;
      for (std::size_t i = 0; i < n; ++i) {
        values += (i ? ",(?1, ?" : "(?1, ?") + std::to_string(i + 2) + ")";
      }
      Statement q(c, "INSERT INTO cluster_leases (scope, name) VALUES " + values +
                         " ON CONFLICT DO NOTHING");
      q.bind(1, scope);
      for (std::size_t i = 0; i < n; ++i) q.bind(static_cast<int>(i + 2), names[first + i]);
      return q.run();
    });
  }

  Result<void> retire_leases(const std::string& scope,
                             const std::vector<std::string>& names) override {
    auto existing = db_->read([&](Connection& c) {
      Statement q(c, "SELECT name FROM cluster_leases WHERE scope = ?1");
      q.bind(1, scope);
      return q.collect([](const Row& r) { return r.text(0); });
    });
    if (!existing) return existing.error();
    std::vector<std::string> sorted(names), gone;
    std::sort(sorted.begin(), sorted.end());
    for (auto& name : *existing) {
      if (!std::binary_search(sorted.begin(), sorted.end(), name)) gone.push_back(std::move(name));
    }
    return for_chunks(gone, [&](Connection& c, std::size_t first, std::size_t n) {
      Statement q(c, "DELETE FROM cluster_leases WHERE scope = ?1 AND name IN (" +
                         parameter_list(2, n) + ")");
      q.bind(1, scope);
      for (std::size_t i = 0; i < n; ++i) q.bind(static_cast<int>(i + 2), gone[first + i]);
      return q.run();
    });
  }

  Result<std::vector<std::string>> claim(const std::string& scope, const std::string& node,
                                         std::size_t limit) override {
    if (limit == 0) return std::vector<std::string>{};
    return db_->write(
        [&](Connection& c) -> Result<std::vector<std::string>> {
          PHAROS_TRY(lock_expired_nodes(c));
          Statement q(c, "UPDATE cluster_leases SET node = ?2, since = " + now_ms(c) +
                             " WHERE scope = ?1 AND name IN (SELECT name FROM cluster_leases "
                             "WHERE scope = ?1 AND (node IS NULL OR node NOT IN (" +
                             live_node_ids(c) + ")) ORDER BY name LIMIT ?3" +
                             std::string(c.dialect().for_update_skip_locked) + ") RETURNING name");
          q.bind(1, scope).bind(2, node).bind(3, static_cast<std::int64_t>(limit));
          return q.collect([](const Row& r) { return r.text(0); });
        },
        WriteLock::kRows);
  }

  Result<void> release(const std::string& scope, const std::string& node,
                       const std::vector<std::string>& names) override {
    return for_chunks(names, [&](Connection& c, std::size_t first, std::size_t n) {
      Statement q(c,
                  "UPDATE cluster_leases SET node = NULL WHERE scope = ?1 AND node = ?2 AND "
                  "name IN (" +
                      parameter_list(3, n) + ")");
      q.bind(1, scope).bind(2, node);
      for (std::size_t i = 0; i < n; ++i) q.bind(static_cast<int>(i + 3), names[first + i]);
      return q.run();
    });
  }

  Result<std::vector<std::string>> held(const std::string& scope,
                                        const std::string& node) override {
    return db_->read([&](Connection& c) {
      Statement q(c,
                  "SELECT name FROM cluster_leases WHERE scope = ?1 AND node = ?2 ORDER BY name");
      q.bind(1, scope).bind(2, node);
      return q.collect([](const Row& r) { return r.text(0); });
    });
  }

  Result<std::vector<LeaseCount>> lease_counts() override {
    return db_->read([](Connection& c) {
      return Statement(c,
                       "SELECT scope, node, COUNT(*) FROM cluster_leases WHERE node IS NOT NULL "
                       "GROUP BY scope, node ORDER BY scope, node")
          .collect([](const Row& r) {
            return LeaseCount{r.text(0), r.text(1), r.int64(2)};
          });
    });
  }

 private:
  // Runs fn(c, first, count) over `names` in chunks, all in one transaction.
  template <typename F>
  Result<void> for_chunks(const std::vector<std::string>& names, F&& fn) {
    if (names.empty()) return Ok();
    return db_->write(
        [&](Connection& c) -> Result<void> {
          for (std::size_t first = 0; first < names.size(); first += kNamesPerStatement) {
            PHAROS_TRY(fn(c, first, std::min(kNamesPerStatement, names.size() - first)));
          }
          return Ok();
        },
        WriteLock::kRows);
  }

  std::unique_ptr<db::Database> db_;
};

}  // namespace

std::unique_ptr<ClusterStore> make_cluster_store(std::unique_ptr<db::Database> db) {
  return std::make_unique<SqlCluster>(std::move(db));
}

}  // namespace pharos::sql
