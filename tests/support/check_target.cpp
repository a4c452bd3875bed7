#include "support/check_target.h"

#include <vector>

#include "support/json_lines.h"

namespace pharos::testing {

Target::Target() {
  auto cert =
      run_process({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                   dir_.file("key.pem"), "-out", dir_.file("cert.pem"), "-days", "3", "-subj",
                   "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"},
                  dir_.path().string(), "", 30);
  if (cert.exit_code != 0) {
    error_ = "openssl failed: " + cert.err;
    return;
  }
  std::string script =
      std::string(PHAROS_SOURCE_DIR) + "/tests/integration/monitor/target_server.py";
  server_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"/usr/bin/python3", script, "--node", "127.0.0.2", "--node",
                               "127.0.0.3", "--sick-node", "127.0.0.3", "--cert",
                               dir_.file("cert.pem"), "--key", dir_.file("key.pem"), "--lifetime",
                               "300"},
      "", /*pipe_stdin=*/true);
  std::string line = server_->read_line();
  auto ports = json_object(line);
  if (!ports) {
    error_ = "target did not start: '" + line + "'";
    return;
  }
  http_port_ = static_cast<int>(ports->at("http").to_number<std::int64_t>());
  https_port_ = static_cast<int>(ports->at("https").to_number<std::int64_t>());
}

Target::~Target() {
  if (!server_) return;
  server_->close_stdin();  // the server exits when its stdin closes
  server_->stop(SIGTERM);
}

}  // namespace pharos::testing
