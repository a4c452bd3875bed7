#include "notify/email/mime.h"

#include <gtest/gtest.h>

namespace pharos::notify {
namespace {

using namespace std::chrono_literals;

TEST(MimeTest, BuildsMultipartWithStableMessageIdAndUnsubscribeHeaders) {
  MailHeaders h;
  h.from = "status@acme.example";
  h.to = {"jo@example.com"};
  h.message_id = message_id_for("12-abcdefghijkl", h.from);
  h.unsubscribe_url = "https://status.acme.example/subscriptions/unsubscribe/tok";
  h.date = Instant(1700000000000ms);
  TextMessage m{"[Acme] API down - Investigating", "plain text", "<p>html</p>"};
  std::string mail = build_mail(h, m);
  EXPECT_EQ(h.message_id, "12-abcdefghijkl.pharos@acme.example");
  EXPECT_NE(mail.find("Message-ID: <12-abcdefghijkl.pharos@acme.example>\r\n"), std::string::npos);
  EXPECT_NE(mail.find("List-Unsubscribe: <" + h.unsubscribe_url + ">\r\n"), std::string::npos);
  EXPECT_NE(mail.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), std::string::npos);
  EXPECT_NE(mail.find("Subject: [Acme] API down - Investigating\r\n"), std::string::npos);
  EXPECT_NE(mail.find("Content-Type: multipart/alternative; boundary="), std::string::npos);
  EXPECT_NE(mail.find("Content-Type: text/plain; charset=utf-8"), std::string::npos);
  EXPECT_NE(mail.find("Content-Type: text/html; charset=utf-8"), std::string::npos);
  EXPECT_NE(mail.find("cGxhaW4gdGV4dA=="), std::string::npos);  // base64("plain text")
  EXPECT_EQ(mail.find("\n\n"), std::string::npos);              // every line ends in CRLF
}

TEST(MimeTest, EncodesNonAsciiSubjects) {
  EXPECT_EQ(encode_header("plain"), "plain");
  EXPECT_EQ(encode_header("Störung"), "=?UTF-8?B?U3TDtnJ1bmc=?=");
}

TEST(MimeTest, MessageIdIsSafeForAnyDeliveryId) {
  EXPECT_EQ(message_id_for("3-route:0", "a@b.example"), "3-route.0.pharos@b.example");
}

}  // namespace
}  // namespace pharos::notify
