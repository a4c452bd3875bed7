// pharos store copy: every table, in foreign-key order, rows streamed from the source into
// multi-row INSERTs on the target, inside one target transaction.
#include <algorithm>
#include <set>

#include "storage/db/open.h"
#include "storage/db/url.h"
#include "storage/store_copy.h"

namespace pharos {
namespace {

using db::Connection;
using db::Row;
using db::Statement;

// Parents before children. A table the schema has and this list lacks stops the copy (a new
// migration must add its tables here; store_copy_test checks the list against the schema).
const std::vector<std::string>& tables_in_order() {
  static const std::vector<std::string> kTables = {"page",
                                                   "revision",
                                                   "component_groups",
                                                   "components",
                                                   "component_status_log",
                                                   "incidents",
                                                   "incident_components",
                                                   "incident_external_components",
                                                   "incident_updates",
                                                   "update_component_changes",
                                                   "incident_probable_causes",
                                                   "incident_internal_notes",
                                                   "subscribers",
                                                   "subscriber_tokens",
                                                   "outbox_events",
                                                   "deliveries",
                                                   "check_results",
                                                   "check_rollups",
                                                   "monitor_coverage",
                                                   "monitor_pauses",
                                                   "monitor_push_tokens",
                                                   "users",
                                                   "api_tokens",
                                                   "audit_log",
                                                   "vendor_poll_state",
                                                   "vendor_components",
                                                   "incident_templates"};
  return kTables;
}

constexpr std::size_t kRowsPerInsert = 200;

struct Column {
  std::string name;
  bool integer = false;
};

Result<std::vector<Column>> columns_of(Connection& c, const std::string& table) {
  Statement q(c, std::string(c.dialect().table_columns));
  q.bind(1, table);
  return q.collect([](const Row& r) {
    std::string type = r.text(1);
    std::transform(type.begin(), type.end(), type.begin(), ::toupper);
    return Column{r.text(0), type.find("INT") != std::string::npos};
  });
}

// Buffers rows and writes them kRowsPerInsert at a time.
class Inserter {
 public:
  Inserter(Connection& c, const std::string& table, const std::vector<Column>& columns)
      : c_(c), columns_(columns) {
    prefix_ = "INSERT INTO " + table + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) prefix_ += (i ? ", " : "") + columns[i].name;
    prefix_ += ") VALUES ";
  }
  Result<void> add(const Row& r) {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      int col = static_cast<int>(i);
      if (r.is_null(col)) {
        pending_.emplace_back(std::monostate{});
      } else if (columns_[i].integer) {
        pending_.emplace_back(r.int64(col));
      } else {
        pending_.emplace_back(r.text(col));
      }
    }
    ++rows_;
    return pending_.size() >= kRowsPerInsert * columns_.size() ? flush() : Ok();
  }
  Result<void> flush() {
    if (pending_.empty()) return Ok();
    std::size_t n = pending_.size() / columns_.size();
    Statement insert(c_, prefix_ + db::placeholders(n, columns_.size()));
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      int index = static_cast<int>(i + 1);
      std::visit(
          [&](const auto& v) {
            if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::monostate>) {
              insert.bind_null(index);
            } else {
              insert.bind(index, v);
            }
          },
          pending_[i]);
    }
    pending_.clear();
    return insert.run();
  }
  std::int64_t rows() const { return rows_; }

 private:
  Connection& c_;
  const std::vector<Column>& columns_;
  std::string prefix_;
  std::vector<db::Param> pending_;
  std::int64_t rows_ = 0;
};

Result<std::int64_t> copy_table(Connection& from, Connection& to, const std::string& table) {
  auto columns = columns_of(from, table);
  if (!columns) return columns.error();
  std::string list;
  for (const auto& col : *columns) list += (list.empty() ? "" : ", ") + col.name;
  Inserter inserter(to, table, *columns);
  PHAROS_TRY(Statement(from, "SELECT " + list + " FROM " + table).collect([&](const Row& r) {
    return inserter.add(r);
  }));
  PHAROS_TRY(inserter.flush());
  return inserter.rows();
}

}  // namespace

Result<std::vector<std::string>> unknown_tables(db::Connection& conn) {
  std::set<std::string> known(tables_in_order().begin(), tables_in_order().end());
  known.insert("schema_migrations");
  // What running nodes share while they run (docs/scale-out.md): nodes, leases, each location's
  // view of a monitor in trouble, the last heartbeat pushes. Rebuilt by the nodes of the target,
  // so not copied.
  for (const char* t : {"cluster_nodes", "cluster_leases", "monitor_location_states",
                        "monitor_pushes", "monitor_state_version"}) {
    known.insert(t);
  }
  auto tables = Statement(conn, std::string(conn.dialect().list_tables)).collect([](const Row& r) {
    return r.text(0);
  });
  if (!tables) return tables.error();
  std::vector<std::string> out;
  for (const auto& t : *tables) {
    if (!known.count(t)) out.push_back(t);
  }
  return out;
}

namespace {

// Refuses a source with a table this copy does not know: it would be left behind.
Result<void> check_tables_known(Connection& from) {
  auto unknown = unknown_tables(from);
  if (!unknown) return unknown.error();
  if (unknown->empty()) return Ok();
  return Error::internal("store copy does not know table " + unknown->front() +
                         "; add it to tables_in_order() in storage/sql/copy.cpp");
}

// The first table of the target holding rows (besides the revision counter), or "".
Result<std::string> first_nonempty(Connection& to) {
  for (const auto& table : tables_in_order()) {
    if (table == "revision") continue;
    auto any = Statement(to, "SELECT 1 FROM " + table + " LIMIT 1").first_int64();
    if (!any) return any.error();
    if (*any) return table;
  }
  return std::string();
}

// After rows arrived with their ids, identity sequences continue after the largest.
Result<void> reset_sequences(Connection& to) {
  if (to.dialect().identity_columns.empty()) return Ok();
  auto identities =
      Statement(to, std::string(to.dialect().identity_columns)).collect([](const Row& r) {
        return std::pair(r.text(0), r.text(1));
      });
  if (!identities) return identities.error();
  for (const auto& [table, column] : *identities) {
    std::string sql = "SELECT setval(pg_get_serial_sequence(?1, ?2), COALESCE((SELECT MAX(";
    sql.append(column).append(") FROM ").append(table).append("), 0) + 1, false)");
    Statement q(to, sql);
    q.bind(1, table).bind(2, column);
    PHAROS_TRY(q.run());
  }
  return Ok();
}

Result<std::vector<TableCount>> copy_all(Connection& from, Connection& to, bool force) {
  auto occupied = first_nonempty(to);
  if (!occupied) return occupied.error();
  if (!occupied->empty() && !force) {
    return Error::conflict(
        "the target already holds data (table " + *occupied + "); use --force to replace it", "to");
  }
  db::Transaction tx(to);
  if (!tx.begun()) return tx.begun().error();
  const auto& tables = tables_in_order();
  for (auto t = tables.rbegin(); t != tables.rend(); ++t) {
    PHAROS_TRY(Statement(to, "DELETE FROM " + *t).run());
  }
  std::vector<TableCount> counts;
  for (const auto& table : tables) {
    auto rows = copy_table(from, to, table);
    if (!rows) return Error{rows.error().code, table + ": " + rows.error().message, "to"};
    counts.push_back({table, *rows});
  }
  PHAROS_TRY(reset_sequences(to));
  PHAROS_TRY(tx.commit());
  return counts;
}

}  // namespace

Result<std::vector<TableCount>> copy_store(const std::string& from, const std::string& to,
                                           bool force) {
  if (from == to) return Error::invalid("--from and --to name the same database", "to");
  auto source = db::open_database(from, db::Durability::kDurable);
  if (!source) return Error{source.error().code, source.error().message, "from"};
  auto target = db::open_database(to, db::Durability::kDurable);
  if (!target) return Error{target.error().code, target.error().message, "to"};
  auto from_conn = (*source)->acquire();
  if (!from_conn) return from_conn.error();
  auto to_conn = (*target)->acquire();
  if (!to_conn) return to_conn.error();
  PHAROS_TRY(check_tables_known(**from_conn));
  return copy_all(**from_conn, **to_conn, force);
}

}  // namespace pharos
