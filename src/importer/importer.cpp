#include "importer/importer.h"

#include "core/text.h"
#include "importer/general_reader.h"
#include "importer/html_text.h"
#include "importer/parsers.h"
#include "importer/text_lines.h"
#include "importer/time_text.h"
#include "importer/vocabulary.h"

namespace pharos::importer {
namespace {

bool looks_like_json(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '{' || c == '[';
  }
  return false;
}

// Landmarks of each layout, counted over the lines.
Format detect_lines(const std::vector<Line>& lines) {
  int aggregator = 0;
  int statuspage = 0;
  int instatus = 0;
  for (const auto& l : lines) {
    const std::string& t = l.text;
    if (equals_ci(t, "Update timeline") || t.find("View vendor source") != std::string::npos ||
        starts_with_ci(t, "Detected by")) {
      ++aggregator;
    }
    if (t.find(" Report for ") != std::string::npos || starts_with_ci(t, "This incident affect") ||
        (starts_with_ci(t, "Posted ") && find_stamp(t))) {
      ++statuspage;
    }
    std::string_view label = t;
    if (label.starts_with("- ")) label.remove_prefix(2);
    auto word = undouble(label);
    if (word && (parse_status_word(*word) || is_update_label(*word) || is_postmortem_label(*word)))
      ++instatus;
  }
  if (aggregator == 0 && statuspage == 0 && instatus == 0) return Format::kAuto;
  if (aggregator >= statuspage && aggregator >= instatus) return Format::kAggregator;
  return statuspage >= instatus ? Format::kStatuspagePage : Format::kInstatus;
}

Error unknown_layout(const ImportOptions& options) {
  return error_at(options, 1,
                  "expected an incident report: an aggregator page ('Update timeline'), "
                  "a Statuspage page ('Incident Report for …'), an Instatus page "
                  "('- ResolvedResolved' labels) or Statuspage API JSON; use --format to choose");
}

Result<ImportedIncident> parse_layout(const std::vector<Line>& lines, const PageHints& hints,
                                      Format format, const ImportOptions& options) {
  Result<ImportedIncident> one = unknown_layout(options);
  switch (format) {
    case Format::kAggregator:
      one = parse_aggregator(lines, hints, options);
      break;
    case Format::kStatuspagePage:
      one = parse_statuspage_page(lines, hints, options);
      break;
    case Format::kInstatus:
      one = parse_instatus(lines, hints, options);
      break;
    case Format::kStatuspageJson:
      return error_at(options, 1, "expected JSON (--format json) but the input is not JSON");
    case Format::kStatuspageFeed:
      return error_at(options, 1, "expected an Atom or RSS feed (--format feed)");
    case Format::kGeneral:
      one = read_general(lines, hints, options);
      break;
    case Format::kAuto:
      break;
  }
  if (one) one->reader = std::string(to_string(format));
  return one;
}

bool dated(const ImportedIncident& i) {
  if (i.started_at) return true;
  for (const auto& u : i.updates)
    if (u.at) return true;
  return false;
}

// True when the exact parser gave up at the page's first line: it did not find its layout's
// header there, so the page is in another layout rather than broken further down.
bool refused_at_first_line(const Error& e, const std::vector<Line>& lines,
                           const ImportOptions& options) {
  size_t first = next_nonblank(lines, 0);
  int number = first < lines.size() ? lines[first].number : 1;
  return e.field == options.source_name + ":" + std::to_string(number);
}

// The exact parser of the detected layout where it can read the page; else the general reader
// (general_reader.h). A forced --format never falls back. The exact parser's error stands when
// it got past its layout's header (the page is in that layout, broken at the line the error
// names), when it asks for an option (--date, --tz), or when the general reader finds no time on
// the page either.
Result<std::vector<ImportedIncident>> parse_lines(const std::vector<Line>& lines,
                                                  const PageHints& hints, Format format,
                                                  const ImportOptions& options) {
  bool forced = format != Format::kAuto;
  if (!forced) format = detect_lines(lines);
  Result<ImportedIncident> one = format == Format::kAuto
                                     ? Result<ImportedIncident>(unknown_layout(options))
                                     : parse_layout(lines, hints, format, options);
  bool fall_back = !one && !forced && one.error().message.find("add --") == std::string::npos &&
                   (format == Format::kAuto || refused_at_first_line(one.error(), lines, options));
  if (fall_back) {
    auto general = read_general(lines, hints, options);
    // Nothing readable at all: the error that lists the layouts looked for stands.
    bool unreadable =
        !general && general.error().message.starts_with("expected an incident report");
    if ((format == Format::kAuto && !unreadable) || (general && dated(*general)))
      one = std::move(general);
  }
  if (!one) return one.error();
  return std::vector<ImportedIncident>{std::move(*one)};
}

}  // namespace

Result<Format> parse_format(std::string_view name) {
  if (name == "auto") return Format::kAuto;
  if (name == "aggregator") return Format::kAggregator;
  if (name == "statuspage") return Format::kStatuspagePage;
  if (name == "instatus") return Format::kInstatus;
  if (name == "json" || name == "statuspage-json") return Format::kStatuspageJson;
  if (name == "feed" || name == "atom" || name == "rss") return Format::kStatuspageFeed;
  if (name == "general") return Format::kGeneral;
  return Error::invalid("unknown format '" + std::string(name) +
                            "'; use auto, aggregator, statuspage, instatus, feed, json or general",
                        "--format");
}

std::string_view to_string(Format format) {
  switch (format) {
    case Format::kAuto:
      return "auto";
    case Format::kAggregator:
      return "aggregator";
    case Format::kStatuspagePage:
      return "statuspage";
    case Format::kInstatus:
      return "instatus";
    case Format::kStatuspageJson:
      return "json";
    case Format::kStatuspageFeed:
      return "feed";
    case Format::kGeneral:
      return "general";
  }
  return "auto";
}

Result<Format> detect_format(std::string_view text) {
  ImportOptions options;
  if (looks_like_json(text)) return Format::kStatuspageJson;
  if (looks_like_html(text) && looks_like_feed(text)) return Format::kStatuspageFeed;
  Format f = looks_like_html(text) ? detect_lines(html_to_lines(text).lines)
                                   : detect_lines(split_lines(text));
  if (f == Format::kAuto) return unknown_layout(options);
  return f;
}

Result<std::vector<ImportedIncident>> parse_report(std::string_view text,
                                                   const ImportOptions& options) {
  if (options.format == Format::kStatuspageJson ||
      (options.format == Format::kAuto && looks_like_json(text))) {
    auto list = parse_statuspage_json(text, options);
    if (list)
      for (auto& i : *list) i.reader = "json";
    return list;
  }
  if (options.format == Format::kStatuspageFeed ||
      (options.format == Format::kAuto && looks_like_html(text) && looks_like_feed(text))) {
    auto list = parse_statuspage_feed(text, options);
    if (list)
      for (auto& i : *list) i.reader = "feed";
    return list;
  }
  if (looks_like_html(text)) {
    HtmlText html = html_to_lines(text);
    return parse_lines(html.lines, html.hints, options.format, options);
  }
  return parse_lines(split_lines(text), PageHints{}, options.format, options);
}

}  // namespace pharos::importer
