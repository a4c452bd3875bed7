#pragma once
// Reading expiry times: X.509 "Expire date" text, JWT `exp` claims, and expiry fields in JSON.
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace pharos::probe {

// libcurl's certinfo form of a certificate's notAfter: "Jan  1 00:00:00 2027 GMT".
Result<Instant> parse_cert_time(std::string_view text);

// The `exp` claim (seconds since the epoch) of a JWT "header.payload.signature". The signature is
// not verified: Pharos only reads when the token stops working.
Result<Instant> jwt_expiry(std::string_view token);

// An expiry written as ISO-8601 text, or as a number of Unix seconds (or milliseconds when it is
// too large to be seconds).
Result<Instant> parse_expiry_text(std::string_view text);

}  // namespace pharos::probe
