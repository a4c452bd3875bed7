#pragma once
// Building blocks shared by the page renderers (internal to web/site).
#include <string>
#include <string_view>

#include "core/text.h"
#include "site/site_data.h"

namespace pharos::site::html {

// The document shell: head (title, viewport, stylesheets: the built-in one, then the brand's
// colours and custom stylesheet), header with the page name or logo and the brand's links,
// footer with the brand's footer text.
std::string layout(const SiteData& data, std::string_view title, std::string_view main_html);

// The page's text for `key` (domain/brand.h: the brand's override or the English default),
// HTML-escaped.
std::string text(const SiteData& data, std::string_view key);
// The same, not escaped (for sentences escaped as a whole, titles, JSON).
std::string_view raw_text(const SiteData& data, std::string_view key);
// Text keys of the statuses and impacts (brand.strings).
std::string status_key(ComponentStatus status);
std::string status_key(IncidentStatus status);
std::string status_key(Impact impact);
// The page status descriptions (domain/rollup.cpp, /api/v2/status.json) with their text keys.
const std::vector<std::pair<std::string_view, std::string_view>>& description_keys();
// The banner's key for a page status description ("All Systems Operational" → all_operational);
// empty for an unknown description.
std::string_view description_key(std::string_view description);

// "Apr 01, 2022, 06:15 PM UTC" in the page zone.
std::string long_time(const SiteData& data, Instant at);
// "April 1, 2022" in the page zone.
std::string long_date(const SiteData& data, Instant at);
// "Nov 21, 2026" in the page zone.
std::string short_date(const SiteData& data, Instant at);
// A day's time off operational, for the uptime bars' cell titles: "; 12m major outage; 2h no
// data" (statuses that took no time left out; "no data" only when `with_no_data`).
std::string status_time_notes(const StatusTime& time, bool with_no_data);
// <time datetime="ISO">long_time</time>
std::string time_tag(const SiteData& data, Instant at);

// CSS class suffix for a component status: "operational", "degraded", "partial", "major",
// "maintenance".
std::string_view status_class(ComponentStatus status);
// <span class="status s-…">Label</span>; the forms with `data` use the page's texts.
std::string status_pill(ComponentStatus status);
std::string status_pill(const SiteData& data, ComponentStatus status);
// <span class="badge impact-…">Minor</span> and <span class="badge st-…">Resolved</span>
std::string impact_badge(Impact impact);
std::string impact_badge(const SiteData& data, Impact impact);
std::string status_badge(IncidentStatus status);
std::string status_badge(const SiteData& data, IncidentStatus status);

// The label of update `index` (0-based, oldest first): its status label, or "Update" when it keeps
// the previous update's status (FORMATS.md §3). Not escaped.
std::string update_label(const Incident& incident, std::size_t index);
std::string update_label(const SiteData& data, const Incident& incident, std::size_t index);
// The "Update timeline" section: one numbered step per update, newest first (as Statuspage and
// the admin UI), each step keeping its number from the oldest (1) up. Step items carry
// class "step" so the timeline's styles never reach lists inside an update's Markdown body.
std::string timeline(const SiteData& data, const Incident& incident);
// A maintenance cancelled before it began (completed before its window's start: Statuspage has
// no cancelled status, see IncidentService::cancel_maintenance).
bool cancelled_maintenance(const Incident& incident);
// Names of the incident's affected components (own, then external), for sentences.
std::vector<std::string> affected_names(const SiteData& data, const Incident& incident);
// A block with the rendered Markdown of `body` (or nothing for an empty body).
std::string markdown_block(std::string_view body);
// "A, B and C" style list, each escaped.
std::string escaped_join(const std::vector<std::string>& names);

}  // namespace pharos::site::html
