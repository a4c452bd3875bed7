#pragma once
// Decompresses a gzip body in tests (zlib), to check what the server sent compressed.
#include <zlib.h>

#include <string>
#include <string_view>

namespace pharos::testing {

// Up to `limit` bytes of the decompressed `data`.
inline std::string gunzip(std::string_view data, std::size_t limit = 4 << 20) {
  z_stream z{};
  inflateInit2(&z, 15 + 16);  // 16: expect a gzip header
  std::string out(limit, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

}  // namespace pharos::testing
