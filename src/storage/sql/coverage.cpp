// Coverage spans: which stretches of time each monitor was being checked (migration 10).
#include "storage/sql/coverage.h"

#include <algorithm>
#include <map>

#include "storage/sql/codec.h"

namespace pharos::sql {
namespace {

using db::Connection;
using db::Row;
using db::Statement;

// Monitors per multi-row statement.
constexpr std::size_t kMonitorsPerStatement = 200;

// One monitor's spans from a batch, and how far apart two spans may be and still join: half the
// longest interval seen for it (a check starting a little late still continues the span).
struct MonitorSpans {
  std::vector<CoverageSpan> spans;
  Millis slack{0};
};

// Joins `span` to the last of `spans` when they overlap or are within `slack`.
void append(std::vector<CoverageSpan>& spans, CoverageSpan span, Millis slack) {
  if (!spans.empty() && span.from <= spans.back().until + slack) {
    spans.back().until = std::max(spans.back().until, span.until);
    return;
  }
  spans.push_back(std::move(span));
}

std::map<std::string, MonitorSpans> fold(const std::vector<StoredResult>& results) {
  std::map<std::string, std::vector<const StoredResult*>> by_monitor;
  for (const auto& r : results) {
    if (r.interval.count() > 0) by_monitor[r.monitor].push_back(&r);
  }
  std::map<std::string, MonitorSpans> out;
  for (auto& [monitor, list] : by_monitor) {
    std::sort(list.begin(), list.end(),
              [](const StoredResult* a, const StoredResult* b) { return a->at < b->at; });
    MonitorSpans& m = out[monitor];
    for (const StoredResult* r : list) m.slack = std::max(m.slack, r->interval / 2);
    for (const StoredResult* r : list)
      append(m.spans, {monitor, r->at, r->at + r->interval}, m.slack);
  }
  return out;
}

using Chunk = std::vector<std::pair<const std::string*, MonitorSpans*>>;

// REQUIRES: a write transaction open on `c`. Adds to each monitor of the chunk the stored spans
// its batch spans touch, and deletes those rows (they are written back merged).
Result<void> take_stored(Connection& c, Chunk& chunk) {
  Statement select(c,
                   "SELECT c.monitor, c.covered_from, c.covered_until FROM monitor_coverage c "
                   "JOIN (VALUES " +
                       db::placeholders(chunk.size(), 3) +
                       ") AS b ON c.monitor = b.column1 AND c.covered_until >= b.column2 AND "
                       "c.covered_from <= b.column3");
  std::map<std::string, MonitorSpans*> by_name;
  for (std::size_t k = 0; k < chunk.size(); ++k) {
    auto& [name, m] = chunk[k];
    int at = static_cast<int>(k * 3);
    select.bind(at + 1, *name)
        .bind(at + 2, to_millis(m->spans.front().from - m->slack))
        .bind(at + 3, to_millis(m->spans.back().until + m->slack));
    by_name[*name] = m;
  }
  std::vector<CoverageSpan> stored;
  PHAROS_TRY(select.collect([&](const Row& r) {
    stored.push_back({r.text(0), from_millis(r.int64(1)), from_millis(r.int64(2))});
  }));
  if (stored.empty()) return Ok();
  Statement remove(c, "DELETE FROM monitor_coverage WHERE (monitor, covered_from) IN (VALUES " +
                          db::placeholders(stored.size(), 2) + ")");
  for (std::size_t k = 0; k < stored.size(); ++k) {
    int at = static_cast<int>(k * 2);
    remove.bind(at + 1, stored[k].monitor).bind(at + 2, to_millis(stored[k].from));
    by_name[stored[k].monitor]->spans.push_back(stored[k]);
  }
  return remove.run();
}

// REQUIRES: a write transaction open on `c`. Merges each monitor's spans and inserts them.
Result<void> write_merged(Connection& c, Chunk& chunk) {
  std::vector<CoverageSpan> merged;
  for (auto& [name, m] : chunk) {
    std::sort(m->spans.begin(), m->spans.end(),
              [](const CoverageSpan& a, const CoverageSpan& b) { return a.from < b.from; });
    std::vector<CoverageSpan> joined;
    for (auto& span : m->spans) append(joined, std::move(span), m->slack);
    for (auto& span : joined) merged.push_back(std::move(span));
  }
  for (std::size_t first = 0; first < merged.size(); first += kMonitorsPerStatement) {
    std::size_t n = std::min(kMonitorsPerStatement, merged.size() - first);
    Statement insert(c,
                     "INSERT INTO monitor_coverage (monitor, covered_from, covered_until) VALUES " +
                         db::placeholders(n, 3));
    for (std::size_t k = 0; k < n; ++k) {
      const CoverageSpan& span = merged[first + k];
      int at = static_cast<int>(k * 3);
      insert.bind(at + 1, span.monitor)
          .bind(at + 2, to_millis(span.from))
          .bind(at + 3, to_millis(span.until));
    }
    PHAROS_TRY(insert.run());
  }
  return Ok();
}

}  // namespace

std::vector<CoverageSpan> coverage_spans(const std::vector<StoredResult>& results) {
  std::vector<CoverageSpan> out;
  for (auto& [monitor, m] : fold(results)) {
    for (auto& span : m.spans) out.push_back(std::move(span));
  }
  return out;
}

Result<void> merge_coverage(Connection& c, const std::vector<StoredResult>& results) {
  auto folded = fold(results);
  Chunk chunk;
  for (auto& [name, m] : folded) {
    chunk.emplace_back(&name, &m);
    if (chunk.size() == kMonitorsPerStatement) {
      PHAROS_TRY(take_stored(c, chunk));
      PHAROS_TRY(write_merged(c, chunk));
      chunk.clear();
    }
  }
  if (chunk.empty()) return Ok();
  PHAROS_TRY(take_stored(c, chunk));
  return write_merged(c, chunk);
}

Result<std::vector<CoverageSpan>> read_coverage(Connection& c, Instant from, Instant to) {
  Statement q(c,
              "SELECT monitor, covered_from, covered_until FROM monitor_coverage "
              "WHERE covered_until > ?1 AND covered_from < ?2 ORDER BY monitor, covered_from");
  q.bind(1, to_millis(from)).bind(2, to_millis(to));
  return q.collect([](const Row& r) {
    return CoverageSpan{r.text(0), from_millis(r.int64(1)), from_millis(r.int64(2))};
  });
}

}  // namespace pharos::sql
