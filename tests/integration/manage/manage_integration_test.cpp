// The real binary: `pharos user`/`pharos token` on a data directory, then `pharos serve` answering
// the management API with those tokens over loopback, and the public page showing the result.
#include <gtest/gtest.h>

#include <unistd.h>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "support/http_client.h"
#include "support/pharos_cli.h"
#include "support/process.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace pharos {
namespace {

class ManageIntegrationTest : public testing::PharosCliTest {
 protected:
  void SetUp() override {
    std::ofstream(dir_.file("pharos.yaml"))
        << R"(page: { name: Acme, url: "https://status.acme.example" }
components:
  - { id: api, name: API }
  - { id: web, name: Website }
)";
  }

  testing::HttpResponse send(const std::string& method, const std::string& target,
                             const std::string& token, const std::string& body = "") {
    int fd = testing::connect_local(port_);
    EXPECT_GE(fd, 0);
    std::string raw =
        method + " /api/manage/v1" + target + " HTTP/1.1\r\nHost: localhost\r\n" +
        (token.empty() ? "" : "Authorization: Bearer " + token + "\r\n") +
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\nConnection: close\r\n\r\n" + body;
    EXPECT_TRUE(testing::send_all(fd, raw));
    auto response = testing::read_response(fd);
    ::close(fd);
    return response;
  }

  int port_ = 0;
};

TEST_F(ManageIntegrationTest, CliManagesUsersAndTokensWithoutPrintingSecretsTwice) {
  auto added = pharos({"user", "add", "ada", "--role", "admin", "--password-stdin"},
                      "correct horse battery staple\n");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  auto again = pharos({"user", "add", "ada", "--password-stdin"}, "another long password\n");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("exists"), std::string::npos);
  auto weak = pharos({"user", "add", "bob", "--password-stdin"}, "short\n");
  EXPECT_EQ(weak.exit_code, 2);
  EXPECT_EQ(pharos({"user", "add", "eve", "--role", "root"}).exit_code, 2);
  auto generated = pharos({"user", "add", "vic", "--role", "viewer"});
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_NE(generated.out.find("password (shown once): "), std::string::npos);

  std::string token = create_token("ada", "write");
  EXPECT_EQ(token.rfind("phr_", 0), 0u);
  auto listed = pharos({"token", "list", "--json"});
  ASSERT_EQ(listed.exit_code, 0);
  EXPECT_EQ(listed.out.find(token), std::string::npos);
  EXPECT_NE(listed.out.find(token.substr(0, 12)), std::string::npos);  // the hint
  EXPECT_EQ(pharos({"token", "create", "--user", "nobody", "--scope", "read"}).exit_code, 1);
  EXPECT_EQ(pharos({"token", "create", "--user", "ada", "--scope", "sudo"}).exit_code, 2);

  auto users = pharos({"user", "list", "--json"});
  EXPECT_EQ(boost::json::parse(users.out).as_array().size(), 2u);
  EXPECT_EQ(pharos({"user", "remove", "ada"}).exit_code, 1);  // the last admin stays
  EXPECT_EQ(pharos({"user", "remove", "vic"}).exit_code, 0);

  auto audit = pharos({"audit", "list", "--json"});
  ASSERT_EQ(audit.exit_code, 0) << audit.err;
  boost::json::value log = boost::json::parse(audit.out);
  ASSERT_EQ(log.as_array().size(), 4u);  // ada added, vic added, a token, vic removed
  EXPECT_EQ(log.at(0).at("action"), "user.remove");
  EXPECT_EQ(log.at(3).at("action"), "user.add");
  EXPECT_EQ(std::string(log.at(0).at("actor").as_string()).rfind("cli:", 0), 0u);
  EXPECT_EQ(audit.out.find(token), std::string::npos);
  EXPECT_EQ(audit.out.find("argon2"), std::string::npos);
}

TEST_F(ManageIntegrationTest, ServedApiAuthenticatesChangesAndThePageShowsIt) {
  ASSERT_EQ(pharos({"user", "add", "ada", "--role", "admin"}).exit_code, 0);
  ASSERT_EQ(pharos({"user", "add", "vic", "--role", "viewer"}).exit_code, 0);
  std::string writer = create_token("ada", "write");
  std::string reader = create_token("vic", "admin");  // capped at read by the viewer role
  std::string revoked = create_token("ada", "write");
  auto list = pharos({"token", "list", "--json"});
  std::string revoked_id;
  boost::json::value tokens = boost::json::parse(list.out);
  for (const auto& t : tokens.as_array()) {
    if (revoked.rfind(std::string(t.at("hint").as_string()), 0) == 0) {
      revoked_id = std::string(t.at("id").as_string());
    }
  }
  ASSERT_EQ(pharos({"token", "revoke", revoked_id}).exit_code, 0);

  testing::ServerProcess server(dir_.path().string(), {});
  ASSERT_TRUE(server.started()) << server.output();
  port_ = server.port();

  const std::string body =
      R"({"incident":{"name":"Checkout failing","body":"Investigating","components":{"api":"major_outage"}}})";
  EXPECT_EQ(send("POST", "/incidents", "", body).status, 401);
  EXPECT_EQ(send("POST", "/incidents", revoked, body).status, 401);
  EXPECT_EQ(send("POST", "/incidents", reader, body).status, 403);
  auto bad = send("POST", "/incidents", writer, R"({"incident":{"name":""}})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("\"field\":\"incident.name\""), std::string::npos) << bad.body;
  auto created = send("POST", "/incidents", writer, body);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("cache-control"), "no-store");
  EXPECT_EQ(send("GET", "/incidents", reader).status, 200);
  EXPECT_EQ(send("GET", "/openapi.json", "").status, 200);

  // The public JSON shows the change as soon as the API answered (the site is refreshed before
  // the answer is written, not at the next 250 ms poll).
  auto page = testing::request(port_, "GET", "/api/v2/incidents/unresolved.json");
  EXPECT_NE(page.body.find("Checkout failing"), std::string::npos) << page.body;
  auto set =
      send("PATCH", "/components/web", writer, R"({"component":{"status":"partial_outage"}})");
  ASSERT_EQ(set.status, 200) << set.body;
  auto components = testing::request(port_, "GET", "/api/v2/components.json");
  EXPECT_NE(components.body.find("\"partial_outage\""), std::string::npos) << components.body;

  // Handing a component without monitors back to automation returns it to operational (it
  // would otherwise stay in its hand-set outage for good).
  auto handed = send("PATCH", "/components/web", writer, R"({"component":{"status":"auto"}})");
  ASSERT_EQ(handed.status, 200) << handed.body;
  EXPECT_NE(handed.body.find("\"status\":\"operational\""), std::string::npos) << handed.body;
  EXPECT_NE(handed.body.find("\"automatic\":true"), std::string::npos) << handed.body;

  // A browser gets an HTML 404 page for an unknown incident; an API client gets JSON.
  auto html = testing::request(port_, "GET", "/incidents/nope", "Accept: text/html\r\n");
  EXPECT_EQ(html.status, 404);
  EXPECT_EQ(html.header("content-type").rfind("text/html", 0), 0u);
  EXPECT_NE(html.body.find("Page not found"), std::string::npos);
  auto json = testing::request(port_, "GET", "/incidents/nope", "Accept: application/json\r\n");
  EXPECT_EQ(json.status, 404);
  EXPECT_EQ(json.header("content-type").rfind("application/json", 0), 0u);
  EXPECT_EQ(testing::request(port_, "GET", "/webhooks").status, 200)
      << "the webhook bodies' meta.documentation resolves";
  auto api = testing::request(port_, "GET", "/api/v2/nope.json", "Accept: text/html\r\n");
  EXPECT_EQ(api.header("content-type").rfind("application/json", 0), 0u);
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
}  // namespace pharos
