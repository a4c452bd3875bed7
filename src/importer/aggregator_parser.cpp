// The aggregator layout (seeds 000 and 002). Read top to bottom:
//   <Vendor> incident              vendor
//   <Title>
//   <Severity> <Status> View vendor source →   (HTML may put the words on separate lines)
//   <Vendor> experienced a <severity> incident on … affecting A and B and 1 more component, …
//   Started / <time>, Resolved / <time>, Duration / <text>, Detected by <X> / <time>
//   Affected components / <names…>
//   Update timeline / "  1. investigating Apr 01, 2022, 06:15 PM UTC" / body paragraphs …
#include <algorithm>
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

bool has_alnum(std::string_view s) {
  for (char ch : s) {
    if (std::isalnum(static_cast<unsigned char>(ch))) return true;
  }
  return false;
}

// A line of badges: only severity words, status words and "View vendor source →".
bool is_badge_line(const std::string& text) {
  if (text.empty()) return false;
  for (const auto& piece : split(text, ' ')) {
    std::string w = to_lower(trim_text(piece));
    if (w.empty() || w == "view" || w == "vendor" || w == "source" || w == "in" ||
        w == "progress" || !has_alnum(w) || parse_impact_word(w) || parse_status_word(w)) {
      continue;
    }
    return false;
  }
  return true;
}

// "<Vendor> incident" (or maintenance/outage) at or after `from`, before `end`: its index.
size_t find_heading(Cursor& c, size_t from, size_t end) {
  for (size_t i = from; i < end; ++i) {
    const std::string& head = c.lines[i].text;
    if (head.size() > 80) continue;
    for (std::string_view suffix : {" incident", " maintenance", " outage"}) {
      if (head.size() <= suffix.size() || !to_lower(head).ends_with(suffix)) continue;
      std::string vendor = trim_text(head.substr(0, head.size() - suffix.size()));
      if (!has_alnum(vendor)) continue;
      c.out.vendor = vendor;
      if (suffix == " maintenance") c.out.kind = IncidentKind::kMaintenance;
      return i;
    }
  }
  return end;
}

size_t find_summary(const std::vector<Line>& lines, size_t end) {
  for (size_t i = 0; i < end; ++i) {
    const std::string& t = lines[i].text;
    if (t.find(" experienced ") != std::string::npos ||
        t.find(" is experiencing ") != std::string::npos) {
      return i;
    }
    if (starts_with_ci(t, "Started")) return end;
  }
  return end;
}

// The header: "<Vendor> incident" (optional: pages that render the aggregator layout for their
// own incidents drop it), the title, badge lines, the summary sentence.
Result<void> read_header(Cursor& c, size_t timeline_at, std::string& summary) {
  size_t summary_at = find_summary(c.lines, timeline_at);
  size_t started_at = find_line(c.lines, 0, "Started");
  size_t header_end = std::min({summary_at, started_at, timeline_at});
  size_t heading = find_heading(c, 0, header_end);
  size_t first_badge = header_end;
  for (size_t i = heading < header_end ? heading + 1 : 0; i < header_end; ++i) {
    if (!is_badge_line(c.lines[i].text)) continue;
    read_badges(c, c.lines[i].text);
    first_badge = std::min(first_badge, i);
  }
  std::optional<size_t> title;
  if (heading < header_end) {
    size_t t = next_nonblank(c.lines, heading + 1);
    if (t < header_end && !is_badge_line(c.lines[t].text)) title = t;
  } else {
    for (size_t i = first_badge; i > 0; --i) {
      if (!c.lines[i - 1].text.empty()) {
        title = i - 1;
        break;
      }
    }
  }
  if (!title) {
    int line = c.lines[std::min(header_end, c.lines.size() - 1)].number;
    return error_at(
        c.options, line,
        "expected the heading '<Vendor> incident' and the incident title above this line");
  }
  c.out.title = c.lines[*title].text;
  if (summary_at < timeline_at) summary = c.lines[summary_at].text;
  for (std::string_view verb : {" experienced ", " is experiencing "}) {
    auto at = summary.find(verb);
    if (at == std::string::npos) continue;
    if (!c.out.vendor) c.out.vendor = trim_text(summary.substr(0, at));
    if (!c.out.impact) {
      std::string rest = summary.substr(at + verb.size());
      if (rest.starts_with("an "))
        rest = rest.substr(3);
      else if (rest.starts_with("a "))
        rest = rest.substr(2);
      c.out.impact = parse_impact_word(rest.substr(0, rest.find(' ')));
    }
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
  // The facts follow the header: a "Resolved" badge above the summary is not the Resolved fact.
  size_t facts = std::min(find_line(lines, 0, "Started"), find_summary(lines, timeline) + 1);
  for (size_t i = facts; i < timeline; ++i) {
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
