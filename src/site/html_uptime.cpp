// "/uptime": each component's uptime over 30, 90 and 365 days and a calendar of its last months,
// as on Statuspage's uptime page, without JavaScript (a <details> per component).
#include <array>

#include <date/date.h>

#include "core/duration.h"
#include "site/html_common.h"
#include "site/html_pages.h"

namespace pharos::site {
namespace {

using namespace html;

date::year_month_day local_date(const SiteData& data, Instant at) {
  auto local = date::local_time<Millis>{at.time_since_epoch() + data.zone.offset_at(at)};
  return date::year_month_day{date::floor<date::days>(local)};
}

std::string percent_or_no_data(const std::optional<double>& ratio) {
  return ratio ? format_uptime_percent(*ratio) : "no data";
}

std::string day_class(const StatusTime& t) {
  return t.observed().count() == 0 ? "nodata" : std::string(status_class(t.worst()));
}

// "Nov 21, 2026: 99.95% uptime; 12m major outage; 2h no data; API errors"
std::string day_title(const SiteData& data, const UptimeDay& day) {
  std::string t = short_date(data, day.start) + ": ";
  auto ratio = uptime_ratio(day.time);
  t += ratio ? format_uptime_percent(*ratio) + " uptime" : std::string("no data");
  t += status_time_notes(day.time, ratio.has_value());
  for (const auto& name : day.incidents) t += "; " + name;
  return t;
}

std::string month_caption(const date::year_month& ym) {
  static const char* kNames[] = {"January",   "February", "March",    "April",
                                 "May",       "June",     "July",     "August",
                                 "September", "October",  "November", "December"};
  return std::string(kNames[static_cast<unsigned>(ym.month()) - 1]) + " " +
         std::to_string(static_cast<int>(ym.year()));
}

// One month: caption with its uptime, weekday header, leading blanks, one cell per day (days not
// yet come are blank cells with their number).
std::string month_html(const SiteData& data, const date::year_month& ym,
                       const std::vector<const UptimeDay*>& days) {
  StatusTime total;
  for (const UptimeDay* d : days) total += d->time;
  std::string out = "<figure class=\"month\"><figcaption><span>" + month_caption(ym) +
                    "</span><span class=\"m-up\">" + percent_or_no_data(uptime_ratio(total)) +
                    "</span></figcaption><div class=\"cal\">";
  for (const char* w : {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}) {
    out += "<span class=\"wd\" aria-hidden=\"true\">" + std::string(w, 2) + "</span>";
  }
  date::weekday first{date::sys_days(ym / date::day(1))};
  unsigned blanks = (first.c_encoding() + 6) % 7;
  for (unsigned k = 0; k < blanks; ++k) out += "<span class=\"d blank\"></span>";
  unsigned last = static_cast<unsigned>((ym / date::last).day());
  // Each day's cell by its day of the month, found once (the zone lookup is the costly part).
  std::array<const UptimeDay*, 32> by_day{};
  for (const UptimeDay* d : days) {
    by_day[static_cast<unsigned>(local_date(data, d->start).day())] = d;
  }
  for (unsigned n = 1; n <= last; ++n) {
    const UptimeDay* day = by_day[n];
    if (!day) {
      out += "<span class=\"d future\">" + std::to_string(n) + "</span>";
      continue;
    }
    std::string title = html_escape(day_title(data, *day));
    out.append("<span class=\"d s-").append(day_class(day->time));
    out.append("\" title=\"").append(title).append("\" aria-label=\"").append(title);
    out.append("\">").append(std::to_string(n)).append("</span>");
  }
  return out + "</div></figure>";
}

std::string component_html(const SiteData& data, const ComponentUptime& c, bool open) {
  std::string out = std::string("<details class=\"uc\"") + (open ? " open" : "") +
                    "><summary><span class=\"c-name\">" + html_escape(c.name) +
                    "</span><span class=\"figs\">30 days <b>" + percent_or_no_data(c.last_30) +
                    "</b> · 90 days <b>" + percent_or_no_data(c.last_90) + "</b> · 365 days <b>" +
                    percent_or_no_data(c.last_365) + "</b></span></summary><div class=\"months\">";
  std::vector<std::pair<date::year_month, std::vector<const UptimeDay*>>> months;
  for (const auto& day : c.days) {
    auto ymd = local_date(data, day.start);
    date::year_month ym{ymd.year(), ymd.month()};
    if (months.empty() || months.back().first != ym) months.push_back({ym, {}});
    months.back().second.push_back(&day);
  }
  for (auto it = months.rbegin(); it != months.rend(); ++it) {
    out += month_html(data, it->first, it->second);
  }
  return out + "</div></details>\n";
}

}  // namespace

std::string render_uptime(const SiteData& data) {
  std::string main =
      "<section class=\"uptime\" aria-labelledby=\"uptime-h\"><h1 id=\"uptime-h\">Uptime</h1>"
      "<p class=\"muted\">A major outage counts in full, a partial outage at 30 %; maintenance and "
      "time without monitoring data are left out. Days are in " +
      html_escape(data.zone.name()) +
      ".</p>\n<p class=\"legend\" aria-hidden=\"true\"><span class=\"d s-operational\"></span>"
      "Operational <span class=\"d s-degraded\"></span>Degraded <span class=\"d s-partial\">"
      "</span>Partial outage <span class=\"d s-major\"></span>Major outage <span class=\"d "
      "s-maintenance\"></span>Maintenance <span class=\"d s-nodata\"></span>No data</p>\n";
  bool first = true;
  for (const auto& c : data.uptime_page->components) {
    main += component_html(data, c, first);
    first = false;
  }
  if (data.uptime_page->components.empty()) main += "<p>No components.</p>";
  return layout(data, data.page.name + " Uptime", main + "</section>\n");
}

}  // namespace pharos::site
