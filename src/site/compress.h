#pragma once
// Compression of pre-rendered responses. Runs at render time, never per request.
#include <optional>
#include <string>
#include <string_view>

namespace pharos::site {

// gzip (RFC 1952) at zlib level 9; nullopt on a zlib failure.
std::optional<std::string> gzip_compress(std::string_view data);
// Brotli (text mode) with a window fitted to `data`: quality 9 up to 64 KB, 6 beyond (the
// encoder's memory, compress.cpp); nullopt on failure.
std::optional<std::string> brotli_compress(std::string_view data);

}  // namespace pharos::site
