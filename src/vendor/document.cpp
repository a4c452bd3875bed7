#include "vendor/document.h"

#include <algorithm>

#include "core/text.h"
#include "importer/importer.h"
#include "importer/parsers.h"

namespace pharos::vendor {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
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
      return "not incident.io";
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

Result<VendorDocument> parse(std::string_view text, const VendorSpec& spec) {
  importer::ImportOptions options;
  options.source_name = spec.slug;
  options.vendor = spec.slug;
  bool json = !text.empty() && (text.front() == '{' || text.front() == '[');
  bool feed_format = spec.format == VendorFormat::kAtom || spec.format == VendorFormat::kRss;
  if (json && !feed_format) {
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
  if (html && spec.format == VendorFormat::kAuto) {
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
    case VendorFormat::kAuto:
    case VendorFormat::kStatuspage:
    case VendorFormat::kInstatus:
    case VendorFormat::kIncidentIo:
      break;
  }
  return url + "/api/v2/incidents.json";
}

Result<VendorDocument> read_document(std::string_view body, const VendorSpec& spec, Instant now) {
  if (spec.format == VendorFormat::kInstatus || spec.format == VendorFormat::kIncidentIo) {
    return Error::invalid("reading " + std::string(to_string(spec.format)) +
                          " pages is not supported yet; use format statuspage, atom or rss");
  }
  auto doc = parse(content_start(body), spec);
  if (!doc) return doc.error();
  PHAROS_TRY(check_times(doc->incidents, now));
  return doc;
}

}  // namespace pharos::vendor
