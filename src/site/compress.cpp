#include "site/compress.h"

#include <brotli/encode.h>
#include <zlib.h>

namespace pharos::site {
namespace {

// Levels chosen for speed: a document is compressed whenever a rebuild changes it, and an incident
// update's answer waits for its rebuild, which changes the index, the history, the API documents
// and the feeds every time. Brotli 9 took 2.7 ms for the 31 KB summary.json that quality 5
// compresses in 0.2 ms, 2 % larger; on the 600 KB index of 100 components gzip 9 and Brotli 6
// were ~17 ms of a ~30 ms rebuild. gzip 6 (zlib's default) costs 0.1-1.4 % more bytes than 9 for
// 40 % less time; Brotli 5 ~2 % more than 6 and 9 for 20-90 % less.
constexpr int kGzipLevel = 6;
constexpr int kBrotliQuality = 5;

}  // namespace

std::optional<std::string> gzip_compress(std::string_view data) {
  z_stream z{};
  // 15 window bits + 16 selects the gzip wrapper.
  if (deflateInit2(&z, kGzipLevel, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
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
  // memory: quality 9 with a window over 64 KB used a hash table of 32 MB whatever the input size
  // (then the largest allocation of `pharos serve`, at every site rebuild); quality 5 far less.
  int lgwin = BROTLI_MIN_WINDOW_BITS;
  while (lgwin < BROTLI_DEFAULT_WINDOW && (std::size_t{1} << lgwin) - 16 < data.size()) ++lgwin;
  size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) size = data.size() + 1024;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(kBrotliQuality, lgwin, BROTLI_MODE_TEXT, data.size(),
                             reinterpret_cast<const uint8_t*>(data.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    return std::nullopt;
  }
  out.resize(size);
  return out;
}

}  // namespace pharos::site
