// The real binary with `pages:` (issue 20): pages by path and by Host show only their
// components, in HTML and in /api/v2; an incident on a shared component appears on both pages;
// a private page refuses a token made for another page (403) and strangers (401 / login); its
// subscribe form needs the same access, and a subscriber signs up to that page.
#include <gtest/gtest.h>

#include <unistd.h>
#include <boost/json.hpp>
#include <fstream>
#include <set>

#include "support/http_client.h"
#include "support/pharos_cli.h"
#include "support/server_process.h"

namespace pharos {
namespace {

namespace json = boost::json;

class PagesTest : public testing::PharosCliTest {
 protected:
  void SetUp() override {
    write_config(R"(page: { name: Acme, url: "https://status.acme.example" }
groups: [ { id: platform, name: Platform } ]
components:
  - { id: api, name: Public API, group: platform }
  - { id: db, name: Primary database, group: platform }
  - { id: build, name: Build farm }
  - { id: portal, name: Customer portal }
pages:
  - { slug: internal, name: Acme internal, hosts: [internal.acme.test], components: [db, build, api], access: private }
  - { slug: bigcorp, name: Acme for BigCorp, path: /big, hosts: [bigcorp.acme.test], components: [api, portal] }
  - { slug: ops, name: Ops, components: [build], access: private }
notify:
  - { kind: email, smtp: "smtp://127.0.0.1:9", from: status@acme.example }
)");
    ASSERT_EQ(pharos({"user", "add", "vic", "--role", "viewer", "--password-stdin"},
                     "a long enough password\n")
                  .exit_code,
              0);
    api_slow_ = open_incident("API slow", "api");
    db_failover_ = open_incident("Database failover", "db");
    portal_down_ = open_incident("Portal down", "portal");
  }

  std::string open_incident(const std::string& title, const std::string& component) {
    auto opened = pharos({"incident", "open", "--title", title, "--impact", "minor", "--component",
                          component, "--json"});
    EXPECT_EQ(opened.exit_code, 0) << opened.err;
    return std::string(json::parse(opened.out).at("id").as_string());
  }
  std::string token(const std::vector<std::string>& pages) {
    std::vector<std::string> args{"token", "create", "--user", "vic", "--scope", "read", "--json"};
    for (const auto& p : pages) args.insert(args.end(), {"--page", p});
    auto r = pharos(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return std::string(json::parse(r.out).at("token").as_string());
  }
  // One request with the given Host and extra header lines.
  testing::HttpResponse get(const std::string& path, const std::string& host = "127.0.0.1",
                            const std::string& extra = "") {
    return raw("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + extra +
               "Connection: close\r\n\r\n");
  }
  testing::HttpResponse post_form(const std::string& path, const std::string& body,
                                  const std::string& extra = "") {
    return raw("POST " + path +
               " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
               "application/x-www-form-urlencoded\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n" + extra + "Connection: close\r\n\r\n" + body);
  }
  testing::HttpResponse raw(const std::string& request) {
    int fd = testing::connect_local(server_->port());
    EXPECT_GE(fd, 0);
    EXPECT_TRUE(testing::send_all(fd, request));
    auto r = testing::read_response(fd);
    ::close(fd);
    return r;
  }
  static std::string bearer(const std::string& token) {
    return "Authorization: Bearer " + token + "\r\n";
  }
  // The names of the leaf components and of the incidents in a summary.json body.
  static std::set<std::string> names(const std::string& body, const char* list) {
    std::set<std::string> out;
    json::value parsed = json::parse(body);
    for (const auto& item : parsed.at(list).as_array()) {
      const auto& o = item.as_object();
      if (o.contains("group") && o.at("group").as_bool()) continue;
      out.insert(std::string(o.at("name").as_string()));
    }
    return out;
  }
  void start() {
    server_ =
        std::make_unique<testing::ServerProcess>(dir_.path().string(), std::vector<std::string>{});
    ASSERT_TRUE(server_->started()) << server_->output();
  }

  std::unique_ptr<testing::ServerProcess> server_;
  std::string api_slow_, db_failover_, portal_down_;
};

TEST_F(PagesTest, EachPageByPathAndByHostShowsOnlyItsComponents) {
  start();
  for (auto [path, host] : {std::pair{"/big/api/v2/summary.json", "127.0.0.1"},
                            std::pair{"/api/v2/summary.json", "bigcorp.acme.test:8080"}}) {
    auto r = get(path, host);
    ASSERT_EQ(r.status, 200) << path << " " << host << " " << r.body;
    EXPECT_EQ(names(r.body, "components"),
              (std::set<std::string>{"Public API", "Customer portal"}));
    EXPECT_EQ(names(r.body, "incidents"), (std::set<std::string>{"API slow", "Portal down"}))
        << "the incidents touching its components, the shared one included";
    json::value summary = json::parse(r.body);
    EXPECT_EQ(summary.at("page").at("name").as_string(), "Acme for BigCorp");
    EXPECT_EQ(summary.at("page").at("url").as_string(), "https://status.acme.example/big");
  }
  for (auto [path, host] : {std::pair{"/big/", "127.0.0.1"}, std::pair{"/", "BigCorp.acme.test"}}) {
    auto r = get(path, host);
    ASSERT_EQ(r.status, 200) << path << " " << host;
    EXPECT_NE(r.body.find("Customer portal"), std::string::npos);
    EXPECT_NE(r.body.find("API slow"), std::string::npos);
    EXPECT_EQ(r.body.find("Build farm"), std::string::npos) << "another page's component";
    EXPECT_EQ(r.body.find("Primary database"), std::string::npos);
    EXPECT_EQ(r.body.find("Database failover"), std::string::npos);
    EXPECT_NE(r.body.find("href=\"/big/incidents/" + api_slow_ + "\""), std::string::npos)
        << "links stay on the page";
  }
  EXPECT_EQ(get("/big/incidents/" + api_slow_).status, 200);
  EXPECT_EQ(get("/big/incidents/" + db_failover_, "127.0.0.1", "Accept: text/html\r\n").status, 404)
      << "an incident of no component it shows";
  EXPECT_EQ(get("/big/history").status, 200);
  EXPECT_EQ(get("/big/history.atom").status, 200);

  auto main = get("/api/v2/summary.json");
  ASSERT_EQ(main.status, 200);
  EXPECT_EQ(
      names(main.body, "components"),
      (std::set<std::string>{"Public API", "Primary database", "Build farm", "Customer portal"}))
      << "the main page shows everything";
  EXPECT_EQ(names(main.body, "incidents").size(), 3u);
  EXPECT_EQ(server_->stop(), 0);
}

TEST_F(PagesTest, APrivatePageRefusesStrangersAndTokensOfOtherPages) {
  std::string internal = token({"internal"});
  std::string ops = token({"ops"});
  std::string any = token({});
  start();
  auto stranger = get("/internal/api/v2/summary.json");
  EXPECT_EQ(stranger.status, 401) << stranger.body;
  EXPECT_EQ(get("/internal/").status, 303) << "browsers are sent to the login";
  EXPECT_EQ(get("/", "internal.acme.test").status, 303);

  auto other = get("/internal/api/v2/summary.json", "127.0.0.1", bearer(ops));
  EXPECT_EQ(other.status, 403) << other.body;
  EXPECT_EQ(get("/", "internal.acme.test", bearer(ops)).status, 403);
  EXPECT_EQ(get("/ops/api/v2/summary.json", "127.0.0.1", bearer(ops)).status, 200);
  EXPECT_EQ(get("/ops/api/v2/summary.json", "127.0.0.1", bearer(internal)).status, 403);

  for (const std::string& allowed : {internal, any}) {
    auto r = get("/internal/api/v2/summary.json", "127.0.0.1", bearer(allowed));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(names(r.body, "incidents"), (std::set<std::string>{"API slow", "Database failover"}))
        << "the shared incident appears here too";
    EXPECT_EQ(r.header("cache-control"), "private, no-cache");
  }
  EXPECT_EQ(get("/big/api/v2/summary.json", "127.0.0.1", bearer(ops)).status, 200)
      << "a public page needs nothing";
  EXPECT_EQ(get("/api/v2/summary.json").status, 200) << "the main page is public";
  EXPECT_EQ(server_->stop(), 0);
}

// A user limited to a page (`pharos user add --page`) signs in and reads that private page only:
// its session and its tokens open "ops" and get 403 on "internal"; the admin UI and the
// management API are not for it.
TEST_F(PagesTest, AUserAllowedOnAPageReadsItAndNoOtherPrivatePage) {
  ASSERT_EQ(
      pharos({"user", "add", "ola", "--page", "ops", "--password-stdin"}, "another long password\n")
          .exit_code,
      0);
  auto refused =
      pharos({"token", "create", "--user", "ola", "--scope", "read", "--page", "internal"});
  EXPECT_NE(refused.exit_code, 0) << "a token lends no more than its user's pages";
  EXPECT_NE(refused.err.find("may not read the page 'internal'"), std::string::npos) << refused.err;
  auto listed = pharos({"user", "list"});
  EXPECT_NE(listed.out.find("ola\tviewer"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("pages: ops"), std::string::npos) << listed.out;
  auto created = pharos({"token", "create", "--user", "ola", "--scope", "read", "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  std::string ola_token = std::string(json::parse(created.out).at("token").as_string());
  start();

  std::string body = "name=ola&password=another+long+password&next=%2Fadmin";
  auto login = post_form("/admin/login", body);
  ASSERT_EQ(login.status, 303) << login.body;
  EXPECT_EQ(login.header("location"), "/ops") << "no admin page to land on: its page";
  std::string set_cookie = login.header("set-cookie");
  std::string cookie = "Cookie: " + set_cookie.substr(0, set_cookie.find(';')) + "\r\n";

  auto own = get("/ops/api/v2/summary.json", "127.0.0.1", cookie);
  EXPECT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(get("/ops/", "127.0.0.1", cookie).status, 200);
  auto other = get("/internal/api/v2/summary.json", "127.0.0.1", cookie);
  EXPECT_EQ(other.status, 403) << other.body;
  EXPECT_EQ(get("/", "internal.acme.test", cookie).status, 403);
  auto admin = get("/admin", "127.0.0.1", cookie);
  EXPECT_EQ(admin.status, 403) << "the admin pages are not for a reader of pages";

  // Its token (no pages of its own) reads what the user may, and not the management API.
  EXPECT_EQ(get("/ops/api/v2/summary.json", "127.0.0.1", bearer(ola_token)).status, 200);
  EXPECT_EQ(get("/internal/api/v2/summary.json", "127.0.0.1", bearer(ola_token)).status, 403);
  EXPECT_EQ(get("/api/manage/v1/incidents", "127.0.0.1", bearer(ola_token)).status, 403);

  // vic, a user of the admin UI, still reads every private page with a session.
  auto vic = post_form("/admin/login", "name=vic&password=a+long+enough+password&next=%2Fadmin");
  ASSERT_EQ(vic.status, 303);
  std::string vic_cookie = vic.header("set-cookie");
  vic_cookie = "Cookie: " + vic_cookie.substr(0, vic_cookie.find(';')) + "\r\n";
  EXPECT_EQ(get("/internal/api/v2/summary.json", "127.0.0.1", vic_cookie).status, 200);
  EXPECT_EQ(get("/admin", "127.0.0.1", vic_cookie).status, 200);
  EXPECT_EQ(server_->stop(), 0);
}

TEST_F(PagesTest, SubscribingToAPrivatePageNeedsItsAccessAndRecordsThePage) {
  std::string internal = token({"internal"});
  std::string ops = token({"ops"});
  start();
  auto stranger = post_form("/internal/subscribe", "kind=email&address=eve%40example.com");
  EXPECT_EQ(stranger.status, 303) << stranger.body;
  EXPECT_EQ(stranger.header("location").rfind("/admin/login?next=%2Finternal%2Fsubscribe", 0), 0u);
  auto other =
      post_form("/internal/subscribe", "kind=email&address=mallory%40example.com", bearer(ops));
  EXPECT_EQ(other.status, 403) << other.body;
  auto off_page = post_form("/big/subscribe", "kind=email&address=bob%40example.com&components=db");
  EXPECT_EQ(off_page.status, 400) << "a component the page does not show";
  auto reader = post_form("/internal/subscribe",
                          "kind=email&address=vic%40example.com&components=db", bearer(internal));
  EXPECT_EQ(reader.status, 200) << reader.body;
  auto big = post_form("/big/subscribe", "kind=email&address=carol%40example.com");
  EXPECT_EQ(big.status, 200) << big.body;
  EXPECT_EQ(server_->stop(), 0);

  auto listed = pharos({"subscriber", "list", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  std::map<std::string, std::string> page_of;
  json::value subscribers = json::parse(listed.out);
  for (const auto& s : subscribers.as_array()) {
    page_of[std::string(s.at("address").as_string())] = std::string(s.at("page").as_string());
  }
  EXPECT_EQ(page_of, (std::map<std::string, std::string>{{"vic@example.com", "internal"},
                                                         {"carol@example.com", "bigcorp"}}));
}

TEST_F(PagesTest, ExportsOnePage) {
  auto r = pharos({"export-static", "out", "--page", "bigcorp"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(dir_.file("out/api/v2/summary.json"));
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(names(body, "components"), (std::set<std::string>{"Public API", "Customer portal"}));
  auto unknown = pharos({"export-static", "out2", "--page", "nope"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no page 'nope'"), std::string::npos) << unknown.err;
}

TEST_F(PagesTest, AConfigWithAnUnknownComponentIsRefusedWithItsPlace) {
  std::ofstream(dir_.file("bad.yaml")) << "page: { name: Acme }\n"
                                          "components: [ { id: api, name: API } ]\n"
                                          "pages: [ { slug: x, name: X, components: [apx] } ]\n";
  auto r = pharos({"config", "validate", "bad.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE((r.out + r.err).find("bad.yaml:3"), std::string::npos) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("unknown component 'apx'"), std::string::npos) << r.out << r.err;
}

}  // namespace
}  // namespace pharos
