#pragma once
// A loopback peer written in Python (the check target, the mock vendor): started with its stdin
// on a pipe, it prints one JSON line with its ports when ready and exits when stdin closes (so it
// never outlives a test process that died) or after its --lifetime. Stopped on destruction.
#include <map>
#include <string>
#include <vector>

#include "support/process.h"

namespace pharos::testing {

class PythonPeer {
 public:
  // Runs `python3 SCRIPT ARGS…`, SCRIPT relative to the source tree, and reads its ready line;
  // `name` is what error() calls it. Check ok() before use.
  PythonPeer(const std::string& name, const std::string& script,
             const std::vector<std::string>& args);
  ~PythonPeer();
  PythonPeer(const PythonPeer&) = delete;
  PythonPeer& operator=(const PythonPeer&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  // The port the ready line gives as `key` ({"port": N}, {"http": N, "https": M}); 0 if none.
  int port(const std::string& key) const;

 private:
  ChildProcess server_;
  std::map<std::string, int> ports_;
  std::string error_;
};

}  // namespace pharos::testing
