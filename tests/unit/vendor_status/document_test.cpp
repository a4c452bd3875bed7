#include "vendor_status/document.h"

#include <gtest/gtest.h>

#include "vendor_support.h"

namespace pharos::vendor_status {
namespace {

using testing::step;
using testing::utc;

VendorSpec spec(VendorFormat format = VendorFormat::kAuto,
                std::string url = "https://status.acme-cloud.example") {
  VendorSpec s;
  s.slug = "acme";
  s.name = "Acme Cloud";
  s.url = std::move(url);
  s.format = format;
  return s;
}

TEST(DocumentTest, PollsTheDocumentTheSpecNames) {
  struct Case {
    VendorFormat format;
    const char* url;
    const char* expected;
  };
  const Case cases[] = {
      {VendorFormat::kAuto, "https://s.example", "https://s.example/api/v2/incidents.json"},
      {VendorFormat::kStatuspage, "https://s.example/", "https://s.example/api/v2/incidents.json"},
      {VendorFormat::kAtom, "https://s.example", "https://s.example/history.atom"},
      {VendorFormat::kRss, "https://s.example/", "https://s.example/history.rss"},
      {VendorFormat::kAuto, "https://s.example/api/v2/summary.json",
       "https://s.example/api/v2/summary.json"},
      {VendorFormat::kAuto, "https://s.example/feed.xml?x=1", "https://s.example/feed.xml?x=1"},
      {VendorFormat::kIncidentIo, "https://status.openai.example/",
       "https://status.openai.example/api/v2/incidents.json"},
      {VendorFormat::kHtml, "https://s.example/incidents/x1", "https://s.example/incidents/x1"},
  };
  for (const auto& c : cases) EXPECT_EQ(document_url(spec(c.format, c.url)), c.expected) << c.url;
}

TEST(DocumentTest, ReadsStatuspageJsonAsTheVendor) {
  auto doc = read_document(step("1_incident"), spec(), utc("2024-06-01T12:02:00Z"));
  ASSERT_TRUE(doc.ok()) << doc.error().describe();
  EXPECT_EQ(doc->kind, "Statuspage JSON");
  ASSERT_EQ(doc->incidents.size(), 3u);
  const auto& p1 = doc->incidents[0];
  EXPECT_EQ(p1.vendor, "acme");
  EXPECT_EQ(p1.title, "Elevated errors on CDN");
  EXPECT_EQ(p1.source_url, "https://status.acme-cloud.example/incidents/p1");
  EXPECT_EQ(p1.started_at, utc("2024-06-01T11:58:00Z"));
}

TEST(DocumentTest, RejectsWhatIsNotTheVendorsFormat) {
  const Instant now = utc("2024-06-01T12:02:00Z");
  std::string json = step("1_incident");
  struct Case {
    std::string body;
    VendorFormat format;
    std::string reason_prefix;
  };
  const Case cases[] = {
      {"<!DOCTYPE html><html><body>Status</body></html>", VendorFormat::kAuto,
       "not Statuspage JSON: the response is HTML (<!DOCTYPE html>"},
      {json.substr(0, json.size() / 2), VendorFormat::kStatuspage, "not Statuspage JSON: acme:"},
      {"", VendorFormat::kAuto, "not Statuspage JSON: the response is empty"},
      {"{\"hello\": 1}", VendorFormat::kAuto, "not Statuspage JSON: acme:"},
      {json, VendorFormat::kAtom, "not an Atom/RSS feed: the response is JSON"},
      {json, VendorFormat::kInstatus, "not Instatus: no 'activeIncidents'"},
      {R"({"page": {"status": "HASISSUES"}, "activeIncidents": [{"name": "Down",
          "started": "yesterday", "status": "INVESTIGATING"}]})",
       VendorFormat::kInstatus, "not Instatus: /activeIncidents/0/started is not a date"},
  };
  for (const auto& c : cases) {
    auto doc = read_document(c.body, spec(c.format), now);
    ASSERT_FALSE(doc.ok()) << c.reason_prefix;
    EXPECT_EQ(doc.error().message.rfind(c.reason_prefix, 0), 0u) << doc.error().message;
  }
}

TEST(DocumentTest, ReadsInstatusSummaryWithItsJavaScriptDates) {
  VendorSpec s = spec(VendorFormat::kInstatus, "https://status.ins.example/");
  EXPECT_EQ(document_url(s), "https://status.ins.example/summary.json");
  const Instant now = utc("2022-06-11T19:00:00Z");
  auto doc = read_document(R"js({"page": {"name": "Ins", "url": "https://status.ins.example",
      "status": "HASISSUES"},
    "activeIncidents": [
      {"id": "i1", "name": "API errors", "status": "IDENTIFIED", "impact": "MAJOROUTAGE",
       "started": "Sat Jun 11 2022 20:55:50 GMT+0200 (Central European Summer Time)"},
      {"name": "Slow logins", "status": "INVESTIGATING", "impact": "DEGRADEDPERFORMANCE",
       "url": "https://status.ins.example/incidents/x7",
       "started": "Sat Jun 11 2022 18:50:00 GMT+0000 (Coordinated Universal Time)"}],
    "activeMaintenances": null})js",
                           s, now);
  ASSERT_TRUE(doc.ok()) << doc.error().describe();
  EXPECT_EQ(doc->kind, "Instatus JSON");
  ASSERT_EQ(doc->incidents.size(), 2u);
  const auto& i1 = doc->incidents[0];
  EXPECT_EQ(i1.title, "API errors");
  EXPECT_EQ(i1.started_at, utc("2022-06-11T18:55:50Z")) << "GMT+0200 taken off";
  EXPECT_EQ(i1.status, IncidentStatus::kIdentified);
  EXPECT_EQ(i1.impact, Impact::kCritical);
  EXPECT_EQ(i1.source_url, "https://status.ins.example/incidents/i1");
  ASSERT_EQ(i1.updates.size(), 1u);
  EXPECT_EQ(i1.updates[0].status, IncidentStatus::kIdentified);
  EXPECT_EQ(i1.updates[0].at, now) << "no time of its own: when Pharos read it";
  EXPECT_EQ(doc->incidents[1].impact, Impact::kMinor);
  EXPECT_EQ(doc->incidents[1].source_url, "https://status.ins.example/incidents/x7");

  auto quiet = read_document(R"({"page": {"status": "UP"}})", s, now);
  ASSERT_TRUE(quiet.ok()) << quiet.error().describe();
  EXPECT_TRUE(quiet->incidents.empty()) << "missing lists are empty, not an error";
}

TEST(DocumentTest, TruncatedJsonSaysWhereItBroke) {
  std::string json = step("2_update");
  auto doc = read_document(json.substr(0, json.size() - 40), spec(), utc("2024-06-01T12:05:00Z"));
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.error().message.find("invalid JSON"), std::string::npos) << doc.error().message;
}

TEST(DocumentTest, RejectsTimesAheadOfTheServer) {
  // The vendor claims an update at 12:03 while this server's clock says 11:00.
  auto doc = read_document(step("2_update"), spec(), utc("2024-06-01T11:00:00Z"));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().message,
            "times in the future: 'Elevated errors on CDN' has 2024-06-01T12:03:00Z, after this "
            "server's 2024-06-01T11:00:00Z");
  EXPECT_TRUE(read_document(step("2_update"), spec(), utc("2024-06-01T11:04:00Z")).ok())
      << "within an hour is clock skew, not a lie";
}

// incident.io-hosted pages serve a Statuspage-compatible /api/v2 (FORMATS.md §5a): ULIDs,
// second-precision times, a page URL with a trailing slash, no started_at, shortlink or
// components on incidents. Auto-detection reads it as Statuspage JSON.
TEST(DocumentTest, FormatHtmlReadsTheStatusPageThroughTheImporterAndNothingElse) {
  const Instant now = utc("2026-01-01T00:00:00Z");
  auto doc = read_document(testing::import_fixture("html/statuspage_serraview.html"),
                           spec(VendorFormat::kHtml), now);
  ASSERT_TRUE(doc.ok()) << doc.error().describe();
  EXPECT_EQ(doc->kind, "HTML status page");
  ASSERT_EQ(doc->incidents.size(), 1u);
  auto json = read_document(step("1_incident"), spec(VendorFormat::kHtml), now);
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.error().message.rfind("not an HTML status page: the response is JSON", 0), 0u)
      << json.error().message;
}

TEST(DocumentTest, ReadsIncidentIoStatuspageCompatibleJson) {
  const std::string body = R"({
 "page": {"id": "01HMZ0PAGE0000000000000000", "name": "OpenAI", "url": "https://status.openai.com/",
          "updated_at": "2024-06-01T12:10:00Z"},
 "components": [{"created_at": "2023-01-01T00:00:00Z", "id": "01HMZ0COMP0000000000000000",
                 "name": "API", "page_id": "01HMZ0PAGE0000000000000000", "position": 0,
                 "status": "partial_outage"}],
 "incidents": [{"created_at": "2024-06-01T11:58:00Z", "id": "01HMZ0INC00000000000000000",
   "impact": "minor", "name": "Elevated API errors", "page_id": "01HMZ0PAGE0000000000000000",
   "status": "identified", "updated_at": "2024-06-01T12:05:00Z",
   "incident_updates": [
     {"body": "The cause is **known**.", "created_at": "2024-06-01T12:05:00Z",
      "display_at": "2024-06-01T12:05:00Z", "id": "01HMZ0UPD20000000000000000",
      "incident_id": "01HMZ0INC00000000000000000", "status": "identified",
      "updated_at": "2024-06-01T12:05:00Z"},
     {"body": "Investigating.", "created_at": "2024-06-01T11:58:00Z",
      "display_at": "2024-06-01T11:58:00Z", "id": "01HMZ0UPD10000000000000000",
      "incident_id": "01HMZ0INC00000000000000000", "status": "investigating",
      "updated_at": "2024-06-01T11:58:00Z"}]}]})";
  auto doc = read_document(body, spec(), utc("2024-06-01T12:10:00Z"));
  ASSERT_TRUE(doc.ok()) << doc.error().describe();
  EXPECT_EQ(doc->kind, "Statuspage JSON");
  // `format: incidentio` names the same API explicitly.
  auto named = read_document(body, spec(VendorFormat::kIncidentIo), utc("2024-06-01T12:10:00Z"));
  ASSERT_TRUE(named.ok()) << named.error().describe();
  ASSERT_EQ(named->incidents.size(), 1u);
  ASSERT_EQ(doc->incidents.size(), 1u);
  const auto& in = doc->incidents[0];
  EXPECT_EQ(in.title, "Elevated API errors");
  EXPECT_EQ(in.status, IncidentStatus::kIdentified);
  EXPECT_EQ(in.started_at, utc("2024-06-01T11:58:00Z")) << "from the first update";
  ASSERT_EQ(in.updates.size(), 2u);
  EXPECT_EQ(in.updates[0].status, IncidentStatus::kInvestigating) << "oldest first";
  ASSERT_TRUE(in.source_url.has_value());
  EXPECT_EQ(*in.source_url, "https://status.openai.com/incidents/01HMZ0INC00000000000000000")
      << "no doubled slash from the page URL's trailing one";
}

}  // namespace
}  // namespace pharos::vendor_status
