// End-to-end tests of the built `pharos` binary: each test runs it in a fresh directory.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "support/pharos_cli.h"

namespace pharos {
namespace {

using testing::RunResult;

class CliTest : public testing::PharosCliTest {
 protected:
  void SetUp() override {
    write("pharos.yaml",
          R"(page: { name: Acme, url: "https://status.acme.example", time_zone: Pacific/Auckland }
groups: [ { id: platform, name: Platform } ]
components:
  - { id: api, name: API, group: platform, depends_on: [auth] }
  - { id: auth, name: Token verification, group: platform }
)");
  }

  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_.file(name)) << text;
  }
};

TEST_F(CliTest, OpenThenListShowsTheIncident) {
  auto opened = pharos(
      {"incident", "open", "--title", "API down", "--impact", "major", "--component", "api"});
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  EXPECT_NE(opened.out.find("opened incident"), std::string::npos);

  auto json = pharos_json({"incident", "list", "--json"}).as_array();
  ASSERT_EQ(json.size(), 1u);
  auto incident = json[0].as_object();
  EXPECT_EQ(incident["name"].as_string(), "API down");
  EXPECT_EQ(incident["impact"].as_string(), "major");
  EXPECT_EQ(incident["status"].as_string(), "investigating");
  EXPECT_EQ(incident["component_ids"].as_array()[0].as_string(), "api");
  EXPECT_TRUE(incident["resolved_at"].is_null());

  auto components = pharos({"component", "list", "--json"});
  auto api = boost::json::parse(components.out).as_array()[0].as_object();
  EXPECT_EQ(api["status"].as_string(), "partial_outage") << "major impact implies partial outage";
}

TEST_F(CliTest, UpdateResolveAndReopenLifecycle) {
  auto opened = pharos({"incident", "open", "--title", "Errors", "--component",
                        "api=degraded_performance", "--json"});
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  std::string id(boost::json::parse(opened.out).as_object()["id"].as_string());

  auto identified = pharos({"incident", "update", id, "--status", "identified", "--message",
                            "Found a bad node", "--component", "api=partial_outage"});
  ASSERT_EQ(identified.exit_code, 0) << identified.err;
  auto resolved = pharos({"incident", "resolve", id, "--json"});
  ASSERT_EQ(resolved.exit_code, 0) << resolved.err;
  auto r = boost::json::parse(resolved.out).as_object();
  EXPECT_EQ(r["status"].as_string(), "resolved");
  EXPECT_FALSE(r["resolved_at"].is_null());
  EXPECT_EQ(r["incident_updates"].as_array().size(), 3u);

  auto reopened =
      pharos({"incident", "update", id, "--status", "investigating", "--message", "It recurred"});
  ASSERT_EQ(reopened.exit_code, 0) << reopened.err;
  EXPECT_NE(reopened.out.find("reopened"), std::string::npos);

  auto shown = pharos({"incident", "show", id});
  ASSERT_EQ(shown.exit_code, 0);
  EXPECT_NE(shown.out.find("NZDT"), std::string::npos)
      << "times shown in the page's zone: " << shown.out;
  EXPECT_NE(shown.out.find("(reopened)"), std::string::npos);
}

TEST_F(CliTest, BadInputExitsNonZeroAndWritesNothing) {
  auto unknown = pharos({"incident", "open", "--title", "x", "--component", "ghost=major_outage"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown component 'ghost'"), std::string::npos) << unknown.err;
  auto bad_impact = pharos({"incident", "open", "--title", "x", "--impact", "huge"});
  EXPECT_EQ(bad_impact.exit_code, 2);
  EXPECT_NE(bad_impact.err.find("none, minor, major, critical"), std::string::npos);
  auto transition = pharos({"incident", "update", "nope", "--status", "resolved"});
  EXPECT_EQ(transition.exit_code, 1);
  auto listed = pharos({"incident", "list", "--json"});
  EXPECT_EQ(listed.out, "[]\n");
  auto usage = pharos({"incident", "open"});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_NE(usage.err.find("--title"), std::string::npos);
}

TEST_F(CliTest, ConfigValidateNamesFileLineAndField) {
  write("bad.yaml", "page: { name: A }\ncomponents:\n  - { id: api, name: API, group: nope }\n");
  auto bad = pharos({"config", "validate", "bad.yaml"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad.yaml:3:"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("components[0].group: unknown group 'nope'"), std::string::npos);
  auto good = pharos({"config", "validate", "pharos.yaml"});
  EXPECT_EQ(good.exit_code, 0) << good.err;
  EXPECT_NE(good.out.find("ok (1 groups, 2 components)"), std::string::npos);
}

TEST_F(CliTest, CommandsRefuseAnInvalidConfig) {
  write("pharos.yaml", "page: { name: A, time_zone: Nowhere/Land }\n");
  auto r = pharos({"incident", "list"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("pharos.yaml:1:"), std::string::npos) << r.err;
}

TEST_F(CliTest, ComponentSetStatusAndBackToAutomatic) {
  auto set = pharos({"component", "set-status", "auth", "major_outage"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  auto bad = pharos({"component", "set-status", "auth", "broken"});
  EXPECT_EQ(bad.exit_code, 2);
  auto back = pharos({"component", "set-status", "auth", "auto", "--json"});
  ASSERT_EQ(back.exit_code, 0);
  EXPECT_EQ(boost::json::parse(back.out).as_object()["status_source"].as_string(), "automatic");
  EXPECT_EQ(boost::json::parse(back.out).as_object()["status"].as_string(), "operational")
      << "no monitors: handed back means operational, not stranded in major_outage";
  ASSERT_EQ(pharos({"component", "set-status", "auth", "partial_outage"}).exit_code, 0);
  auto said = pharos({"component", "set-status", "auth", "auto"});
  ASSERT_EQ(said.exit_code, 0) << said.err;
  EXPECT_NE(said.out.find("auth: operational (automatic; no monitors watch it: back to "
                          "operational)"),
            std::string::npos)
      << said.out;
}

TEST_F(CliTest, GlobalOptionsWorkAfterTheSubcommand) {
  write("other.yaml",
        "page: { name: Other }\ncomponents:\n  - { id: db, name: Database }\n"
        "monitors:\n  - { name: db-port, component: db, kind: tcp, target: "
        "\"127.0.0.1:1\", timeout: 2s }\n");
  for (std::vector<std::string> args :
       {std::vector<std::string>{"--config", "other.yaml", "component", "list"},
        std::vector<std::string>{"component", "list", "--config", "other.yaml"},
        std::vector<std::string>{"component", "--config=other.yaml", "list", "--data", "d2"},
        std::vector<std::string>{"component", "list", "--log-level", "error", "-c",
                                 "other.yaml"}}) {
    auto r = pharos(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Database"), std::string::npos) << args[1] << ": " << r.out;
  }
  // Port 1 on loopback refuses: the check ran the other file's monitor and says it is down.
  auto check = pharos({"check", "--config", "other.yaml", "--json"});
  EXPECT_EQ(check.exit_code, 1) << check.err << check.out;
  EXPECT_NE(check.out.find("\"name\":\"db-port\""), std::string::npos) << check.out;
}

TEST_F(CliTest, ConfigValidateWithoutFileChecksWhatTheOtherCommandsRead) {
  auto implicit = pharos({"config", "validate"});
  EXPECT_EQ(implicit.exit_code, 0) << implicit.err;
  EXPECT_NE(implicit.out.find("pharos.yaml: ok (1 groups, 2 components)"), std::string::npos)
      << implicit.out;
  write("bad.yaml", "page: { name: A }\ncomponents:\n  - { id: api, name: API, group: nope }\n");
  auto bad = pharos({"config", "validate", "--config", "bad.yaml"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad.yaml:3:"), std::string::npos) << bad.err;
}

TEST_F(CliTest, UnknownCommandSuggestsTheNearest) {
  auto typo = pharos({"chek"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("unknown command 'chek'; did you mean 'check'?"), std::string::npos)
      << typo.err;
  auto nested = pharos({"--config", "pharos.yaml", "incident", "opne"});
  EXPECT_EQ(nested.exit_code, 2);
  EXPECT_NE(nested.err.find("did you mean 'open'?"), std::string::npos) << nested.err;
  auto nothing = pharos({"xyzzy"});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_EQ(nothing.err.find("did you mean"), std::string::npos) << nothing.err;
}

TEST_F(CliTest, MaintenanceIsScheduledRescheduledAndCancelled) {
  auto past = pharos({"incident", "schedule", "--title", "Upgrade", "--starts",
                      "2020-01-01T10:00:00Z", "--ends", "2020-01-01T11:00:00Z"});
  EXPECT_EQ(past.exit_code, 2);
  EXPECT_NE(past.err.find("--ends"), std::string::npos) << past.err;
  EXPECT_EQ(pharos({"incident", "list", "--maintenance", "--json"}).out, "[]\n")
      << "nothing stored";
  auto scheduled =
      pharos({"incident", "schedule", "--title", "Upgrade", "--starts", "2099-01-01T10:00:00Z",
              "--ends", "2099-01-01T11:00:00Z", "--component", "api", "--json"});
  ASSERT_EQ(scheduled.exit_code, 0) << scheduled.err;
  std::string id(boost::json::parse(scheduled.out).at("id").as_string());
  auto moved = pharos({"incident", "reschedule", id, "--starts", "2099-01-02T10:00:00Z", "--ends",
                       "2099-01-02T12:00:00Z"});
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_NE(moved.out.find("2099-01-02T10:00:00"), std::string::npos) << moved.out;
  auto cancelled = pharos({"incident", "cancel", id, "--json"});
  ASSERT_EQ(cancelled.exit_code, 0) << cancelled.err;
  EXPECT_EQ(boost::json::parse(cancelled.out).at("status").as_string(), "completed");
  EXPECT_EQ(pharos({"incident", "cancel", id}).exit_code, 1) << "already over";
}

// The CLI's changes are audited like the API's: the service writes the row, naming the OS user.
TEST_F(CliTest, ChangesFromTheCliAreInTheAuditLog) {
  auto opened = pharos({"incident", "open", "--title", "API down", "--component", "api", "--json"});
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  std::string id(boost::json::parse(opened.out).as_object()["id"].as_string());
  ASSERT_EQ(pharos({"incident", "update", id, "--status", "identified", "--message", "Found it"})
                .exit_code,
            0);
  ASSERT_EQ(pharos({"incident", "resolve", id}).exit_code, 0);
  ASSERT_EQ(pharos({"component", "set-status", "auth", "major_outage"}).exit_code, 0);
  ASSERT_EQ(pharos({"subscriber", "add", "--webhook", "https://hooks.acme.example/x"}).exit_code,
            0);

  auto rows = pharos_json({"audit", "list", "--json"}).as_array();
  ASSERT_EQ(rows.size(), 5u) << boost::json::serialize(rows);
  std::vector<std::string> actions;
  for (const auto& row : rows) {
    const auto& o = row.as_object();
    actions.emplace_back(o.at("action").as_string());
    EXPECT_EQ(std::string(o.at("actor").as_string()).rfind("cli:", 0), 0u) << o;
  }
  EXPECT_EQ(actions,
            (std::vector<std::string>{"subscriber.create", "component.update", "incident.resolve",
                                      "incident.update", "incident.create"}));
  const auto& resolve = rows[2].as_object();
  EXPECT_EQ(resolve.at("target").as_string(), id);
  auto before = boost::json::parse(resolve.at("before").as_string()).as_object();
  auto after = boost::json::parse(resolve.at("after").as_string()).as_object();
  EXPECT_EQ(before.at("status").as_string(), "identified");
  EXPECT_EQ(after.at("status").as_string(), "resolved");
  EXPECT_TRUE(rows[4].as_object().at("before").as_string().empty()) << "created: nothing before";
  auto component = boost::json::parse(rows[1].as_object().at("after").as_string()).as_object();
  EXPECT_EQ(component.at("status").as_string(), "major_outage");
}

TEST_F(CliTest, HelpIsUsefulAndExitsZero) {
  auto help = pharos({"incident", "open", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--component"), std::string::npos);
  EXPECT_NE(help.out.find("Example"), std::string::npos);
}

}  // namespace
}  // namespace pharos
