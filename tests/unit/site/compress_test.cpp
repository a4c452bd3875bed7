#include "site/compress.h"

#include <brotli/decode.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "support/gzip.h"

namespace pharos::site {
namespace {

std::string brotli_decode(const std::string& data, std::size_t capacity) {
  std::string out(capacity, '\0');
  std::size_t size = out.size();
  if (BrotliDecoderDecompress(data.size(), reinterpret_cast<const std::uint8_t*>(data.data()),
                              &size, reinterpret_cast<std::uint8_t*>(out.data())) !=
      BROTLI_DECODER_RESULT_SUCCESS) {
    return "<undecodable>";
  }
  out.resize(size);
  return out;
}

// Page-like text of `size` bytes: rows that repeat with small differences, as rendered pages do.
std::string page_text(std::size_t size) {
  std::string text;
  for (int i = 0; text.size() < size; ++i) {
    text += "<div class=\"component\"><span>Component " + std::to_string(i) +
            "</span><span class=\"status operational\">Operational</span></div>\n";
  }
  text.resize(size);
  return text;
}

// The window is fitted to the document (compress.cpp): every side of its steps must still give
// back the very bytes, and compress.
TEST(CompressTest, BrotliRoundTripsOnBothSidesOfItsWindowAndQualityLimits) {
  for (std::size_t size :
       {std::size_t{0}, std::size_t{1}, std::size_t{1000}, std::size_t{65'520}, std::size_t{65'521},
        std::size_t{65'536}, std::size_t{65'537}, std::size_t{300'000}, std::size_t{5'000'000}}) {
    std::string text = page_text(size);
    auto packed = brotli_compress(text);
    ASSERT_TRUE(packed) << size;
    EXPECT_EQ(brotli_decode(*packed, size + 1), text) << size;
    if (size >= 1000) {
      EXPECT_LT(packed->size(), text.size() / 4) << size;
    }
  }
}

// Small and large documents give back the very bytes, gzip-wrapped, and compress.
TEST(CompressTest, GzipRoundTripsSmallAndLargeDocuments) {
  for (std::size_t size : {std::size_t{0}, std::size_t{1000}, std::size_t{65'536},
                           std::size_t{65'537}, std::size_t{600'000}}) {
    std::string text = page_text(size);
    auto packed = gzip_compress(text);
    ASSERT_TRUE(packed) << size;
    ASSERT_GE(packed->size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>((*packed)[0]), 0x1f) << size;  // the gzip magic
    EXPECT_EQ(static_cast<unsigned char>((*packed)[1]), 0x8b) << size;
    EXPECT_EQ(testing::gunzip(*packed), text) << size;
    if (size >= 1000) {
      EXPECT_LT(packed->size(), text.size() / 4) << size;
    }
  }
}

}  // namespace
}  // namespace pharos::site
