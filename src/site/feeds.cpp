#include "site/feeds.h"

#include <algorithm>
#include <unordered_map>

#include "core/text.h"
#include "markdown/markdown.h"
#include "site/html_common.h"

namespace pharos::site {
namespace {

constexpr const char* kAtomType = "application/atom+xml; charset=utf-8";
constexpr const char* kRssType = "application/rss+xml; charset=utf-8";

struct Entry {
  const Incident* incident;
  std::size_t index;  // into incident->updates
  const IncidentUpdate& update() const { return incident->updates[index]; }
};

// Newest first, at most kFeedEntries, optionally only updates of incidents touching `component`.
std::vector<Entry> entries(const SiteData& data, const std::string& component) {
  std::vector<Entry> out;
  for (const auto* list : {&data.incidents, &data.maintenances}) {
    for (const auto& incident : *list) {
      if (!component.empty() &&
          std::find(incident.component_ids.begin(), incident.component_ids.end(), component) ==
              incident.component_ids.end()) {
        continue;
      }
      for (std::size_t i = 0; i < incident.updates.size(); ++i) out.push_back({&incident, i});
    }
  }
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
    if (a.update().display_at != b.update().display_at) {
      return a.update().display_at > b.update().display_at;
    }
    return a.update().id > b.update().id;
  });
  if (out.size() > kFeedEntries) out.resize(kFeedEntries);
  return out;
}

std::string incident_link(const SiteData& data, const Incident& incident) {
  return data.page.url + "/incidents/" + incident.id;
}

// Atom ids must be absolute IRIs even when the page has no public URL configured.
std::string entry_id(const SiteData& data, const IncidentUpdate& update) {
  return "urn:pharos:" + data.page.id + ":update:" + update.id;
}

// The Statuspage per-update HTML (unescaped; the caller escapes it for XML).
std::string entry_html(const SiteData& data, const Entry& e) {
  const IncidentUpdate& u = e.update();
  std::string out = "<p><small>" + format_in_zone(u.display_at, data.zone, "%b") +
                    " <var data-var='date'>" + format_in_zone(u.display_at, data.zone, "%e") +
                    "</var>, <var data-var='time'>" +
                    format_in_zone(u.display_at, data.zone, "%H:%M") + "</var> " +
                    format_in_zone(u.display_at, data.zone, "%Z") + "</small><br><strong>" +
                    html_escape(html::update_label(*e.incident, e.index)) + "</strong> - ";
  // A one-paragraph body goes inline after the label, as on Statuspage; longer ones follow.
  std::string body = markdown::to_html(u.body);
  while (!body.empty() && body.back() == '\n') body.pop_back();
  bool one_paragraph = body.rfind("<p>", 0) == 0 && body.find("</p>") == body.size() - 4;
  if (one_paragraph) return out + body.substr(3);
  return out + "</p>" + body;
}

// Each update's entry HTML, escaped for XML, made once per build: the same update is an entry of
// the page's two feeds and of two feeds per component it touches, and its Markdown is the costly
// part (cmark).
class EntryTexts {
 public:
  explicit EntryTexts(const SiteData& data) : data_(data) {}
  const std::string& escaped_html(const Entry& e) {
    auto [it, added] = texts_.try_emplace(&e.update());
    if (added) it->second = html_escape(entry_html(data_, e));
    return it->second;
  }

 private:
  const SiteData& data_;
  std::unordered_map<const IncidentUpdate*, std::string> texts_;
};

std::string entry_title(const Entry& e) {
  return e.incident->name + " — " + html::update_label(*e.incident, e.index);
}

// `quiet_since`: the feed's time while it has no entry (see render_feeds).
std::string atom(const SiteData& data, EntryTexts& texts, const std::vector<Entry>& list,
                 const std::string& self, const std::string& title, Instant quiet_since) {
  Instant updated = list.empty() ? quiet_since : list.front().update().display_at;
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<feed xml:lang=\"en-US\" xmlns=\"http://www.w3.org/2005/Atom\">\n"
      "  <id>urn:pharos:" +
      data.page.id + ":" + html_escape(self) +
      "</id>\n"
      "  <link rel=\"alternate\" type=\"text/html\" href=\"" +
      html_escape(data.page.url + "/") +
      "\"/>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"" +
      html_escape(data.page.url + self) + "\"/>\n  <title>" + html_escape(title) +
      "</title>\n  <updated>" + format_iso_utc(updated) + "</updated>\n  <author><name>" +
      html_escape(data.page.name) + "</name></author>\n";
  for (const auto& e : list) {
    out += "  <entry>\n    <id>" + entry_id(data, e.update()) + "</id>\n    <published>" +
           format_iso_utc(e.update().display_at) + "</published>\n    <updated>" +
           format_iso_utc(e.update().updated_at) +
           "</updated>\n    <link rel=\"alternate\" "
           "type=\"text/html\" href=\"" +
           html_escape(incident_link(data, *e.incident)) + "\"/>\n    <title>" +
           html_escape(entry_title(e)) + "</title>\n    <content type=\"html\">" +
           texts.escaped_html(e) + "</content>\n  </entry>\n";
  }
  return out + "</feed>\n";
}

std::string rss(const SiteData& data, EntryTexts& texts, const std::vector<Entry>& list,
                const std::string& self, const std::string& title, Instant quiet_since) {
  Instant updated = list.empty() ? quiet_since : list.front().update().display_at;
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n"
      "  <title>" +
      html_escape(title) + "</title>\n  <link>" + html_escape(data.page.url + "/") +
      "</link>\n  <atom:link href=\"" + html_escape(data.page.url + self) +
      "\" rel=\"self\" type=\"application/rss+xml\"/>\n  <description>" + html_escape(title) +
      "</description>\n  <pubDate>" + format_rfc822(updated) + "</pubDate>\n";
  for (const auto& e : list) {
    out += "  <item>\n    <title>" + html_escape(entry_title(e)) + "</title>\n    <description>" +
           texts.escaped_html(e) + "</description>\n    <pubDate>" +
           format_rfc822(e.update().display_at) + "</pubDate>\n    <link>" +
           html_escape(incident_link(data, *e.incident)) +
           "</link>\n    <guid isPermaLink=\"false\">" + entry_id(data, e.update()) +
           "</guid>\n  </item>\n";
  }
  return out + "</channel>\n</rss>\n";
}

}  // namespace

std::vector<FeedDocument> render_feeds(const SiteData& data) {
  std::vector<FeedDocument> out;
  std::string title = data.page.name + " Status - Incident History";
  // A feed with no entry yet is as old as what it follows: the page's last change for the
  // page's feed, the component's own for a component's. Not the page's last change for every
  // feed: a component's empty feed would then tell readers it changed whenever anything on the
  // page did, and be rendered and compressed anew on every incident update.
  EntryTexts texts(data);
  auto all = entries(data, "");
  Instant page_changed = data.updated_at();
  out.push_back(
      {"/history.atom", atom(data, texts, all, "/history.atom", title, page_changed), kAtomType});
  out.push_back(
      {"/history.rss", rss(data, texts, all, "/history.rss", title, page_changed), kRssType});
  for (const auto& c : data.components) {
    auto mine = entries(data, c.id);
    std::string base = "/components/" + c.id + "/history";
    std::string component_title = data.page.name + " Status - " + c.name + " - Incident History";
    Instant since = c.updated_at;
    out.push_back({base + ".atom", atom(data, texts, mine, base + ".atom", component_title, since),
                   kAtomType});
    out.push_back(
        {base + ".rss", rss(data, texts, mine, base + ".rss", component_title, since), kRssType});
  }
  return out;
}

}  // namespace pharos::site
