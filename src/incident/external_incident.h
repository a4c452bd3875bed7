#pragma once
// Incidents recorded from outside Pharos: an imported report (`pharos import`) or a vendor's
// status page read by the poller. Both arrive as a whole domain Incident with a fingerprint
// (importer::to_domain) and meet the stored incident with the same fingerprint by one rule:
//
//   nothing stored           → stored as it is (created)
//   stored, same report      → nothing written (unchanged): an update with the same status, time
//                              and body is the same update
//   stored, newer report     → the updates it lacks appended (kept in display order), then its
//                              facts replace the stored ones: name, status, start, resolution,
//                              monitoring time, impact, schedule, components, post-mortem, and the
//                              source URL when it gives one (updated)
//   stored, older report     → only the updates it lacks (a snapshot read before the stored one
//                              never moves the status back)
//
// Ids, created_at and the version stay the stored ones; nothing is duplicated and nothing deleted.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"
#include "domain/model.h"
#include "storage/store.h"

namespace pharos {

// What differs between sources.
struct ExternalMerge {
  // The source gives updates no times of their own (Instatus: each is timed when Pharos read it),
  // so the same status and body is the same update whenever it was read.
  bool timeless_updates = false;
  // detected_at stays the stored one (a vendor incident: when Pharos first saw it); otherwise a
  // newer report's "Detected by" replaces it.
  bool keep_detected_at = false;
};

enum class RecordAction { kCreated, kUpdated, kUnchanged };
std::string_view to_string(RecordAction action);

struct RecordOutcome {
  RecordAction action = RecordAction::kUnchanged;
  std::string incident_id;  // the stored incident's id (the fresh one's when created)
  std::size_t added_updates = 0;
};

// Applies the rule above to `stored` (pure). Returns whether anything changed; `added` counts the
// updates appended.
bool merge_external(Incident& stored, const Incident& fresh, const ExternalMerge& rule,
                    std::size_t& added);

// Creates `fresh` or merges it into the stored incident with its fingerprint (which must not be
// empty), in one Store transaction; updated_at = now on a change. Errors: the store's (kConflict
// when another writer changed the incident in between).
Result<RecordOutcome> record_external_incident(Store& store, const Incident& fresh,
                                               const ExternalMerge& rule, Instant now);

}  // namespace pharos
