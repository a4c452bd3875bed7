#pragma once
// Starts tests/integration/monitor/target_server.py on loopback and stops it on destruction.
// A self-signed certificate valid for 3 days is made with openssl at start.
#include <memory>
#include <string>

#include "support/process.h"
#include "support/temp_dir.h"

namespace pharos::testing {

class Target {
 public:
  // Serves on 127.0.0.1 and the same port on 127.0.0.2 and 127.0.0.3; 127.0.0.3 is "sick" (its
  // /healthy answers 404). Check ok() before use.
  Target();
  ~Target();
  Target(const Target&) = delete;
  Target& operator=(const Target&) = delete;

  bool ok() const { return http_port_ > 0; }
  const std::string& error() const { return error_; }
  int http_port() const { return http_port_; }
  int https_port() const { return https_port_; }
  std::string cert_file() const { return dir_.file("cert.pem"); }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(http_port_) + path;
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
  TempDir dir_;
  std::unique_ptr<ChildProcess> server_;
  int http_port_ = 0;
  int https_port_ = 0;
  std::string error_;
};

}  // namespace pharos::testing
