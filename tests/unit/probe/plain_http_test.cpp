// The plain-HTTP transport's pure parts: which checks it takes, the request it writes, the
// response parser and the host cache. Its sockets are tested against real servers in
// tests/integration/monitor/plain_http_test.cpp.
#include "probe/plain_http.h"

#include <gtest/gtest.h>

#include <boost/asio/buffer.hpp>

namespace pharos::probe {
namespace {

using namespace std::chrono_literals;

TEST(PlainUrl, SplitsHostPortAuthorityAndTarget) {
  auto u = parse_plain_url("http://example.com:8080/a/b?x=1#frag");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "example.com");
  EXPECT_EQ(u->port, 8080);
  EXPECT_EQ(u->authority, "example.com:8080");
  EXPECT_EQ(u->target, "/a/b?x=1");
  auto bare = parse_plain_url("HTTP://10.0.0.1");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->port, 80);
  EXPECT_EQ(bare->target, "");
  auto v6 = parse_plain_url("http://[::1]:9/x");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->authority, "[::1]:9");
}

TEST(PlainUrl, LeavesEverythingUnusualToLibcurl) {
  for (const char* url : {"https://example.com/", "http://user:pw@example.com/", "http://:80/",
                          "http://example.com:0/", "http://example.com:70000/",
                          "http://example.com:8a/", "http://[fe80::1%25eth0]/", "http://a b/",
                          "http://example.com?q=1", "ftp://example.com/"}) {
    EXPECT_FALSE(parse_plain_url(url)) << url;
  }
}

TEST(PlainEligible, PlainHttpWithoutRedirectsAndTcpOnly) {
  MonitorSpec http;
  http.url = "http://127.0.0.1:8080/healthy";
  EXPECT_TRUE(plain_eligible(http));
  MonitorSpec redirects = http;
  redirects.follow_redirects = true;
  EXPECT_FALSE(plain_eligible(redirects));
  MonitorSpec tls = http;
  tls.url = "https://127.0.0.1/";
  EXPECT_FALSE(plain_eligible(tls));
  MonitorSpec metric = http;
  metric.kind = MonitorKind::kMetric;
  EXPECT_FALSE(plain_eligible(metric)) << "only kind http, as decided";
  MonitorSpec tcp;
  tcp.kind = MonitorKind::kTcp;
  tcp.target = "db:5432";
  EXPECT_TRUE(plain_eligible(tcp));
  MonitorSpec nodes = http;
  nodes.node_mode = NodeMode::kList;
  nodes.nodes = {"10.0.0.1", "10.0.0.2:8080", "[::1]:80", "::1"};
  EXPECT_TRUE(plain_eligible(nodes));
  nodes.nodes.push_back("app-3.internal");
  EXPECT_FALSE(plain_eligible(nodes)) << "a named node is resolved by libcurl";
}

TEST(BuildRequest, AsLibcurlSendsIt) {
  MonitorSpec spec;
  spec.url = "http://app.test:8080/healthy?deep=1";
  std::string out;
  build_request(spec, *parse_plain_url(spec.url), "Pharos/test", out);
  EXPECT_EQ(out,
            "GET /healthy?deep=1 HTTP/1.1\r\nHost: app.test:8080\r\nUser-Agent: Pharos/test\r\n"
            "Accept: */*\r\nConnection: close\r\n\r\n");
  spec.url = "http://app.test";
  spec.body = "x=1";
  spec.headers = {{"host", "other"}, {"X-Mark", "m"}, {"Accept", ""}, {"Connection", "keep"}};
  build_request(spec, *parse_plain_url(spec.url), "UA", out);
  EXPECT_EQ(out,
            "POST / HTTP/1.1\r\nUser-Agent: UA\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n"
            "host: other\r\nX-Mark: m\r\nConnection: close\r\n\r\nx=1");
  spec.method = "PUT";
  build_request(spec, *parse_plain_url(spec.url), "UA", out);
  EXPECT_EQ(out.rfind("PUT / HTTP/1.1\r\n", 0), 0u) << out;
}

// Feeds `wire` to a parser in pieces of `step` bytes, as reads would; returns the error.
boost::beast::error_code feed(ResponseParser& p, std::string_view wire, std::size_t step,
                              bool eof) {
  std::string pending;
  boost::beast::error_code ec;
  for (std::size_t at = 0; at < wire.size(); at += step) {
    pending.append(wire.substr(at, step));
    while (!pending.empty() && !p.is_done()) {
      std::size_t used = p.put(boost::asio::buffer(pending), ec);
      pending.erase(0, used);
      if (ec == boost::beast::http::error::need_more) {
        ec = {};
        break;
      }
      if (ec) return ec;
    }
  }
  if (eof && !p.is_done()) p.put_eof(ec);
  return ec;
}

TEST(ResponseParser, KeepsStatusAndBodyOfEveryFraming) {
  struct Case {
    const char* name;
    std::string wire;
    bool eof;
  } cases[] = {
      {"content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello", false},
      {"chunked",
       "HTTP/1.1 200 OK\r\nTransfer-Encoding: "
       "chunked\r\n\r\n2\r\nhe\r\n3;ext=1\r\nllo\r\n0\r\n\r\n",
       false},
      {"close-delimited", "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello", true},
      {"http/1.0", "HTTP/1.0 200 OK\r\n\r\nhello", true},
  };
  for (const auto& c : cases) {
    for (std::size_t step : {std::size_t{1}, std::size_t{7}, c.wire.size()}) {
      std::string body = "left over";
      ResponseParser p(body, 100);
      EXPECT_FALSE(feed(p, c.wire, step, c.eof)) << c.name << " step " << step;
      EXPECT_TRUE(p.is_done()) << c.name;
      EXPECT_EQ(p.status(), 200) << c.name;
      EXPECT_EQ(body, "hello") << c.name << " step " << step;
    }
  }
}

TEST(ResponseParser, TruncatedBodyIsAnErrorAtEof) {
  std::string body;
  ResponseParser p(body, 100);
  auto ec = feed(p, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", 4, true);
  EXPECT_EQ(ec, boost::beast::http::error::partial_message);
}

TEST(ResponseParser, BodyOverMaxBodyStops) {
  std::string body;
  ResponseParser p(body, 4);
  auto ec = feed(p, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 100, false);
  EXPECT_EQ(ec, boost::beast::http::error::body_limit);
  EXPECT_TRUE(p.too_big());
  std::string chunked;
  ResponseParser q(chunked, 4);
  ec = feed(q, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n", 5,
            false);
  EXPECT_TRUE(q.too_big()) << ec.message();
}

TEST(ResponseParser, GarbageAndOversizedHeadersAreErrors) {
  std::string body;
  ResponseParser p(body, 100);
  EXPECT_TRUE(feed(p, "SSH-2.0-OpenSSH_9.2\r\n", 100, false));
  ResponseParser q(body, 100);
  q.header_limit(1024);
  std::string big = "HTTP/1.1 200 OK\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n";
  EXPECT_EQ(feed(q, big, big.size(), false), boost::beast::http::error::header_limit);
}

TEST(ResponseParser, HeadResponseHasNoBody) {
  std::string body;
  ResponseParser p(body, 100);
  p.skip(true);
  EXPECT_FALSE(feed(p, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", 100, false));
  EXPECT_TRUE(p.is_done());
  EXPECT_EQ(body, "");
}

TEST(HostCache, EntriesExpireAndTheCacheStaysBounded) {
  HostCache cache(60s, 2);
  auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  std::vector<boost::asio::ip::address> out;
  EXPECT_FALSE(cache.find("a", t0, out));
  cache.put("a", {*ip_literal("10.0.0.1"), *ip_literal("::1")}, t0);
  EXPECT_TRUE(cache.fresh("a", t0 + 59s));
  ASSERT_TRUE(cache.find("a", t0 + 59s, out));
  EXPECT_EQ(out.size(), 2u);
  EXPECT_FALSE(cache.find("a", t0 + 60s, out)) << "stale after the ttl";
  cache.put("b", {*ip_literal("10.0.0.2")}, t0 + 1s);
  cache.put("c", {*ip_literal("10.0.0.3")}, t0 + 2s);
  EXPECT_FALSE(cache.fresh("a", t0 + 2s)) << "the oldest entry made room";
  EXPECT_TRUE(cache.fresh("b", t0 + 2s));
  EXPECT_TRUE(cache.fresh("c", t0 + 2s));
}

}  // namespace
}  // namespace pharos::probe
