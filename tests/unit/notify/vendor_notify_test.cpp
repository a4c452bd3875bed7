// Vendor incident notifications (issue 9): which vendor changes become outbox events, who gets
// them, and what the message says.
#include <gtest/gtest.h>

#include "notify/fanout.h"
#include "notify/message.h"
#include "notify_fixture.h"

namespace pharos::notify {
namespace {

using namespace std::chrono_literals;

class VendorNotifyTest : public NotifyFixture {
 protected:
  // A vendor incident as the vendor poller stores it, with `updates` updates (the last has
  // `status`).
  Incident vendor_incident(const std::string& id, IncidentStatus status, int updates) {
    Incident v;
    v.id = id;
    v.name = "CDN degraded";
    v.status = status;
    v.source = IncidentSource::kVendor;
    v.vendor = "cloudflare";
    v.fingerprint = "vendor:cloudflare:" + id;
    v.external_components = {"CDN"};
    v.source_url = "https://www.cloudflarestatus.com/incidents/" + id;
    v.created_at = v.updated_at = v.started_at = clock_.now();
    v.detected_at = clock_.now();
    if (status == IncidentStatus::kResolved) v.resolved_at = clock_.now();
    for (int n = 1; n <= updates; ++n)
      v.updates.push_back(update(id + "-u" + std::to_string(n),
                                 n == updates ? status : IncidentStatus::kInvestigating));
    return v;
  }
  // What the notifier renders for the first update of a new vendor incident v1.
  RenderInput first_update_message() {
    RenderInput in;
    in.page = page_;
    in.incident = vendor_incident("v1", IncidentStatus::kInvestigating, 1);
    in.event.kind = EventKind::kIncidentUpdated;
    in.event.update_id = "v1-u1";
    return in;
  }
  IncidentUpdate update(const std::string& id, IncidentStatus status) {
    IncidentUpdate u;
    u.id = id;
    u.status = status;
    u.body = "Update " + id;
    u.created_at = u.updated_at = u.display_at = clock_.now();
    u.author = "vendor:cloudflare";
    u.deliver_notifications = false;  // as the importer marks the vendor's updates
    return u;
  }
};

TEST_F(VendorNotifyTest, NewActiveVendorIncidentIsOneEventForItsLatestUpdate) {
  Incident v = vendor_incident("v1", IncidentStatus::kIdentified, 3);
  ASSERT_TRUE(store_->save_incident({v, 0, {}}).ok());
  auto e = events();
  ASSERT_EQ(e.size(), 1u) << "the vendor's earlier updates are not news";
  EXPECT_EQ(e[0].audience, Audience::kAdmin);
  EXPECT_EQ(e[0].incident_id, "v1");
  EXPECT_EQ(e[0].update_id, "v1-u3");
}

TEST_F(VendorNotifyTest, VendorIncidentAlreadyClosedWhenFirstSeenIsHistory) {
  ASSERT_TRUE(
      store_->save_incident({vendor_incident("old", IncidentStatus::kResolved, 2), 0, {}}).ok());
  EXPECT_TRUE(events().empty());
}

TEST_F(VendorNotifyTest, EachUpdateTheVendorAddsIsAnEventIncludingTheResolution) {
  Incident v = vendor_incident("v1", IncidentStatus::kInvestigating, 1);
  auto version = store_->save_incident({v, 0, {}});
  ASSERT_TRUE(version.ok());
  v.updates.push_back(update("v1-u2", IncidentStatus::kMonitoring));
  v.updates.push_back(update("v1-u3", IncidentStatus::kResolved));
  v.status = IncidentStatus::kResolved;
  v.resolved_at = clock_.now();
  ASSERT_TRUE(store_->save_incident({v, *version, {}}).ok());
  auto e = events();
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[1].update_id, "v1-u2");
  EXPECT_EQ(e[2].update_id, "v1-u3");
  for (const auto& event : e) EXPECT_EQ(event.audience, Audience::kAdmin);
}

TEST_F(VendorNotifyTest, VendorNewsGoesToAdminRoutesAndSubscribersWhoOptedIn) {
  auto sub = [](std::string id, bool confirmed, std::vector<std::string> components) {
    Subscriber s;
    s.id = std::move(id);
    s.confirmed = confirmed;
    s.components = std::move(components);
    return s;
  };
  std::vector<Subscriber> subs = {sub("page", true, {}), sub("cf", true, {"vendor:cloudflare"}),
                                  sub("cf-unconfirmed", false, {"vendor:cloudflare"}),
                                  sub("api-and-cf", true, {"api", "vendor:cloudflare"}),
                                  sub("other-vendor", true, {"vendor:fastly"})};
  OutboxEvent e;
  e.kind = EventKind::kIncidentUpdated;
  e.audience = Audience::kAdmin;
  EXPECT_EQ(targets_for(e, subs, 1, {}, "cloudflare"),
            (std::vector<std::string>{"cf", "api-and-cf", "route-0"}));
  EXPECT_EQ(targets_for(e, subs, 1, {}, ""), std::vector<std::string>{"route-0"})
      << "an admin event that is no vendor's goes to the routes only";
  e.kind = EventKind::kAlert;
  EXPECT_EQ(targets_for(e, subs, 1, {}, "cloudflare"), std::vector<std::string>{"route-0"});
}

TEST_F(VendorNotifyTest, MessageNamesTheVendorAndLinksItsIncidentPage) {
  RenderInput in = first_update_message();
  TextMessage m = render_text(in);
  EXPECT_EQ(m.subject, "[Acme] Vendor cloudflare: CDN degraded - Investigating");
  EXPECT_NE(m.plain.find("This incident affects: CDN."), std::string::npos) << m.plain;
  EXPECT_NE(m.plain.find("Detected by Pharos"), std::string::npos) << m.plain;
  EXPECT_NE(m.plain.find("https://status.acme.example/vendors/cloudflare/incidents/v1"),
            std::string::npos)
      << m.plain;
  EXPECT_EQ(incident_link(page_, *in.incident),
            "https://status.acme.example/vendors/cloudflare/incidents/v1");
}

TEST_F(VendorNotifyTest, MessageUsesTheVendorsDisplayNameWhenKnown) {
  RenderInput in = first_update_message();
  in.vendor_names = {{"cloudflare", "Cloudflare"}};
  TextMessage m = render_text(in);
  EXPECT_EQ(m.subject, "[Acme] Vendor Cloudflare: CDN degraded - Investigating");
  EXPECT_NE(m.plain.find("Posted by Cloudflare"), std::string::npos) << m.plain;
  // The link keeps the slug: it is the URL of Pharos's vendor page.
  EXPECT_NE(m.plain.find("/vendors/cloudflare/incidents/v1"), std::string::npos) << m.plain;
}

}  // namespace
}  // namespace pharos::notify
