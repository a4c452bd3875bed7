#pragma once
// Starts tests/integration/monitor/target_server.py on loopback and stops it on destruction.
// A self-signed certificate valid for 3 days is made with openssl at start.
#include <memory>
#include <string>

#include "support/python_peer.h"
#include "support/temp_dir.h"

namespace pharos::testing {

class Target {
 public:
  // Serves on 127.0.0.1 and the same port on 127.0.0.2 and 127.0.0.3; 127.0.0.3 is "sick" (its
  // /healthy answers 404). Check ok() before use.
  Target();

  bool ok() const { return server_ && server_->ok(); }
  const std::string& error() const { return server_ ? server_->error() : cert_error_; }
  int http_port() const { return server_ ? server_->port("http") : 0; }
  int https_port() const { return server_ ? server_->port("https") : 0; }
  std::string cert_file() const { return dir_.file("cert.pem"); }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(http_port()) + path;
  }
  // pharos.yaml's `monitors:` block with one http monitor, apps-health of component apps, checking
  // /healthy from the three addresses every second (fall 2, rise 1): the sick node turns the
  // component partial within seconds.
  std::string apps_health_monitor_yaml() const {
    return "monitors:\n"
           "  - name: apps-health\n"
           "    component: apps\n"
           "    kind: http\n"
           "    url: " +
           url("/healthy") +
           "\n"
           "    nodes: [\"127.0.0.1\", \"127.0.0.2\", \"127.0.0.3\"]\n"
           "    interval: 1s\n"
           "    timeout: 2s\n"
           "    fall: 2\n"
           "    rise: 1\n";
  }

 private:
  TempDir dir_;  // the certificate and its key
  std::string cert_error_;
  std::unique_ptr<PythonPeer> server_;  // started once the certificate is made
};

}  // namespace pharos::testing
