// The OpenAPI document and the router must list the same routes: a route added without its
// documentation (or documented but gone) fails here.
#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <vector>

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

// Every "$ref" anywhere in the document (walked as JSON, not searched as text, so the
// serialiser's spacing cannot hide one) names an existing place.
void collect_refs(const boost::json::value& v, std::vector<std::string>& out) {
  if (const auto* o = v.if_object()) {
    for (const auto& [key, child] : *o) {
      if (key == "$ref" && child.is_string()) out.emplace_back(child.as_string());
      collect_refs(child, out);
    }
  } else if (const auto* a = v.if_array()) {
    for (const auto& child : *a) collect_refs(child, out);
  }
}

TEST_F(ApiTest, OpenApiReferencesResolve) {
  auto doc = boost::json::parse(openapi_document());
  std::vector<std::string> refs;
  collect_refs(doc, refs);
  EXPECT_GE(refs.size(), 20u);
  for (const auto& ref : refs) {
    ASSERT_EQ(ref.rfind("#/", 0), 0u) << ref;
    const boost::json::value* at = &doc;
    for (std::size_t from = 2; from <= ref.size();) {
      auto slash = ref.find('/', from);
      if (slash == std::string::npos) slash = ref.size();
      at = at->as_object().if_contains(ref.substr(from, slash - from));
      ASSERT_NE(at, nullptr) << ref;
      from = slash + 1;
    }
  }
}

// The guard's answers come from the route table: every operation can answer 401, and only those
// that need more than the read scope 403.
TEST_F(ApiTest, OpenApiDocumentsTheGuardsAnswers) {
  auto doc = boost::json::parse(openapi_document());
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    if (path == "/openapi.json") continue;
    for (const auto& [method, op] : item.as_object()) {
      if (method == "parameters") continue;
      EXPECT_TRUE(op.at("responses").as_object().contains("401")) << method << " " << path;
    }
  }
  const auto& incidents = doc.at("paths").at("/incidents");
  EXPECT_FALSE(incidents.at("get").at("responses").as_object().contains("403"));
  EXPECT_TRUE(incidents.at("post").at("responses").as_object().contains("403"));
}

TEST_F(ApiTest, OpenApiIsServedWithoutAToken) {
  auto r = call(web::Method::kGet, "/openapi.json", "");
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.body_view(), openapi_document());
}

}  // namespace
}  // namespace pharos::manage
