#pragma once
// What a document is rendered from, as a short hash, so a rebuild can tell an unchanged document
// without rendering it (site_builder.h reuses the previous build's rendered and compressed bytes
// when the inputs hash is the same).
//
// The rule that keeps pages correct: a document's inputs must cover everything its renderer
// reads. Each keyed document in site_builder.cpp and html_vendors.cpp hashes the page context
// (page_context below: the layout, every brand text, the time zone) and the values it shows; a
// value left out would serve a stale page, so the hashes are built from whole values
// (add_incident hashes every field of an Incident) rather than picked fields.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "domain/model.h"
#include "site/site_data.h"

namespace pharos::site {

// Two 64-bit FNV-1a hashes over length-prefixed fields ("ab","c" and "a","bc" differ).
class Fingerprint {
 public:
  Fingerprint& add(std::string_view text);
  Fingerprint& add(std::int64_t number);
  Fingerprint& add(Instant at) {
    return add(static_cast<std::int64_t>(at.time_since_epoch().count()));
  }
  Fingerprint& add(std::optional<Instant> at);
  // 32 hex digits.
  std::string hex() const;

 private:
  void bytes(const void* data, std::size_t size);
  std::uint64_t a_ = 1469598103934665603ULL;
  std::uint64_t b_ = 0x84222325cbf29ce4ULL;
};

// Every field of `incident` (its updates, postmortem and probable causes included).
void add_incident(Fingerprint& f, const Incident& incident);
// What every HTML page of the site shares: the layout around the content (page name, brand
// files, header links, footer, language, navigation, time zone), every brand text override and
// the base path its links get. Computed once per build.
std::string page_context(const SiteData& data, std::string_view base_path);
// The inputs of "/incidents/<id>" (render_incident): the page context, the incident, its affected
// components' names and statuses, its probable causes and their vendors' names, and the time when
// the page shows an "ongoing for" duration.
std::string incident_page_inputs(const SiteData& data, const std::string& context,
                                 const Incident& incident);
// The inputs of "/uptime" (render_uptime): the page context and every figure and day it shows.
// The reports module refreshes those figures now and then, not on every rebuild, so an incident
// update does not render this large page again.
std::string uptime_page_inputs(const std::string& context, const UptimePage& page);

}  // namespace pharos::site
