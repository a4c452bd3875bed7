#pragma once
// A YAML walker that validates as it reads and collects diagnostics with file:line:column and the
// field path. Only the config module sees yaml-cpp; each config section has its own reader file.
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace pharos::config {

class Reader {
 public:
  Reader(std::string file, std::vector<ConfigDiagnostic>& errors)
      : file_(std::move(file)), errors_(errors) {}

  void error(const YAML::Node& at, const std::string& field, const std::string& message);

  // Checks that `node` is a mapping whose keys are all in `allowed` (each reported otherwise, with
  // a suggestion when one is close) and that no key repeats. Returns false when not a mapping.
  bool check_map(const YAML::Node& node, const std::string& field,
                 const std::vector<std::string_view>& allowed);
  // Checks that `node` is a sequence; reports and returns false otherwise.
  bool check_sequence(const YAML::Node& node, const std::string& field);

  // Scalar readers. `map[key]` absent: nullopt, plus an error when `required`. Wrong type or value:
  // an error and nullopt. Strings have ${ENV_VAR} references expanded.
  std::optional<std::string> string(const YAML::Node& map, const char* key,
                                    const std::string& field, bool required = false);
  std::optional<std::int64_t> integer(const YAML::Node& map, const char* key,
                                      const std::string& field, std::int64_t min, std::int64_t max);
  std::optional<bool> boolean(const YAML::Node& map, const char* key, const std::string& field);
  std::optional<std::chrono::milliseconds> duration(const YAML::Node& map, const char* key,
                                                    const std::string& field);
  // A list of strings; a single string is accepted as a list of one.
  std::optional<std::vector<std::string>> string_list(const YAML::Node& map, const char* key,
                                                      const std::string& field);
  // Expands ${NAME} from the environment; an unset variable is an error at `at`.
  std::string expand_env(const std::string& value, const YAML::Node& at, const std::string& field);

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::vector<ConfigDiagnostic>& errors_;
};

// "field.key" or "key" when field is empty.
std::string join_field(const std::string& field, std::string_view key);
std::string index_field(const std::string& field, size_t index);

}  // namespace pharos::config
