// The history feeds of the demo page parse with a real feed parser (python3-feedparser).
#include <gtest/gtest.h>

#include <fstream>

#include "integration/web/http_client.h"
#include "integration/web/server_process.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace pharos {
namespace {

TEST(FeedsTest, DemoFeedsAreValidAtomAndRss) {
  testing::TempDir dir;
  testing::ServerProcess server(dir.path().string(), {"--demo", "--data", "data"});
  ASSERT_TRUE(server.started()) << server.output();
  std::vector<std::string> files;
  for (const char* path : {"/history.atom", "/history.rss", "/components/api/history.atom"}) {
    auto r = testing::request(server.port(), "GET", path);
    ASSERT_EQ(r.status, 200) << path;
    std::string expected = std::string(path).ends_with(".rss") ? "application/rss+xml"
                                                               : "application/atom+xml";
    EXPECT_EQ(r.header("content-type").rfind(expected, 0), 0u) << r.header("content-type");
    files.push_back(dir.file("feed" + std::to_string(files.size()) + ".xml"));
    std::ofstream(files.back(), std::ios::binary) << r.body;
  }
  auto check = testing::run_process(
      {"/usr/bin/python3", std::string(PHAROS_SOURCE_DIR) + "/tests/integration/feeds/check_feeds.py",
       files[0], files[1], files[2]},
      dir.path().string());
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  auto page = testing::request(server.port(), "GET", "/");
  EXPECT_NE(page.body.find("href=\"/history.atom\""), std::string::npos) << "feed discovery link";
  EXPECT_NE(page.body.find("action=\"/subscribe\""), std::string::npos) << "subscribe form";
  server.stop();
}

}  // namespace
}  // namespace pharos
