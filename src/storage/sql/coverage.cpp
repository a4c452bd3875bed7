// Coverage spans: which stretches of time each monitor was being checked (migration 10).
#include "storage/sql/coverage.h"

#include <algorithm>
#include <map>
#include <set>
#include <span>

#include "storage/sql/codec.h"

namespace pharos::sql {
namespace {

using db::Connection;
using db::Row;
using db::Statement;

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

std::map<std::string, MonitorSpans> fold(std::span<const StoredResult> results) {
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

// REQUIRES: a write transaction open on `c`. The stored spans the chunk's batch spans touch.
Result<std::vector<CoverageSpan>> touched(Connection& c, const Chunk& chunk) {
  Statement select(c,
                   "SELECT c.monitor, c.covered_from, c.covered_until FROM monitor_coverage c "
                   "JOIN (VALUES " +
                       db::placeholders(chunk.size(), 3) +
                       ") AS b ON c.monitor = b.column1 AND c.covered_until >= b.column2 AND "
                       "c.covered_from <= b.column3");
  for (std::size_t k = 0; k < chunk.size(); ++k) {
    auto& [name, m] = chunk[k];
    int at = static_cast<int>(k * 3);
    select.bind(at + 1, *name)
        .bind(at + 2, to_millis(m->spans.front().from - m->slack))
        .bind(at + 3, to_millis(m->spans.back().until + m->slack));
  }
  return select.collect([](const Row& r) {
    return CoverageSpan{r.text(0), from_millis(r.int64(1)), from_millis(r.int64(2))};
  });
}

// REQUIRES: a write transaction open on `c`. Runs `sql_head` + VALUES list for `rows` in a few
// statements, binding each row with `bind_row(statement, first parameter, row)`.
template <typename T, typename BindRow>
Result<void> run_rows(Connection& c, std::string_view sql_head, std::size_t columns,
                      const std::vector<T>& rows, std::string_view sql_tail, BindRow bind_row) {
  for (std::size_t first = 0, n = 0; first < rows.size(); first += n) {
    n = db::rows_in_next_statement(rows.size() - first);
    Statement q(c, std::string(sql_head) + db::placeholders(n, columns) + std::string(sql_tail));
    for (std::size_t k = 0; k < n; ++k)
      bind_row(q, static_cast<int>(k * columns) + 1, rows[first + k]);
    PHAROS_TRY(q.run());
  }
  return Ok();
}

// REQUIRES: a write transaction open on `c`. Merges each monitor's batch spans with the stored
// spans they touch, then writes only the difference: a span that keeps its start is updated in
// place (the usual case: the newest span grows by one interval), one merged into another is
// deleted, a new one inserted. Rewriting every touched row made the write path cost three
// statements and two index changes per monitor on every batch.
Result<void> merge_chunk(Connection& c, Chunk& chunk) {
  auto stored = touched(c, chunk);
  if (!stored) return stored.error();
  std::map<std::string_view, MonitorSpans*> by_name;
  for (auto& [name, m] : chunk) by_name[*name] = m;
  for (const CoverageSpan& span : *stored) by_name[span.monitor]->spans.push_back(span);
  std::vector<CoverageSpan> upserts;
  std::set<std::pair<std::string_view, Instant>> kept;
  for (auto& [name, m] : chunk) {
    std::sort(m->spans.begin(), m->spans.end(),
              [](const CoverageSpan& a, const CoverageSpan& b) { return a.from < b.from; });
    std::vector<CoverageSpan> joined;
    for (auto& span : m->spans) append(joined, std::move(span), m->slack);
    for (auto& span : joined) {
      kept.emplace(*name, span.from);
      upserts.push_back(std::move(span));
    }
  }
  // Stored spans are unchanged only when a joined span has their start and end, which the
  // upsert below writes again: cheaper than comparing, and rare (a batch adds time).
  std::vector<const CoverageSpan*> merged_away;
  for (const CoverageSpan& span : *stored) {
    if (!kept.contains({span.monitor, span.from})) merged_away.push_back(&span);
  }
  PHAROS_TRY(run_rows(c, "DELETE FROM monitor_coverage WHERE (monitor, covered_from) IN (VALUES ",
                      2, merged_away, ")", [](Statement& q, int at, const CoverageSpan* span) {
                        q.bind(at, span->monitor).bind(at + 1, to_millis(span->from));
                      }));
  return run_rows(c, "INSERT INTO monitor_coverage (monitor, covered_from, covered_until) VALUES ",
                  3, upserts,
                  " ON CONFLICT (monitor, covered_from) DO UPDATE SET "
                  "covered_until = excluded.covered_until",
                  [](Statement& q, int at, const CoverageSpan& span) {
                    q.bind(at, span.monitor)
                        .bind(at + 1, to_millis(span.from))
                        .bind(at + 2, to_millis(span.until));
                  });
}

}  // namespace

std::vector<CoverageSpan> coverage_spans(std::span<const StoredResult> results) {
  std::vector<CoverageSpan> out;
  for (auto& [monitor, m] : fold(results)) {
    for (auto& span : m.spans) out.push_back(std::move(span));
  }
  return out;
}

Result<void> merge_coverage(Connection& c, std::span<const StoredResult> results) {
  auto folded = fold(results);
  Chunk all;
  all.reserve(folded.size());
  for (auto& [name, m] : folded) all.emplace_back(&name, &m);
  for (std::size_t first = 0, n = 0; first < all.size(); first += n) {
    n = db::rows_in_next_statement(all.size() - first);
    Chunk chunk(all.begin() + static_cast<std::ptrdiff_t>(first),
                all.begin() + static_cast<std::ptrdiff_t>(first + n));
    PHAROS_TRY(merge_chunk(c, chunk));
  }
  return Ok();
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
