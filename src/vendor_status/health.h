#pragma once
// A vendor's health as the poller sees it: a value, copied out to readers (pages, logs, tests).
#include <cstddef>
#include <optional>
#include <string>

#include "core/time.h"

namespace pharos::vendor_status {

enum class VendorState {
  kPending,      // not polled yet
  kOk,           // the last poll was read (or answered 304)
  kUnreachable,  // no answer, or an HTTP error status
  kBadDocument,  // an answer that is not what the vendor's format promises
  kStoreError,   // the document was read but could not be stored
};
std::string_view to_string(VendorState state);
// The inverse of to_string; nullopt for anything else.
std::optional<VendorState> parse_vendor_state(std::string_view text);

struct VendorHealth {
  std::string slug;
  std::string name;
  std::string url;  // the document polled
  VendorState state = VendorState::kPending;
  std::string reason;  // why not ok: "connection refused", "HTTP 503", "not …: …"
  std::optional<Instant> error_since;  // first failure of the current run of failures
  std::optional<Instant> last_attempt;
  std::optional<Instant> last_success;
  Instant next_poll{};
  int consecutive_failures = 0;
  std::string document_kind;       // "Statuspage JSON", "Atom/RSS feed"; empty until read once
  std::size_t open_incidents = 0;  // unresolved incidents (not maintenances) in the last document
  std::size_t polls = 0;
  std::size_t not_modified = 0;  // polls answered 304
  std::size_t incidents_created = 0;
  std::size_t incidents_updated = 0;
  std::size_t components = 0;     // component statuses stored at the last read
  std::string components_reason;  // why the components could not be read; empty when fine

  bool ok() const { return state == VendorState::kOk; }
  // One line for people: "ok", "not polled yet", "source unreachable since 2026-11-21T15:00:00Z
  // (HTTP 503)", "not Statuspage JSON: the response is HTML (…) since …".
  std::string describe() const;
};

}  // namespace pharos::vendor_status
