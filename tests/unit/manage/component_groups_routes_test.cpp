// Component groups and single components through the management API: read scope, the group's
// components in order with the roll-up status the public page shows, 404 naming the id. The
// catalog is pharos.yaml's: there are no routes that create, rename or delete entries.
#include <gtest/gtest.h>

#include "api_fixture.h"

namespace pharos::manage {
namespace {

using web::Method;

class ComponentGroupsApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    Page page = *store_->load_page(Page{"", "Acme", "https://status.acme.example", "Etc/UTC"});
    using testing::component;
    ASSERT_TRUE(store_
                    ->sync_catalog(page, {{"platform", "Platform <core>", "", 1}},
                                   {component("api", "API", "platform", 1),
                                    component("auth", "Auth", "platform", 2),
                                    component("web", "Website", "", 2)})
                    .ok());
  }
};

TEST_F(ComponentGroupsApiTest, AGroupListsItsComponentsAndTheirWorstStatus) {
  ASSERT_EQ(as(Role::kResponder, Method::kPatch, "/components/auth",
               R"({"component":{"status":"partial_outage"}})")
                .status,
            200u);
  auto list = as(Role::kViewer, Method::kGet, "/component-groups");
  ASSERT_EQ(list.status, 200u) << list.body_view();
  auto groups = parse(list).as_array();
  ASSERT_EQ(groups.size(), 1u);
  const auto& g = groups[0].as_object();
  EXPECT_EQ(g.at("id").as_string(), "platform");
  EXPECT_EQ(g.at("name").as_string(), "Platform <core>");
  ASSERT_EQ(g.at("components").as_array().size(), 2u);
  EXPECT_EQ(g.at("components").as_array()[0].as_string(), "api");
  EXPECT_EQ(g.at("components").as_array()[1].as_string(), "auth");
  EXPECT_EQ(g.at("status").as_string(), "partial_outage");

  auto one = as(Role::kViewer, Method::kGet, "/component-groups/platform");
  ASSERT_EQ(one.status, 200u);
  EXPECT_EQ(parse(one).at("status").as_string(), "partial_outage");
  auto missing = as(Role::kViewer, Method::kGet, "/component-groups/nope");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(error_field(missing), "id");
  EXPECT_EQ(as(Role::kViewer, Method::kGet, "/component-groups?per_page=0").status, 400u);
  EXPECT_EQ(as(Role::kViewer, Method::kGet, "/component-groups?page=2").body_view(), "[]\n");
}

TEST_F(ComponentGroupsApiTest, OneComponentIsReadableByIdAndUnknownIdsAre404) {
  auto api = as(Role::kViewer, Method::kGet, "/components/api");
  ASSERT_EQ(api.status, 200u) << api.body_view();
  EXPECT_EQ(parse(api).at("group_id").as_string(), "platform");
  auto missing = as(Role::kViewer, Method::kGet, "/components/nope");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(error_field(missing), "id");
}

TEST_F(ComponentGroupsApiTest, ReadsNeedAToken) {
  EXPECT_EQ(call(Method::kGet, "/component-groups", "phr_nope").status, 401u);
  EXPECT_EQ(call(Method::kGet, "/components/api", "phr_nope").status, 401u);
}

}  // namespace
}  // namespace pharos::manage
