// The OpenAPI document and the router must list the same routes: a route added without its
// documentation (or documented but gone) fails here.
#include <gtest/gtest.h>

#include <cctype>
#include <set>

#include "api_fixture.h"

namespace pharos::manage {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TEST_F(ApiTest, OpenApiDocumentListsExactlyTheRegisteredRoutes) {
  std::set<std::string> registered;
  for (const auto& [method, pattern] : router_.routes()) {
    ASSERT_EQ(pattern.rfind(kApiPrefix, 0), 0u) << pattern;
    registered.insert(lower(web::to_string(method)) + " " + pattern.substr(kApiPrefix.size()));
  }
  auto doc = boost::json::parse(openapi_document());
  EXPECT_EQ(doc.at("openapi").as_string().subview().substr(0, 2), "3.");
  EXPECT_EQ(doc.at("servers").at(0).at("url").as_string(), kApiPrefix);
  std::set<std::string> documented;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [key, _] : item.as_object()) {
      if (key == "parameters") continue;
      documented.insert(std::string(key) + " " + std::string(path));
    }
  }
  EXPECT_EQ(registered, documented);
  EXPECT_GE(registered.size(), 12u);
}

TEST_F(ApiTest, OpenApiReferencesResolve) {
  std::string text = openapi_document();
  auto doc = boost::json::parse(text);
  const std::string marker = "\"$ref\": \"#/";
  for (auto pos = text.find(marker); pos != std::string::npos; pos = text.find(marker, pos + 1)) {
    auto start = pos + marker.size();
    std::string ref = text.substr(start, text.find('"', start) - start);
    const boost::json::value* at = &doc;
    for (std::size_t from = 0; from <= ref.size();) {
      auto slash = ref.find('/', from);
      if (slash == std::string::npos) slash = ref.size();
      at = at->as_object().if_contains(ref.substr(from, slash - from));
      ASSERT_NE(at, nullptr) << ref;
      from = slash + 1;
    }
  }
}

TEST_F(ApiTest, OpenApiIsServedWithoutAToken) {
  auto r = call(web::Method::kGet, "/openapi.json", "");
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.body_view(), openapi_document());
}

}  // namespace
}  // namespace pharos::manage
