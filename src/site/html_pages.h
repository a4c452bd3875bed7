#pragma once
// The server-rendered public pages. Pure functions of a SiteData: every text from the store is
// HTML-escaped, Markdown bodies go through markdown::to_html (safe mode). No JavaScript.
#include <string>
#include <vector>

#include "site/site_data.h"

namespace pharos::site {

inline constexpr const char* kStylesheetPath = "/static/pharos.css";
inline constexpr const char* kFaviconPath = "/static/favicon.svg";
inline constexpr int kHistoryMonthsPerPage = 3;
inline constexpr int kPastIncidentDays = 14;

// "/": banner, active incidents and maintenance, components with 90-day bars, past 14 days.
std::string render_index(const SiteData& data);
// "/incidents/{id}": the layout of seeds 000 and 002.
std::string render_incident(const SiteData& data, const Incident& incident);
// "/history?page=N": element i is page i + 1 (three months each, newest first); never empty.
std::vector<std::string> render_history(const SiteData& data);
// "/uptime": every component's 30/90/365-day uptime and a calendar of its last kUptimeMonths
// months, each day coloured by its worst status, "no data" where Pharos had none (Statuspage's
// uptime page, without JavaScript). Requires data.uptime_page.
inline constexpr int kUptimeMonths = 3;
std::string render_uptime(const SiteData& data);
// "/webhooks": what webhook subscribers receive (the target of meta.documentation).
std::string render_webhooks_doc(const SiteData& data);
// kNotFoundPath (snapshot.h): "Page not found", with links back to the page and its history.
std::string render_not_found(const SiteData& data);
// The sentence under an incident's title ("Acme experienced a minor incident on April 1, 2022
// affecting A and B and 1 more component, lasting 2d 18h."), adapted to unresolved incidents and
// maintenance. Plain text (not escaped).
std::string incident_sentence(const SiteData& data, const Incident& incident);

}  // namespace pharos::site
