#include "support/mock_vendor.h"

#include <vector>

#include "support/json_lines.h"

namespace pharos::testing {
namespace {

std::vector<std::string> mock_vendor_argv() {
  std::string source = PHAROS_SOURCE_DIR;
  return {"/usr/bin/python3", source + "/tests/integration/vendor_status/mock_vendor.py",
          "--fixtures",       source + "/tests/fixtures/vendor_status/statuspage",
          "--lifetime",       "300"};
}

}  // namespace

MockVendor::MockVendor() : server_(mock_vendor_argv(), "", /*pipe_stdin=*/true) {
  std::string line = server_.read_line();
  auto ready = json_object(line);
  if (!ready) {
    error_ = "mock vendor did not start: '" + line + "'";
    return;
  }
  port_ = static_cast<int>(ready->at("port").to_number<std::int64_t>());
}

MockVendor::~MockVendor() {
  server_.close_stdin();  // the server exits when its stdin closes
  server_.stop(SIGTERM);
}

}  // namespace pharos::testing
