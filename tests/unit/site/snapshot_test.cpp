#include "site/snapshot.h"

#include <gtest/gtest.h>
#include <zlib.h>
#include "support/gzip.h"

namespace pharos::site {
namespace {

using testing::gunzip;
using web::Header;
using web::Request;
using web::Response;

class SnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = std::make_shared<Snapshot>(1, now_);
    s->put("/", make_resource(body_, "text/html; charset=utf-8", now_, CachePolicy::kRevalidate,
                              false, nullptr));
    s->put("/history?page=2",
           make_resource("page two", "text/html", now_, CachePolicy::kRevalidate, false, nullptr));
    snapshot_ = s;
  }

  Response serve(std::string path, std::vector<Header> headers = {}, std::string query = "") {
    Request r;
    r.path = std::move(path);
    r.query = std::move(query);
    r.headers = std::move(headers);
    return serve_from(snapshot_, r);
  }

  Instant now_{std::chrono::hours(24 * 20000)};
  std::string body_ = std::string(4000, 'x') + "<p>status</p>";
  std::shared_ptr<const Snapshot> snapshot_;
};

TEST_F(SnapshotTest, IdentityWithoutAcceptEncoding) {
  Response r = serve("/");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.body_view(), body_);
  EXPECT_EQ(std::string(r.shared_headers).find("Content-Encoding"), std::string::npos);
  EXPECT_NE(std::string(r.shared_headers).find("ETag: \""), std::string::npos);
  EXPECT_NE(std::string(r.shared_headers).find("Last-Modified: "), std::string::npos);
}

TEST_F(SnapshotTest, GzipNegotiatedAndDecodesToIdentity) {
  Response r = serve("/", {{"Accept-Encoding", "gzip, deflate"}});
  EXPECT_NE(std::string(r.shared_headers).find("Content-Encoding: gzip"), std::string::npos);
  EXPECT_LT(r.body_view().size(), body_.size());
  EXPECT_EQ(gunzip(r.body_view()), body_);
}

TEST_F(SnapshotTest, BrotliPreferredAndQZeroRefused) {
  Response br = serve("/", {{"Accept-Encoding", "gzip, br"}});
  EXPECT_NE(std::string(br.shared_headers).find("Content-Encoding: br"), std::string::npos);
  Response no_br = serve("/", {{"Accept-Encoding", "br;q=0, gzip"}});
  EXPECT_NE(std::string(no_br.shared_headers).find("Content-Encoding: gzip"), std::string::npos);
}

TEST_F(SnapshotTest, IfNoneMatchGives304ForAnyEncodingOfTheResource) {
  const Resource* res = snapshot_->find("/");
  ASSERT_NE(res, nullptr);
  EXPECT_EQ(serve("/", {{"If-None-Match", res->etag}}).status, 304u);
  std::string gz_tag = res->etag.substr(0, res->etag.size() - 1) + "-gzip\"";
  EXPECT_EQ(serve("/", {{"If-None-Match", "\"other\", " + gz_tag}}).status, 304u);
  EXPECT_EQ(serve("/", {{"If-None-Match", "\"other\""}}).status, 200u);
}

TEST_F(SnapshotTest, QueryKeysAndUnknownPaths) {
  EXPECT_EQ(serve("/history", {}, "page=2").body_view(), "page two");
  EXPECT_EQ(serve("/", {}, "utm=x").body_view(), body_) << "unknown query falls back to the path";
  EXPECT_EQ(serve("/missing").status, 404u);
}

TEST_F(SnapshotTest, BrowsersGetTheHtmlNotFoundPageApiClientsJson) {
  auto s = std::make_shared<Snapshot>(1, now_);
  s->put(kNotFoundPath, make_resource("<h1>Page not found</h1>", "text/html; charset=utf-8", now_,
                                      CachePolicy::kRevalidate, false, nullptr));
  snapshot_ = s;
  const std::string html = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8";
  Response page = serve("/incidents/nope", {{"Accept", html}});
  EXPECT_EQ(page.status, 404u);
  EXPECT_EQ(page.body_view(), "<h1>Page not found</h1>");
  EXPECT_NE(std::string(page.shared_headers).find("text/html"), std::string::npos);
  const Resource* res = snapshot_->find(kNotFoundPath);
  EXPECT_EQ(serve("/x", {{"Accept", html}, {"If-None-Match", res->etag}}).status, 404u)
      << "never a 304 for a missing page";
  Response api = serve("/api/v2/nope.json", {{"Accept", html}});
  EXPECT_EQ(api.status, 404u);
  EXPECT_NE(api.body_view().find("\"error\""), std::string::npos) << "the API answers JSON";
  Response client = serve("/incidents/nope", {{"Accept", "application/json"}});
  EXPECT_NE(client.body_view().find("\"error\""), std::string::npos);
}

TEST_F(SnapshotTest, UnchangedBodyKeepsLastModifiedAndCompression) {
  const Resource* before = snapshot_->find("/");
  Instant later = now_ + std::chrono::hours(1);
  Resource same = make_resource(body_, "text/html; charset=utf-8", later, CachePolicy::kRevalidate,
                                false, before);
  EXPECT_EQ(same.last_modified, now_);
  EXPECT_EQ(same.gzip->body, before->gzip->body);
  Resource changed = make_resource(body_ + "!", "text/html; charset=utf-8", later,
                                   CachePolicy::kRevalidate, false, before);
  EXPECT_EQ(changed.last_modified, later);
  EXPECT_NE(changed.etag, before->etag);
}

TEST_F(SnapshotTest, CorsOnlyWhenAsked) {
  Resource api =
      make_resource("{}", "application/json", now_, CachePolicy::kRevalidate, true, nullptr);
  EXPECT_NE(api.identity.headers.find("Access-Control-Allow-Origin: *"), std::string::npos);
  EXPECT_EQ(snapshot_->find("/")->identity.headers.find("Access-Control"), std::string::npos);
}

}  // namespace
}  // namespace pharos::site
