#include "importer/page_timeline.h"

namespace pharos::importer {
namespace {

bool is_text(const PageLine& p) { return p.kind == LineKind::kText; }
bool is_bare_stamp(const PageLine& p) {
  return p.kind == LineKind::kStamp && !p.label && p.rest.empty();
}

size_t next_content(const std::vector<PageLine>& page, size_t i) {
  while (i < page.size() && (page[i].kind == LineKind::kBlank || page[i].kind == LineKind::kJunk))
    ++i;
  return i;
}

// Stamps lead when text follows the last bare stamp, or when every stamp carries its label or
// its text on the same line.
bool stamps_lead(const std::vector<PageLine>& page) {
  size_t last = page.size();
  for (size_t i = 0; i < page.size(); ++i)
    if (is_bare_stamp(page[i])) last = i;
  if (last == page.size()) return true;
  for (size_t i = last + 1; i < page.size(); ++i)
    if (is_text(page[i])) return true;
  return false;
}

bool has_text(const std::vector<PageLine>& page, const TimelineEntry& e) {
  for (size_t i : e.body)
    if (is_text(page[i])) return true;
  return !e.lead.empty();
}

TimelineEntry open_entry(const PageLine& p) {
  TimelineEntry e;
  e.label = p.label;
  e.stamp = p.stamp;
  e.line = p.line->number;
  e.lead = p.rest;
  return e;
}

Timeline read_leading(const std::vector<PageLine>& page) {
  Timeline t;
  for (size_t i = 0; i < page.size(); ++i) {
    const PageLine& p = page[i];
    if (p.kind == LineKind::kLabel || p.kind == LineKind::kStamp) {
      bool attach = is_bare_stamp(p) && !t.entries.empty() && t.entries.back().label &&
                    !t.entries.back().stamp && !has_text(page, t.entries.back());
      if (attach) {
        t.entries.back().stamp = p.stamp;
        t.entries.back().line = p.line->number;
      } else {
        t.entries.push_back(open_entry(p));
      }
    } else if (p.kind == LineKind::kText || p.kind == LineKind::kBlank) {
      if (t.entries.empty()) {
        if (is_text(p)) t.header.push_back(i);
      } else {
        t.entries.back().body.push_back(i);
      }
    }
  }
  return t;
}

// The first line of an unlabelled page is its title when it is short and text follows it.
bool is_title_line(const std::vector<PageLine>& page, size_t i, const Timeline& t) {
  if (!t.header.empty() || count_words(page[i].line->text) > 12) return false;
  size_t next = next_content(page, i + 1);
  return next < page.size() && is_text(page[next]);
}

// Stamps close entries: each run of lines up to a bare stamp is one entry; its first label (if
// any) labels it. Before the first label, or before the first text of an unlabelled page, a
// short first line is the header (the title).
Timeline read_closing(const std::vector<PageLine>& page) {
  Timeline t;
  t.stamps_lead = false;
  TimelineEntry e;
  bool any_label = false;
  for (const auto& p : page) any_label = any_label || p.kind == LineKind::kLabel;
  for (size_t i = 0; i < page.size(); ++i) {
    const PageLine& p = page[i];
    if (is_bare_stamp(p)) {
      e.stamp = p.stamp;
      e.line = p.line->number;
      t.entries.push_back(std::move(e));
      e = TimelineEntry{};
    } else if (p.kind == LineKind::kLabel || (p.kind == LineKind::kStamp && p.label)) {
      if (!e.label) e.label = p.label;
      if (e.line == 0) e.line = p.line->number;
    } else if (p.kind == LineKind::kText || p.kind == LineKind::kBlank) {
      bool before_first = t.entries.empty() && !e.label;
      if (before_first && is_text(p) && (any_label || is_title_line(page, i, t))) {
        t.header.push_back(i);
        continue;
      }
      e.body.push_back(i);
    }
  }
  return t;
}

// In the last entry of a stamps-lead page, text after a double blank line is the analysis that
// follows the timeline (a post-mortem), not part of the oldest update.
void split_trailer(const std::vector<PageLine>& page, Timeline& t) {
  if (t.entries.empty()) return;
  auto& body = t.entries.back().body;
  for (size_t k = 1; k < body.size(); ++k) {
    bool double_blank =
        page[body[k]].kind == LineKind::kBlank && page[body[k - 1]].kind == LineKind::kBlank;
    if (!double_blank) continue;
    std::vector<size_t> rest(body.begin() + static_cast<long>(k), body.end());
    if (count_words(body_text(page, rest)) < 40) return;  // a closing remark, still the update's
    t.trailer = std::move(rest);
    body.resize(k);
    return;
  }
}

}  // namespace

Timeline read_timeline(const std::vector<PageLine>& page) {
  if (!stamps_lead(page)) return read_closing(page);
  Timeline t = read_leading(page);
  split_trailer(page, t);
  return t;
}

std::string body_text(const std::vector<PageLine>& page, const std::vector<size_t>& indices,
                      const std::string& lead) {
  std::string out = lead;
  bool blank = false;
  for (size_t i : indices) {
    const PageLine& p = page[i];
    if (p.kind == LineKind::kBlank) {
      blank = !out.empty();
      continue;
    }
    if (p.kind != LineKind::kText) continue;
    if (!out.empty()) out += blank ? "\n\n" : "\n";
    out += p.line->text;
    blank = false;
  }
  return out;
}

}  // namespace pharos::importer
