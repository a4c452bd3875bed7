// Change detection against a real SQLite store: the recorded Statuspage sequence, step by step.
#include "vendor_status/changes.h"

#include <gtest/gtest.h>

#include "support/store_fixture.h"
#include "vendor_status/components.h"
#include "vendor_status/document.h"
#include "vendor_support.h"

namespace pharos::vendor_status {
namespace {

using testing::step;
using testing::utc;

class ChangesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spec_.slug = "acme";
    spec_.name = "Acme Cloud";
    spec_.url = "https://status.acme-cloud.example";
    spec_.components = {"CDN", "DNS"};
    reopen();
  }

  void reopen() {
    store_.reset();
    auto store = db_.open(clock_);
    ASSERT_TRUE(store.ok()) << store.error().describe();
    store_ = std::move(*store);
  }

  // Reads step `name` at `at` and records it.
  ChangeSummary record(const std::string& name, const char* at) {
    clock_.set(utc(at));
    auto doc = read_document(step(name), spec_, clock_.now());
    EXPECT_TRUE(doc.ok()) << doc.error().describe();
    auto summary = record_incidents(*store_, spec_, doc->incidents, clock_.now());
    EXPECT_TRUE(summary.ok()) << summary.error().describe();
    return summary.ok() ? *summary : ChangeSummary{};
  }

  std::vector<Incident> stored() {
    IncidentQuery q;
    q.vendor = spec_.slug;
    auto all = store_->list_incidents(q);
    EXPECT_TRUE(all.ok());
    return all.ok() ? *all : std::vector<Incident>{};
  }

  Incident p1() {
    auto found = store_->find_incident_by_fingerprint("vendor:acme:p1");
    EXPECT_TRUE(found.ok() && found->has_value()) << "p1 is not stored";
    return found.ok() && found->has_value() ? **found : Incident{};
  }

  pharos::testing::StoreFixture db_;
  FakeClock clock_{utc("2024-06-01T12:00:00Z")};
  std::unique_ptr<Store> store_;
  VendorSpec spec_;
};

TEST_F(ChangesTest, RecordsTheSequenceAsVendorIncidents) {
  auto quiet = record("0_quiet", "2024-06-01T12:00:00Z");
  EXPECT_EQ(quiet.created, 1u) << "the DNS incident of May 20";
  EXPECT_EQ(quiet.ignored, 1u) << "Dashboard is not a component that matters";
  ASSERT_EQ(stored().size(), 1u);
  EXPECT_EQ(stored()[0].fingerprint, "vendor:acme:o1");

  auto appeared = record("1_incident", "2024-06-01T12:02:00Z");
  EXPECT_EQ(appeared.created, 1u);
  EXPECT_EQ(appeared.unchanged, 1u);
  Incident i = p1();
  EXPECT_EQ(i.name, "Elevated errors on CDN");
  EXPECT_EQ(i.source, IncidentSource::kVendor);
  EXPECT_EQ(i.vendor, "acme");
  EXPECT_EQ(i.status, IncidentStatus::kInvestigating);
  EXPECT_EQ(i.impact, Impact::kMajor);
  EXPECT_EQ(i.started_at, utc("2024-06-01T11:58:00Z")) << "the vendor's time is kept";
  EXPECT_EQ(i.detected_at, utc("2024-06-01T12:02:00Z")) << "when Pharos first saw it";
  EXPECT_EQ(i.source_url, "https://status.acme-cloud.example/incidents/p1");
  EXPECT_EQ(i.external_components, std::vector<std::string>{"CDN"});
  ASSERT_EQ(i.updates.size(), 1u);
  EXPECT_EQ(i.updates[0].author, "vendor:acme");

  auto updated = record("2_update", "2024-06-01T12:05:00Z");
  EXPECT_EQ(updated.updated, 1u);
  EXPECT_EQ(updated.added_updates, 1u);
  EXPECT_EQ(p1().status, IncidentStatus::kIdentified);
  EXPECT_EQ(record("2_update", "2024-06-01T12:07:00Z").updated, 0u) << "same page, no write";

  record("3_resolved", "2024-06-01T12:21:00Z");
  i = p1();
  EXPECT_EQ(i.status, IncidentStatus::kResolved);
  EXPECT_EQ(i.resolved_at, utc("2024-06-01T12:20:00Z"));
  ASSERT_EQ(i.updates.size(), 3u);
  EXPECT_EQ(i.updates[2].display_at, utc("2024-06-01T12:20:00Z"));

  record("4_postmortem", "2024-06-01T12:30:00Z");
  i = p1();
  ASSERT_TRUE(i.postmortem.has_value());
  EXPECT_NE(i.postmortem->body.find("configuration push broke caching"), std::string::npos);
  EXPECT_EQ(i.updates.size(), 3u) << "a post-mortem is not an update";
  EXPECT_EQ(i.detected_at, utc("2024-06-01T12:02:00Z"));
  EXPECT_EQ(stored().size(), 2u);
}

TEST_F(ChangesTest, NothingIsDuplicatedAcrossARestart) {
  record("1_incident", "2024-06-01T12:02:00Z");
  record("3_resolved", "2024-06-01T12:21:00Z");
  reopen();
  auto again = record("3_resolved", "2024-06-01T14:00:00Z");
  EXPECT_EQ(again.created, 0u);
  EXPECT_EQ(again.updated, 0u);
  EXPECT_EQ(stored().size(), 2u);
  EXPECT_EQ(p1().updates.size(), 3u);
  EXPECT_EQ(p1().detected_at, utc("2024-06-01T12:02:00Z"));
}

TEST_F(ChangesTest, AnOlderSnapshotOnlyAddsMissingUpdates) {
  record("3_resolved", "2024-06-01T12:21:00Z");
  auto stale = record("1_incident", "2024-06-01T12:22:00Z");  // a lagging CDN edge of the vendor
  EXPECT_EQ(stale.updated, 0u);
  EXPECT_EQ(p1().status, IncidentStatus::kResolved);
}

TEST_F(ChangesTest, AnHtmlStatusPageIsReadThroughTheImporterAndRecordedOnce) {
  spec_.components.clear();
  clock_.set(utc("2026-01-01T00:00:00Z"));
  auto doc =
      read_document(testing::import_fixture("html/statuspage_serraview.html"), spec_, clock_.now());
  ASSERT_TRUE(doc.ok()) << doc.error().describe();
  EXPECT_EQ(doc->kind, "HTML status page");
  ASSERT_EQ(doc->incidents.size(), 1u);
  auto first = record_incidents(*store_, spec_, doc->incidents, clock_.now());
  ASSERT_TRUE(first.ok()) << first.error().describe();
  EXPECT_EQ(first->created, 1u);
  ASSERT_EQ(stored().size(), 1u);
  Incident i = stored()[0];
  EXPECT_EQ(i.source, IncidentSource::kVendor);
  EXPECT_EQ(i.vendor, "acme");
  EXPECT_EQ(i.detected_at, utc("2026-01-01T00:00:00Z"));
  EXPECT_FALSE(i.updates.empty());
  EXPECT_EQ(i.fingerprint, vendor_fingerprint("acme", vendor_incident_key(doc->incidents[0])));

  reopen();
  clock_.set(utc("2026-01-01T00:02:00Z"));
  auto again = record_incidents(*store_, spec_, doc->incidents, clock_.now());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->created + again->updated, 0u);
  EXPECT_EQ(stored().size(), 1u);
}

TEST_F(ChangesTest, HtmlTheImporterCannotReadKeepsTheVendorInErrorWithItsReason) {
  auto doc = read_document("<!DOCTYPE html><html><body>We'll be right back</body></html>", spec_,
                           clock_.now());
  ASSERT_FALSE(doc.ok());
  const std::string& why = doc.error().message;
  EXPECT_EQ(why.rfind("not Statuspage JSON: the response is HTML (<!DOCTYPE html>", 0), 0u) << why;
  EXPECT_NE(why.find("the importer cannot read: "), std::string::npos) << why;
  spec_.format = VendorFormat::kStatuspage;  // only auto turns to the importer
  doc =
      read_document(testing::import_fixture("html/statuspage_serraview.html"), spec_, clock_.now());
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().message.find("importer"), std::string::npos) << doc.error().message;
}

// An Instatus summary.json listing `incidents` (already JSON objects) as active.
std::string instatus(const std::string& incidents) {
  return R"({"page": {"name": "Ins", "url": "https://status.ins.example", "status": ")" +
         std::string(incidents.empty() ? "UP" : "HASISSUES") + R"("}, "activeIncidents": [)" +
         incidents + "]}";
}

std::string instatus_incident(const std::string& status) {
  return R"({"id": "i1", "name": "API errors", "status": ")" + status +
         R"js(", "impact": "PARTIALOUTAGE", "started": "Sat Jun 01 2024 09:58:00 GMT+0000 (UTC)"})js";
}

TEST_F(ChangesTest, InstatusIncidentsAreUpdatedByStatusAndResolvedWhenNoLongerListed) {
  spec_.slug = "ins";
  spec_.url = "https://status.ins.example";
  spec_.format = VendorFormat::kInstatus;
  spec_.components.clear();
  auto poll = [&](const std::string& body, const char* at) {
    clock_.set(utc(at));
    auto doc = read_document(body, spec_, clock_.now());
    EXPECT_TRUE(doc.ok()) << doc.error().describe();
    auto summary = record_incidents(*store_, spec_, doc->incidents, clock_.now());
    EXPECT_TRUE(summary.ok()) << summary.error().describe();
    return summary.ok() ? *summary : ChangeSummary{};
  };
  auto i1 = [&] {
    auto found = store_->find_incident_by_fingerprint("vendor:ins:i1");
    EXPECT_TRUE(found.ok() && found->has_value());
    return found.ok() && found->has_value() ? **found : Incident{};
  };

  EXPECT_EQ(poll(instatus(""), "2024-06-01T10:00:00Z").created, 0u);
  EXPECT_EQ(poll(instatus(instatus_incident("INVESTIGATING")), "2024-06-01T10:02:00Z").created, 1u);
  EXPECT_EQ(i1().detected_at, utc("2024-06-01T10:02:00Z"));
  EXPECT_EQ(i1().started_at, utc("2024-06-01T09:58:00Z"));
  auto same = poll(instatus(instatus_incident("INVESTIGATING")), "2024-06-01T10:04:00Z");
  EXPECT_EQ(same.updated, 0u) << "same status and text at another poll time is the same update";
  EXPECT_EQ(i1().updates.size(), 1u);

  auto identified = poll(instatus(instatus_incident("IDENTIFIED")), "2024-06-01T10:06:00Z");
  EXPECT_EQ(identified.added_updates, 1u);
  EXPECT_EQ(i1().status, IncidentStatus::kIdentified);
  EXPECT_EQ(i1().updates.size(), 2u);
  EXPECT_EQ(i1().updates[1].display_at, utc("2024-06-01T10:06:00Z"));

  auto gone = poll(instatus(""), "2024-06-01T10:08:00Z");
  EXPECT_EQ(gone.updated, 1u);
  Incident resolved = i1();
  EXPECT_EQ(resolved.status, IncidentStatus::kResolved);
  EXPECT_EQ(resolved.resolved_at, utc("2024-06-01T10:08:00Z"));
  ASSERT_EQ(resolved.updates.size(), 3u);
  EXPECT_NE(resolved.updates[2].body.find("resolved as noticed by Pharos"), std::string::npos);

  EXPECT_EQ(poll(instatus(""), "2024-06-01T10:10:00Z").updated, 0u) << "resolved once";
  reopen();
  auto after_restart = poll(instatus(""), "2024-06-01T10:12:00Z");
  EXPECT_EQ(after_restart.created + after_restart.updated, 0u);
  EXPECT_EQ(i1().updates.size(), 3u);
  EXPECT_EQ(i1().resolved_at, utc("2024-06-01T10:08:00Z"));
  EXPECT_EQ(stored().size(), 1u) << "i1 only";
}

TEST_F(ChangesTest, InstatusRestartMidIncidentDoesNotDuplicateAndSparesComponentIncidents) {
  spec_.slug = "ins";
  spec_.url = "https://status.ins.example";
  spec_.format = VendorFormat::kInstatus;
  spec_.components.clear();
  clock_.set(utc("2024-06-01T10:02:00Z"));
  auto doc = read_document(instatus(instatus_incident("INVESTIGATING")), spec_, clock_.now());
  ASSERT_TRUE(doc.ok());
  ASSERT_TRUE(record_incidents(*store_, spec_, doc->incidents, clock_.now()).ok());
  VendorComponentStatus api;
  api.slug = "ins";
  api.name = "API";
  api.status = ComponentStatus::kMajorOutage;
  ASSERT_TRUE(record_component_incidents(*store_, spec_, {api}, clock_.now()).ok());

  reopen();
  clock_.set(utc("2024-06-01T10:04:00Z"));
  doc = read_document(instatus(instatus_incident("INVESTIGATING")), spec_, clock_.now());
  ASSERT_TRUE(doc.ok());
  auto again = record_incidents(*store_, spec_, doc->incidents, clock_.now());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->created + again->updated, 0u);
  ASSERT_EQ(stored().size(), 2u);

  doc = read_document(instatus(""), spec_, clock_.now());
  ASSERT_TRUE(doc.ok());
  auto gone = record_incidents(*store_, spec_, doc->incidents, clock_.now());
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(gone->updated, 1u) << "i1 only: Pharos's API incident is not the vendor's to drop";
  for (const auto& i : stored()) {
    bool component = i.fingerprint.rfind("vendor:ins:component:API:", 0) == 0;
    EXPECT_EQ(i.status, component ? IncidentStatus::kInvestigating : IncidentStatus::kResolved)
        << i.fingerprint;
  }
}

// A summary.json-shaped document with the three components' statuses, read through the spec.
std::vector<VendorComponentStatus> components_of(const VendorSpec& spec, const std::string& cdn,
                                                 const std::string& dns = "operational",
                                                 const std::string& dashboard = "operational") {
  std::string body = R"({"components": [)"
                     R"({"id": "c1", "name": "CDN", "status": ")" +
                     cdn +
                     R"("},)"
                     R"({"id": "c2", "name": "DNS", "status": ")" +
                     dns +
                     R"("},)"
                     R"({"id": "c3", "name": "Dashboard", "status": ")" +
                     dashboard + R"("}]})";
  auto read = read_components(body, spec);
  EXPECT_TRUE(read.ok() && read->has_value());
  return read.ok() && read->has_value() ? **read : std::vector<VendorComponentStatus>{};
}

class ComponentIncidentsTest : public ChangesTest {
 protected:
  ChangeSummary components(const char* at, const std::string& cdn,
                           const std::string& dns = "operational",
                           const std::string& dashboard = "operational") {
    clock_.set(utc(at));
    auto summary = record_component_incidents(
        *store_, spec_, components_of(spec_, cdn, dns, dashboard), clock_.now());
    EXPECT_TRUE(summary.ok()) << summary.error().describe();
    return summary.ok() ? *summary : ChangeSummary{};
  }

  // The synthetic incidents about `component`, oldest first.
  std::vector<Incident> ours(const std::string& component) {
    std::vector<Incident> out;
    for (auto& i : stored()) {
      if (i.fingerprint.rfind(component_fingerprint_prefix("acme", component), 0) == 0) {
        out.insert(out.begin(), i);
      }
    }
    return out;
  }
};

TEST_F(ComponentIncidentsTest, AComponentDownIsAnIncidentUntilItRecovers) {
  EXPECT_EQ(components("2024-06-01T12:00:00Z", "operational").created, 0u);
  EXPECT_TRUE(stored().empty());

  EXPECT_EQ(components("2024-06-01T12:02:00Z", "degraded_performance").created, 1u);
  ASSERT_EQ(ours("CDN").size(), 1u);
  Incident i = ours("CDN")[0];
  EXPECT_EQ(i.name, "CDN: degraded performance");
  EXPECT_EQ(i.source, IncidentSource::kVendor);
  EXPECT_EQ(i.vendor, "acme");
  EXPECT_EQ(i.status, IncidentStatus::kInvestigating);
  EXPECT_EQ(i.impact, Impact::kMinor);
  EXPECT_EQ(i.detected_at, utc("2024-06-01T12:02:00Z"));
  EXPECT_EQ(i.external_components, std::vector<std::string>{"CDN"});
  EXPECT_EQ(i.fingerprint, "vendor:acme:component:CDN:1717243320");  // 12:02 in epoch seconds
  ASSERT_EQ(i.updates.size(), 1u);
  EXPECT_EQ(i.updates[0].author, "vendor:acme");

  auto worse = components("2024-06-01T12:04:00Z", "major_outage");
  EXPECT_EQ(worse.created, 0u);
  EXPECT_EQ(worse.updated, 1u);
  i = ours("CDN")[0];
  EXPECT_EQ(i.name, "CDN: major outage");
  EXPECT_EQ(i.impact, Impact::kCritical);
  EXPECT_EQ(i.updates.size(), 2u);
  EXPECT_EQ(i.detected_at, utc("2024-06-01T12:02:00Z")) << "first seen stays";

  reopen();  // a restart in the middle of the outage
  auto same = components("2024-06-01T12:06:00Z", "major_outage");
  EXPECT_EQ(same.created + same.updated, 0u);
  ASSERT_EQ(ours("CDN").size(), 1u);
  EXPECT_EQ(ours("CDN")[0].updates.size(), 2u);

  auto back = components("2024-06-01T12:10:00Z", "operational");
  EXPECT_EQ(back.updated, 1u);
  i = ours("CDN")[0];
  EXPECT_EQ(i.status, IncidentStatus::kResolved);
  EXPECT_EQ(i.resolved_at, utc("2024-06-01T12:10:00Z"));
  EXPECT_EQ(i.updates.size(), 3u);
  EXPECT_EQ(components("2024-06-01T12:12:00Z", "operational").updated, 0u) << "resolved once";

  EXPECT_EQ(components("2024-06-01T12:30:00Z", "partial_outage").created, 1u)
      << "a later outage is another incident";
  ASSERT_EQ(ours("CDN").size(), 2u);
  EXPECT_EQ(ours("CDN")[1].name, "CDN: partial outage");
  EXPECT_EQ(ours("CDN")[1].impact, Impact::kMajor);
  EXPECT_EQ(ours("CDN")[0].status, IncidentStatus::kResolved);
}

TEST_F(ComponentIncidentsTest, AComponentTheSpecDoesNotListIsIgnored) {
  components("2024-06-01T12:02:00Z", "operational", "operational", "major_outage");
  EXPECT_TRUE(stored().empty());
  // Even when handed the unfiltered list.
  VendorSpec all = spec_;
  all.components.clear();
  auto summary = record_component_incidents(
      *store_, spec_, components_of(all, "operational", "operational", "major_outage"),
      clock_.now());
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->ignored, 1u);
  EXPECT_TRUE(stored().empty());
}

TEST_F(ComponentIncidentsTest, TheVendorsOwnOpenIncidentSuppressesOurs) {
  record("1_incident", "2024-06-01T12:02:00Z");  // p1 open, naming CDN
  auto down = components("2024-06-01T12:03:00Z", "partial_outage", "degraded_performance");
  EXPECT_EQ(down.created, 1u) << "DNS only: p1 already says CDN is down";
  EXPECT_TRUE(ours("CDN").empty());
  ASSERT_EQ(ours("DNS").size(), 1u);

  record("3_resolved", "2024-06-01T12:21:00Z");  // p1 resolved, CDN still shown down
  EXPECT_EQ(components("2024-06-01T12:22:00Z", "partial_outage", "degraded_performance").created,
            1u);
  ASSERT_EQ(ours("CDN").size(), 1u);
  EXPECT_EQ(ours("CDN")[0].status, IncidentStatus::kInvestigating);
}

TEST_F(ComponentIncidentsTest, OursStaysOpenWhenTheVendorOpensOneLater) {
  components("2024-06-01T12:01:00Z", "partial_outage");
  record("1_incident", "2024-06-01T12:02:00Z");
  EXPECT_EQ(components("2024-06-01T12:03:00Z", "partial_outage").updated, 0u);
  ASSERT_EQ(ours("CDN").size(), 1u);
  EXPECT_EQ(ours("CDN")[0].status, IncidentStatus::kInvestigating);
  components("2024-06-01T12:25:00Z", "operational");
  EXPECT_EQ(ours("CDN")[0].status, IncidentStatus::kResolved);
}

TEST_F(ComponentIncidentsTest, OneTheVendorStopsListingIsResolvedWithANote) {
  components("2024-06-01T12:01:00Z", "operational", "major_outage");
  ASSERT_EQ(ours("DNS").size(), 1u);
  clock_.set(utc("2024-06-01T12:05:00Z"));
  auto only_cdn = components_of(spec_, "operational");
  only_cdn.erase(only_cdn.begin() + 1);
  auto summary = record_component_incidents(*store_, spec_, only_cdn, clock_.now());
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->updated, 1u);
  EXPECT_EQ(ours("DNS")[0].status, IncidentStatus::kResolved);
  EXPECT_NE(ours("DNS")[0].updates.back().body.find("no longer listed"), std::string::npos);
}

TEST(VendorIncidentKeyTest, PrefersTheVendorsIncidentId) {
  importer::ImportedIncident in;
  in.title = "Outage";
  in.started_at = utc("2024-06-01T10:00:00Z");
  EXPECT_EQ(vendor_incident_key(in), "Outage|2024-06-01T10:00:00Z");
  in.source_url = "https://stspg.io/abc";
  EXPECT_EQ(vendor_incident_key(in), "https://stspg.io/abc");
  in.source_url = "https://status.example.com/incidents/x9k2?u=1";
  EXPECT_EQ(vendor_incident_key(in), "x9k2");
  EXPECT_EQ(vendor_fingerprint("gh", "x9k2"), "vendor:gh:x9k2");
}

}  // namespace
}  // namespace pharos::vendor_status
