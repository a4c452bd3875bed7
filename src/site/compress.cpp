#include "site/compress.h"

#include <brotli/encode.h>
#include <zlib.h>

namespace pharos::site {

std::optional<std::string> gzip_compress(std::string_view data) {
  z_stream z{};
  // 15 window bits + 16 selects the gzip wrapper.
  if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
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
  // 64 KB it uses a chain of ~1 MB. Documents over 64 KB (rare) take quality 6 (2 MB).
  int lgwin = BROTLI_MIN_WINDOW_BITS;
  while (lgwin < BROTLI_DEFAULT_WINDOW && (std::size_t{1} << lgwin) - 16 < data.size()) ++lgwin;
  int quality = lgwin <= 16 ? 9 : 6;
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
