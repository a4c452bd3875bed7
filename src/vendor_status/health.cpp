#include "vendor_status/health.h"

namespace pharos::vendor_status {

std::string_view to_string(VendorState state) {
  switch (state) {
    case VendorState::kPending:
      return "pending";
    case VendorState::kOk:
      return "ok";
    case VendorState::kUnreachable:
      return "unreachable";
    case VendorState::kBadDocument:
      return "bad_document";
    case VendorState::kStoreError:
      return "store_error";
  }
  return "pending";
}

std::optional<VendorState> parse_vendor_state(std::string_view text) {
  for (VendorState s : {VendorState::kPending, VendorState::kOk, VendorState::kUnreachable,
                        VendorState::kBadDocument, VendorState::kStoreError}) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

std::string VendorHealth::describe() const {
  std::string since = error_since ? format_iso_utc(*error_since) : std::string("?");
  switch (state) {
    case VendorState::kPending:
      return "not polled yet";
    case VendorState::kOk:
      return "ok";
    case VendorState::kUnreachable:
      return "source unreachable since " + since + " (" + reason + ")";
    case VendorState::kBadDocument:
      return reason + " (since " + since + ")";
    case VendorState::kStoreError:
      return "cannot store vendor incidents since " + since + " (" + reason + ")";
  }
  return reason;
}

}  // namespace pharos::vendor_status
