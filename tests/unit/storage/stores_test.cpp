// The contracts of ResultsStore, NotifyStore, VendorStore and TemplateStore, on every engine
// (see backend.h).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "backend.h"
#include "storage/db/open.h"
#include "storage/notify_store.h"
#include "storage/results_store.h"
#include "storage/store.h"
#include "storage/store_copy.h"
#include "storage/template_store.h"
#include "storage/vendor_store.h"
#include "support/stored_results.h"

namespace pharos {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const Instant kDay = testing::kResultsDay;
const auto result = testing::stored_result;

template <typename Backend>
class StoresTest : public testing::BackendTest<Backend> {
 protected:
  // The store open_fn(url) opens, or a failed assertion.
  template <typename T>
  std::unique_ptr<T> opened(Result<std::unique_ptr<T>> store) {
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return store.ok() ? std::move(*store) : nullptr;
  }
};
TYPED_TEST_SUITE(StoresTest, testing::StoreBackends);

TYPED_TEST(StoresTest, ResultBatchesFoldIntoMinuteHourAndDayRollups) {
  auto s = this->opened(open_results_store(this->url_));
  ASSERT_TRUE(s);
  // 10:00 two checks, 10:01 one failure; then a gap until 12:00. Another monitor beside it.
  ASSERT_TRUE(
      s->write_batch({result("api", kDay + hours(10), CheckOutcome::kUp, 40),
                      result("api", kDay + hours(10) + seconds(30), CheckOutcome::kDegraded, 900),
                      result("db", kDay + hours(10), CheckOutcome::kDown, 0)})
          .ok());
  ASSERT_TRUE(s->write_batch({result("api", kDay + hours(10) + minutes(1), CheckOutcome::kDown, 0),
                              result("api", kDay + hours(12), CheckOutcome::kUp, 40)})
                  .ok());
  auto minute_rows = s->rollups("api", RollupPeriod::kMinute, kDay, kDay + hours(24));
  ASSERT_TRUE(minute_rows.ok()) << minute_rows.error().message;
  ASSERT_EQ(minute_rows->size(), 3u) << "minutes without checks have no row: no data";
  EXPECT_EQ((*minute_rows)[0].checks, 2);
  EXPECT_EQ((*minute_rows)[0].degraded, 1);
  EXPECT_EQ((*minute_rows)[1].failures, 1);
  auto hour_rows = s->rollups("api", RollupPeriod::kHour, kDay, kDay + hours(24));
  ASSERT_EQ(hour_rows->size(), 2u);
  auto eleven = s->rollups("api", RollupPeriod::kHour, kDay + hours(11), kDay + hours(12));
  EXPECT_FALSE(summarize(*eleven).uptime) << "the gap is no data, never up";
  auto day = s->rollups("api", RollupPeriod::kDay, kDay, kDay + hours(24));
  ASSERT_EQ(day->size(), 1u);
  auto summary = summarize(*day);
  EXPECT_EQ(summary.checks, 4);
  EXPECT_DOUBLE_EQ(*summary.uptime, 0.75);
  EXPECT_EQ(summary.p50_ms, 50);
  EXPECT_EQ(summary.p99_ms, 1000);
  auto totals = s->rollup_totals(RollupPeriod::kDay, kDay, kDay + hours(24));
  ASSERT_EQ(totals->size(), 2u);
  EXPECT_EQ((*totals)[0].monitor, "api");
  EXPECT_EQ((*totals)[0].checks, 4);
  EXPECT_EQ((*totals)[1].failures, 1);
  auto raw = s->results("api", kDay, kDay + hours(24), 2);
  ASSERT_EQ(raw->size(), 2u);
  EXPECT_EQ((*raw)[0].at, kDay + hours(12)) << "newest first";
}

TYPED_TEST(StoresTest, LargeResultBatchesAreWrittenWhole) {
  auto s = this->opened(open_results_store(this->url_));
  ASSERT_TRUE(s);
  std::vector<StoredResult> batch;
  for (int m = 0; m < 1'000; ++m) {
    batch.push_back(result("m" + std::to_string(m), kDay + seconds(m % 60), CheckOutcome::kUp, 5));
  }
  ASSERT_TRUE(s->write_batch(batch).ok());
  ASSERT_TRUE(s->write_batch(batch).ok());
  auto totals = s->rollup_totals(RollupPeriod::kHour, kDay, kDay + hours(1));
  ASSERT_EQ(totals->size(), 1'000u);
  for (const auto& row : *totals) EXPECT_EQ(row.checks, 2) << row.monitor;
}

TYPED_TEST(StoresTest, PruneDropsOldResultsAndMinuteRollupsButKeepsHours) {
  auto s = this->opened(open_results_store(this->url_));
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->write_batch({result("api", kDay, CheckOutcome::kUp, 10),
                              result("api", kDay + hours(24 * 8), CheckOutcome::kUp, 10)})
                  .ok());
  auto pruned = s->prune(kDay + hours(24 * 7));
  ASSERT_TRUE(pruned.ok());
  EXPECT_EQ(*pruned, 1);
  EXPECT_EQ(s->results("api", kDay, kDay + hours(24 * 9), 10)->size(), 1u);
  EXPECT_EQ(s->rollups("api", RollupPeriod::kMinute, kDay, kDay + hours(1))->size(), 0u);
  EXPECT_EQ(s->rollups("api", RollupPeriod::kHour, kDay, kDay + hours(1))->size(), 1u);
}

StoredResult every(std::string monitor, Instant when, Millis interval) {
  StoredResult r = result(std::move(monitor), when, CheckOutcome::kUp, 5);
  r.interval = interval;
  return r;
}

TYPED_TEST(StoresTest, CoverageSpansRunFromEachCheckUntilTheNextIsDue) {
  auto s = this->opened(open_results_store(this->url_));
  ASSERT_TRUE(s);
  const Millis interval = seconds(30);
  // api: checks at 0 s, 31 s (a second late: still one span), 60 s; then nothing until 300 s
  // (a gap: Pharos was stopped), then 330 s in the next batch. db: one check at 10 s.
  ASSERT_TRUE(
      s->write_batch({every("api", kDay, interval), every("api", kDay + seconds(31), interval),
                      every("db", kDay + seconds(10), interval),
                      every("api", kDay + seconds(60), interval)})
          .ok());
  ASSERT_TRUE(s->write_batch({every("api", kDay + seconds(300), interval)}).ok());
  ASSERT_TRUE(s->write_batch({every("api", kDay + seconds(330), interval)}).ok());
  // The same batch again (a retried write) changes nothing.
  ASSERT_TRUE(s->write_batch({every("api", kDay + seconds(330), interval)}).ok());
  auto spans = s->coverage(kDay, kDay + hours(1));
  ASSERT_TRUE(spans.ok()) << spans.error().message;
  ASSERT_EQ(spans->size(), 3u);
  EXPECT_EQ((*spans)[0].monitor, "api");
  EXPECT_EQ((*spans)[0].from, kDay);
  EXPECT_EQ((*spans)[0].until, kDay + seconds(90));
  EXPECT_EQ((*spans)[1].from, kDay + seconds(300));
  EXPECT_EQ((*spans)[1].until, kDay + seconds(360)) << "extended by the later batch";
  EXPECT_EQ((*spans)[2].monitor, "db");
  EXPECT_EQ((*spans)[2].until, kDay + seconds(40));
  // Overlap is what counts: a window inside a span finds it, one after every span nothing.
  EXPECT_EQ(s->coverage(kDay + seconds(50), kDay + seconds(51))->size(), 1u);
  EXPECT_TRUE(s->coverage(kDay + hours(1), kDay + hours(2))->empty());
  // A result older than the stored spans (a late batch) joins the span it touches.
  ASSERT_TRUE(s->write_batch({every("api", kDay + seconds(100), interval)}).ok());
  spans = s->coverage(kDay, kDay + hours(1));
  ASSERT_EQ(spans->size(), 3u);
  EXPECT_EQ((*spans)[0].until, kDay + seconds(130)) << "joined the first span (within 15 s)";
  EXPECT_EQ((*spans)[1].from, kDay + seconds(300));
  // A check that bridges two stored spans (a longer interval: 75 s of slack) joins them into
  // one: the later span's row is merged away, not left overlapping.
  ASSERT_TRUE(s->write_batch({every("api", kDay + seconds(140), seconds(150))}).ok());
  spans = s->coverage(kDay, kDay + hours(1));
  ASSERT_EQ(spans->size(), 2u);
  EXPECT_EQ((*spans)[0].from, kDay);
  EXPECT_EQ((*spans)[0].until, kDay + seconds(360));
  EXPECT_EQ((*spans)[1].monitor, "db");
}

TYPED_TEST(StoresTest, RollupCountsListTheMonitorsAskedForInOneQuery) {
  auto s = this->opened(open_results_store(this->url_));
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->write_batch({result("api", kDay + hours(1), CheckOutcome::kDown, 0),
                              result("api", kDay + hours(25), CheckOutcome::kUp, 5),
                              result("db", kDay + hours(2), CheckOutcome::kDegraded, 5)})
                  .ok());
  auto days = s->rollup_counts(RollupPeriod::kDay, kDay, kDay + hours(48), {"db", "api", "gone"});
  ASSERT_TRUE(days.ok()) << days.error().message;
  ASSERT_EQ(days->size(), 3u);
  EXPECT_EQ((*days)[0].monitor, "api");
  EXPECT_EQ((*days)[0].start, kDay);
  EXPECT_EQ((*days)[0].failures, 1);
  EXPECT_EQ((*days)[1].start, kDay + hours(24));
  EXPECT_EQ((*days)[2].monitor, "db");
  EXPECT_EQ((*days)[2].degraded, 1);
  // Only the monitors asked for, and none at all for none.
  auto api = s->rollup_counts(RollupPeriod::kHour, kDay, kDay + hours(48), {"api"});
  ASSERT_TRUE(api.ok()) << api.error().message;
  ASSERT_EQ(api->size(), 2u);
  EXPECT_EQ((*api)[1].start, kDay + hours(25));
  EXPECT_TRUE(s->rollup_counts(RollupPeriod::kDay, kDay, kDay + hours(48), {})->empty());
}

TYPED_TEST(StoresTest, PruneKeepsDayAndHourRollupsAndCoverageForReports) {
  auto s = this->opened(open_results_store(this->url_));
  ASSERT_TRUE(s);
  // Year-over-year reports need at least 400 days of daily data (docs/reports.md).
  ASSERT_TRUE(s->write_batch({every("api", kDay, seconds(30))}).ok());
  ASSERT_TRUE(s->prune(kDay + hours(24 * 500)).ok());
  EXPECT_EQ(s->rollups("api", RollupPeriod::kDay, kDay, kDay + hours(24))->size(), 1u);
  EXPECT_EQ(s->rollups("api", RollupPeriod::kHour, kDay, kDay + hours(24))->size(), 1u);
  EXPECT_EQ(s->coverage(kDay, kDay + hours(24))->size(), 1u);
}

TYPED_TEST(StoresTest, PausesAndPushTokensKeepTheirRules) {
  auto s = this->opened(open_results_store(this->url_));
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->save_pause({"api", "user:ann", kDay}).ok());
  ASSERT_TRUE(s->save_pause({"api", "user:bob", kDay + hours(1)}).ok());
  auto pauses = s->pauses();
  ASSERT_EQ(pauses->size(), 1u) << "a pause replaces the monitor's row";
  EXPECT_EQ((*pauses)[0].paused_by, "user:bob");
  ASSERT_TRUE(s->clear_pause("api").ok());
  ASSERT_TRUE(s->clear_pause("api").ok());
  EXPECT_TRUE(s->pauses()->empty());
  EXPECT_EQ(*s->save_push_token({"beat", "first", kDay}), "first");
  EXPECT_EQ(*s->save_push_token({"beat", "second", kDay}), "first") << "first writer wins";
  EXPECT_EQ(s->push_tokens()->size(), 1u);
}

TYPED_TEST(StoresTest, OutboxFansOutOnceAndDeliversInOrderPerTarget) {
  auto n = this->opened(open_notify_store(this->url_));
  ASSERT_TRUE(n);
  Subscriber sub{
      "s1", SubscriberKind::kWebhook, "https://hooks.example/x", {"api"}, "k", true, kDay, kDay};
  ASSERT_TRUE(n->add_subscriber(sub, "").ok());
  EXPECT_EQ(n->add_subscriber(sub, "").error().code, ErrorCode::kAlreadyExists);
  ASSERT_TRUE(n->append_alert("cert expires", kDay).ok());
  ASSERT_TRUE(n->append_alert("cert expired", kDay).ok());
  auto events = n->unfanned_events(10);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_LT((*events)[0].seq, (*events)[1].seq);
  EXPECT_EQ((*events)[0].audience, Audience::kAdmin);
  std::vector<FanOut> batch;
  for (const auto& e : *events) batch.push_back({e.seq, {"s1"}});
  ASSERT_TRUE(n->fan_out_batch(batch, kDay).ok());
  ASSERT_TRUE(n->fan_out_batch(batch, kDay).ok()) << "fanning out again adds nothing";
  EXPECT_TRUE(n->unfanned_events(10)->empty());
  EXPECT_EQ(*n->count_deliveries(DeliveryState::kPending), 2);
  auto due = n->due_deliveries(kDay, 10, {});
  ASSERT_EQ(due->size(), 1u) << "one at a time per target";
  EXPECT_EQ((*due)[0].event_seq, (*events)[0].seq);
  AttemptOutcome retry{AttemptOutcome::Kind::kRetry, kDay, kDay + minutes(1), "503"};
  ASSERT_TRUE(n->record_attempt((*due)[0].id, retry).ok());
  EXPECT_EQ(*n->next_due(), kDay) << "the second waits behind the first, due already";
  EXPECT_TRUE(n->due_deliveries(kDay, 10, {})->empty());
  AttemptOutcome dead{AttemptOutcome::Kind::kDead, kDay + minutes(1), {}, "gave up"};
  ASSERT_TRUE(n->record_attempt((*due)[0].id, dead).ok());
  EXPECT_EQ(n->list_deliveries(DeliveryState::kDead, 10)->size(), 1u);
  EXPECT_EQ(*n->retry_dead("", kDay + minutes(2)), 1);
  ASSERT_TRUE(n->remove_subscriber("s1").ok());
  EXPECT_EQ(*n->count_deliveries(DeliveryState::kCancelled), 2);
  EXPECT_EQ(n->remove_subscriber("s1").error().code, ErrorCode::kNotFound);
}

TYPED_TEST(StoresTest, SubscriberTokensConfirmOnce) {
  auto n = this->opened(open_notify_store(this->url_));
  ASSERT_TRUE(n);
  Subscriber sub{"s1", SubscriberKind::kEmail, "ann@example.com", {}, "", false, kDay, {}};
  ASSERT_TRUE(n->add_subscriber(sub, "hash-c").ok());
  EXPECT_EQ(n->unfanned_events(10)->size(), 1u) << "an unconfirmed subscriber asks to confirm";
  EXPECT_EQ(**n->subscriber_for_token("confirm", "hash-c"), "s1");
  ASSERT_TRUE(n->confirm_subscriber("s1", kDay + minutes(5)).ok());
  EXPECT_FALSE(n->subscriber_for_token("confirm", "hash-c")->has_value());
  auto found = n->find_subscriber("s1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_TRUE((*found)->confirmed);
  EXPECT_EQ((*found)->confirmed_at, kDay + minutes(5));
}

TYPED_TEST(StoresTest, VendorComponentChangesAreReportedOnce) {
  auto v = this->opened(open_vendor_store(this->url_));
  ASSERT_TRUE(v);
  VendorComponentStatus cdn{"acme", "c1", "CDN", "Edge", ComponentStatus::kOperational, kDay, {}};
  auto first = v->replace_components("acme", {cdn}, kDay);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(first->empty()) << "a first read reports nothing";
  cdn.status = ComponentStatus::kPartialOutage;
  auto changed = v->replace_components("acme", {cdn}, kDay + minutes(2));
  ASSERT_EQ(changed->size(), 1u);
  EXPECT_EQ((*changed)[0].from, ComponentStatus::kOperational);
  EXPECT_TRUE(v->replace_components("acme", {cdn}, kDay + minutes(4))->empty());
  auto stored = v->vendor_components("acme");
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ((*stored)[0].changed_at, kDay + minutes(2));
  VendorPollState state;
  state.slug = "acme";
  state.url = "https://status.acme.example/api/v2/summary.json";
  state.etag = "\"v1\"";
  state.state = "ok";
  state.last_success = kDay;
  ASSERT_TRUE(v->save_poll_state(state).ok());
  state.etag = "\"v2\"";
  ASSERT_TRUE(v->save_poll_state(state).ok());
  auto states = v->poll_states();
  ASSERT_EQ(states->size(), 1u);
  EXPECT_EQ((*states)[0].etag, "\"v2\"");
  EXPECT_EQ((*states)[0].last_success, kDay);
  EXPECT_FALSE((*states)[0].error_since);
}

TYPED_TEST(StoresTest, TemplatesAreUniqueByName) {
  auto t = this->opened(open_template_store(this->url_));
  ASSERT_TRUE(t);
  IncidentTemplate a{"t1",
                     "db down",
                     IncidentKind::kIncident,
                     "Database",
                     "investigating",
                     "major",
                     "We are looking.",
                     kDay};
  ASSERT_TRUE(t->save_template(a).ok());
  a.body = "Changed.";
  ASSERT_TRUE(t->save_template(a).ok()) << "saving by id replaces";
  IncidentTemplate b = a;
  b.id = "t2";
  EXPECT_EQ(t->save_template(b).error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ((**t->find_template("t1")).body, "Changed.");
  EXPECT_EQ(t->list_templates()->size(), 1u);
  ASSERT_TRUE(t->delete_template("t1").ok());
  EXPECT_EQ(t->delete_template("t1").error().code, ErrorCode::kNotFound);
}

TYPED_TEST(StoresTest, ProcessesStartingAtOnceMigrateOnce) {
  std::vector<std::thread> starters;
  std::atomic<int> opened{0};
  for (int i = 0; i < 4; ++i) {
    starters.emplace_back([&] {
      if (open_results_store(this->url_).ok()) ++opened;
    });
  }
  for (auto& t : starters) t.join();
  EXPECT_EQ(opened, 4);
  auto db = db::open_database(this->url_, db::Durability::kDurable);
  ASSERT_TRUE(db.ok());
  auto conn = (*db)->acquire();
  ASSERT_TRUE(conn.ok());
  auto per_version = db::Statement(**conn,
                                   "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM "
                                   "schema_migrations GROUP BY version) AS counts")
                         .first_int64();
  ASSERT_TRUE(per_version.ok());
  EXPECT_EQ(**per_version, 1);
}

TYPED_TEST(StoresTest, AnIncidentUpdateReachesTheOutboxInItsTransaction) {
  FakeClock clock(kDay);
  auto store = this->opened(open_store(this->url_, clock));
  auto n = this->opened(open_notify_store(this->url_));
  ASSERT_TRUE(store && n);
  Incident incident;
  incident.id = "inc1";
  incident.name = "API down";
  incident.started_at = incident.created_at = incident.updated_at = kDay;
  IncidentUpdate update;
  update.id = "u1";
  update.body = "Looking.";
  update.created_at = update.updated_at = update.display_at = kDay;
  update.deliver_notifications = true;
  incident.updates.push_back(update);
  ASSERT_TRUE(store->save_incident({incident, 0, {}}).ok());
  auto events = n->unfanned_events(10);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].kind, EventKind::kIncidentUpdated);
  EXPECT_EQ((*events)[0].update_id, "u1");
}

TYPED_TEST(StoresTest, StoreCopyKnowsEveryTableTheMigrationsCreate) {
  auto db = db::open_database(this->url_, db::Durability::kDurable);
  ASSERT_TRUE(db.ok()) << db.error().message;
  auto conn = (*db)->acquire();
  ASSERT_TRUE(conn.ok());
  auto unknown = unknown_tables(**conn);
  ASSERT_TRUE(unknown.ok()) << unknown.error().message;
  EXPECT_TRUE(unknown->empty()) << "add " << unknown->front() << " to storage/sql/copy.cpp";
}

}  // namespace
}  // namespace pharos
