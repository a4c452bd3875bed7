#include "site/compress.h"

#include <brotli/encode.h>
#include <zlib.h>

namespace pharos::site {
namespace {

// Documents over this size are compressed at a cheaper level. They are few (the index with its
// components' 90-day bars, the history, large API lists), but they change with every incident
// update, and compressing them was the largest part of the rebuild that the update waits for:
// on the 600 KB index of 100 components, gzip 9 took 6.6 ms and Brotli 6 took 10.3 ms out of a
// ~35 ms rebuild. On large HTML, gzip 6 is 40 % faster than 9 for 0.4–1.4 % more bytes, and
// Brotli 5 is 20–80 % faster than 6 for ~2 % more.
constexpr std::size_t kLargeDocument = 64 * 1024;

}  // namespace

std::optional<std::string> gzip_compress(std::string_view data) {
  z_stream z{};
  int level = data.size() > kLargeDocument ? 6 : 9;
  // 15 window bits + 16 selects the gzip wrapper.
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  size_t written = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return std::nullopt;
  out.resize(written);
  return out;
}

std::optional<std::string> brotli_compress(std::string_view data) {
  // The window fitted to the document (a larger one gains nothing). It also bounds the encoder's
  // memory: with a window over 64 KB, quality 9 uses a hash table of 32 MB whatever the input
  // size (the largest allocation of `pharos serve`, at every site rebuild); with one of at most
  // 64 KB it uses a chain of ~1 MB. Larger documents take quality 5 (kLargeDocument above).
  int lgwin = BROTLI_MIN_WINDOW_BITS;
  while (lgwin < BROTLI_DEFAULT_WINDOW && (std::size_t{1} << lgwin) - 16 < data.size()) ++lgwin;
  int quality = data.size() > kLargeDocument ? 5 : 9;
  size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) size = data.size() + 1024;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(quality, lgwin, BROTLI_MODE_TEXT, data.size(),
                             reinterpret_cast<const uint8_t*>(data.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    return std::nullopt;
  }
  out.resize(size);
  return out;
}

}  // namespace pharos::site
