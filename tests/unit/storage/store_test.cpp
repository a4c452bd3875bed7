#include "storage/store.h"

#include <gtest/gtest.h>

#include "backend.h"
#include "domain/lifecycle.h"
#include "support/update_request.h"

namespace pharos {
namespace {

using namespace std::chrono_literals;

using testing::upd;

// The Store's contract, on every engine (see backend.h).
template <typename Backend>
class StoreTest : public testing::BackendTest<Backend> {
 protected:
  void SetUp() override {
    testing::BackendTest<Backend>::SetUp();
    if (!this->IsSkipped()) store_ = open();
  }

  std::unique_ptr<Store> open() {
    auto store = this->backend_.open(clock_);
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return store.ok() ? std::move(*store) : nullptr;
  }

  void sync_catalog() {
    Page page{"", "Acme", "https://status.acme.example", "Europe/Amsterdam"};
    auto stored = store_->load_page(page);
    ASSERT_TRUE(stored.ok());
    page.id = stored->id;
    std::vector<ComponentGroup> groups{{"platform", "Platform", "", 1}};
    Component api;
    api.id = "api";
    api.name = "API";
    api.group_id = "platform";
    api.position = 1;
    api.depends_on = {"auth"};
    Component auth;
    auth.id = "auth";
    auth.name = "Auth";
    auth.group_id = "platform";
    auth.position = 2;
    ASSERT_TRUE(store_->sync_catalog(page, groups, {api, auth}).ok());
  }

  Incident sample_incident() {
    NewIncident req;
    req.name = "API errors";
    req.body = "We are investigating **errors**.";
    req.component_statuses = {{"api", ComponentStatus::kPartialOutage}};
    req.detected_at = clock_.now() - 30s;
    auto lookup = [](const std::string&) { return std::optional(ComponentStatus::kOperational); };
    auto incident = open_incident(req, lookup, clock_.now(), "inc000000001", "upd000000001");
    EXPECT_TRUE(incident.ok());
    return *incident;
  }

  FakeClock clock_{Instant(std::chrono::hours(24 * 19800))};
  std::unique_ptr<Store> store_;
};
TYPED_TEST_SUITE(StoreTest, testing::StoreBackends);

TYPED_TEST(StoreTest, PageIsCreatedOnceWithAStableId) {
  auto first = this->store_->load_page({"", "Acme", "", "Etc/UTC"});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->id.size(), 12u);
  auto again = this->open()->load_page({"", "Other", "", "Etc/UTC"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(again->name, "Acme");
}

TYPED_TEST(StoreTest, CatalogSyncKeepsStatusAndRetiresRemovedComponents) {
  this->sync_catalog();
  ASSERT_TRUE(
      this->store_
          ->set_component_status({"api", ComponentStatus::kMajorOutage, StatusSource::kManual})
          .ok());
  auto rev = this->store_->revision();
  this->sync_catalog();  // same config again
  EXPECT_EQ(*this->store_->revision(), *rev) << "an unchanged catalog moves no revision";
  auto components = this->store_->list_components();
  ASSERT_TRUE(components.ok());
  ASSERT_EQ(components->size(), 2u);
  EXPECT_EQ((*components)[0].id, "api");
  EXPECT_EQ((*components)[0].status, ComponentStatus::kMajorOutage);
  EXPECT_EQ((*components)[0].status_source, StatusSource::kManual);
  EXPECT_EQ((*components)[0].depends_on, std::vector<std::string>{"auth"});

  Page page{"", "Acme", "", "Etc/UTC"};
  Component api = (*components)[0];
  ASSERT_TRUE(this->store_->sync_catalog(page, {{"platform", "Platform", "", 1}}, {api}).ok());
  EXPECT_EQ(this->store_->list_components()->size(), 1u);
  auto retired = this->store_->find_component("auth");
  ASSERT_TRUE(retired.ok() && retired->has_value()) << "retired components stay for history";
}

TYPED_TEST(StoreTest, IncidentRoundTripKeepsEveryField) {
  this->sync_catalog();
  Incident incident = this->sample_incident();
  incident.external_components = {"Kalix Platform", "Telehealth"};
  incident.postmortem =
      Postmortem{"## Root Cause\nA token expired.", std::nullopt, this->clock_.now()};
  incident.source_url = "https://status.vendor.example/incidents/x";
  incident.fingerprint = "vendor|API errors|2024";
  IncidentWrite write{
      incident, 0, {{"api", ComponentStatus::kPartialOutage, StatusSource::kManual}}};
  auto version = this->store_->save_incident(write);
  ASSERT_TRUE(version.ok()) << version.error().message;
  EXPECT_EQ(*version, 1);

  auto loaded = this->store_->find_incident(incident.id);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  const Incident& got = **loaded;
  EXPECT_EQ(got.name, incident.name);
  EXPECT_EQ(got.status, IncidentStatus::kInvestigating);
  EXPECT_EQ(got.impact, Impact::kMajor);
  EXPECT_EQ(got.started_at, incident.started_at);
  EXPECT_EQ(got.detected_at, incident.detected_at);
  EXPECT_FALSE(got.resolved_at);
  EXPECT_EQ(got.component_ids, std::vector<std::string>{"api"});
  EXPECT_EQ(got.external_components, incident.external_components);
  ASSERT_TRUE(got.postmortem);
  EXPECT_EQ(got.postmortem->body, incident.postmortem->body);
  EXPECT_FALSE(got.postmortem->published_at);
  ASSERT_EQ(got.updates.size(), 1u);
  EXPECT_EQ(got.updates[0].body, incident.updates[0].body);
  EXPECT_EQ(got.updates[0].component_changes, incident.updates[0].component_changes);
  EXPECT_EQ(got.version, 1);
  EXPECT_EQ((*this->store_->find_component("api"))->status, ComponentStatus::kPartialOutage);
  auto by_fp = this->store_->find_incident_by_fingerprint("vendor|API errors|2024");
  ASSERT_TRUE(by_fp.ok() && by_fp->has_value());
  EXPECT_EQ((*by_fp)->id, incident.id);
}

TYPED_TEST(StoreTest, StaleWritesAreRefused) {
  this->sync_catalog();
  Incident incident = this->sample_incident();
  ASSERT_TRUE(this->store_->save_incident({incident, 0, {}}).ok());
  EXPECT_EQ(this->store_->save_incident({incident, 0, {}}).error().code, ErrorCode::kAlreadyExists);
  Incident a = **this->store_->find_incident(incident.id);
  Incident b = a;
  auto lookup = [](const std::string&) { return std::optional(ComponentStatus::kOperational); };
  ASSERT_TRUE(
      apply_update(a, upd(IncidentStatus::kIdentified, "a"), lookup, this->clock_.now(), "ua")
          .ok());
  ASSERT_TRUE(
      apply_update(b, upd(IncidentStatus::kMonitoring, "b"), lookup, this->clock_.now(), "ub")
          .ok());
  ASSERT_TRUE(this->store_->save_incident({a, a.version, {}}).ok());
  auto stale = this->store_->save_incident({b, b.version, {}});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ((*this->store_->find_incident(incident.id))->status, IncidentStatus::kIdentified);
}

TYPED_TEST(StoreTest, InternalNotesAreKeptBesideTheIncident) {
  this->sync_catalog();
  Incident incident = this->sample_incident();
  InternalNote note{incident.updates[0].id, this->clock_.now(), "automation",
                    "api-health failed on 10.0.0.12:443: connection refused"};
  IncidentWrite first{incident, 0, {}};
  first.internal_notes = {note};
  ASSERT_TRUE(this->store_->save_incident(first).ok());
  Incident stored = **this->store_->find_incident(incident.id);
  auto lookup = [](const std::string&) { return std::optional(ComponentStatus::kOperational); };
  ASSERT_TRUE(
      apply_update(stored, upd(IncidentStatus::kMonitoring, "b"), lookup, this->clock_.now(), "ub")
          .ok());
  InternalNote second{"ub", this->clock_.now(), "automation", "healthy again"};
  IncidentWrite then{stored, stored.version, {}};
  then.internal_notes = {second};
  ASSERT_TRUE(this->store_->save_incident(then).ok());
  EXPECT_EQ(*this->store_->internal_notes(incident.id), (std::vector<InternalNote>{note, second}));
  EXPECT_TRUE(this->store_->internal_notes("unknown")->empty());
  Incident reread = **this->store_->find_incident(incident.id);
  for (const auto& u : reread.updates) {
    EXPECT_EQ(u.body.find("10.0.0.12"), std::string::npos) << "a note never becomes a body";
  }
  ASSERT_TRUE(this->store_->delete_incident(incident.id).ok());
  EXPECT_TRUE(this->store_->internal_notes(incident.id)->empty()) << "deleted with the incident";
}

TYPED_TEST(StoreTest, FailedWriteChangesNothing) {
  this->sync_catalog();
  Incident incident = this->sample_incident();
  auto rev = *this->store_->revision();
  // An unknown component makes the transaction fail after the incident rows were written.
  auto r = this->store_->save_incident(
      {incident, 0, {{"ghost", ComponentStatus::kMajorOutage, StatusSource::kManual}}});
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(this->store_->find_incident(incident.id)->has_value());
  EXPECT_EQ(*this->store_->revision(), rev);
}

TYPED_TEST(StoreTest, ListsByStateKindAndPage) {
  this->sync_catalog();
  auto lookup = [](const std::string&) { return std::optional(ComponentStatus::kOperational); };
  const Instant start = this->clock_.now();
  for (int n = 0; n < 5; ++n) {
    this->clock_.advance(1h);
    NewIncident req;
    req.name = "incident " + std::to_string(n);
    auto i = open_incident(req, lookup, this->clock_.now(), "inc" + std::to_string(n),
                           "u" + std::to_string(n));
    ASSERT_TRUE(i.ok());
    if (n % 2 == 0) {
      ASSERT_TRUE(apply_update(*i, upd(IncidentStatus::kResolved, "ok"), lookup, this->clock_.now(),
                               "r" + std::to_string(n))
                      .ok());
    }
    ASSERT_TRUE(this->store_->save_incident({*i, 0, {}}).ok());
  }
  NewIncident m;
  m.kind = IncidentKind::kMaintenance;
  m.name = "upgrade";
  m.scheduled_for = this->clock_.now() + 1h;
  m.scheduled_until = this->clock_.now() + 2h;
  ASSERT_TRUE(
      this->store_
          ->save_incident({*open_incident(m, lookup, this->clock_.now(), "m1", "mu1"), 0, {}})
          .ok());

  IncidentQuery all;
  all.kind = IncidentKind::kIncident;
  auto listed = this->store_->list_incidents(all);
  ASSERT_EQ(listed->size(), 5u);
  EXPECT_EQ((*listed)[0].name, "incident 4") << "newest first";
  IncidentQuery open;
  open.kind = IncidentKind::kIncident;
  open.state = IncidentQuery::State::kOpen;
  EXPECT_EQ(this->store_->list_incidents(open)->size(), 2u);
  // Active after start + 3h: the open ones (1, 3) and 4, resolved at +5h; 2 resolved at +3h.
  IncidentQuery active = all;
  active.active_after = start + 3h;
  auto still = this->store_->list_incidents(active);
  ASSERT_TRUE(still.ok()) << still.error().message;
  std::vector<std::string> ids;
  for (const auto& i : *still) ids.push_back(i.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"inc4", "inc3", "inc1"}));
  IncidentQuery paged = all;
  paged.limit = 2;
  paged.offset = 2;
  auto page2 = this->store_->list_incidents(paged);
  ASSERT_EQ(page2->size(), 2u);
  EXPECT_EQ((*page2)[0].name, "incident 2");
  IncidentQuery maintenances;
  maintenances.kind = IncidentKind::kMaintenance;
  EXPECT_EQ(this->store_->list_incidents(maintenances)->size(), 1u);
  ASSERT_TRUE(this->store_->delete_incident("inc1").ok());
  EXPECT_EQ(this->store_->list_incidents(all)->size(), 4u);
  EXPECT_EQ(this->store_->delete_incident("inc1").error().code, ErrorCode::kNotFound);
}

TYPED_TEST(StoreTest, ComponentHistoryCoversTheWindow) {
  this->sync_catalog();
  Instant t0 = this->clock_.now();
  this->clock_.advance(1h);
  ASSERT_TRUE(
      this->store_
          ->set_component_status({"api", ComponentStatus::kMajorOutage, StatusSource::kAutomatic})
          .ok());
  this->clock_.advance(30min);
  ASSERT_TRUE(
      this->store_
          ->set_component_status({"api", ComponentStatus::kOperational, StatusSource::kAutomatic})
          .ok());
  auto spans = this->store_->component_history("api", t0, t0 + 3h);
  ASSERT_TRUE(spans.ok());
  ASSERT_EQ(spans->size(), 3u);
  EXPECT_EQ((*spans)[0].status, ComponentStatus::kOperational);
  EXPECT_EQ((*spans)[0].from, t0);
  EXPECT_EQ((*spans)[1].status, ComponentStatus::kMajorOutage);
  EXPECT_EQ((*spans)[1].from, t0 + 1h);
  EXPECT_EQ((*spans)[1].until, t0 + 90min);
  EXPECT_FALSE((*spans)[2].until);
  // A window starting inside the outage begins with the outage.
  auto inside = this->store_->component_history("api", t0 + 70min, t0 + 80min);
  ASSERT_EQ(inside->size(), 1u);
  EXPECT_EQ((*inside)[0].status, ComponentStatus::kMajorOutage);
}

TYPED_TEST(StoreTest, UnchangedComponentStatusMovesNoRevision) {
  this->sync_catalog();
  ComponentStatusSet same{"api", ComponentStatus::kOperational, StatusSource::kAutomatic};
  auto before = *this->store_->revision();
  ASSERT_TRUE(this->store_->set_component_status(same).ok());
  EXPECT_EQ(*this->store_->revision(), before);
  same.status = ComponentStatus::kDegradedPerformance;
  ASSERT_TRUE(this->store_->set_component_status(same).ok());
  EXPECT_GT(*this->store_->revision(), before);
}

TYPED_TEST(StoreTest, RevisionSeesWritesFromAnotherConnection) {
  this->sync_catalog();
  auto other = this->open();  // as the CLI in another process would
  auto before = *this->store_->revision();
  ASSERT_TRUE(other
                  ->set_component_status(
                      {"auth", ComponentStatus::kDegradedPerformance, StatusSource::kManual})
                  .ok());
  EXPECT_GT(*this->store_->revision(), before);
  EXPECT_EQ((*this->store_->find_component("auth"))->status, ComponentStatus::kDegradedPerformance);
}

TYPED_TEST(StoreTest, RefusesADatabaseFromANewerPharos) {
  if (std::is_same_v<TypeParam, testing::FakeBackend>) GTEST_SKIP() << "the fake has no schema";
  ASSERT_TRUE(this->backend_.exec("INSERT INTO schema_migrations VALUES (999, 'future', 0)"));
  auto store = open_store(this->url_, this->clock_);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("upgrade Pharos"), std::string::npos);
}

TYPED_TEST(StoreTest, RejectsUnknownStorageUrls) {
  EXPECT_FALSE(open_store("mysql://x", this->clock_).ok());
  EXPECT_FALSE(open_store("sqlite:", this->clock_).ok());
}

}  // namespace
}  // namespace pharos
