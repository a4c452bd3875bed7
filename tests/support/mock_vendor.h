#pragma once
// Starts tests/integration/vendor_status/mock_vendor.py on 127.0.0.1 (an ephemeral port) serving
// the recorded Statuspage sequence in tests/fixtures/vendor_status/statuspage; stops it on
// destruction.
#include <string>

#include "support/process.h"

namespace pharos::testing {

class MockVendor {
 public:
  MockVendor();
  ~MockVendor();
  MockVendor(const MockVendor&) = delete;
  MockVendor& operator=(const MockVendor&) = delete;

  bool ok() const { return port_ > 0; }
  const std::string& error() const { return error_; }
  std::string url(const std::string& path = "") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  ChildProcess server_;
  int port_ = 0;
  std::string error_;
};

}  // namespace pharos::testing
