#pragma once
// Starts tests/integration/vendor_status/mock_vendor.py on 127.0.0.1 (an ephemeral port) serving
// the recorded Statuspage sequence in tests/fixtures/vendor_status/statuspage; stops it on
// destruction.
#include <string>

#include "support/python_peer.h"

namespace pharos::testing {

class MockVendor : public PythonPeer {
 public:
  MockVendor();

  std::string url(const std::string& path = "") const {
    return "http://127.0.0.1:" + std::to_string(port("port")) + path;
  }
};

}  // namespace pharos::testing
