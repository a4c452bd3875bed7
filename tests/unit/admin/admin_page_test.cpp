// The admin page toolkit in-process, through the real router and real SQLite stores: the guard
// (session, role), the same-origin and CSRF checks on every POST, the security headers, and
// hostile text escaped wherever the pages show it.
#include "admin/admin_page.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>

#include "admin/admin_ui.h"
#include "auth/auth_service.h"
#include "core/time.h"
#include "notify/subscription_service.h"
#include "storage/notify_store.h"
#include "support/html_text.h"
#include "support/services_fixture.h"

namespace pharos::admin {
namespace {

constexpr std::string_view kHostile = "<script>alert(1)</script>\"'&";

class AdminTest : public pharos::testing::ServicesFixture {
 protected:
  void SetUp() override {
    open_services({pharos::testing::component("api", "API " + std::string(kHostile), "", 1)});
    if (HasFatalFailure()) return;
    for (const auto& [role, user] : users_) cookies_[role] = sessions_.create(user);
    auto notify_store = open_notify_store(db_.url());
    ASSERT_TRUE(notify_store.ok());
    notify_store_ = std::move(*notify_store);
    subscriptions_ = std::make_unique<notify::SubscriptionService>(
        *notify_store_, clock_, std::vector<std::string>{"api"}, audit_.get());
    add_routes(router_, Services{.store = *store_,
                                 .incidents = *incidents_,
                                 .auth_store = *auth_store_,
                                 .sessions = sessions_,
                                 .limiter = limiter_,
                                 .clock = clock_,
                                 .zone = zone_,
                                 .page_name = "Acme",
                                 .monitoring = nullptr,
                                 .templates = nullptr,
                                 .subscriptions = subscriptions_.get(),
                                 .setup = nullptr,
                                 .secure_cookies = false});
  }

  std::string csrf(Role role) { return sessions_.find(cookies_[role])->csrf_token; }

  // A request as `role` (nullopt: signed out) with extra headers.
  web::Response call(web::Method method, std::string target, std::optional<Role> role,
                     std::string body = {},
                     std::vector<std::pair<std::string, std::string>> headers = {}) {
    web::Request r;
    r.method = method;
    if (auto q = target.find('?'); q != std::string::npos) {
      r.query = target.substr(q + 1);
      target.resize(q);
    }
    r.path = target;
    r.peer_address = "127.0.0.1";
    held_.clear();
    held_.push_back("pharos_session=" + (role ? cookies_[*role] : std::string()));
    r.headers.push_back({"Cookie", held_.back()});
    r.headers.push_back({"Host", "127.0.0.1:8080"});
    for (auto& [name, value] : headers) {
      held_names_.push_back(name);
      held_.push_back(value);
      r.headers.push_back({held_names_.back(), held_.back()});
    }
    body_ = std::move(body);
    r.body = body_;
    return router_.handle(r);
  }

  std::string form_with_csrf(Role role, std::string fields) {
    return "csrf=" + csrf(role) + "&" + fields;
  }

  // The secret a page shows once (a generated password, a new token): the text of its
  // id="secret" element; empty when the page shows none.
  static std::string shown_secret(const std::string& body) {
    return pharos::testing::text_after(body, "id=\"secret\">", '<');
  }

  TimeZone zone_ = TimeZone::utc();
  std::unique_ptr<NotifyStore> notify_store_;
  std::unique_ptr<notify::SubscriptionService> subscriptions_;
  auth::SessionManager sessions_{clock_};
  auth::LoginLimiter limiter_{clock_};
  web::Router router_;
  std::map<Role, std::string> cookies_;
  std::deque<std::string> held_, held_names_;  // header bytes the request's views point into
  std::string body_;
};

TEST_F(AdminTest, SignedOutPagesRedirectToLoginWithTheWayBack) {
  auto r = call(web::Method::kGet, "/admin/incidents?x=1", std::nullopt);
  EXPECT_EQ(r.status, 303u);
  EXPECT_NE(r.headers.find("Location: /admin/login?next=/admin/incidents%3Fx%3D1\r\n"),
            std::string::npos)
      << r.headers;
  EXPECT_EQ(call(web::Method::kGet, "/admin/login", std::nullopt).status, 200u);
}

TEST_F(AdminTest, SignedOutPostsAre401AndChangeNothing) {
  auto r =
      call(web::Method::kPost, "/admin/incidents/new", std::nullopt, "name=x&status=investigating");
  EXPECT_EQ(r.status, 401u);
  EXPECT_TRUE(store_->list_incidents({})->empty());
}

TEST_F(AdminTest, RolesAreEnforced) {
  EXPECT_EQ(call(web::Method::kGet, "/admin", Role::kViewer).status, 200u);
  EXPECT_EQ(call(web::Method::kGet, "/admin/incidents/new", Role::kViewer).status, 403u);
  auto r = call(web::Method::kPost, "/admin/incidents/new", Role::kViewer,
                form_with_csrf(Role::kViewer, "name=x&status=investigating"));
  EXPECT_EQ(r.status, 403u);
  EXPECT_TRUE(store_->list_incidents({})->empty());
  EXPECT_EQ(call(web::Method::kGet, "/admin/incidents/new", Role::kResponder).status, 200u);
}

TEST_F(AdminTest, PostsNeedTheSessionsCsrfToken) {
  for (std::string body : {std::string("name=x&status=investigating"),
                           std::string("csrf=wrong&name=x&status=investigating"),
                           "csrf=" + csrf(Role::kAdmin) + "&name=x&status=investigating"}) {
    auto r = call(web::Method::kPost, "/admin/incidents/new", Role::kResponder, body);
    EXPECT_EQ(r.status, 403u) << body;  // the last one is another session's token
  }
  EXPECT_TRUE(store_->list_incidents({})->empty());
  auto ok = call(web::Method::kPost, "/admin/incidents/new", Role::kResponder,
                 form_with_csrf(Role::kResponder, "name=x&status=investigating"));
  EXPECT_EQ(ok.status, 303u) << ok.body;
  EXPECT_EQ(store_->list_incidents({})->size(), 1u);
}

TEST_F(AdminTest, CrossSitePostsAreRefusedEvenWithTheToken) {
  std::string body = form_with_csrf(Role::kResponder, "name=x&status=investigating");
  for (auto header :
       std::vector<std::pair<std::string, std::string>>{{"Origin", "http://127.0.0.2:8080"},
                                                        {"Origin", "null"},
                                                        {"Sec-Fetch-Site", "cross-site"},
                                                        {"Sec-Fetch-Site", "same-site"}}) {
    auto r = call(web::Method::kPost, "/admin/incidents/new", Role::kResponder, body, {header});
    EXPECT_EQ(r.status, 403u) << header.first << ": " << header.second;
  }
  EXPECT_TRUE(store_->list_incidents({})->empty());
  auto same = call(web::Method::kPost, "/admin/incidents/new", Role::kResponder, body,
                   {{"Origin", "http://127.0.0.1:8080"}, {"Sec-Fetch-Site", "same-origin"}});
  EXPECT_EQ(same.status, 303u);
}

TEST_F(AdminTest, PagesCarryTheSecurityHeaders) {
  for (auto r : {call(web::Method::kGet, "/admin", Role::kViewer),
                 call(web::Method::kGet, "/admin/login", std::nullopt)}) {
    EXPECT_NE(r.headers.find("Content-Security-Policy: default-src 'none'; script-src 'self'"),
              std::string::npos);
    EXPECT_EQ(r.headers.find("unsafe-inline"), std::string::npos);
    EXPECT_NE(r.headers.find("X-Frame-Options: DENY"), std::string::npos);
    EXPECT_NE(r.headers.find("Cache-Control: no-store"), std::string::npos);
    EXPECT_NE(r.headers.find("Referrer-Policy: same-origin"), std::string::npos);
  }
}

TEST_F(AdminTest, RedirectsNeverLeaveTheAdmin) {
  EXPECT_TRUE(is_local_admin_path("/admin/incidents/x"));
  for (std::string_view bad : {"//evil.example/admin", "https://evil.example", "/admin//evil",
                               "/admin/\\evil", "/public", "/administrator"}) {
    EXPECT_FALSE(is_local_admin_path(bad)) << bad;
  }
  // After a login the reader may go back to a public path of a private page, never elsewhere.
  EXPECT_TRUE(is_local_path("/history?page=2"));
  for (std::string_view bad : {"//evil.example/", "https://evil.example", "evil", "/a\\b", ""}) {
    EXPECT_FALSE(is_local_path(bad)) << bad;
  }
}

TEST_F(AdminTest, HostileTextIsEscapedEverywhereItIsShown) {
  std::string name(kHostile);
  auto opened = incidents_->open({.kind = IncidentKind::kIncident,
                                  .name = "Down " + name,
                                  .status = std::nullopt,
                                  .impact = std::nullopt,
                                  .component_statuses = {{"api", ComponentStatus::kMajorOutage}},
                                  .component_ids = {},
                                  .body = "body " + name + " [x](javascript:alert(1))",
                                  .started_at = std::nullopt,
                                  .detected_at = std::nullopt,
                                  .scheduled_for = std::nullopt,
                                  .scheduled_until = std::nullopt,
                                  .auto_transition = true,
                                  .source = IncidentSource::kManual,
                                  .author = "rob " + name,
                                  .deliver_notifications = false},
                                 "test");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  for (std::string target :
       {std::string("/admin"), std::string("/admin/incidents"), "/admin/incidents/" + opened->id,
        std::string("/admin/incidents/new"),
        "/admin/incidents/" + opened->id + "/updates/" + opened->updates[0].id}) {
    auto r = call(web::Method::kGet, target, Role::kAdmin);
    ASSERT_EQ(r.status, 200u) << target;
    EXPECT_EQ(r.body.find("<script>alert"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("href=\"javascript:"), std::string::npos) << target;
    EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << target;
  }
  // A refused form shows the entered hostile values escaped, next to their fields.
  auto refused = call(web::Method::kPost, "/admin/incidents/new", Role::kResponder,
                      form_with_csrf(Role::kResponder,
                                     "name=&status=%3Cscript%3E&component.api=%22%3E%3Cscript%3E"
                                     "&body=%3Cscript%3Ealert(1)%3C%2Fscript%3E"));
  EXPECT_EQ(refused.status, 400u);
  EXPECT_EQ(refused.body.find("<script>"), std::string::npos);
  EXPECT_NE(refused.body.find("id=\"err-name\""), std::string::npos);
  EXPECT_NE(refused.body.find("id=\"err-status\""), std::string::npos);
  EXPECT_NE(refused.body.find("id=\"err-component.api\""), std::string::npos);
}

TEST_F(AdminTest, FlashMessagesShowOnceThenGo) {
  auto created = call(web::Method::kPost, "/admin/incidents/new", Role::kResponder,
                      form_with_csrf(Role::kResponder, "name=x&status=investigating"));
  ASSERT_EQ(created.status, 303u);
  EXPECT_NE(call(web::Method::kGet, "/admin", Role::kResponder).body.find("Incident opened."),
            std::string::npos);
  EXPECT_EQ(call(web::Method::kGet, "/admin", Role::kResponder).body.find("Incident opened."),
            std::string::npos);
}

TEST_F(AdminTest, PreviewRendersThroughTheSanitiser) {
  auto r = call(web::Method::kPost, "/admin/preview", Role::kResponder,
                form_with_csrf(Role::kResponder, "body=**bold**%3Cscript%3Ex%3C%2Fscript%3E"));
  EXPECT_EQ(r.status, 200u);
  EXPECT_NE(r.body.find("<strong>bold</strong>"), std::string::npos);
  EXPECT_EQ(r.body.find("<script>"), std::string::npos);
}

}  // namespace
}  // namespace pharos::admin

namespace pharos::admin {
namespace {

TEST_F(AdminTest, UsersPageIsForAdminsOnly) {
  EXPECT_EQ(call(web::Method::kGet, "/admin/users", Role::kResponder).status, 403u);
  auto r = call(web::Method::kPost, "/admin/users", Role::kResponder,
                form_with_csrf(Role::kResponder, "name=eve&role=admin"));
  EXPECT_EQ(r.status, 403u);
  EXPECT_FALSE(auth_store_->find_user_by_name("eve")->has_value());
}

TEST_F(AdminTest, AddsAUserWithAGeneratedPasswordShownOnce) {
  auto r = call(web::Method::kPost, "/admin/users", Role::kAdmin,
                form_with_csrf(Role::kAdmin, "name=sam&role=responder&password="));
  ASSERT_EQ(r.status, 200u) << r.body;
  std::string password = shown_secret(r.body);
  ASSERT_FALSE(password.empty()) << r.body;
  auth::AuthService auth(*auth_store_, clock_);
  EXPECT_TRUE(auth.verify_password("sam", password).ok());
  EXPECT_EQ(call(web::Method::kGet, "/admin/users", Role::kAdmin).body.find(password),
            std::string::npos);
  auto bad = call(web::Method::kPost, "/admin/users", Role::kAdmin,
                  form_with_csrf(Role::kAdmin, "name=Bad%20Name&role=viewer&password="));
  EXPECT_EQ(bad.status, 400u);
  EXPECT_NE(bad.body.find("id=\"err-name\""), std::string::npos);
  EXPECT_NE(bad.body.find("value=\"Bad Name\""), std::string::npos);
}

TEST_F(AdminTest, TokensAreShownOnceAndRevocable) {
  auto r = call(web::Method::kPost, "/admin/tokens", Role::kAdmin,
                form_with_csrf(Role::kAdmin, "user=rob&label=deploys&scopes=write&expires_at=30d"));
  ASSERT_EQ(r.status, 200u) << r.body;
  std::string secret = shown_secret(r.body);
  ASSERT_TRUE(secret.starts_with("phr_")) << r.body;
  auth::AuthService auth(*auth_store_, clock_);
  ASSERT_TRUE(auth.authenticate("Bearer " + secret).ok());
  EXPECT_EQ(call(web::Method::kGet, "/admin/users", Role::kAdmin).body.find(secret),
            std::string::npos);
  auto bad = call(web::Method::kPost, "/admin/tokens", Role::kAdmin,
                  form_with_csrf(Role::kAdmin, "user=rob&label=x&scopes=write&expires_at=soon"));
  EXPECT_EQ(bad.status, 400u);
  EXPECT_NE(bad.body.find("id=\"err-expires_at\""), std::string::npos);
  std::string id = (*auth_store_->list_tokens(std::nullopt))[0].id;
  EXPECT_EQ(call(web::Method::kPost, "/admin/tokens/" + id + "/revoke", Role::kAdmin,
                 form_with_csrf(Role::kAdmin, ""))
                .status,
            303u);
  EXPECT_FALSE(auth.authenticate("Bearer " + secret).ok());
}

// Issue 20: the user and token forms limit to pages (checkboxes "pages"; unknown ones refused by
// field), and the lists say what each reads.
TEST_F(AdminTest, UsersAndTokensMayBeLimitedToPages) {
  auto r = call(web::Method::kPost, "/admin/users", Role::kAdmin,
                form_with_csrf(Role::kAdmin,
                               "name=pia&role=viewer&password=a+long+enough+password&pages=main"));
  ASSERT_EQ(r.status, 303u) << r.body;
  auto pia = auth_store_->find_user_by_name("pia");
  ASSERT_TRUE(pia.ok() && pia->has_value());
  EXPECT_EQ((*pia)->pages, std::vector<std::string>{""});
  auto list = call(web::Method::kGet, "/admin/users", Role::kAdmin).body;
  EXPECT_NE(list.find("<th>Reads</th>"), std::string::npos);
  EXPECT_NE(list.find("<td>pia</td><td>viewer</td><td>Acme</td>"), std::string::npos) << list;
  EXPECT_NE(list.find("name=\"pages\" value=\"main\""), std::string::npos);

  auto unknown = call(web::Method::kPost, "/admin/users", Role::kAdmin,
                      form_with_csrf(Role::kAdmin, "name=pat&role=viewer&password=&pages=nope"));
  EXPECT_EQ(unknown.status, 400u);
  EXPECT_NE(unknown.body.find("id=\"err-pages\""), std::string::npos) << unknown.body;
  auto admin = call(web::Method::kPost, "/admin/users", Role::kAdmin,
                    form_with_csrf(Role::kAdmin, "name=pat&role=admin&password=&pages=main"));
  EXPECT_EQ(admin.status, 400u) << "an admin reads every page";
  EXPECT_FALSE(auth_store_->find_user_by_name("pat")->has_value());

  auto token = call(web::Method::kPost, "/admin/tokens", Role::kAdmin,
                    form_with_csrf(Role::kAdmin, "user=rob&label=feed&scopes=read&pages=main"));
  ASSERT_EQ(token.status, 200u) << token.body;
  EXPECT_EQ((*auth_store_->list_tokens(std::nullopt))[0].pages, std::vector<std::string>{""});
}

TEST_F(AdminTest, RemovingAUserEndsTheirSessionsButNeverTheLastAdmin) {
  EXPECT_EQ(call(web::Method::kPost, "/admin/users/rob/remove", Role::kAdmin,
                 form_with_csrf(Role::kAdmin, ""))
                .status,
            303u);
  EXPECT_EQ(call(web::Method::kGet, "/admin", Role::kResponder).status, 303u);  // signed out
  auto last = call(web::Method::kPost, "/admin/users/ada/remove", Role::kAdmin,
                   form_with_csrf(Role::kAdmin, ""));
  EXPECT_EQ(last.status, 409u);
  EXPECT_TRUE(auth_store_->find_user_by_name("ada")->has_value());
}

}  // namespace
}  // namespace pharos::admin

namespace pharos::admin {
namespace {

TEST_F(AdminTest, SubscribersAreListedEscapedAndRemovedByAdminsOnly) {
  // The address rules keep < > " out; ' and & remain possible and must be escaped.
  auto added = subscriptions_->subscribe({.kind = SubscriberKind::kEmail,
                                          .address = "o'neil&co@example.com",
                                          .components = {},
                                          .skip_confirmation = false,
                                          .actor = "user:ada"});
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(call(web::Method::kGet, "/admin/subscribers", Role::kResponder).status, 403u);
  auto page = call(web::Method::kGet, "/admin/subscribers", Role::kAdmin);
  ASSERT_EQ(page.status, 200u);
  EXPECT_EQ(page.body.find("o'neil&co"), std::string::npos);
  EXPECT_NE(page.body.find("o&#39;neil&amp;co@example.com"), std::string::npos) << page.body;
  std::string id = (*subscriptions_->list())[0].id;
  EXPECT_EQ(call(web::Method::kPost, "/admin/subscribers/" + id + "/remove", Role::kResponder,
                 form_with_csrf(Role::kResponder, ""))
                .status,
            403u);
  EXPECT_EQ(subscriptions_->list()->size(), 1u);
  EXPECT_EQ(call(web::Method::kPost, "/admin/subscribers/" + id + "/remove", Role::kAdmin,
                 form_with_csrf(Role::kAdmin, ""))
                .status,
            303u);
  EXPECT_TRUE(subscriptions_->list()->empty());
}

TEST_F(AdminTest, DashboardSetsAComponentsStatusAndHandsItBack) {
  auto dashboard = call(web::Method::kGet, "/admin", Role::kResponder);
  EXPECT_NE(dashboard.body.find("action=\"/admin/components/api/status\""), std::string::npos);
  EXPECT_EQ(
      call(web::Method::kGet, "/admin", Role::kViewer).body.find("/admin/components/api/status"),
      std::string::npos)
      << "viewers see no form";
  EXPECT_EQ(call(web::Method::kPost, "/admin/components/api/status", Role::kViewer,
                 form_with_csrf(Role::kViewer, "status=major_outage"))
                .status,
            403u);
  auto set = call(web::Method::kPost, "/admin/components/api/status", Role::kResponder,
                  form_with_csrf(Role::kResponder, "status=major_outage"));
  EXPECT_EQ(set.status, 303u);
  auto api = *store_->find_component("api");
  EXPECT_EQ(api->status, ComponentStatus::kMajorOutage);
  EXPECT_EQ(api->status_source, StatusSource::kManual);
  auto back = call(web::Method::kPost, "/admin/components/api/status", Role::kResponder,
                   form_with_csrf(Role::kResponder, "status=auto"));
  EXPECT_EQ(back.status, 303u);
  api = *store_->find_component("api");
  EXPECT_EQ(api->status, ComponentStatus::kOperational) << "no monitors: back to operational";
  EXPECT_EQ(api->status_source, StatusSource::kAutomatic);
  auto flash = call(web::Method::kGet, "/admin", Role::kResponder);
  EXPECT_NE(flash.body.find("no monitors watch it: back to operational"), std::string::npos);
  auto audit = auth_store_->list_audit(10, 0);
  ASSERT_TRUE(audit.ok());
  ASSERT_GE(audit->size(), 2u);
  EXPECT_EQ((*audit)[0].action, "component.update");
  EXPECT_EQ((*audit)[0].actor, "user:rob");
}

TEST_F(AdminTest, MaintenanceInThePastIsRefusedAndAFutureOneRescheduledAndCancelled) {
  // The clock is 2023-11-14 22:13 UTC; the page zone (UTC) is named beside the times.
  auto composer = call(web::Method::kGet, "/admin/maintenance/new", Role::kResponder);
  EXPECT_NE(composer.body.find("Window starts (Etc/UTC)"), std::string::npos) << composer.body;
  auto past = call(web::Method::kPost, "/admin/maintenance/new", Role::kResponder,
                   form_with_csrf(Role::kResponder,
                                  "name=Upgrade&starts=2023-11-14T10%3A00&"
                                  "ends=2023-11-14T11%3A00&body=Work&notify=1"));
  EXPECT_EQ(past.status, 400u);
  EXPECT_NE(past.body.find("id=\"err-ends\""), std::string::npos) << past.body;
  EXPECT_NE(past.body.find("already ended"), std::string::npos);
  EXPECT_TRUE(store_->list_incidents({})->empty()) << "nothing stored, nobody notified";

  auto future = call(web::Method::kPost, "/admin/maintenance/new", Role::kResponder,
                     form_with_csrf(Role::kResponder,
                                    "name=Upgrade&starts=2023-11-15T10%3A00&"
                                    "ends=2023-11-15T11%3A00&body=Work&notify=1"));
  ASSERT_EQ(future.status, 303u) << future.body;
  std::string id = (*store_->list_incidents({}))[0].id;
  auto page = call(web::Method::kGet, "/admin/incidents/" + id, Role::kResponder);
  EXPECT_NE(page.body.find("scheduled for"), std::string::npos);
  EXPECT_EQ(page.body.find("started"), std::string::npos) << "not started before it starts";
  EXPECT_NE(page.body.find("/reschedule"), std::string::npos);
  auto moved = call(web::Method::kPost, "/admin/incidents/" + id + "/reschedule", Role::kResponder,
                    form_with_csrf(Role::kResponder,
                                   "starts=2023-11-16T10%3A00&"
                                   "ends=2023-11-16T12%3A00&notify=1"));
  EXPECT_EQ(moved.status, 303u) << moved.body;
  auto stored = *store_->find_incident(id);
  EXPECT_EQ(format_iso_utc(*stored->scheduled_for), "2023-11-16T10:00:00Z");
  auto cancelled = call(web::Method::kPost, "/admin/incidents/" + id + "/cancel", Role::kResponder,
                        form_with_csrf(Role::kResponder, ""));
  EXPECT_EQ(cancelled.status, 303u);
  EXPECT_EQ((*store_->find_incident(id))->status, IncidentStatus::kCompleted);
}

}  // namespace
}  // namespace pharos::admin
