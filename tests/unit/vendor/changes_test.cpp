// Change detection against a real SQLite store: the recorded Statuspage sequence, step by step.
#include "vendor/changes.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include "vendor/document.h"
#include "vendor_support.h"

namespace pharos::vendor {
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
    auto store = open_store("sqlite:" + dir_.file("pharos.db"), clock_);
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
    q.vendor = "acme";
    auto all = store_->list_incidents(q);
    EXPECT_TRUE(all.ok());
    return all.ok() ? *all : std::vector<Incident>{};
  }

  Incident p1() {
    auto found = store_->find_incident_by_fingerprint("vendor:acme:p1");
    EXPECT_TRUE(found.ok() && found->has_value()) << "p1 is not stored";
    return found.ok() && found->has_value() ? **found : Incident{};
  }

  pharos::testing::TempDir dir_;
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
}  // namespace pharos::vendor
