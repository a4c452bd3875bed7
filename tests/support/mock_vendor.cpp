#include "support/mock_vendor.h"

namespace pharos::testing {

MockVendor::MockVendor()
    : PythonPeer("mock vendor", "tests/integration/vendor_status/mock_vendor.py",
                 {"--fixtures",
                  std::string(PHAROS_SOURCE_DIR) + "/tests/fixtures/vendor_status/statuspage",
                  "--lifetime", "300"}) {}

}  // namespace pharos::testing
