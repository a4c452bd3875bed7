#pragma once
// Monitor coverage (results_store.h's CoverageSpan) on SQL: folding a batch of results into
// spans, merging them into table monitor_coverage (migration 10), reading them back.
#include <span>
#include <vector>

#include "storage/db/sql.h"
#include "storage/results_store.h"

namespace pharos::sql {

// The spans a batch covers, per monitor (ordered by monitor, then start): each result covers
// [at, at + interval); a result starting within half an interval of the span before it extends
// that span (checks start a little late or early), a later one opens a new span. Results with
// no interval cover nothing.
std::vector<CoverageSpan> coverage_spans(std::span<const StoredResult> results);

// REQUIRES: a write transaction open on `c`. Merges the batch's spans with the stored spans
// they touch (under the same half-interval rule), replacing those rows.
Result<void> merge_coverage(db::Connection& c, std::span<const StoredResult> results);

// Every monitor's spans overlapping [from, to), ordered by monitor then start.
Result<std::vector<CoverageSpan>> read_coverage(db::Connection& c, Instant from, Instant to);

}  // namespace pharos::sql
