#pragma once
// The plain values of a status page: page, component groups, components, incidents (and scheduled
// maintenances, which are incidents of kind maintenance, as in Statuspage), their updates and
// post-mortems. No behaviour beyond small accessors; the rules live in lifecycle.h and rollup.h.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "domain/brand.h"
#include "domain/status.h"

namespace pharos {

struct Page {
  std::string id;  // 12-char id, stable for the life of the data directory
  std::string name;
  std::string url;                    // public URL, no trailing slash
  std::string time_zone = "Etc/UTC";  // IANA name; every displayed time uses it
  Brand brand{};  // logo, colours, texts… (domain/brand.h); not stored, always from the config

  bool operator==(const Page&) const = default;
};

struct ComponentGroup {
  std::string id;
  std::string name;
  std::string description;
  int position = 0;  // order on the page, 1-based

  bool operator==(const ComponentGroup&) const = default;
};

// Who decides a component's status right now.
enum class StatusSource {
  kAutomatic,  // derived from its monitors (or operational when it has none)
  kManual,     // a person set it; automation leaves it alone until cleared
};

struct Component {
  std::string id;
  std::string name;
  std::string description;
  std::string group_id;  // empty at top level
  int position = 0;      // 1-based within its group (or the top level)
  ComponentStatus status = ComponentStatus::kOperational;
  StatusSource status_source = StatusSource::kAutomatic;
  std::vector<std::string> depends_on;  // component ids, or "vendor:<slug>/<component>"
  bool showcase = true;
  bool only_show_if_degraded = false;
  Instant created_at{};
  Instant updated_at{};

  bool operator==(const Component&) const = default;
};

// One status change a component went through because of an incident update.
struct ComponentChange {
  std::string component_id;
  ComponentStatus old_status = ComponentStatus::kOperational;
  ComponentStatus new_status = ComponentStatus::kOperational;

  bool operator==(const ComponentChange&) const = default;
};

struct IncidentUpdate {
  std::string id;
  IncidentStatus status = IncidentStatus::kInvestigating;
  std::string body;  // Markdown
  Instant created_at{};
  Instant updated_at{};
  Instant display_at{};  // the time to show and sort by; may be back-dated
  std::vector<ComponentChange> component_changes;
  bool deliver_notifications = true;
  bool reopened = false;  // this update reopened a resolved incident
  std::string author;     // "automation", a user name, "import:<vendor>"; empty when unknown
};

// The post-mortem, Markdown with the sections of seed 003 (Description, Type of Event, Services
// Impacted, Timeline, Total Duration, Root Cause, Remediation, Preventative Action) as headings.
struct Postmortem {
  std::string body;
  std::optional<Instant> published_at;  // unset while a draft
  Instant updated_at{};
};

// Where an incident came from.
enum class IncidentSource { kManual, kAutomatic, kImported, kVendor };
std::string_view to_string(IncidentSource s);
std::optional<IncidentSource> parse_incident_source(std::string_view s);

// Who drives an incident. Automation posts updates only while it is kAutomation.
enum class Controller { kAutomation, kHuman };

// A vendor incident linked to an own incident as its probable cause (issue 9, seed 002: a
// Cloudflare outage explained part of Kalix's symptoms). Automation links one when an own
// component fails while a vendor component it depends on (directly or through the cascade) has an
// active vendor incident; a person may link or unlink one by hand. Display code loads the vendor
// incident by id for its vendor slug and name.
struct ProbableCause {
  std::string incident_id;  // the vendor incident (source = kVendor)
  std::string reason;       // why, for people: "api depends on vendor:cloudflare/CDN"
  Instant linked_at{};
  std::string linked_by;  // "automation" or the user who linked it

  bool operator==(const ProbableCause&) const = default;
};

struct Incident {
  std::string id;
  IncidentKind kind = IncidentKind::kIncident;
  std::string name;
  IncidentStatus status = IncidentStatus::kInvestigating;
  Impact impact = Impact::kNone;
  std::optional<Impact> impact_override;  // set by a person; wins over the derived impact
  Instant created_at{};
  Instant updated_at{};
  Instant started_at{};                    // when the problem began; may precede created_at
  std::optional<Instant> monitoring_at;    // first entry into monitoring (maintenance: verifying)
  std::optional<Instant> resolved_at;      // set on resolved/completed, cleared on reopen
  std::optional<Instant> detected_at;      // when a monitor (or Pharos's poller) first saw it
  std::optional<Instant> scheduled_for;    // maintenance window start
  std::optional<Instant> scheduled_until;  // maintenance window end
  bool auto_transition = true;             // maintenance moves itself along on its times
  std::vector<std::string> component_ids;  // affected components of this page, in display order
  // Components named by an outside source that are not in this page's catalog (an imported report's
  // or a vendor's "Affected components"), as the source spells them.
  std::vector<std::string> external_components;
  std::vector<IncidentUpdate> updates;  // oldest first
  std::optional<Postmortem> postmortem;
  IncidentSource source = IncidentSource::kManual;
  Controller controller = Controller::kHuman;
  std::string vendor;      // the vendor slug or name for imported/vendor incidents
  std::string source_url;  // link to the vendor's own page ("View vendor source")
  std::string
      fingerprint;  // de-duplicates imports: vendor + title + start; empty for own incidents
  std::string root_component_id;  // for dependency cascades: the component whose failure caused it
  std::vector<ProbableCause> probable_causes;  // vendor incidents that probably explain it
  // Vendor incident ids a person unlinked: automation does not link them again.
  std::vector<std::string> dismissed_causes;
  int reopen_count = 0;
  std::int64_t version = 0;  // optimistic concurrency: bumped by every stored change

  bool is_maintenance() const { return kind == IncidentKind::kMaintenance; }
  bool active() const { return is_active(status); }
  const IncidentUpdate* latest_update() const {
    return updates.empty() ? nullptr : &updates.back();
  }
  // resolved_at - started_at, when resolved.
  std::optional<std::chrono::seconds> duration() const;
};

// What automation knows about an incident that is for the people running the service only: the
// failing monitors, their nodes (addresses) and errors behind an automatic update. Stored beside
// the incident (Store::internal_notes) and never a member of `Incident`, so nothing that renders
// an Incident for customers — the page, /api/v2, feeds, webhooks, email, chat — can reach it.
struct InternalNote {
  std::string update_id;  // the update it explains
  Instant at{};
  std::string author;  // "automation"
  std::string body;    // plain text

  bool operator==(const InternalNote&) const = default;
};

}  // namespace pharos
