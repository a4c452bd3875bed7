// Statuspage history feeds (../shared/FORMATS.md §3): /history.atom and /history.rss, one entry
// per incident or maintenance, newest first. Each entry's HTML content lists the updates newest
// first as
//   <p><small>Oct <var>21</var>, <var>17:39</var> UTC</small><br><strong>Resolved</strong> -
//   body</p>
// without a year: it comes from the entry's <published>/<pubDate>, stepping back a year when a
// time would fall after the newer update above it. A maintenance entry starts with
//   <p><strong>THIS IS A SCHEDULED EVENT Apr <var>7</var>, <var>13:00</var> - <var>15:00</var>
//   UTC</strong></p>
// The feed is scanned for its few elements by hand (no XML library in the dependency set); the
// entry content is real HTML and goes through gumbo (html_text.h).
#include "core/text.h"
#include "importer/components.h"
#include "importer/html_text.h"
#include "importer/parsers.h"
#include "importer/time_text.h"
#include "importer/vocabulary.h"

namespace pharos::importer {
namespace {

struct Span {
  size_t begin = 0;           // offset of the element's content
  size_t end = 0;             // offset of its closing tag
  std::string_view open_tag;  // "<link rel=… href=…>"
};

// The first <tag …>…</tag> (or <tag …/>) in text[from, to).
std::optional<Span> find_element(std::string_view text, std::string_view tag, size_t from,
                                 size_t to) {
  std::string open = "<" + std::string(tag);
  for (size_t at = text.find(open, from); at != std::string_view::npos && at < to;
       at = text.find(open, at + 1)) {
    size_t after = at + open.size();
    if (after >= text.size() || (text[after] != '>' && text[after] != ' ' && text[after] != '/' &&
                                 text[after] != '\n' && text[after] != '\t')) {
      continue;
    }
    size_t close = text.find('>', after);
    if (close == std::string_view::npos || close >= to) return std::nullopt;
    std::string_view open_tag = text.substr(at, close - at + 1);
    if (text[close - 1] == '/') return Span{close + 1, close + 1, open_tag};
    size_t end = text.find("</" + std::string(tag) + ">", close);
    if (end == std::string_view::npos || end > to) return std::nullopt;
    return Span{close + 1, end, open_tag};
  }
  return std::nullopt;
}

std::string decode_entities(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 8) {
      out += s[i];
      continue;
    }
    std::string_view name = s.substr(i + 1, semi - i - 1);
    std::string rep;
    if (name == "lt")
      rep = "<";
    else if (name == "gt")
      rep = ">";
    else if (name == "amp")
      rep = "&";
    else if (name == "quot")
      rep = "\"";
    else if (name == "apos" || name == "#39")
      rep = "'";
    if (rep.empty()) {
      out += s[i];
      continue;
    }
    out += rep;
    i = semi;
  }
  return out;
}

// Element text: CDATA unwrapped, entities decoded once.
std::string element_text(std::string_view text, const Span& span) {
  std::string_view inner = text.substr(span.begin, span.end - span.begin);
  inner = trim(inner);
  if (inner.starts_with("<![CDATA[") && inner.ends_with("]]>")) {
    return std::string(inner.substr(9, inner.size() - 12));
  }
  return decode_entities(inner);
}

std::optional<std::string> child(std::string_view text, std::string_view tag, size_t from,
                                 size_t to) {
  auto span = find_element(text, tag, from, to);
  if (!span) return std::nullopt;
  return trim_text(element_text(text, *span));
}

std::optional<std::string> attribute(std::string_view open_tag, std::string_view name) {
  std::string key = " " + std::string(name) + "=";
  size_t at = open_tag.find(key);
  if (at == std::string_view::npos || at + key.size() >= open_tag.size()) return std::nullopt;
  char quote = open_tag[at + key.size()];
  if (quote != '"' && quote != '\'') return std::nullopt;
  size_t end = open_tag.find(quote, at + key.size() + 1);
  if (end == std::string_view::npos) return std::nullopt;
  return decode_entities(open_tag.substr(at + key.size() + 1, end - at - key.size() - 1));
}

int line_of(std::string_view text, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
  }
  return line;
}

// The entry's link: Atom <link rel="alternate" href="…"/>, RSS <link>…</link>.
std::optional<std::string> entry_link(std::string_view text, size_t from, size_t to) {
  for (size_t at = from; at < to;) {
    auto span = find_element(text, "link", at, to);
    if (!span) break;
    auto rel = attribute(span->open_tag, "rel");
    if (auto href = attribute(span->open_tag, "href"); href && (!rel || *rel == "alternate"))
      return href;
    if (span->end > span->begin) return trim_text(element_text(text, *span));
    at = span->end + 1;
  }
  return std::nullopt;
}

struct EntryUpdate {
  LocalStamp stamp;
  std::string label;
  std::vector<Line> body;
};

// "Resolved - body" → label and the rest; no label when the line does not start with one.
std::pair<std::string, std::string> split_label(const std::string& line) {
  size_t dash = line.find(" - ");
  if (dash == std::string::npos || dash > 20) return {"", line};
  std::string label = line.substr(0, dash);
  if (!parse_status_word(label) && !is_update_label(label)) return {"", line};
  return {label, line.substr(dash + 3)};
}

void read_content(const std::vector<Line>& lines, std::vector<EntryUpdate>& updates,
                  ImportedIncident& out, std::string& window_text) {
  for (const auto& line : lines) {
    if (starts_with_ci(line.text, "THIS IS A SCHEDULED EVENT")) {
      window_text = line.text.substr(25);
      out.kind = IncidentKind::kMaintenance;
      continue;
    }
    if (starts_with_ci(line.text, "This incident affect") ||
        starts_with_ci(line.text, "This scheduled maintenance affect")) {
      out.components = split_component_list(line.text.substr(line.text.find(':') + 1));
      continue;
    }
    auto stamp = find_stamp(line.text);
    if (stamp && stamp->has_time() && is_stamp_line(line.text)) {
      updates.push_back({*stamp, "", {}});
      continue;
    }
    if (updates.empty()) continue;
    auto& u = updates.back();
    if (u.label.empty() && u.body.empty() && !line.text.empty()) {
      auto [label, rest] = split_label(line.text);
      u.label = label;
      u.body.push_back({line.number, rest});
      continue;
    }
    u.body.push_back(line);
  }
}

// Resolves update times newest first from the entry's publication year.
Result<void> build_updates(std::vector<EntryUpdate>& updates, std::optional<Instant> published,
                           const ImportOptions& options, int line, ImportedIncident& out) {
  std::optional<int> year;
  if (published)
    year = int(date::year_month_day(std::chrono::floor<date::days>(*published)).year());
  // The newest an update can be: a day past publication, then each newer update's time. (A
  // plain value and a flag: GCC 12 misreads an optional<Instant> here as maybe-uninitialised.)
  bool bounded = published.has_value();
  Instant newer = published ? *published + std::chrono::hours(24) : Instant{};
  std::vector<ImportedUpdate> list;
  for (auto& u : updates) {
    std::string warning;
    auto at = resolve_stamp(u.stamp, options, year, &warning);
    if (at && !u.stamp.year && year && bounded && *at > newer) {
      year = *year - 1;
      at = resolve_stamp(u.stamp, options, year, nullptr);
    }
    if (!at) return error_at(options, line, at.error().message);
    if (!warning.empty()) out.warnings.push_back({line, warning});
    newer = *at;
    bounded = true;
    list.push_back({IncidentStatus::kInvestigating, *at, join_body(u.body, 0, u.body.size())});
  }
  // Oldest first; "Update" (or no label) keeps the status in force.
  for (size_t n = list.size(); n-- > 0;) {
    const std::string& label = updates[n].label;
    IncidentStatus previous =
        out.updates.empty() ? IncidentStatus::kInvestigating : out.updates.back().status;
    auto status = parse_status_word(label);
    list[n].status = status ? *status : previous;
    if (status == IncidentStatus::kPostmortem) {
      out.postmortem = list[n].body;
      out.postmortem_at = list[n].at;
      continue;
    }
    out.updates.push_back(list[n]);
  }
  return Ok();
}

// "Dec 21, 02:00 - 04:00 UTC" (or "… - Dec 22, 04:00 UTC"): the maintenance window. The end
// lends the start its zone, the start lends the end its date; unreadable windows are left unset.
void read_window(const std::string& text, std::optional<Instant> published,
                 const ImportOptions& options, ImportedIncident& out) {
  size_t dash = text.find(" - ");
  if (dash == std::string::npos) return;
  auto from = find_stamp(text.substr(0, dash));
  auto to = find_stamp(text.substr(dash + 3));
  if (!from || !to || !from->has_time() || !to->has_time()) return;
  if (from->zone.empty()) from->zone = to->zone;
  if (!to->has_date()) {
    to->month = from->month;
    to->day = from->day;
    to->year = from->year;
  }
  std::optional<int> year;
  if (published)
    year = int(date::year_month_day(std::chrono::floor<date::days>(*published)).year());
  auto start = resolve_stamp(*from, options, year, nullptr);
  auto end = resolve_stamp(*to, options, year, nullptr);
  if (!start || !end) return;
  if (*end < *start) *end += std::chrono::hours(24);
  out.scheduled_for = *start;
  out.scheduled_until = *end;
}

Result<std::optional<Instant>> published_at(std::string_view text, size_t from, size_t to) {
  if (auto iso = child(text, "published", from, to)) {
    auto at = parse_iso8601(*iso);
    if (at) return std::optional<Instant>(*at);
  }
  if (auto rfc = child(text, "pubDate", from, to)) {
    auto stamp = find_stamp(*rfc);
    if (stamp && stamp->zone.empty()) {
      size_t sign = rfc->find_last_of("+-");
      stamp->zone = sign == std::string::npos ? "UTC" : "UTC" + rfc->substr(sign);
    }
    ImportOptions utc;
    if (stamp) {
      if (auto at = resolve_stamp(*stamp, utc, std::nullopt, nullptr))
        return std::optional<Instant>(*at);
    }
  }
  return std::optional<Instant>();
}

std::optional<std::string> feed_vendor(std::string_view text, size_t first_entry) {
  auto title = child(text, "title", 0, first_entry);
  if (!title) return std::nullopt;
  std::string t = *title;
  for (std::string_view suffix : {" - Incident History", " Status"}) {
    if (t.size() > suffix.size() && t.ends_with(suffix)) t = t.substr(0, t.size() - suffix.size());
  }
  return t;
}

Result<ImportedIncident> read_entry(std::string_view text, const Span& entry,
                                    const std::optional<std::string>& vendor,
                                    const ImportOptions& options) {
  int line = line_of(text, entry.begin);
  ImportedIncident out;
  out.title = child(text, "title", entry.begin, entry.end);
  if (!out.title || out.title->empty())
    return error_at(options, line, "expected the entry's <title>");
  out.vendor = options.vendor ? options.vendor : vendor;
  out.source_url = entry_link(text, entry.begin, entry.end);
  auto published = published_at(text, entry.begin, entry.end);
  if (!published) return published.error();
  auto content = child(text, "content", entry.begin, entry.end);
  if (!content) content = child(text, "description", entry.begin, entry.end);
  if (!content) return error_at(options, line, "expected the entry's <content> or <description>");
  std::vector<EntryUpdate> updates;
  std::string window;
  read_content(html_to_lines(*content).lines, updates, out, window);
  if (!window.empty()) read_window(window, *published, options, out);
  if (updates.empty()) {
    return error_at(options, line,
                    "expected updates like '<small>Oct 21, 17:39 UTC</small>' in the entry");
  }
  PHAROS_TRY(build_updates(updates, *published, options, line, out));
  finish_incident(out);
  return out;
}

}  // namespace

bool looks_like_feed(std::string_view text) {
  std::string_view head = text.substr(0, 2048);
  return head.find("<feed") != std::string_view::npos ||
         head.find("<rss") != std::string_view::npos;
}

Result<std::vector<ImportedIncident>> parse_statuspage_feed(std::string_view text,
                                                            const ImportOptions& options) {
  std::string_view tag = text.find("<entry") != std::string_view::npos ? "entry" : "item";
  auto first = find_element(text, tag, 0, text.size());
  if (!first) {
    return error_at(options, 1, "expected <entry> (Atom) or <item> (RSS) elements in the feed");
  }
  auto vendor = feed_vendor(text, first->begin);
  std::vector<ImportedIncident> out;
  for (auto entry = first; entry; entry = find_element(text, tag, entry->end, text.size())) {
    auto one = read_entry(text, *entry, vendor, options);
    if (!one) return one.error();
    out.push_back(std::move(*one));
  }
  return out;
}

}  // namespace pharos::importer
