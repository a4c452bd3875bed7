#include "probe/expiry.h"

#include <gtest/gtest.h>

namespace pharos::probe {
namespace {

TEST(ExpiryTest, ReadsCertificateTimes) {
  auto at = parse_cert_time("Jan  1 00:00:00 2027 GMT");
  ASSERT_TRUE(at.ok());
  EXPECT_EQ(format_iso_utc(*at), "2027-01-01T00:00:00Z");
  EXPECT_EQ(format_iso_utc(*parse_cert_time("Nov 24 14:49:32 2026 GMT")), "2026-11-24T14:49:32Z");
  EXPECT_FALSE(parse_cert_time("Foo 24 14:49:32 2026 GMT").ok());
  EXPECT_FALSE(parse_cert_time("garbage").ok());
}

TEST(ExpiryTest, ReadsJwtExp) {
  // {"alg":"none"} . {"sub":"x","exp":1700000000} . (no signature)
  auto at = jwt_expiry("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4IiwiZXhwIjoxNzAwMDAwMDAwfQ.");
  ASSERT_TRUE(at.ok()) << at.error().message;
  EXPECT_EQ(format_iso_utc(*at), "2023-11-14T22:13:20Z");
  EXPECT_FALSE(jwt_expiry("not-a-jwt").ok());
  EXPECT_FALSE(jwt_expiry("a.eyJzdWIiOiJ4In0.b").ok()) << "no exp claim";
  EXPECT_FALSE(jwt_expiry("a.!!!.b").ok());
}

TEST(ExpiryTest, ReadsExpiryTextAsIsoOrUnixTime) {
  EXPECT_EQ(format_iso_utc(*parse_expiry_text("2027-01-01T00:00:00Z")), "2027-01-01T00:00:00Z");
  EXPECT_EQ(format_iso_utc(*parse_expiry_text("1700000000")), "2023-11-14T22:13:20Z");
  EXPECT_EQ(format_iso_utc(*parse_expiry_text("1700000000000")), "2023-11-14T22:13:20Z");
  EXPECT_FALSE(parse_expiry_text("tomorrow").ok());
}

}  // namespace
}  // namespace pharos::probe
