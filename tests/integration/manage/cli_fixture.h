#pragma once
// The manage integration tests' ground: a scratch directory the real `pharos` CLI runs in (its
// pharos.yaml and data/), and API tokens created through it.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/temp_dir.h"

namespace pharos::testing {

class PharosCliTest : public ::testing::Test {
 protected:
  // `pharos ARGS` in the scratch directory, with `input` on stdin.
  RunResult pharos(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), PHAROS_BINARY);
    return run_process(args, dir_.path().string(), input);
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
