// Every list route pages the same way (page/per_page, plain arrays, [] past the end) and names
// the bad parameter; checked against the real route table so a new list cannot forget it.
#include <gtest/gtest.h>

#include "api_fixture.h"

namespace pharos::manage {
namespace {

using web::Method;

// GET routes without path parameters (the lists), except the document.
std::vector<std::string> lists(const web::Router& router) {
  std::vector<std::string> out;
  for (const auto& [method, pattern] : router.routes()) {
    std::string path = pattern.substr(kApiPrefix.size());
    if (method == Method::kGet && path.find('{') == std::string::npos && path != "/openapi.json") {
      out.push_back(path);
    }
  }
  return out;
}

TEST_F(ApiTest, EveryListRefusesBadPagingByName) {
  auto paths = lists(router_);
  ASSERT_GE(paths.size(), 5u);
  const std::pair<const char*, const char*> bad[] = {
      {"page=0", "page"},           {"page=-1", "page"},        {"page=x", "page"},
      {"page=1000001", "page"},     {"per_page=0", "per_page"}, {"per_page=101", "per_page"},
      {"per_page=2.5", "per_page"},
  };
  for (const auto& path : paths) {
    if (as(Role::kAdmin, Method::kGet, path).status == 503) continue;  // needs a missing part
    for (const auto& [query, field] : bad) {
      auto r = as(Role::kAdmin, Method::kGet, path + "?" + query);
      EXPECT_EQ(r.status, 400u) << path << "?" << query;
      EXPECT_EQ(error_field(r), field) << path << "?" << query;
    }
  }
}

TEST_F(ApiTest, EveryListSlicesAndEndsWithAnEmptyPage) {
  open_incident();
  open_incident();
  // Two groups, each holding one of the fixture's components.
  Page page = *store_->load_page(Page{"", "Acme", "https://status.acme.example", "Etc/UTC"});
  std::vector<ComponentGroup> groups(2);
  groups[0].id = "core";
  groups[0].name = "Core";
  groups[0].position = 1;
  groups[1].id = "edge";
  groups[1].name = "Edge";
  groups[1].position = 2;
  auto components = *store_->list_components();
  ASSERT_EQ(components.size(), 2u);
  components[0].group_id = "core";
  components[1].group_id = "edge";
  ASSERT_TRUE(store_->sync_catalog(page, groups, components).ok());
  for (const auto& path : lists(router_)) {
    auto whole = as(Role::kAdmin, Method::kGet, path + "?per_page=100");
    if (whole.status == 503) continue;
    ASSERT_EQ(whole.status, 200u) << path;
    auto all = parse(whole).as_array();
    ASSERT_GE(all.size(), 2u) << path << " needs two items for this test";
    auto second = as(Role::kAdmin, Method::kGet, path + "?page=2&per_page=1");
    ASSERT_EQ(second.status, 200u) << path;
    ASSERT_EQ(parse(second).as_array().size(), 1u) << path;
    EXPECT_EQ(parse(second).as_array()[0], all[1]) << path;
    auto past = as(Role::kAdmin, Method::kGet,
                   path + "?page=" + std::to_string(all.size() + 1) + "&per_page=1");
    ASSERT_EQ(past.status, 200u) << path;
    EXPECT_TRUE(parse(past).as_array().empty()) << path;
  }
}

}  // namespace
}  // namespace pharos::manage
