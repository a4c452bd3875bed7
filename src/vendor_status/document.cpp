#include "vendor_status/document.h"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "core/text.h"
#include "importer/importer.h"
#include "importer/parsers.h"

namespace pharos::vendor_status {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The body without a UTF-8 byte-order mark and leading white space.
std::string_view content_start(std::string_view body) {
  if (body.rfind("\xEF\xBB\xBF", 0) == 0) body.remove_prefix(3);
  return trim(body);
}

// The first characters of a body, for messages ("<!DOCTYPE html>…").
std::string excerpt(std::string_view body) {
  std::string out;
  for (char c : body.substr(0, 40)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return out + (body.size() > 40 ? "…" : "");
}

std::string expected_name(VendorFormat format) {
  switch (format) {
    case VendorFormat::kAtom:
    case VendorFormat::kRss:
      return "not an Atom/RSS feed";
    case VendorFormat::kAuto:
    case VendorFormat::kStatuspage:
      return "not Statuspage JSON";
    case VendorFormat::kInstatus:
      return "not Instatus";
    case VendorFormat::kIncidentIo:
      return "not incident.io's Statuspage-compatible JSON";
    case VendorFormat::kHtml:
      return "not an HTML status page";
  }
  return "not a status document";
}

Error reject(VendorFormat format, const std::string& why) {
  return Error::invalid(expected_name(format) + ": " + why);
}

// Refuses documents whose times lie ahead of now (a broken clock or an invented timeline).
Result<void> check_times(const std::vector<importer::ImportedIncident>& incidents, Instant now) {
  const Instant limit = now + std::chrono::hours(1);
  for (const auto& in : incidents) {
    if (in.kind == IncidentKind::kMaintenance) continue;  // maintenances are announced ahead
    std::optional<Instant> latest = in.started_at;
    for (const auto& u : in.updates) {
      if (u.at && (!latest || *u.at > *latest)) latest = u.at;
    }
    if (latest && *latest > limit) {
      return Error::invalid("times in the future: '" + in.title.value_or("untitled") + "' has " +
                            format_iso_utc(*latest) + ", after this server's " +
                            format_iso_utc(now));
    }
  }
  return Ok();
}

// Instatus prints times with JavaScript's Date.toString():
// "Sat Jun 11 2022 18:55:50 GMT+0000 (Coordinated Universal Time)"; ISO 8601 is taken too.
std::optional<Instant> parse_js_date(const std::string& text) {
  if (auto iso = parse_iso8601(text)) return *iso;
  std::istringstream in(text);
  std::string weekday, month, day, year, clock, zone;
  in >> weekday >> month >> day >> year >> clock >> zone;
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto m = std::find(kMonths.begin(), kMonths.end(), month);
  if (m == kMonths.end() || day.empty() || year.size() != 4 || clock.size() != 8 ||
      zone.size() != 8 || zone.rfind("GMT", 0) != 0) {
    return std::nullopt;
  }
  char iso[64];
  std::snprintf(iso, sizeof iso, "%s-%02d-%02dT%sZ", year.c_str(),
                static_cast<int>(m - kMonths.begin()) + 1, std::atoi(day.c_str()), clock.c_str());
  auto utc = parse_iso8601(iso);
  if (!utc) return std::nullopt;
  // GMT+hhmm: local = UTC + offset, so UTC = the printed time - offset.
  int sign = zone[3] == '-' ? -1 : 1;
  int hours = std::atoi(zone.substr(4, 2).c_str());
  int minutes = std::atoi(zone.substr(6, 2).c_str());
  return *utc - sign * (std::chrono::hours(hours) + std::chrono::minutes(minutes));
}

std::optional<Impact> instatus_impact(std::string_view word) {
  std::string w = to_lower(word);
  if (w == "degradedperformance") return Impact::kMinor;
  if (w == "partialoutage" || w == "minoroutage") return Impact::kMajor;
  if (w == "majoroutage") return Impact::kCritical;
  if (w == "operational") return Impact::kNone;
  return std::nullopt;
}

// Instatus's public summary.json (FORMATS.md §6): only the active incidents, no updates and no
// update times. Each incident gets one update per status it has been seen in, worded by the
// status and timed when Pharos read it (`now`); changes.h matches these by status and text.
Result<VendorDocument> parse_instatus(std::string_view text, const VendorSpec& spec, Instant now) {
  namespace json = boost::json;
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec) return reject(spec.format, "invalid JSON: " + ec.message());
  if (!doc.is_object()) return reject(spec.format, "expected a JSON object");
  const auto& root = doc.as_object();
  auto text_of = [](const json::object& o, std::string_view key) -> std::string {
    auto it = o.find(key);
    return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
  };
  // Both lists may be missing or null, so the page's UP/HASISSUES/UNDERMAINTENANCE also tells
  // an Instatus summary from another JSON (a Statuspage document has a page without a status).
  std::string page_status;
  if (auto page = root.find("page"); page != root.end() && page->value().is_object()) {
    page_status = text_of(page->value().as_object(), "status");
  }
  bool instatus_page =
      page_status == "UP" || page_status == "HASISSUES" || page_status == "UNDERMAINTENANCE";
  if (!instatus_page && !root.contains("activeIncidents") && !root.contains("activeMaintenances")) {
    return reject(spec.format, "no 'activeIncidents' and no Instatus page status");
  }
  VendorDocument out{"Instatus JSON", {}};
  auto list = root.find("activeIncidents");
  if (list == root.end() || list->value().is_null()) return out;  // "may be missing or null"
  if (!list->value().is_array()) return reject(spec.format, "/activeIncidents is not a list");
  const auto& items = list->value().as_array();
  for (std::size_t n = 0; n < items.size(); ++n) {
    std::string pointer = "/activeIncidents/" + std::to_string(n);
    if (!items[n].is_object()) return reject(spec.format, pointer + " is not an object");
    const auto& o = items[n].as_object();
    importer::ImportedIncident in;
    in.vendor = spec.slug;
    in.title = text_of(o, "name");
    if (in.title->empty()) return reject(spec.format, pointer + "/name is missing");
    in.started_at = parse_js_date(text_of(o, "started"));
    if (!in.started_at) {
      return reject(spec.format,
                    pointer + "/started is not a date ('" + text_of(o, "started") + "')");
    }
    std::string word = text_of(o, "status");
    auto status = parse_incident_status(to_lower(word));
    if (!status) return reject(spec.format, pointer + "/status is unknown ('" + word + "')");
    in.status = status;
    in.impact = instatus_impact(text_of(o, "impact"));
    std::string url = text_of(o, "url");
    std::string id = text_of(o, "id");
    if (!url.empty()) {
      in.source_url = url;
    } else if (!id.empty()) {
      std::string page = spec.url;
      while (!page.empty() && page.back() == '/') page.pop_back();
      in.source_url = page + "/incidents/" + id;
    }
    importer::ImportedUpdate u;
    u.status = *status;
    u.at = std::max(now, *in.started_at);
    std::string words = to_lower(word);
    if (!words.empty()) words.front() = static_cast<char>(std::toupper(words.front()));
    u.body = words + " (Instatus lists no update text; status as seen by Pharos).";
    in.updates.push_back(std::move(u));
    if (*status == IncidentStatus::kResolved) in.resolved_at = now;
    out.incidents.push_back(std::move(in));
  }
  return out;
}

Result<VendorDocument> parse(std::string_view text, const VendorSpec& spec) {
  importer::ImportOptions options;
  options.source_name = spec.slug;
  options.vendor = spec.slug;
  bool json = !text.empty() && (text.front() == '{' || text.front() == '[');
  bool feed_format = spec.format == VendorFormat::kAtom || spec.format == VendorFormat::kRss;
  if (json && !feed_format && spec.format != VendorFormat::kHtml) {
    auto incidents = importer::parse_statuspage_json(text, options);
    if (!incidents) return reject(spec.format, incidents.error().describe());
    return VendorDocument{"Statuspage JSON", std::move(*incidents)};
  }
  if (!json && importer::looks_like_feed(text) &&
      (feed_format || spec.format == VendorFormat::kAuto)) {
    auto incidents = importer::parse_statuspage_feed(text, options);
    if (!incidents) return reject(spec.format, incidents.error().describe());
    return VendorDocument{"Atom/RSS feed", std::move(*incidents)};
  }
  if (text.empty()) return reject(spec.format, "the response is empty");
  bool html = !json && (to_lower(text.substr(0, 200)).find("<html") != std::string::npos ||
                        starts_with_ci(text, "<!doctype html"));
  if (html && (spec.format == VendorFormat::kAuto || spec.format == VendorFormat::kHtml)) {
    // A status page published only as HTML (or a page URL whose API is gone): the importer reads
    // the layouts it knows (seeds' aggregator, Statuspage and Instatus pages). One it cannot read
    // (a maintenance page, an unknown layout) keeps the old reason and adds the importer's.
    options.source_name = spec.slug;
    auto incidents = importer::parse_report(text, options);
    if (incidents) return VendorDocument{"HTML status page", std::move(*incidents)};
    std::string why = incidents.error().describe();
    // The importer's hint is for its command line; a vendor's spec has no --format to give.
    if (auto hint = why.find("; use --format"); hint != std::string::npos) why.erase(hint);
    return reject(spec.format,
                  "the response is HTML (" + excerpt(text) + ") the importer cannot read: " + why);
  }
  std::string what = json   ? "the response is JSON"
                     : html ? "the response is HTML"
                            : "the response starts";
  return reject(spec.format, what + " (" + excerpt(text) + ")");
}

}  // namespace

std::string document_url(const VendorSpec& spec) {
  std::string url = spec.url;
  std::string path = url.substr(0, url.find_first_of("?#"));
  for (std::string_view suffix : {".json", ".atom", ".rss", ".xml"}) {
    if (ends_with(path, suffix)) return url;
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  switch (spec.format) {
    case VendorFormat::kAtom:
      return url + "/history.atom";
    case VendorFormat::kRss:
      return url + "/history.rss";
    case VendorFormat::kInstatus:
      return url + "/summary.json";
    case VendorFormat::kHtml:
      return spec.url;  // the page itself
    case VendorFormat::kAuto:
    case VendorFormat::kStatuspage:
    case VendorFormat::kIncidentIo:
      break;
  }
  return url + "/api/v2/incidents.json";
}

Result<VendorDocument> read_document(std::string_view body, const VendorSpec& spec, Instant now) {
  if (spec.format == VendorFormat::kInstatus) {
    auto doc = parse_instatus(content_start(body), spec, now);
    if (!doc) return doc.error();
    PHAROS_TRY(check_times(doc->incidents, now));
    return doc;
  }
  auto doc = parse(content_start(body), spec);
  if (!doc) return doc.error();
  PHAROS_TRY(check_times(doc->incidents, now));
  return doc;
}

}  // namespace pharos::vendor_status
