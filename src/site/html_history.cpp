// "/history?page=N": incidents and maintenances by month, three months per page, newest first.
#include <algorithm>

#include <date/date.h>

#include "core/words.h"
#include "markdown/markdown.h"
#include "site/html_common.h"
#include "site/html_pages.h"

namespace pharos::site {
namespace {

using namespace html;

constexpr size_t kExcerptBytes = 280;

// Months since year 0 of `at` in the page zone, so months compare and subtract as integers.
int month_index(const SiteData& data, Instant at) {
  auto local = date::local_days{date::floor<date::days>(
      date::local_time<Millis>{at.time_since_epoch() + data.zone.offset_at(at)})};
  date::year_month_day ymd{local};
  return static_cast<int>(ymd.year()) * 12 + static_cast<int>(static_cast<unsigned>(ymd.month())) -
         1;
}

std::string month_name(int index) {
  static const char* kNames[] = {"January",   "February", "March",    "April",
                                 "May",       "June",     "July",     "August",
                                 "September", "October",  "November", "December"};
  return std::string(kNames[index % 12]) + " " + std::to_string(index / 12);
}

// "Mar 13, 06:55 – 16:02 CET", or across days "Feb 25, 23:44 – Feb 26, 20:27 CET".
// A maintenance window that has not begun reads "Scheduled for Mar 13, 06:55 – 08:00 CET"; one
// cancelled before it began, "Cancelled; was scheduled for …".
std::string span_text(const SiteData& data, const Incident& i) {
  std::string from = format_in_zone(i.started_at, data.zone, "%b %d, %H:%M");
  bool cancelled = cancelled_maintenance(i);
  if (i.is_maintenance() && i.scheduled_for && i.scheduled_until &&
      (i.status == IncidentStatus::kScheduled || cancelled)) {
    Instant start = *i.scheduled_for;
    bool same_day =
        format_date_in_zone(start, data.zone) == format_date_in_zone(*i.scheduled_until, data.zone);
    return std::string(cancelled ? "Cancelled; was scheduled for " : "Scheduled for ") +
           format_in_zone(start, data.zone, "%b %d, %H:%M") + " – " +
           format_in_zone(*i.scheduled_until, data.zone, same_day ? "%H:%M %Z" : "%b %d, %H:%M %Z");
  }
  if (!i.resolved_at) return from + " " + data.zone.abbreviation_at(i.started_at) + " – ongoing";
  bool same_day = format_date_in_zone(i.started_at, data.zone) ==
                  format_date_in_zone(*i.resolved_at, data.zone);
  std::string to =
      format_in_zone(*i.resolved_at, data.zone, same_day ? "%H:%M %Z" : "%b %d, %H:%M %Z");
  return from + " – " + to;
}

std::string entry(const SiteData& data, const Incident& i) {
  std::string out = "<li class=\"past impact-" + std::string(to_string(i.impact)) +
                    "\"><a href=\"/incidents/" + html_escape(i.id) + "\">" + html_escape(i.name) +
                    "</a> " + impact_badge(data, i.impact);
  if (const IncidentUpdate* u = i.latest_update()) {
    // What a reader sees of the body, not its Markdown source; cut between whole characters.
    std::string message = shorten_utf8(markdown::to_plain_text(u->body), kExcerptBytes);
    out += "<p class=\"message\">" + html_escape(message) + "</p>";
  }
  return out + "<p class=\"muted\">" + html_escape(span_text(data, i)) + "</p></li>";
}

// "/history/page/N/": a path rather than "?page=N" so the same links work in a static export
// (history/page/N/index.html); the server answers both forms.
std::string page_href(int page) { return "/history/page/" + std::to_string(page) + "/"; }

std::string pager(const SiteData& data, int page, int pages) {
  if (pages <= 1) return {};
  std::string out = "<nav class=\"pager\" aria-label=\"History pages\">";
  if (page > 1) {
    out += "<a rel=\"prev\" href=\"" + page_href(page - 1) + "\">" + text(data, "newer") + "</a>";
  }
  out += "<span>Page " + std::to_string(page) + " of " + std::to_string(pages) + "</span>";
  if (page < pages) {
    out += "<a rel=\"next\" href=\"" + page_href(page + 1) + "\">" + text(data, "older") + "</a>";
  }
  return out + "</nav>\n";
}

}  // namespace

std::vector<std::string> render_history(const SiteData& data) {
  std::vector<const Incident*> all;
  for (const auto* list : {&data.incidents, &data.maintenances}) {
    for (const auto& i : *list) all.push_back(&i);
  }
  std::stable_sort(all.begin(), all.end(), [](const Incident* a, const Incident* b) {
    return a->started_at > b->started_at;
  });
  int newest = month_index(data, data.now);
  int oldest = newest;
  for (const auto* i : all) oldest = std::min(oldest, month_index(data, i->started_at));
  int pages = (newest - oldest) / kHistoryMonthsPerPage + 1;
  std::vector<std::string> out;
  for (int page = 1; page <= pages; ++page) {
    std::string main = "<h1>" + text(data, "history_title") + "</h1>\n";
    for (int m = 0; m < kHistoryMonthsPerPage; ++m) {
      int month = newest - (page - 1) * kHistoryMonthsPerPage - m;
      std::string items;
      for (const auto* i : all) {
        if (month_index(data, i->started_at) == month) items += entry(data, *i);
      }
      main += "<section class=\"month\"><h2>" + month_name(month) + "</h2>";
      main += items.empty() ? "<p class=\"muted\">" + text(data, "no_incidents_this_month") + "</p>"
                            : "<ul class=\"past-list\">" + items + "</ul>";
      main += "</section>\n";
    }
    main += pager(data, page, pages);
    out.push_back(layout(data,
                         std::string(raw_text(data, "history_title")) + " · " + data.page.name +
                             " " + std::string(raw_text(data, "status_suffix")),
                         main));
  }
  return out;
}

std::string render_not_found(const SiteData& data) {
  std::string suffix(raw_text(data, "status_suffix"));
  return layout(
      data, std::string(raw_text(data, "not_found_title")) + " · " + data.page.name + " " + suffix,
      "<h1>" + text(data, "not_found_title") + "</h1>\n<p>" + text(data, "not_found_text") +
          "</p>\n<p><a href=\"/\">" + html_escape(data.page.name) + " " +
          text(data, "home_link_suffix") + "</a> · <a href=\"/history\">" +
          text(data, "nav_history") + "</a></p>\n");
}

}  // namespace pharos::site
