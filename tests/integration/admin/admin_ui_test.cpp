// The admin UI with the real `pharos serve --demo` on loopback: the one-time setup token printed
// on stdout, login and its limiter, the session cookie's attributes, CSRF and cross-origin
// refusals, and the composer's per-field errors — over real sockets.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <regex>

#include "support/http_client.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace pharos {
namespace {

constexpr const char* kPassword = "a long enough password";

std::string url_encode(const std::string& text) {
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

class AdminUiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::ServerProcess>(dir_.path().string(),
                                                       std::vector<std::string>{"--demo"});
    ASSERT_TRUE(server_->started()) << server_->output();
    port_ = server_->port();
  }

  // The token from "admin setup …: http://…/admin/setup?token=TOKEN".
  std::string setup_token() const {
    std::smatch m;
    const std::string& out = server_->output();
    if (!std::regex_search(out, m, std::regex("/admin/setup\\?token=([A-Za-z0-9_-]+)"))) return {};
    return m[1];
  }

  testing::HttpResponse post(const std::string& path, const std::string& body,
                             const std::string& headers = "") {
    int fd = testing::connect_local(port_);
    EXPECT_GE(fd, 0);
    std::string raw = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) +
                      "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\nConnection: close\r\n" + headers + "\r\n" +
                      body;
    EXPECT_TRUE(testing::send_all(fd, raw));
    auto response = testing::read_response(fd, false, 10000);
    ::close(fd);
    return response;
  }
  testing::HttpResponse get(const std::string& path, const std::string& headers = "") {
    return testing::request(port_, "GET", path,
                            "Host: 127.0.0.1:" + std::to_string(port_) + "\r\n" + headers);
  }

  // Creates the first admin through the setup page; returns its session cookie header line.
  std::string create_admin() {
    auto r = post("/admin/setup", "token=" + setup_token() + "&name=ada&password=" +
                                      url_encode(kPassword) + "&confirm=" + url_encode(kPassword));
    EXPECT_EQ(r.status, 303) << r.body;
    return cookie_of(r);
  }
  static std::string cookie_of(const testing::HttpResponse& r) {
    std::string set = r.header("set-cookie");
    return set.empty() ? std::string() : "Cookie: " + set.substr(0, set.find(';')) + "\r\n";
  }
  std::string csrf(const std::string& cookie, const std::string& page = "/admin/incidents/new") {
    std::smatch m;
    std::string body = get(page, cookie).body;
    if (!std::regex_search(body, m, std::regex("name=\"csrf\" value=\"([^\"]+)\""))) return {};
    return m[1];
  }

  std::size_t count_incident_links(const std::string& cookie) {
    std::string body = get("/admin/incidents", cookie).body;
    std::size_t n = 0;
    for (auto at = body.find("href=\"/admin/incidents/"); at != std::string::npos;
         at = body.find("href=\"/admin/incidents/", at + 1)) {
      ++n;
    }
    return n;
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::ServerProcess> server_;
  int port_ = 0;
};

TEST_F(AdminUiTest, SetupTokenCreatesTheFirstAdminOnce) {
  std::string token = setup_token();
  ASSERT_FALSE(token.empty()) << server_->output();
  EXPECT_EQ(get("/admin/setup?token=wrong").status, 403);
  EXPECT_EQ(post("/admin/setup", "token=wrong&name=eve&password=" + url_encode(kPassword) +
                                     "&confirm=" + url_encode(kPassword))
                .status,
            403);
  auto mismatch =
      post("/admin/setup",
           "token=" + token + "&name=ada&password=" + url_encode(kPassword) + "&confirm=other");
  EXPECT_EQ(mismatch.status, 400);
  EXPECT_NE(mismatch.body.find("id=\"err-confirm\""), std::string::npos);
  std::string cookie = create_admin();
  ASSERT_FALSE(cookie.empty());
  EXPECT_EQ(get("/admin", cookie).status, 200);
  // Single use: the same token now finds the setup closed.
  EXPECT_EQ(get("/admin/setup?token=" + token).status, 404);
  EXPECT_EQ(post("/admin/setup", "token=" + token + "&name=eve&password=" + url_encode(kPassword) +
                                     "&confirm=" + url_encode(kPassword))
                .status,
            404);
}

TEST_F(AdminUiTest, LoginSetsAStrictHttpOnlyCookieAndLogoutEndsIt) {
  create_admin();
  auto wrong = post("/admin/login", "name=ada&password=nope");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.body.find("Wrong user name or password."), std::string::npos);
  auto unknown = post("/admin/login", "name=nobody&password=nope");
  EXPECT_NE(unknown.body.find("Wrong user name or password."), std::string::npos);
  auto ok = post("/admin/login",
                 "name=ada&password=" + url_encode(kPassword) + "&next=%2Fadmin%2Fincidents");
  ASSERT_EQ(ok.status, 303);
  EXPECT_EQ(ok.header("location"), "/admin/incidents");
  std::string set = ok.header("set-cookie");
  EXPECT_NE(set.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set.find("SameSite=Strict"), std::string::npos);
  std::string cookie = cookie_of(ok);
  EXPECT_EQ(get("/admin", cookie).status, 200);
  EXPECT_EQ(post("/admin/logout", "csrf=" + csrf(cookie), cookie).status, 303);
  EXPECT_EQ(get("/admin", cookie).status, 303);  // the session is gone
}

TEST_F(AdminUiTest, LoginLimiterStopsGuessingEvenTheRightPassword) {
  create_admin();
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(post("/admin/login", "name=ada&password=guess").status, 401);
  auto limited = post("/admin/login", "name=ada&password=" + url_encode(kPassword));
  EXPECT_EQ(limited.status, 429);
  EXPECT_TRUE(limited.header("set-cookie").empty());
}

TEST_F(AdminUiTest, CrossOriginAndTokenlessPostsChangeNothing) {
  std::string cookie = create_admin();
  std::string token = csrf(cookie);
  ASSERT_FALSE(token.empty());
  std::string form = "name=Forged&status=investigating&component.api=major_outage";
  EXPECT_EQ(post("/admin/incidents/new", form, cookie).status, 403);
  EXPECT_EQ(post("/admin/incidents/new", "csrf=" + token + "&" + form,
                 cookie + "Origin: http://127.0.0.2:" + std::to_string(port_) + "\r\n")
                .status,
            403);
  EXPECT_EQ(post("/admin/incidents/new", "csrf=" + token + "&" + form,
                 cookie + "Sec-Fetch-Site: cross-site\r\n")
                .status,
            403);
  EXPECT_EQ(get("/admin/incidents", cookie).body.find("Forged"), std::string::npos);
  auto ok = post("/admin/incidents/new", "csrf=" + token + "&" + form,
                 cookie + "Origin: http://127.0.0.1:" + std::to_string(port_) + "\r\n");
  EXPECT_EQ(ok.status, 303);
  EXPECT_NE(get("/admin/incidents", cookie).body.find("Forged"), std::string::npos);
}

TEST_F(AdminUiTest, ComposerReportsEachFieldAndKeepsTheValues) {
  std::string cookie = create_admin();
  std::string token = csrf(cookie);
  std::size_t before = count_incident_links(cookie);
  auto r = post("/admin/incidents/new",
                "csrf=" + token + "&name=&status=investigating&impact=huge&component.api=broken" +
                    "&body=" + url_encode("Still <typing> this"),
                cookie);
  EXPECT_EQ(r.status, 400);
  for (const char* field : {"err-name", "err-impact", "err-component.api"}) {
    EXPECT_NE(r.body.find(std::string("id=\"") + field + "\""), std::string::npos) << field;
  }
  EXPECT_NE(r.body.find("Still &lt;typing&gt; this</textarea>"), std::string::npos);
  EXPECT_EQ(count_incident_links(cookie), before);  // nothing was saved
}

}  // namespace
}  // namespace pharos
