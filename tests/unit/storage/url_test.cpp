#include "storage/db/url.h"

#include <gtest/gtest.h>

namespace pharos::db {
namespace {

TEST(PgUrlTest, PharosSettingsAreTakenOutAndTheRestGoesToLibpq) {
  auto url = parse_pg_url(
      "postgres://pharos:s3cret@db1:5432,db2:5432/pharos?target_session_attrs=read-write&"
      "pool_size=8&statement_timeout=2s&sslmode=disable&acquire_timeout=1500");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(url->conninfo,
            "postgres://pharos:s3cret@db1:5432,db2:5432/pharos?target_session_attrs=read-write&"
            "sslmode=disable");
  EXPECT_EQ(url->pool_size, 8u);
  EXPECT_EQ(url->statement_timeout.count(), 2000);
  EXPECT_EQ(url->acquire_timeout.count(), 1500);
  EXPECT_EQ(url->display.find("s3cret"), std::string::npos);
}

TEST(PgUrlTest, BadSettingsNameTheStorageField) {
  for (const char* bad : {"postgres://h/db?pool_size=0", "postgres://h/db?pool_size=x",
                          "postgres://h/db?statement_timeout=soon"}) {
    auto url = parse_pg_url(bad);
    ASSERT_FALSE(url.ok()) << bad;
    EXPECT_EQ(url.error().field, "storage");
  }
}

TEST(RedactUrlTest, PasswordsNeverSurvive) {
  struct Case {
    const char* in;
    const char* out;
  };
  for (const auto& c : std::initializer_list<Case>{
           {"postgres://ann:pw@h:5432/db", "postgres://ann:***@h:5432/db"},
           {"postgres://ann@h/db?password=pw&sslmode=require",
            "postgres://ann@h/db?password=***&sslmode=require"},
           {"postgres://ann:p%40ss@h1,h2/db?x=1&password=q",
            "postgres://ann:***@h1,h2/db?x=1&password=***"},
           {"postgres://h/db", "postgres://h/db"},
           {"sqlite:data/pharos.db", "sqlite:data/pharos.db"},
       }) {
    EXPECT_EQ(redact_url(c.in), c.out) << c.in;
  }
}

TEST(RedactUrlTest, MessagesQuotingTheUrlLoseItsPasswords) {
  EXPECT_EQ(redact_text("invalid integer value \"hunter2@127.0.0.1:5999\" for option \"port\"",
                        "postgres://a@ann:hunter2@127.0.0.1:5999/db"),
            "invalid integer value \"***@127.0.0.1:5999\" for option \"port\"");
  EXPECT_EQ(redact_text("bad: x=1&password=pw9", "postgres://h/db?x=1&password=pw9"),
            "bad: x=1&password=***");
  EXPECT_EQ(redact_text("nothing secret", "postgres://h/db"), "nothing secret");
}

}  // namespace
}  // namespace pharos::db
