#pragma once
// JSON lines written by the tests' peers (the SMTP sink's and webhook receiver's records, the
// port line a peer prints first).
#include <boost/json.hpp>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace pharos::testing {

// Every non-empty line of the file at `path` as a JSON object (none when it does not exist yet).
inline std::vector<boost::json::object> read_json_lines(const std::string& path) {
  std::vector<boost::json::object> out;
  std::ifstream f(path);
  std::string line;
  while (std::getline(f, line)) {
    if (!line.empty()) out.push_back(boost::json::parse(line).as_object());
  }
  return out;
}

// `line` as a JSON object; nullopt when it is not one.
inline std::optional<boost::json::object> json_object(const std::string& line) {
  boost::system::error_code ec;
  auto value = boost::json::parse(line, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return value.as_object();
}

}  // namespace pharos::testing
