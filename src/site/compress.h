#pragma once
// Compression of pre-rendered responses. Runs at render time, never per request.
#include <optional>
#include <string>
#include <string_view>

namespace pharos::site {

// gzip (RFC 1952) at zlib level 9; nullopt on a zlib failure.
std::optional<std::string> gzip_compress(std::string_view data);
// Brotli at quality 9 (text mode); nullopt on failure.
std::optional<std::string> brotli_compress(std::string_view data);

}  // namespace pharos::site
