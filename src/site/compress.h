#pragma once
// Compression of pre-rendered responses. Runs at render time, never per request.
#include <optional>
#include <string>
#include <string_view>

namespace pharos::site {

// gzip (RFC 1952) at zlib level 6 (levels are chosen for the rebuild's time: compress.cpp);
// nullopt on a zlib failure.
std::optional<std::string> gzip_compress(std::string_view data);
// Brotli (text mode) at quality 5 with a window fitted to `data`; nullopt on failure.
std::optional<std::string> brotli_compress(std::string_view data);

}  // namespace pharos::site
