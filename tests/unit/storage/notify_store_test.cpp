#include "storage/notify_store.h"

#include <gtest/gtest.h>

#include "unit/notify/notify_fixture.h"

namespace pharos::notify {
namespace {

using namespace std::chrono_literals;

class NotifyStoreTest : public NotifyFixture {};

TEST_F(NotifyStoreTest, IncidentChangesAppendEventsInTheirTransaction) {
  Incident incident = open_incident("API down", ComponentStatus::kMajorOutage);
  auto e = events();
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].kind, EventKind::kIncidentUpdated);
  EXPECT_EQ(e[0].incident_id, incident.id);
  EXPECT_EQ(e[0].update_id, incident.updates[0].id);
  EXPECT_EQ(e[0].audience, Audience::kPublic);
  EXPECT_EQ(e[1].kind, EventKind::kComponentUpdated);
  EXPECT_EQ(e[1].component_id, "api");
  EXPECT_EQ(e[1].old_status, ComponentStatus::kOperational);
  EXPECT_EQ(e[1].new_status, ComponentStatus::kMajorOutage);
  EXPECT_LT(e[0].seq, e[1].seq);

  UpdateRequest quiet;
  quiet.status = IncidentStatus::kIdentified;
  quiet.body = "no notification for this one";
  quiet.deliver_notifications = false;
  ASSERT_TRUE(incidents_->post_update(incident.id, quiet, "test").ok());
  EXPECT_EQ(events().size(), 2u);

  UpdateRequest loud;
  loud.body = "still on it";
  auto updated = incidents_->post_update(incident.id, loud, "test");
  ASSERT_TRUE(updated.ok());
  e = events();
  ASSERT_EQ(e.size(), 3u);  // only the new update; earlier updates are not re-announced
  EXPECT_EQ(e[2].update_id, updated->updates.back().id);
}

TEST_F(NotifyStoreTest, ComponentEventOnlyForARealStatusChange) {
  ASSERT_TRUE(
      store_->set_component_status({"db", ComponentStatus::kOperational, StatusSource::kManual})
          .ok());  // source only
  EXPECT_TRUE(events().empty());
  ASSERT_TRUE(
      store_->set_component_status({"db", ComponentStatus::kPartialOutage, StatusSource::kManual})
          .ok());
  ASSERT_TRUE(
      store_->set_component_status({"db", ComponentStatus::kPartialOutage, StatusSource::kManual})
          .ok());  // unchanged
  auto e = events();
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].old_status, ComponentStatus::kOperational);
  EXPECT_EQ(e[0].new_status, ComponentStatus::kPartialOutage);
}

TEST_F(NotifyStoreTest, AFailedWriteAppendsNothing) {
  Incident incident = open_incident("API down", ComponentStatus::kMajorOutage);
  size_t before = events().size();
  IncidentUpdate extra;
  extra.id = "updextra0001";
  extra.body = "this write fails after the events were appended";
  extra.created_at = extra.updated_at = extra.display_at = clock_.now();
  incident.updates.push_back(extra);
  IncidentWrite write{
      incident, incident.version, {{"nope", ComponentStatus::kMajorOutage, StatusSource::kManual}}};
  EXPECT_FALSE(store_->save_incident(write).ok());  // unknown component: rolled back
  EXPECT_EQ(events().size(), before);
}

TEST_F(NotifyStoreTest, ImportedIncidentsNotifyNobodyAndVendorOnesOnlyAdmins) {
  NewIncident req;
  req.name = "Imported";
  req.body = "history";
  req.source = IncidentSource::kImported;
  ASSERT_TRUE(incidents_->open(req, "test").ok());
  EXPECT_TRUE(events().empty());
  req.name = "Vendor";
  req.source = IncidentSource::kVendor;
  ASSERT_TRUE(incidents_->open(req, "test").ok());
  auto e = events();
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].audience, Audience::kAdmin);
}

TEST_F(NotifyStoreTest, DueDeliveriesKeepEachTargetsOrder) {
  for (auto s : {ComponentStatus::kDegradedPerformance, ComponentStatus::kMajorOutage}) {
    ASSERT_TRUE(store_->set_component_status({"db", s, StatusSource::kManual}).ok());
  }
  auto e = events();
  ASSERT_EQ(e.size(), 2u);
  ASSERT_TRUE(notify_->fan_out(e[0].seq, {"a"}, clock_.now()).ok());
  ASSERT_TRUE(notify_->fan_out(e[1].seq, {"a", "b"}, clock_.now()).ok());
  ASSERT_TRUE(notify_->fan_out(e[1].seq, {"a", "b"}, clock_.now()).ok());  // again: no duplicate
  auto due = notify_->due_deliveries(clock_.now(), 10, {});
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].id, delivery_id(e[0].seq, "a"));
  EXPECT_EQ((*due)[1].id, delivery_id(e[1].seq, "b"));  // a's second waits for its first

  AttemptOutcome retry{AttemptOutcome::Kind::kRetry, clock_.now(), clock_.now() + 10s, "503"};
  ASSERT_TRUE(notify_->record_attempt((*due)[0].id, retry).ok());
  due = notify_->due_deliveries(clock_.now(), 10, {});
  ASSERT_EQ(due->size(), 1u);  // a's first is not due, and its second still waits
  EXPECT_EQ((*due)[0].target, "b");
  EXPECT_EQ(notify_->next_due()->value(), clock_.now());

  AttemptOutcome ok{AttemptOutcome::Kind::kDelivered, clock_.now(), {}, ""};
  ASSERT_TRUE(notify_->record_attempt(delivery_id(e[0].seq, "a"), ok).ok());
  due = notify_->due_deliveries(clock_.now(), 10, {delivery_id(e[1].seq, "b")});
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].id, delivery_id(e[1].seq, "a"));
}

TEST_F(NotifyStoreTest, DeadLettersCanBeRetried) {
  ASSERT_TRUE(
      store_->set_component_status({"db", ComponentStatus::kMajorOutage, StatusSource::kManual})
          .ok());
  auto e = events();
  ASSERT_TRUE(notify_->fan_out(e[0].seq, {"a"}, clock_.now()).ok());
  std::string id = delivery_id(e[0].seq, "a");
  AttemptOutcome dead{AttemptOutcome::Kind::kDead, clock_.now(), {}, "HTTP 400"};
  ASSERT_TRUE(notify_->record_attempt(id, dead).ok());
  auto list = notify_->list_deliveries(DeliveryState::kDead, 10);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].last_error, "HTTP 400");
  EXPECT_EQ((*list)[0].attempts, 1);
  EXPECT_TRUE(notify_->due_deliveries(clock_.now(), 10, {})->empty());
  EXPECT_EQ(notify_->retry_dead("nope", clock_.now()).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(*notify_->retry_dead("", clock_.now()), 1);
  auto due = notify_->due_deliveries(clock_.now(), 10, {});
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].attempts, 0);
}

TEST_F(NotifyStoreTest, UnsubscribeOutcomeRemovesTheSubscriberAndCancelsItsQueue) {
  Subscriber s;
  s.id = "sub000000001";
  s.kind = SubscriberKind::kWebhook;
  s.address = "https://hooks.example/x";
  s.confirmed = true;
  s.created_at = clock_.now();
  ASSERT_TRUE(notify_->add_subscriber(s, "").ok());
  EXPECT_EQ(notify_->add_subscriber(s, "").error().code, ErrorCode::kAlreadyExists);
  for (auto st : {ComponentStatus::kDegradedPerformance, ComponentStatus::kMajorOutage}) {
    ASSERT_TRUE(store_->set_component_status({"db", st, StatusSource::kManual}).ok());
  }
  auto e = events();
  for (const auto& ev : e) ASSERT_TRUE(notify_->fan_out(ev.seq, {s.id}, clock_.now()).ok());
  AttemptOutcome gone{AttemptOutcome::Kind::kUnsubscribe, clock_.now(), {}, "HTTP 410"};
  ASSERT_TRUE(notify_->record_attempt(delivery_id(e[0].seq, s.id), gone).ok());
  EXPECT_FALSE(notify_->find_subscriber(s.id)->has_value());
  EXPECT_EQ(*notify_->count_deliveries(DeliveryState::kCancelled), 1);
  EXPECT_EQ(*notify_->count_deliveries(DeliveryState::kPending), 0);
}

}  // namespace
}  // namespace pharos::notify
