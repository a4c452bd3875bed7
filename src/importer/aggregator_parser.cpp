// The aggregator layout (seeds 000 and 002). Read top to bottom:
//   <Vendor> incident              vendor
//   <Title>
//   <Severity> <Status> View vendor source →   (HTML may put the words on separate lines)
//   <Vendor> experienced a <severity> incident on … affecting A and B and 1 more component, …
//   Started / <time>, Resolved / <time>, Duration / <text>, Detected by <X> / <time>
//   Affected components / <names…>
//   Update timeline / "  1. investigating Apr 01, 2022, 06:15 PM UTC" / body paragraphs …
#include <cctype>

#include "core/text.h"
#include "importer/components.h"
#include "importer/parsers.h"
#include "importer/postmortem.h"
#include "importer/time_text.h"
#include "importer/vocabulary.h"

namespace pharos::importer {
namespace {

struct Cursor {
  const std::vector<Line>& lines;
  const ImportOptions& options;
  ImportedIncident& out;
};

// The time on `line`, or on the next non-blank line when the label stands alone.
Result<std::optional<Instant>> labelled_time(Cursor& c, size_t& i, size_t label_length) {
  std::string_view rest = std::string_view(c.lines[i].text).substr(label_length);
  size_t at = i;
  if (!find_stamp(rest)) {
    at = next_nonblank(c.lines, i + 1);
    if (at >= c.lines.size() || !find_stamp(c.lines[at].text)) {
      return error_at(c.options, c.lines[i].number,
                      "expected a time after '" + c.lines[i].text.substr(0, label_length) +
                          "' (like 'Apr 01, 2022, 06:15 PM UTC')");
    }
    rest = c.lines[at].text;
  }
  std::string warning;
  auto instant = resolve_stamp(*find_stamp(rest), c.options, std::nullopt, &warning);
  if (!instant) return error_at(c.options, c.lines[at].number, instant.error().message);
  if (!warning.empty()) c.out.warnings.push_back({c.lines[at].number, warning});
  i = at;
  return std::optional<Instant>(*instant);
}

// "12. monitoring Mar 25, 2021, 02:41 PM UTC" → number length, else 0.
size_t entry_number_length(const std::string& text) {
  size_t n = 0;
  while (n < text.size() && n < 4 && std::isdigit(static_cast<unsigned char>(text[n]))) ++n;
  if (n == 0 || n + 1 >= text.size() || text[n] != '.' || text[n + 1] != ' ') return 0;
  return n + 2;
}

// The status at the start of an entry: one word, or two for "in progress".
std::string status_words(std::string_view rest) {
  size_t first = rest.find(' ');
  std::string one(rest.substr(0, first));
  if (first != std::string_view::npos) {
    size_t second = rest.find(' ', first + 1);
    std::string two(rest.substr(0, second));
    if (parse_status_word(two) && !parse_status_word(one)) return two;
  }
  return one;
}

Result<void> read_timeline(Cursor& c, size_t begin) {
  size_t i = begin;
  while (i < c.lines.size()) {
    const Line& line = c.lines[i];
    size_t skip = entry_number_length(line.text);
    if (skip == 0) {
      if (!line.text.empty() && c.out.updates.empty()) {
        return error_at(
            c.options, line.number,
            "expected a numbered update like '1. investigating Apr 01, 2022, 06:15 PM UTC'");
      }
      ++i;
      continue;
    }
    std::string_view rest = std::string_view(line.text).substr(skip);
    std::string word = status_words(rest);
    auto status = parse_status_word(word);
    bool update_word = is_update_label(word);
    if (!status && !update_word) {
      return error_at(c.options, line.number,
                      "expected a status (investigating, identified, "
                      "monitoring, resolved, …) after the number, found '" +
                          word + "'");
    }
    if (!status)
      status = c.out.updates.empty() ? IncidentStatus::kInvestigating : c.out.updates.back().status;
    auto stamp = find_stamp(rest.substr(word.size()));
    if (!stamp)
      return error_at(c.options, line.number, "expected the update's time after '" + word + "'");
    std::string warning;
    auto at = resolve_stamp(*stamp, c.options, std::nullopt, &warning);
    if (!at) return error_at(c.options, line.number, at.error().message);
    if (!warning.empty()) c.out.warnings.push_back({line.number, warning});
    size_t end = i + 1;
    while (end < c.lines.size() && entry_number_length(c.lines[end].text) == 0) ++end;
    if (*status == IncidentStatus::kPostmortem) {
      c.out.postmortem = postmortem_markdown(c.lines, i + 1, end);
      c.out.postmortem_at = *at;
    } else {
      c.out.updates.push_back({*status, *at, join_body(c.lines, i + 1, end)});
    }
    i = end;
  }
  if (c.out.updates.empty()) {
    int last = c.lines.empty() ? 1 : c.lines.back().number;
    return error_at(c.options, last, "expected numbered updates after 'Update timeline'");
  }
  return Ok();
}

// Words of the "<Severity> <Status> View vendor source" line(s).
void read_badges(Cursor& c, std::string_view text) {
  std::string word;
  auto take = [&] {
    if (word.empty()) return;
    if (!c.out.impact) {
      if (auto impact = parse_impact_word(word)) c.out.impact = impact;
    }
    if (auto status = parse_status_word(word)) c.out.status = status;
    word.clear();
  };
  for (char ch : text) {
    if (ch == ' ')
      take();
    else
      word += ch;
  }
  take();
}

void read_affected(Cursor& c, size_t begin, size_t end, const std::string& summary) {
  auto known = names_in_summary(summary);
  std::string context = summary + " " + c.out.vendor.value_or("") + " " + c.out.title.value_or("");
  for (size_t i = begin; i < end; ++i) {
    std::string_view text = c.lines[i].text;
    if (text.starts_with("- ")) text.remove_prefix(2);  // a list item in saved HTML
    if (text.empty()) continue;
    bool guessed = false;
    for (auto& name : split_run_together(text, known, context, guessed)) {
      c.out.components.push_back(name);
    }
    if (guessed) {
      c.out.warnings.push_back({c.lines[i].number,
                                "component names printed run together; split by capitalisation "
                                "(a guess): " +
                                    join_human(c.out.components)});
    }
  }
}

size_t find_line(const std::vector<Line>& lines, size_t from, std::string_view prefix) {
  for (size_t i = from; i < lines.size(); ++i) {
    if (starts_with_ci(lines[i].text, prefix)) return i;
  }
  return lines.size();
}

Result<void> read_header(Cursor& c, size_t timeline_at, std::string& summary) {
  // The heading "<Vendor> incident"; saved HTML may put navigation above it.
  size_t first = next_nonblank(c.lines, 0);
  for (size_t i = first; i < timeline_at && !c.out.vendor; ++i) {
    const std::string& head = c.lines[i].text;
    if (head.size() > 80 || starts_with_ci(head, "Started")) break;
    for (std::string_view suffix : {" incident", " maintenance", " outage"}) {
      if (head.size() > suffix.size() && to_lower(head).ends_with(suffix)) {
        c.out.vendor = trim_text(head.substr(0, head.size() - suffix.size()));
        if (suffix == " maintenance") c.out.kind = IncidentKind::kMaintenance;
        first = i;
        break;
      }
    }
  }
  if (!c.out.vendor) {
    return error_at(c.options, first < c.lines.size() ? c.lines[first].number : 1,
                    "expected the heading '<Vendor> incident'");
  }
  size_t title = next_nonblank(c.lines, first + 1);
  if (title >= timeline_at)
    return error_at(c.options, c.lines[first].number, "expected the incident title");
  c.out.title = c.lines[title].text;
  for (size_t i = title + 1; i < timeline_at; ++i) {
    const std::string& text = c.lines[i].text;
    if (text.find(" experienced ") != std::string::npos) {
      summary = text;
      break;
    }
    if (!text.empty() && !starts_with_ci(text, "Started")) read_badges(c, text);
    if (starts_with_ci(text, "Started")) break;
  }
  if (!c.out.impact && !summary.empty()) {
    auto at = summary.find(" experienced a");
    std::string rest = summary.substr(at + 14);
    if (!rest.empty() && rest[0] == 'n') rest = rest.substr(1);
    rest = trim_text(rest);
    c.out.impact = parse_impact_word(rest.substr(0, rest.find(' ')));
  }
  return Ok();
}

}  // namespace

Result<ImportedIncident> parse_aggregator(const std::vector<Line>& lines, const PageHints& hints,
                                          const ImportOptions& options) {
  ImportedIncident out;
  Cursor c{lines, options, out};
  size_t timeline = find_line(lines, 0, "Update timeline");
  if (timeline == lines.size()) {
    return error_at(options, lines.empty() ? 1 : lines.back().number,
                    "expected an 'Update timeline' section (aggregator layout)");
  }
  std::string summary;
  PHAROS_TRY(read_header(c, timeline, summary));
  std::optional<Instant> page_resolved;
  size_t affected = timeline;
  for (size_t i = 0; i < timeline; ++i) {
    const std::string& text = lines[i].text;
    if (text == "Started" || (starts_with_ci(text, "Started ") && find_stamp(text))) {
      auto at = labelled_time(c, i, 7);
      if (!at) return at.error();
      out.started_at = *at;
    } else if (text == "Resolved" || (starts_with_ci(text, "Resolved ") && find_stamp(text))) {
      auto at = labelled_time(c, i, 8);
      if (!at) return at.error();
      page_resolved = *at;
    } else if (starts_with_ci(text, "Detected by")) {
      size_t label = 11;  // the detector's name may follow; the time is found after it
      auto at = labelled_time(c, i, label);
      if (!at) return at.error();
      out.detected_at = *at;
    } else if (equals_ci(text, "Affected components")) {
      affected = i;
    }
  }
  if (affected < timeline) read_affected(c, affected + 1, timeline, summary);
  PHAROS_TRY(read_timeline(c, timeline + 1));
  out.resolved_at = page_resolved;
  out.source_url = hints.source_url;
  if (options.vendor) out.vendor = options.vendor;
  out.status.reset();  // the timeline decides; the badge may lag behind
  finish_incident(out);
  return out;
}

}  // namespace pharos::importer
