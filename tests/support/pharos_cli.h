#pragma once
// The ground of the tests that drive the built `pharos` binary: a scratch directory the real CLI
// runs in (its pharos.yaml and data/), its JSON answers, and API tokens created through it.
// Header-only: PHAROS_BINARY comes from the test target (tests/CMakeLists.txt).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/temp_dir.h"

namespace pharos::testing {

class PharosCliTest : public ::testing::Test {
 protected:
  // Writes the scratch directory's pharos.yaml.
  void write_config(const std::string& yaml) { std::ofstream(dir_.file("pharos.yaml")) << yaml; }

  // `pharos ARGS` in the scratch directory, with `input` on stdin.
  RunResult pharos(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), PHAROS_BINARY);
    return run_process(args, dir_.path().string(), input);
  }

  // `pharos ARGS` (a command with --json), which must succeed, its output parsed.
  boost::json::value pharos_json(std::vector<std::string> args) {
    auto r = pharos(std::move(args));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return boost::json::parse(r.out);
  }

  // A new API token of `user` with `scope` (`pharos token create`); the test fails without one.
  std::string create_token(const std::string& user, const std::string& scope) {
    auto r = pharos({"token", "create", "--user", user, "--scope", scope, "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return std::string(boost::json::parse(r.out).at("token").as_string());
  }

  TempDir dir_;
};

}  // namespace pharos::testing
