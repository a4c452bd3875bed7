// The history feeds of the demo page parse with a real feed parser (python3-feedparser).
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

#include "support/http_client.h"
#include "support/process.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace pharos {
namespace {

testing::HttpResponse post_subscribe(int port, const std::string& body) {
  int fd = testing::connect_local(port);
  testing::send_all(fd,
                    "POST /subscribe HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n" + body);
  auto r = testing::read_response(fd);
  close(fd);
  return r;
}

TEST(FeedsTest, DemoFeedsAreValidAtomAndRss) {
  testing::TempDir dir;
  testing::ServerProcess server(dir.path().string(), {"--demo", "--data", "data"});
  ASSERT_TRUE(server.started()) << server.output();
  std::vector<std::string> files;
  for (const char* path : {"/history.atom", "/history.rss", "/components/api/history.atom"}) {
    auto r = testing::request(server.port(), "GET", path);
    ASSERT_EQ(r.status, 200) << path;
    std::string expected =
        std::string(path).ends_with(".rss") ? "application/rss+xml" : "application/atom+xml";
    EXPECT_EQ(r.header("content-type").rfind(expected, 0), 0u) << r.header("content-type");
    files.push_back(dir.file("feed" + std::to_string(files.size()) + ".xml"));
    std::ofstream(files.back(), std::ios::binary) << r.body;
  }
  auto check = testing::run_process(
      {"/usr/bin/python3",
       std::string(PHAROS_SOURCE_DIR) + "/tests/integration/feeds/check_feeds.py", files[0],
       files[1], files[2]},
      dir.path().string());
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  auto page = testing::request(server.port(), "GET", "/");
  EXPECT_NE(page.body.find("href=\"/history.atom\""), std::string::npos) << "feed discovery link";
  // The demo has no mail server: it offers webhooks (page.webhook_subscriptions), never email.
  EXPECT_NE(page.body.find("name=\"kind\" value=\"webhook\""), std::string::npos)
      << "subscribe form";
  EXPECT_EQ(page.body.find("type=\"email\""), std::string::npos) << "no mail server, no email";
  auto email = post_subscribe(server.port(), "kind=email&email=jo%40example.com");
  EXPECT_EQ(email.status, 400) << email.body;
  EXPECT_EQ(email.body.find("confirmation"), std::string::npos) << "never claims a mail";
  server.stop();
}

TEST(SubscribeFormTest, CreatesAnUnconfirmedSubscriberAndExplainsRefusals) {
  testing::TempDir dir;
  // A mail server is configured (nothing listens there: the confirmation waits in the outbox).
  std::ofstream(dir.file("pharos.yaml"))
      << "page: { name: Acme, url: \"http://127.0.0.1:8080\" }\n"
         "components:\n  - { id: api, name: API }\n"
         "notify:\n  - { kind: email, smtp: \"smtp://127.0.0.1:9\", from: status@acme.example }\n";
  testing::ServerProcess server(dir.path().string(), {"--data", "data"});
  ASSERT_TRUE(server.started()) << server.output();
  auto post = [&](const std::string& body) { return post_subscribe(server.port(), body); };
  auto form = testing::request(server.port(), "GET", "/");
  EXPECT_NE(form.body.find("type=\"email\""), std::string::npos);
  EXPECT_EQ(form.body.find("value=\"webhook\""), std::string::npos) << "webhooks not offered";
  auto ok = post("email=jo%40example.com&components=api");
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_NE(ok.body.find("Check your inbox"), std::string::npos);
  EXPECT_NE(ok.body.find("on its way"), std::string::npos) << "queued, not claimed delivered";
  EXPECT_EQ(post("kind=webhook&address=https%3A%2F%2Fhooks.example%2Fx").status, 400);
  auto bad = post("email=not-an-email");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("@"), std::string::npos) << bad.body;
  auto unknown = post("email=x%40example.com&components=%3Cscript%3E");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.body.find("<script>"), std::string::npos) << "refusals are escaped";
  auto link = testing::request(server.port(), "GET", "/subscriptions/confirm/not-a-token");
  EXPECT_EQ(link.status, 404);
  auto unsubscribe = testing::request(server.port(), "GET", "/subscriptions/unsubscribe/abc");
  EXPECT_EQ(unsubscribe.status, 200);
  EXPECT_NE(unsubscribe.body.find("method=\"post\""), std::string::npos)
      << "GET only offers a button: mail scanners must not unsubscribe anyone";
  server.stop();
  auto listed = testing::run_process(
      {PHAROS_BINARY, "--data", "data", "subscriber", "list", "--json"}, dir.path().string());
  EXPECT_NE(listed.out.find("\"address\":\"jo@example.com\""), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("\"confirmed\":false"), std::string::npos);
}

}  // namespace
}  // namespace pharos
