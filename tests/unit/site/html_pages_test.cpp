#include "site/html_pages.h"

#include <gtest/gtest.h>

#include "site_fixture.h"

namespace pharos::site {
namespace {

using namespace std::chrono_literals;

class HtmlPagesTest : public SiteFixture {};

TEST_F(HtmlPagesTest, HostileNamesAndBodiesAreInert) {
  Component evil = component("evil", "<script>alert(1)</script>", "", 2);
  ASSERT_TRUE(store_
                  ->sync_catalog(page_, {{"platform", "Platform", "", 1}},
                                 {component("api", "API", "platform", 1), evil})
                  .ok());
  Incident incident =
      open("<img src=x onerror=alert(2)>", {{"evil", ComponentStatus::kMajorOutage}},
           "Body <script>alert(3)</script> and [link](javascript:alert(4))");
  SiteData d = data();
  for (const std::string& html : {render_index(d), render_incident(d, incident)}) {
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find("javascript:"), std::string::npos);
  }
  EXPECT_NE(render_index(d).find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST_F(HtmlPagesTest, ResolvedIncidentSentenceAndFacts) {
  Instant start = clock_.now();
  Incident incident = open("API down", {{"api", ComponentStatus::kMajorOutage},
                                        {"auth", ComponentStatus::kMajorOutage},
                                        {"web", ComponentStatus::kPartialOutage}});
  clock_.set(start + 66h + 59min);
  ASSERT_TRUE(service_->resolve(incident.id, "", "test", "test").ok());
  SiteData d = data();
  Incident stored = d.incidents.front();
  EXPECT_EQ(incident_sentence(d, stored),
            "Acme experienced a critical incident on July 1, 2026 affecting API and Auth and 1 "
            "more component, lasting 2d 18h. The incident has been resolved; the full update "
            "timeline is below.");
  std::string html = render_incident(d, stored);
  for (const char* fact :
       {"<dt>Started</dt>", "<dt>Resolved</dt>", "<dt>Duration</dt>", "<dt>Detected</dt>",
        "Affected components", "Update timeline", "Jul 01, 2026, 06:00 AM MDT"}) {
    EXPECT_NE(html.find(fact), std::string::npos) << fact;
  }
  EXPECT_NE(html.find("<ol class=\"timeline\" reversed>"), std::string::npos);
}

TEST_F(HtmlPagesTest, TimelineIsNewestFirstAndBodyListsStayInsideOneStep) {
  Incident incident = open("Slow", {{"web", ComponentStatus::kDegradedPerformance}}, "First look");
  clock_.advance(10min);
  UpdateRequest next;
  next.status = IncidentStatus::kIdentified;
  next.body = "We found it:\n\n- a full disk\n- a stuck job\n\nFixing now.";
  ASSERT_TRUE(service_->post_update(incident.id, next, "test").ok());
  std::string html = render_incident(data(), data().incidents.front());
  auto second = html.find("<li class=\"step st-identified\" data-step=\"2\">");
  auto first = html.find("<li class=\"step st-investigating\" data-step=\"1\">");
  ASSERT_NE(second, std::string::npos) << html;
  ASSERT_NE(first, std::string::npos);
  EXPECT_LT(second, first) << "newest first, numbered from the oldest";
  auto list = html.find("<ul>\n<li>a full disk</li>", second);
  EXPECT_LT(list, first) << "the body's list is inside the newest step";
  EXPECT_EQ(html.find("<li class=\"step", second + 1), first) << "only updates are steps";
}

TEST_F(HtmlPagesTest, HistoryExcerptIsPlainTextCutBetweenCharacters) {
  std::string body = "**Störung** in [Zürich](https://example.com/z): ";
  while (body.size() < 400) body += "Überlastung der Datenbank ";
  open("Slow", {}, body);
  std::string history = render_history(data())[0];
  auto begin = history.find("<p class=\"message\">");
  ASSERT_NE(begin, std::string::npos);
  begin += std::string_view("<p class=\"message\">").size();
  std::string message = history.substr(begin, history.find("</p>", begin) - begin);
  EXPECT_EQ(message.rfind("Störung in Zürich: Überlastung der Datenbank", 0), 0u) << message;
  EXPECT_EQ(message.find_first_of("*[]()#"), std::string::npos) << message;
  EXPECT_LE(message.size(), 280u);
  EXPECT_EQ(message.substr(message.size() - 3), "…");
  EXPECT_TRUE(message.ends_with("Datenbank…") || message.ends_with("der…") ||
              message.ends_with("Überlastung…"))
      << "ends at a word: " << message;
}

TEST_F(HtmlPagesTest, CascadeNamesItsRootCause) {
  Incident incident =
      open("Token verification overloaded",
           {{"auth", ComponentStatus::kMajorOutage}, {"api", ComponentStatus::kMajorOutage}});
  incident.root_component_id = "auth";
  std::string html = render_incident(data(), incident);
  auto root = html.find("Root cause");
  ASSERT_NE(root, std::string::npos);
  EXPECT_LT(html.rfind("Auth", root), root) << "the badge follows the root's name";
  incident.root_component_id.clear();
  EXPECT_EQ(render_incident(data(), incident).find("Root cause"), std::string::npos);
}

TEST_F(HtmlPagesTest, ProbableCauseNamesTheVendorByDisplayNameAndLinksItsIncident) {
  Incident incident = open("API errors", {{"api", ComponentStatus::kMajorOutage}});
  Incident vendor;
  vendor.id = "v1";
  vendor.name = "CDN <degraded>";
  vendor.vendor = "cloudflare";
  vendor.source = IncidentSource::kVendor;
  ProbableCause cause;
  cause.incident_id = "v1";
  incident.probable_causes.push_back(cause);
  SiteData d = data();
  d.probable_causes.emplace("v1", vendor);
  std::string html = render_incident(d, incident);
  EXPECT_NE(html.find("<a href=\"/vendors/cloudflare/incidents/v1\">cloudflare — CDN "
                      "&lt;degraded&gt;</a>"),
            std::string::npos)
      << "without a display name the slug is shown";
  d.vendor_names["cloudflare"] = "Cloudflare & Co";
  html = render_incident(d, incident);
  EXPECT_NE(html.find("<a href=\"/vendors/cloudflare/incidents/v1\">Cloudflare &amp; Co — CDN "
                      "&lt;degraded&gt;</a>"),
            std::string::npos)
      << html;
}

TEST_F(HtmlPagesTest, UnresolvedSentenceAndRepeatedStatusIsUpdate) {
  Incident incident = open("Slow", {{"web", ComponentStatus::kDegradedPerformance}});
  clock_.advance(90min);
  UpdateRequest again;
  again.body = "Still looking";
  ASSERT_TRUE(service_->post_update(incident.id, again, "test").ok());
  SiteData d = data();
  EXPECT_EQ(incident_sentence(d, d.incidents.front()),
            "Acme is experiencing a minor incident since July 1, 2026 affecting Web, ongoing for "
            "1h 30m. The incident is investigating; the latest update is at the top of the "
            "timeline below.");
  std::string html = render_incident(d, d.incidents.front());
  EXPECT_NE(html.find("<span class=\"u-label\">Investigating</span>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"u-label\">Update</span>"), std::string::npos);
  std::string index = render_index(d);
  EXPECT_NE(index.find("Active incidents"), std::string::npos);
  EXPECT_NE(index.find("indicator-minor"), std::string::npos);
}

TEST_F(HtmlPagesTest, IndexHasNinetyDayBarsPerComponent) {
  std::string index = render_index(data());
  size_t cells = 0;
  for (size_t pos = 0; (pos = index.find("<span class=\"d s-", pos)) != std::string::npos; ++pos) {
    ++cells;
  }
  EXPECT_EQ(cells, 4u * kUptimeDays);
  EXPECT_NE(index.find("All Systems Operational"), std::string::npos);
  EXPECT_NE(index.find("Past incidents"), std::string::npos);
}

TEST_F(HtmlPagesTest, APageStartedMinutesAgoShowsNoDataNotNinetyGreenDays) {
  clock_.advance(std::chrono::minutes(10));
  std::string index = render_index(data());
  size_t no_data = 0;
  for (size_t pos = 0; (pos = index.find("class=\"d s-nodata\"", pos)) != std::string::npos;
       ++pos) {
    ++no_data;
  }
  EXPECT_EQ(no_data, 4u * (kUptimeDays - 1)) << "every day before the page existed";
  EXPECT_NE(index.find(": no data\""), std::string::npos) << "a past day's title";
}

TEST_F(HtmlPagesTest, ADayWithAnyOutageNeverReadsOneHundredPercent) {
  // Yesterday (Denver): one second of major outage, the rest of the time operational.
  clock_.advance(-std::chrono::milliseconds(std::chrono::hours(30)));
  Incident incident = open("Blip", {{"api", ComponentStatus::kMajorOutage}});
  clock_.advance(std::chrono::seconds(1));
  ASSERT_TRUE(service_->resolve(incident.id, "", "ada", "test").ok());
  clock_.advance(std::chrono::hours(30) - std::chrono::seconds(1));
  SiteData d = data();
  const auto& api = d.uptime.at("api");
  const DayUptime& blip = api[api.size() - 2];
  EXPECT_EQ(blip.worst(), ComponentStatus::kMajorOutage);
  EXPECT_EQ(blip.time.major, Millis(1000));
  std::string index = render_index(d);
  EXPECT_NE(index.find("99.99% uptime; 1s major outage"), std::string::npos);
  std::string bar = index.substr(index.find("aria-label=\"API: "), 80);
  EXPECT_EQ(bar.find("100.00%"), std::string::npos) << bar;
}

TEST_F(HtmlPagesTest, HistoryPagesThreeMonthsEach) {
  Instant now = clock_.now();
  clock_.set(now - 24h * 200);  // January 2026: page 3 (Jul–May, Apr–Feb, Jan–Nov)
  open("Old one", {});
  clock_.set(now);
  open("New one", {});
  auto pages = render_history(data());
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_NE(pages[0].find("New one"), std::string::npos);
  EXPECT_EQ(pages[0].find("Old one"), std::string::npos);
  EXPECT_NE(pages[0].find("July 2026"), std::string::npos);
  EXPECT_NE(pages[0].find("href=\"/history/page/2/\""), std::string::npos);
  EXPECT_NE(pages[2].find("Old one"), std::string::npos);
  EXPECT_NE(pages[2].find("January 2026"), std::string::npos);
  EXPECT_NE(pages[2].find("href=\"/history/page/2/\""), std::string::npos);
  EXPECT_EQ(pages[2].find("rel=\"next\""), std::string::npos);
}

TEST_F(HtmlPagesTest, SubscribeFormsOfferOnlyTheConfiguredChannels) {
  SiteData d = data();
  std::string none = render_index(d);
  EXPECT_EQ(none.find("action=\"/subscribe\""), std::string::npos) << "no channel, no form";
  EXPECT_NE(none.find("Follow the <a href=\"/history.atom\">"), std::string::npos);
  d.subscribe.email = true;
  std::string email = render_index(d);
  EXPECT_NE(email.find("name=\"kind\" value=\"email\""), std::string::npos);
  EXPECT_EQ(email.find("value=\"webhook\""), std::string::npos);
  d.subscribe = {.email = false, .webhook = true};
  std::string hook = render_index(d);
  EXPECT_NE(hook.find("name=\"kind\" value=\"webhook\""), std::string::npos);
  EXPECT_EQ(hook.find("type=\"email\""), std::string::npos);
}

TEST_F(HtmlPagesTest, UpcomingAndCancelledMaintenanceAreNotOngoing) {
  Instant now = clock_.now();
  NewIncident m;
  m.kind = IncidentKind::kMaintenance;
  m.name = "Database upgrade";
  m.body = "We will upgrade the database.";
  m.scheduled_for = now + 2h;
  m.scheduled_until = now + 3h;
  auto opened = service_->open(m, "test");
  ASSERT_TRUE(opened.ok()) << opened.error().describe();
  SiteData d = data();
  std::string history = render_history(d)[0];
  EXPECT_NE(history.find("Scheduled for Jul 01, 08:00 – 09:00 MDT"), std::string::npos) << history;
  EXPECT_EQ(history.find("ongoing"), std::string::npos);
  std::string page = render_incident(d, d.maintenances.front());
  EXPECT_NE(page.find("<dt>Status</dt><dd>Upcoming</dd>"), std::string::npos) << page;
  EXPECT_EQ(page.find("Ongoing"), std::string::npos);

  ASSERT_TRUE(service_->cancel_maintenance(opened->id, "", "ada", "test").ok());
  d = data();
  history = render_history(d)[0];
  EXPECT_NE(history.find("Cancelled; was scheduled for Jul 01, 08:00 – 09:00 MDT"),
            std::string::npos)
      << history;
  EXPECT_NE(incident_sentence(d, d.maintenances.front()).find("cancelled the maintenance"),
            std::string::npos);
}

TEST_F(HtmlPagesTest, NotFoundAndWebhookDocumentationPages) {
  SiteData d = data();
  EXPECT_NE(render_not_found(d).find("<h1>Page not found</h1>"), std::string::npos);
  std::string doc = render_webhooks_doc(d);
  for (const char* part : {"X-Pharos-Signature", "meta", "unsubscribe", "410 Gone"}) {
    EXPECT_NE(doc.find(part), std::string::npos) << part;
  }
}

// The "Third-party services" section: only what the app contributed, escaped, after the
// page's own components and before the past incidents.
std::string third_party_part(const std::string& index) {
  auto begin = index.find("<section aria-labelledby=\"vendors-h\">");
  if (begin == std::string::npos) return {};
  return index.substr(begin, index.find("</section>", begin) - begin);
}

TEST_F(HtmlPagesTest, ThirdPartySectionIsLeftOutWhenNoVendorIsPublic) {
  std::string index = render_index(data());
  EXPECT_EQ(index.find("Third-party services"), std::string::npos);
  EXPECT_EQ(index.find("vendors-h"), std::string::npos);
}

ThirdPartyService service(std::string name, std::string href) {
  ThirdPartyService s;
  s.name = std::move(name);
  s.href = std::move(href);
  return s;
}

TEST_F(HtmlPagesTest, ThirdPartySectionShowsStateLinkAndOpenIncidents) {
  SiteData d = data();
  auto cloudflare = service("Cloudflare", "/vendors/cloudflare");
  cloudflare.status = ComponentStatus::kPartialOutage;
  cloudflare.open_incidents = {"Elevated errors", "DNS delays"};
  d.third_party.push_back(cloudflare);
  d.third_party.push_back(service("GitHub", "/vendors/github"));
  std::string index = render_index(d);
  std::string part = third_party_part(index);
  ASSERT_FALSE(part.empty());
  EXPECT_LT(index.find("components-h"), index.find("vendors-h"));
  EXPECT_LT(index.find("vendors-h"), index.find("past-h"));
  EXPECT_NE(part.find("<h2 id=\"vendors-h\">Third-party services</h2>"), std::string::npos);
  EXPECT_NE(part.find("<a class=\"c-name\" href=\"/vendors/cloudflare\">Cloudflare</a>"),
            std::string::npos);
  EXPECT_NE(part.find("<span class=\"status s-partial\">"), std::string::npos);
  EXPECT_NE(part.find("Open incidents: Elevated errors and DNS delays"), std::string::npos);
  auto github = part.find("/vendors/github");
  ASSERT_NE(github, std::string::npos);
  EXPECT_NE(part.find("<span class=\"status s-operational\">", github), std::string::npos);
  EXPECT_EQ(part.find("Open incident", github), std::string::npos);
  EXPECT_EQ(part.find("unreachable"), std::string::npos);
}

TEST_F(HtmlPagesTest, ThirdPartySectionSaysSinceWhenTheSourceIsUnreachable) {
  SiteData d = data();
  auto stripe = service("Stripe", "/vendors/stripe");
  stripe.unreachable_since = clock_.now() - 20min;
  stripe.problem = "HTTP 503";
  d.third_party.push_back(stripe);
  std::string part = third_party_part(render_index(d));
  EXPECT_NE(part.find("Source unreachable since <time datetime=\"2026-07-01T05:40:00.000-06:00\""),
            std::string::npos)
      << part;
  EXPECT_NE(part.find("(HTTP 503); the state shown is the last one read."), std::string::npos);
}

TEST_F(HtmlPagesTest, ThirdPartySectionEscapesHostileVendorTexts) {
  SiteData d = data();
  auto evil = service("<script>alert(1)</script>", "/vendors/x\"onmouseover=\"alert(2)");
  evil.status = ComponentStatus::kMajorOutage;
  evil.open_incidents = {"<img src=x onerror=alert(3)>"};
  evil.unreachable_since = clock_.now();
  evil.problem = "<b>bad</b>";
  d.third_party.push_back(evil);
  std::string part = third_party_part(render_index(d));
  ASSERT_FALSE(part.empty());
  EXPECT_EQ(part.find("<script"), std::string::npos);
  EXPECT_EQ(part.find("<img"), std::string::npos);
  EXPECT_EQ(part.find("<b>"), std::string::npos);
  EXPECT_EQ(part.find("\"onmouseover"), std::string::npos);
  EXPECT_NE(part.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(part.find("&lt;img src=x onerror=alert(3)&gt;"), std::string::npos);
  EXPECT_NE(part.find("&lt;b&gt;bad&lt;/b&gt;"), std::string::npos);
}

}  // namespace
}  // namespace pharos::site
