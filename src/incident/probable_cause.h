#pragma once
// Probable causes: which active vendor incident explains an own component's failure (issue 9;
// seed 002 lost hours to a Cloudflare outage nobody connected to their own symptoms). Pure.
//
// Worked scenario (vendor cloudflare lists components [CDN, DNS]):
//   components: api depends_on [auth], auth depends_on ["vendor:cloudflare/CDN"].
//   14:58 Pharos's poller records vendor incident v1 "CDN degraded", external_components [cdn].
//   15:02 api fails; automation opens incident i1 for api. vendor_dependencies(api) finds
//         cloudflare/CDN through auth ("API depends on Token verification, which depends on
//         Cloudflare CDN"); v1 names "cdn" (case-insensitive match) and is active → i1 links v1,
//         and its first update ends with the note "Probable cause: Cloudflare incident
//         "CDN degraded", detected 14:58 UTC by Pharos."
//   A vendor incident naming no component concerns the whole vendor, so it matches too; one that
//   names only DNS, or is resolved, does not. A cause a person unlinked (dismissed) is never
//   linked again by automation.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/model.h"

namespace pharos {

// "vendor:<slug>/<component>" split into its parts; nullopt for an own component id.
struct VendorRef {
  std::string slug;
  std::string component;
};
std::optional<VendorRef> parse_vendor_ref(const std::string& dependency);

// A vendor component an own component depends on, and the chain of own components that leads to
// it (first the component asked about, last the one whose depends_on names the vendor).
struct VendorDependency {
  VendorRef ref;
  std::vector<std::string> path;  // own component ids
};

// Every vendor component `component_id` depends on, directly or through its own dependencies
// (cycles are cut), each once, with the shortest chain found first.
std::vector<VendorDependency> vendor_dependencies(const std::string& component_id,
                                                  const std::map<std::string, Component>& catalog);

// True when `vendor_incident` is an active incident of source vendor, of ref's vendor, that names
// ref's component among its external_components (case-insensitive) or names none at all.
bool affects(const Incident& vendor_incident, const VendorRef& ref);

// Display name of a vendor: from `vendor_names` (slug → name), else the slug.
std::string vendor_display_name(const std::map<std::string, std::string>& vendor_names,
                                const std::string& slug);

// The vendor incidents among `vendor_incidents` that probably explain `incident` and are neither
// linked yet nor dismissed, as causes linked at `now` by `linked_by`.
std::vector<ProbableCause> new_probable_causes(
    const Incident& incident, const std::map<std::string, Component>& catalog,
    const std::vector<Incident>& vendor_incidents,
    const std::map<std::string, std::string>& vendor_names, Instant now,
    const std::string& linked_by);

// The note recorded in the own incident's timeline: "Probable cause: Cloudflare incident
// "CDN degraded", detected 14:58 UTC by Pharos (API depends on Cloudflare CDN)."
std::string probable_cause_note(const Incident& vendor_incident, const std::string& vendor_name,
                                const std::string& reason);

}  // namespace pharos
