// Probable causes through the management API: a person links a vendor incident to an own
// incident, or unlinks one (which automation then leaves unlinked); write scope, field names in
// errors, audit entries with before/after.
#include <gtest/gtest.h>

#include "api_fixture.h"

namespace pharos::manage {
namespace {

using web::Method;

class ProbableCauseApiTest : public ApiTest {
 protected:
  // A stored vendor incident, as the vendor poller writes them.
  std::string vendor_incident() {
    Incident v;
    v.id = "vendor1";
    v.name = "CDN degraded";
    v.status = IncidentStatus::kInvestigating;
    v.impact = Impact::kMinor;
    v.source = IncidentSource::kVendor;
    v.vendor = "cloudflare";
    v.fingerprint = "vendor:cloudflare:p1";
    v.created_at = v.updated_at = v.started_at = clock_.now();
    v.detected_at = clock_.now();
    IncidentUpdate u;
    u.id = "vendor1-u1";
    u.status = v.status;
    u.body = "Investigating.";
    u.created_at = u.updated_at = u.display_at = clock_.now();
    v.updates.push_back(u);
    EXPECT_TRUE(store_->save_incident({v, 0, {}}).ok());
    return v.id;
  }
  static std::string link_body(const std::string& id) {
    return R"({"probable_cause":{"incident_id":")" + id + R"("}})";
  }
};

TEST_F(ProbableCauseApiTest, AResponderLinksAndUnlinksAVendorIncidentAndBothAreAudited) {
  std::string own = open_incident();
  std::string cause = vendor_incident();
  auto linked = as(Role::kResponder, Method::kPost, "/incidents/" + own + "/probable_causes",
                   link_body(cause));
  ASSERT_EQ(linked.status, 200u) << linked.body_view();
  auto causes = parse(linked).at("probable_causes").as_array();
  ASSERT_EQ(causes.size(), 1u);
  EXPECT_EQ(causes[0].at("incident_id").as_string(), cause);
  EXPECT_EQ(causes[0].at("linked_by").as_string(), "rob");
  auto entry = (*auth_store_->list_audit(1, 0))[0];
  EXPECT_EQ(entry.action, "incident.link_cause");
  EXPECT_EQ(entry.target, own);
  EXPECT_NE(entry.before.find("\"probable_causes\":[]"), std::string::npos) << entry.before;
  EXPECT_NE(entry.after.find(cause), std::string::npos);

  auto unlinked =
      as(Role::kResponder, Method::kDelete, "/incidents/" + own + "/probable_causes/" + cause);
  ASSERT_EQ(unlinked.status, 200u) << unlinked.body_view();
  EXPECT_TRUE(parse(unlinked).at("probable_causes").as_array().empty());
  EXPECT_TRUE((*store_->find_incident(own))->probable_causes.empty());
  EXPECT_EQ((*auth_store_->list_audit(1, 0))[0].action, "incident.unlink_cause");
  // Unlinking what is not linked is a 404, and changes nothing.
  EXPECT_EQ(as(Role::kResponder, Method::kDelete, "/incidents/" + own + "/probable_causes/" + cause)
                .status,
            404u);
}

TEST_F(ProbableCauseApiTest, ViewersCannotLinkAndStrangersAreUnauthenticated) {
  std::string own = open_incident();
  std::string cause = vendor_incident();
  EXPECT_EQ(
      as(Role::kViewer, Method::kPost, "/incidents/" + own + "/probable_causes", link_body(cause))
          .status,
      403u);
  EXPECT_EQ(
      call(Method::kPost, "/incidents/" + own + "/probable_causes", "phr_nope", link_body(cause))
          .status,
      401u);
  EXPECT_TRUE((*store_->find_incident(own))->probable_causes.empty());
}

TEST_F(ProbableCauseApiTest, BadLinksNameTheFieldAndStoreNothing) {
  std::string own = open_incident();
  std::string other_own = open_incident();
  auto missing = as(Role::kResponder, Method::kPost, "/incidents/" + own + "/probable_causes",
                    R"({"probable_cause":{}})");
  EXPECT_EQ(missing.status, 400u);
  EXPECT_EQ(error_field(missing), "probable_cause.incident_id");
  auto unknown_key = as(Role::kResponder, Method::kPost, "/incidents/" + own + "/probable_causes",
                        R"({"probable_cause":{"incident_id":"x","why":"y"}})");
  EXPECT_EQ(unknown_key.status, 400u);
  // An own incident is not a vendor incident: it cannot be a probable cause.
  auto not_vendor = as(Role::kResponder, Method::kPost, "/incidents/" + own + "/probable_causes",
                       link_body(other_own));
  EXPECT_EQ(not_vendor.status, 400u) << not_vendor.body_view();
  EXPECT_EQ(error_field(not_vendor), "probable_cause.incident_id");
  EXPECT_EQ(as(Role::kResponder, Method::kPost, "/incidents/nope/probable_causes",
               link_body(vendor_incident()))
                .status,
            404u);
  EXPECT_TRUE((*store_->find_incident(own))->probable_causes.empty());
}

}  // namespace
}  // namespace pharos::manage
