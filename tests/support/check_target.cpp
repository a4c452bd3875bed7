#include "support/check_target.h"

#include <vector>

namespace pharos::testing {

Target::Target() {
  auto cert =
      run_process({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                   dir_.file("key.pem"), "-out", dir_.file("cert.pem"), "-days", "3", "-subj",
                   "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"},
                  dir_.path().string(), "", 30);
  if (cert.exit_code != 0) {
    cert_error_ = "openssl failed: " + cert.err;
    return;
  }
  server_ = std::make_unique<PythonPeer>(
      "target", "tests/integration/monitor/target_server.py",
      std::vector<std::string>{"--node", "127.0.0.2", "--node", "127.0.0.3", "--sick-node",
                               "127.0.0.3", "--cert", dir_.file("cert.pem"), "--key",
                               dir_.file("key.pem"), "--lifetime", "300"});
}

}  // namespace pharos::testing
