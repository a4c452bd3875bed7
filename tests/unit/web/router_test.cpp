#include "web/router.h"

#include <gtest/gtest.h>

namespace pharos::web {
namespace {

Request get(std::string path, Method method = Method::kGet) {
  Request r;
  r.method = method;
  r.path = std::move(path);
  return r;
}

Handler answer(std::string text) {
  return [text](const Request& r) {
    return Response::text(200, text + ":" + std::string(r.param("id")));
  };
}

TEST(RouterTest, BindsParametersAndPrefersLiteralSegments) {
  Router router;
  router.add(Method::kGet, "/incidents/{id}", answer("one"));
  router.add(Method::kGet, "/incidents/unresolved", answer("list"));
  auto req = get("/incidents/abc123");
  EXPECT_EQ(router.handle(req).body, "one:abc123");
  auto literal = get("/incidents/unresolved");
  EXPECT_EQ(router.handle(literal).body, "list:");
}

// Only a route's handler may block (the server runs it off its request threads); the fallback
// (the pre-rendered site), 404 and 405 answer from memory. Resolving binds the parameters.
TEST(RouterTest, ResolveTellsWhatMayBlockAndBindsParameters) {
  Router router;
  router.add(Method::kGet, "/incidents/{id}", answer("one"));
  router.set_fallback(answer("page"));
  auto routed = get("/incidents/abc");
  auto resolved = router.resolve(routed);
  EXPECT_TRUE(resolved.may_block());
  EXPECT_EQ(routed.param("id"), "abc");
  EXPECT_EQ(router.answer(routed, resolved).body, "one:abc");

  auto page = get("/");
  EXPECT_FALSE(router.resolve(page).may_block());
  auto wrong_method = get("/incidents/abc", Method::kPost);
  auto not_allowed = router.resolve(wrong_method);
  EXPECT_FALSE(not_allowed.may_block());
  EXPECT_EQ(router.answer(wrong_method, not_allowed).status, 405u);
}

TEST(RouterTest, HeadUsesGetHandlerWithoutBody) {
  Router router;
  router.add(Method::kGet, "/healthz", answer("ok"));
  auto req = get("/healthz", Method::kHead);
  Response r = router.handle(req);
  EXPECT_EQ(r.status, 200u);
  EXPECT_TRUE(r.omit_body);
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  Router router;
  router.add(Method::kPost, "/api/push/{token}", answer("push"));
  auto req = get("/api/push/x");
  Response r = router.handle(req);
  EXPECT_EQ(r.status, 405u);
  EXPECT_NE(r.headers.find("Allow: POST"), std::string::npos);
}

TEST(RouterTest, FallbackAnswersUnmatchedGetsOnly) {
  Router router;
  router.set_fallback(answer("site"));
  auto req = get("/anything");
  EXPECT_EQ(router.handle(req).body, "site:");
  auto post = get("/anything", Method::kPost);
  EXPECT_EQ(router.handle(post).status, 404u);
}

TEST(RouterTest, LaterRegistrationReplacesEarlier) {
  Router router;
  router.add(Method::kGet, "/metrics", answer("old"));
  router.add(Method::kGet, "/metrics", answer("new"));
  auto req = get("/metrics");
  EXPECT_EQ(router.handle(req).body, "new:");
}

TEST(RouterTest, ThrowingHandlerBecomes500) {
  Router router;
  router.add(Method::kGet, "/boom",
             [](const Request&) -> Response { throw std::runtime_error("x"); });
  auto req = get("/boom");
  EXPECT_EQ(router.handle(req).status, 500u);
}

TEST(HttpTest, EveryErrorCodeMapsToAStatus) {
  const std::pair<ErrorCode, unsigned> table[] = {
      {ErrorCode::kInvalidArgument, 400}, {ErrorCode::kNotFound, 404},
      {ErrorCode::kConflict, 409},        {ErrorCode::kAlreadyExists, 409},
      {ErrorCode::kUnauthenticated, 401}, {ErrorCode::kPermissionDenied, 403},
      {ErrorCode::kUnavailable, 503},     {ErrorCode::kInternal, 500}};
  for (auto [code, status] : table) EXPECT_EQ(http_status(code), status) << to_string(code);
}

TEST(HttpTest, QueryParamsAreDecoded) {
  Request r;
  r.query = "page=2&q=a+b%21&flag";
  EXPECT_EQ(r.query_param("page"), "2");
  EXPECT_EQ(r.query_param("q"), "a b!");
  EXPECT_EQ(r.query_param("flag"), "");
  EXPECT_EQ(r.query_param("missing"), "");
  EXPECT_EQ(percent_decode("/a%2Fb%zz"), "/a/b%zz");
}

}  // namespace
}  // namespace pharos::web
