#include "notify/crypto.h"

#include <gtest/gtest.h>

#include <set>

namespace pharos::notify {
namespace {

TEST(CryptoTest, HmacMatchesRfc4231TestCase2) {
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(CryptoTest, SignatureHeaderSignsTimestampDotBody) {
  std::string body = R"({"a":1})";
  std::string header = signature_header("s3cret", 1700000000, body);
  EXPECT_EQ(header, "t=1700000000,v1=" + hmac_sha256_hex("s3cret", "1700000000." + body));
  EXPECT_NE(header, signature_header("other", 1700000000, body));
  EXPECT_NE(header, signature_header("s3cret", 1700000001, body));
}

TEST(CryptoTest, TokensAreLongUrlSafeAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string t = new_token();
    EXPECT_EQ(t.size(), 43u);  // 32 bytes, base64url without padding
    EXPECT_EQ(
        t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    EXPECT_TRUE(seen.insert(t).second);
  }
}

TEST(CryptoTest, TokenHashIsSha256Hex) {
  // SHA-256("abc")
  EXPECT_EQ(hash_token("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CryptoTest, Base64) {
  EXPECT_EQ(base64("hello"), "aGVsbG8=");
  EXPECT_EQ(base64(""), "");
}

}  // namespace
}  // namespace pharos::notify
