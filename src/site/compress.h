#pragma once
// Compression of pre-rendered responses. Runs at render time, never per request.
#include <optional>
#include <string>
#include <string_view>

namespace pharos::site {

// gzip (RFC 1952) at zlib level 9, 6 for documents over 64 KB (they are rebuilt on every incident
// update: compress.cpp); nullopt on a zlib failure.
std::optional<std::string> gzip_compress(std::string_view data);
// Brotli (text mode) with a window fitted to `data`: quality 9 up to 64 KB, 5 beyond (the
// encoder's memory and the rebuild's time, compress.cpp); nullopt on failure.
std::optional<std::string> brotli_compress(std::string_view data);

}  // namespace pharos::site
