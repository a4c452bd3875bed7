#include "config/notify.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "config/config.h"

namespace pharos {
namespace {

using namespace std::chrono_literals;

TEST(NotifyConfigTest, ReadsRoutesSmtpAndDeliverySettings) {
  setenv("PHAROS_TEST_WEBHOOK_SECRET", "s3cret", 1);
  auto loaded = parse_config(R"(page: { name: Acme }
notify:
  - { kind: webhook, url: "https://hooks.acme.example/pharos", secret: "${PHAROS_TEST_WEBHOOK_SECRET}" }
  - { kind: email, smtp: "smtp://127.0.0.1:2525", from: status@acme.example }
  - { kind: email, smtp: "smtps://mail.acme.example", from: a@acme.example, to: [oncall@acme.example], username: u, password: p, starttls: true }
  - { kind: slack, url: "https://hooks.slack.example/T/B/x" }
  - { kind: delivery, give_up_after: 2h, timeout: 3s, concurrency: 4, backoff_base: 2s, backoff_max: 10m }
)",
                             "pharos.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.describe();
  const NotifySpec& n = loaded.config.notify;
  ASSERT_EQ(n.routes.size(), 3u);  // the email entry without `to` only configures SMTP
  EXPECT_EQ(n.routes[0].kind, "webhook");
  EXPECT_EQ(n.routes[0].secret, "s3cret");
  EXPECT_EQ(n.routes[1].kind, "email");
  EXPECT_EQ(n.routes[1].to, std::vector<std::string>{"oncall@acme.example"});
  EXPECT_TRUE(n.routes[1].smtp.require_tls);
  EXPECT_EQ(n.routes[1].smtp.username, "u");
  EXPECT_EQ(n.routes[2].kind, "slack");
  ASSERT_TRUE(n.smtp.has_value());
  EXPECT_EQ(n.smtp->url, "smtp://127.0.0.1:2525");
  EXPECT_EQ(n.smtp->from, "status@acme.example");
  EXPECT_EQ(n.delivery.give_up_after, 2h);
  EXPECT_EQ(n.delivery.timeout, 3s);
  EXPECT_EQ(n.delivery.concurrency, 4);
  EXPECT_EQ(n.delivery.backoff_base, 2s);
  EXPECT_EQ(n.delivery.backoff_max, 10min);
}

TEST(NotifyConfigTest, ErrorsNameTheLineAndField) {
  auto loaded = parse_config(R"(page: { name: Acme }
notify:
  - { kind: webhook, url: "ftp://x" }
  - { kind: pager }
  - { kind: email, smtp: "http://x", from: nobody }
  - { kind: slack, url: "https://x", secret: no }
)",
                             "pharos.yaml");
  ASSERT_FALSE(loaded.ok());
  std::string all = loaded.describe();
  EXPECT_NE(all.find("pharos.yaml:3:"), std::string::npos) << all;
  EXPECT_NE(all.find("notify[0].url: expected an http:// or https:// URL"), std::string::npos)
      << all;
  EXPECT_NE(all.find("notify[1].kind: expected email, webhook"), std::string::npos) << all;
  EXPECT_NE(all.find("notify[2].smtp"), std::string::npos) << all;
  EXPECT_NE(all.find("notify[2].from"), std::string::npos) << all;
  EXPECT_NE(all.find("notify[3]"), std::string::npos) << all;
}

}  // namespace
}  // namespace pharos
