// `pharos import` end to end: the built binary, run in a fresh directory per test.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "support/pharos_cli.h"

namespace pharos {
namespace {

using testing::RunResult;

std::string fixture(const std::string& relative) {
  return std::string(PHAROS_SOURCE_DIR) + "/tests/fixtures/import/" + relative;
}

std::vector<boost::json::object> json_lines(const std::string& out) {
  std::vector<boost::json::object> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(boost::json::parse(line).as_object());
  }
  return lines;
}

class ImportCliTest : public testing::PharosCliTest {
 protected:
  size_t stored_incidents() {
    return pharos_json({"incident", "list", "--json", "--limit", "1000"}).as_array().size();
  }
};

TEST_F(ImportCliTest, DryRunJsonPrintsTheContractLineAndStoresNothing) {
  auto run = pharos({"import", "--dry-run", "--json", fixture("seeds/000_0d3f5e366055ad5d.txt")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto lines = json_lines(run.out);
  ASSERT_EQ(lines.size(), 1u);
  auto& i = lines[0];
  std::vector<std::string> keys;
  for (const auto& kv : i) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"vendor", "title", "impact", "status", "started_at",
                                            "resolved_at", "duration_seconds", "components",
                                            "updates", "postmortem", "source_url", "postmortem_at",
                                            "reader", "confidence"}));
  EXPECT_EQ(i["reader"].as_string(), "aggregator");
  EXPECT_EQ(i["vendor"].as_string(), "ThinkLink");
  EXPECT_EQ(i["title"].as_string(), "Degraded Performance");
  EXPECT_EQ(i["impact"].as_string(), "minor");
  EXPECT_EQ(i["status"].as_string(), "resolved");
  EXPECT_EQ(i["started_at"].as_string(), "2022-04-01T18:15:00Z");
  EXPECT_EQ(i["resolved_at"].as_string(), "2022-04-04T13:14:00Z");
  EXPECT_EQ(i["duration_seconds"].as_int64(), 241140);
  EXPECT_EQ(i["components"].as_array().size(), 1u);
  EXPECT_TRUE(i["postmortem"].is_null());
  EXPECT_TRUE(i["source_url"].is_null());
  auto& updates = i["updates"].as_array();
  ASSERT_EQ(updates.size(), 6u);
  EXPECT_EQ(updates[0].as_object().at("status").as_string(), "investigating");
  EXPECT_EQ(updates[0].as_object().at("at").as_string(), "2022-04-01T18:15:00Z");
  EXPECT_EQ(updates[5].as_object().at("status").as_string(), "resolved");
  EXPECT_EQ(stored_incidents(), 0u);
}

TEST_F(ImportCliTest, OneLinePerIncidentAcrossFilesAndStdin) {
  std::ifstream in(fixture("json/summary.json"));
  std::stringstream summary;
  summary << in.rdbuf();
  auto run =
      pharos({"import", "--dry-run", "--json", fixture("json/incidents.json"), "-"}, summary.str());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto lines = json_lines(run.out);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]["title"].as_string(), "Elevated API error rates");
  EXPECT_EQ(lines[3]["title"].as_string(), "Database upgrade");
}

TEST_F(ImportCliTest, StoresAllSeedsThenListShowsThemAndASecondImportChangesNothing) {
  std::vector<std::string> args = {"import", "--date", "2024-02-16", "--tz", "Europe/Amsterdam"};
  for (const char* seed :
       {"000_0d3f5e366055ad5d.txt", "001_bdb14da426952084.txt", "002_29c1566b0c079086.txt",
        "003_f0b78b4ba82bb639.txt", "004_e79fdfb425a7fb9c.txt"}) {
    args.push_back(fixture(std::string("seeds/") + seed));
  }
  auto first = pharos(args);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out.find("unchanged"), std::string::npos);
  auto listed = pharos({"incident", "list", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  auto incidents = boost::json::parse(listed.out).as_array();
  ASSERT_EQ(incidents.size(), 5u);
  bool found_kalix = false;
  for (const auto& v : incidents) {
    const auto& i = v.as_object();
    EXPECT_EQ(i.at("source").as_string(), "imported");
    if (i.at("name").as_string() != "API Down") continue;
    found_kalix = true;
    EXPECT_EQ(i.at("vendor").as_string(), "Kalix EMR");
    EXPECT_EQ(i.at("impact").as_string(), "critical");
    EXPECT_EQ(i.at("external_components").as_array().size(), 5u);
    EXPECT_EQ(i.at("incident_updates").as_array().size(), 15u);
    EXPECT_EQ(i.at("detected_at").as_string(), "2021-03-22T19:22:00Z");
  }
  EXPECT_TRUE(found_kalix);

  auto second = pharos(args);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  std::istringstream out(second.out);
  int lines = 0;
  for (std::string line; std::getline(out, line); ++lines) {
    EXPECT_TRUE(line.starts_with("unchanged ")) << line;
  }
  EXPECT_EQ(lines, 5);
  auto relisted = pharos({"incident", "list", "--json"});
  EXPECT_EQ(relisted.out, listed.out) << "a second import changes nothing";
}

TEST_F(ImportCliTest, BadFileFailsNamingTheLineAndStoresNothing) {
  std::ofstream(dir_.file("bad.txt"))
      << "Acme incident\n\nAPI down\n\nUpdate timeline\n\n  1. investigating soon\n";
  auto run = pharos({"import", fixture("seeds/000_0d3f5e366055ad5d.txt"), dir_.file("bad.txt")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("bad.txt:7:"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("expected"), std::string::npos) << run.err;
  EXPECT_EQ(stored_incidents(), 0u) << "nothing stored, not even the good file";
}

TEST_F(ImportCliTest, InstatusWithoutDateNamesTheOption) {
  auto run = pharos({"import", "--dry-run", "--json", fixture("seeds/004_e79fdfb425a7fb9c.txt")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("004_e79fdfb425a7fb9c.txt:2"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("add --date YYYY-MM-DD and --tz ZONE"), std::string::npos) << run.err;
  auto with_date = pharos({"import", "--dry-run", "--json", "--date", "2024-02-16",
                           fixture("seeds/004_e79fdfb425a7fb9c.txt")});
  EXPECT_EQ(with_date.exit_code, 2);
  EXPECT_NE(with_date.err.find("add --tz ZONE"), std::string::npos) << with_date.err;
}

TEST_F(ImportCliTest, UnrecognisedInputAndBadOptionsAreUsageErrors) {
  auto garbage = pharos({"import", "--dry-run", "-"}, "hello\nworld\n");
  EXPECT_EQ(garbage.exit_code, 2);
  EXPECT_NE(garbage.err.find("-:1"), std::string::npos) << garbage.err;
  auto bad_tz = pharos(
      {"import", "--dry-run", "--tz", "Mars/Olympus", fixture("seeds/000_0d3f5e366055ad5d.txt")});
  EXPECT_EQ(bad_tz.exit_code, 2);
  EXPECT_NE(bad_tz.err.find("--tz"), std::string::npos);
  auto missing = pharos({"import", dir_.file("nope.txt")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope.txt"), std::string::npos);
}

}  // namespace
}  // namespace pharos
