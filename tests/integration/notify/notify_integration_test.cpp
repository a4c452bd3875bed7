// Notifications end to end with real peers on loopback: the real `pharos` binary, an SMTP sink
// (python3-aiosmtpd) and a webhook receiver (http.server), both started here on ephemeral ports.
#include <gtest/gtest.h>

#include <unistd.h>

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "core/clock.h"
#include "notify/crypto.h"
#include "storage/store.h"
#include "support/http_client.h"
#include "support/json_lines.h"
#include "support/process.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace pharos::testing {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

const std::string kPython = "/usr/bin/python3";
const std::string kHere = std::string(PHAROS_SOURCE_DIR) + "/tests/integration/notify/";

// The token of the confirmation link `link` (a regex: the link up to the token) in a mail's text;
// "" and a failure showing the text when the mail has no such link.
std::string confirmation_token(const json::object& mail, const std::string& link) {
  std::string text(mail.at("text").as_string());
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(link + "([A-Za-z0-9_-]{43})"))) {
    ADD_FAILURE() << "no confirmation link " << link << " in:\n" << text;
    return "";
  }
  return m[1].str();
}

class NotifyIntegrationTest : public ::testing::Test {
 protected:
  RunResult pharos(std::vector<std::string> args, int timeout = 60) {
    args.insert(args.begin(), PHAROS_BINARY);
    return run_process(args, dir_.path().string(), "", timeout);
  }

  // `events` component.updated events through the CLI: web set to `down` (even ones) and back to
  // operational (odd ones).
  void flap_web(int events, const char* down) {
    for (int i = 0; i < events; ++i) {
      auto r = pharos({"component", "set-status", "web", i % 2 == 0 ? down : "operational"});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }

  void write_config(const std::string& notify) {
    std::ofstream f(dir_.file("pharos.yaml"));
    f << "page: { name: Acme, url: \"http://status.test\" }\n"
         "components:\n  - { id: api, name: API }\n  - { id: web, name: Web }\n"
         "notify:\n"
      << notify;
  }

  // Starts a Python peer; returns its port (0 on failure).
  int start_peer(std::unique_ptr<ChildProcess>& child, const std::string& script,
                 const std::string& out, int port = 0, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{kPython, kHere + script, "--out",
                                  out,     "--port",       std::to_string(port)};
    argv.insert(argv.end(), extra.begin(), extra.end());
    child = std::make_unique<ChildProcess>(argv, "");
    std::string line = child->read_line();
    return line.empty() ? 0 : std::stoi(line);
  }

  // Starts the SMTP sink (recording into `mails`) and writes a config that sends email through
  // it, `more` appended; the sink's port, or 0 when it did not start.
  int start_smtp_config(std::unique_ptr<ChildProcess>& sink, const std::string& mails,
                        const std::string& more = "") {
    int port = start_peer(sink, "smtp_sink.py", mails);
    if (port > 0) {
      write_config("  - { kind: email, smtp: \"smtp://127.0.0.1:" + std::to_string(port) +
                   "\", from: status@acme.example }\n" + more);
    }
    return port;
  }

  static std::vector<json::object> read_lines(const std::string& path) {
    return read_json_lines(path);
  }

  // Waits (at most `timeout`) until `path` holds `count` distinct values of `key`.
  static std::vector<json::object> wait_for_distinct(const std::string& path, const char* key,
                                                     size_t count, std::chrono::seconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::vector<json::object> lines;
    while (std::chrono::steady_clock::now() < deadline) {
      lines = read_lines(path);
      std::set<std::string> distinct;
      for (const auto& l : lines) distinct.insert(std::string(l.at(key).as_string()));
      if (distinct.size() >= count) break;
      std::this_thread::sleep_for(100ms);
    }
    return lines;
  }

  // Checks the signature of every request; returns the event sequence numbers in arrival order
  // of their first copy, and counts copies beyond the first.
  static std::vector<long> check_deliveries(const std::vector<json::object>& lines,
                                            const std::string& secret, size_t* duplicates) {
    std::vector<long> order;
    std::set<std::string> seen;
    *duplicates = 0;
    std::regex sig("t=(\\d+),v1=([0-9a-f]{64})");
    for (const auto& l : lines) {
      std::string body(l.at("body").as_string());
      std::string header(l.at("signature").as_string());
      std::smatch m;
      EXPECT_TRUE(std::regex_match(header, m, sig)) << header;
      if (m.size() == 3) {
        EXPECT_EQ(m[2].str(), notify::hmac_sha256_hex(secret, m[1].str() + "." + body));
      }
      std::string id(l.at("delivery").as_string());
      EXPECT_EQ(id, std::string(l.at("idempotency_key").as_string()));
      if (!seen.insert(id).second) {
        ++*duplicates;
        continue;
      }
      order.push_back(std::stol(id.substr(0, id.find('-'))));
    }
    return order;
  }

  TempDir dir_;
};

TEST_F(NotifyIntegrationTest, EmailDoubleOptInIncidentMailAndUnsubscribeThroughARealSmtpServer) {
  std::unique_ptr<ChildProcess> sink;
  std::string mails = dir_.file("mails.jsonl");
  int port = start_smtp_config(sink, mails);
  ASSERT_GT(port, 0) << "the SMTP sink did not start (python3-aiosmtpd installed?)";

  auto bad = pharos({"subscriber", "add", "--email", "not-an-address"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("an email address needs an @"), std::string::npos) << bad.err;

  auto added =
      pharos({"subscriber", "add", "--email", "jo@example.com", "--component", "api", "--json"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  ASSERT_EQ(pharos({"outbox", "work", "--until-idle"}).exit_code, 0);
  auto got = wait_for_distinct(mails, "message_id", 1, 10s);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].at("subject").as_string(), "[Acme] Confirm your subscription");
  EXPECT_EQ(got[0].at("rcpt_tos").as_array().at(0).as_string(), "jo@example.com");
  EXPECT_EQ(got[0].at("mail_from").as_string(), "status@acme.example");
  std::string token = confirmation_token(got[0], "http://status\\.test/subscriptions/confirm/");
  ASSERT_FALSE(token.empty());
  // `--`: a base64url token starts with '-' one time in 64, and would read as an option.
  auto confirmed = pharos({"subscriber", "confirm", "--", token});
  ASSERT_EQ(confirmed.exit_code, 0) << confirmed.err;

  auto opened = pharos({"incident", "open", "--title", "API down", "--impact", "major",
                        "--component", "api=major_outage", "--message", "Requests fail."});
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  ASSERT_EQ(pharos({"outbox", "work", "--until-idle"}).exit_code, 0);
  got = wait_for_distinct(mails, "message_id", 3, 10s);
  ASSERT_EQ(got.size(), 3u);  // confirmation, the incident update, api's status change
  const json::object* incident_mail = nullptr;
  for (const auto& mail : got) {
    if (mail.at("subject").as_string() == "[Acme] API down - Investigating") incident_mail = &mail;
  }
  ASSERT_NE(incident_mail, nullptr);
  const auto& mail = *incident_mail;
  EXPECT_EQ(mail.at("content_type").as_string(), "multipart/alternative");
  EXPECT_NE(std::string(mail.at("text").as_string()).find("Investigating: Requests fail."),
            std::string::npos);
  EXPECT_NE(std::string(mail.at("html").as_string()).find("<h2>API down</h2>"), std::string::npos);
  EXPECT_TRUE(std::regex_match(std::string(mail.at("message_id").as_string()),
                               std::regex("<[0-9]+-[a-z0-9]{12}\\.pharos@acme\\.example>")));
  EXPECT_EQ(mail.at("list_unsubscribe_post").as_string(), "List-Unsubscribe=One-Click");
  std::string unsub(mail.at("list_unsubscribe").as_string());
  std::smatch m;
  ASSERT_TRUE(std::regex_match(unsub, m,
                               std::regex("<http://status\\.test/subscriptions/"
                                          "unsubscribe/([A-Za-z0-9_-]{43})>")))
      << unsub;
  EXPECT_NE(std::string(mail.at("text").as_string()).find(unsub.substr(1, unsub.size() - 2)),
            std::string::npos);
  auto removed = pharos({"subscriber", "unsubscribe", "--", m[1].str()});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_EQ(pharos({"subscriber", "list", "--json"}).out, "[]\n");
}

// A subscriber of a page of `pages:` (signed up on its form) gets mails naming that page and
// linking to it (its path), not the main page; its confirm link works there. Real server, real
// SMTP sink.
TEST_F(NotifyIntegrationTest, APageSubscriberGetsMailsNamingAndLinkingToItsPage) {
  std::unique_ptr<ChildProcess> sink;
  std::string mails = dir_.file("mails.jsonl");
  int port = start_smtp_config(sink, mails,
                               "pages:\n  - { slug: partners, name: Partner Status, components: "
                               "[web] }\n");
  ASSERT_GT(port, 0) << "the SMTP sink did not start (python3-aiosmtpd installed?)";
  ServerProcess server(dir_.path().string(), {});
  ASSERT_TRUE(server.started()) << server.output();
  std::string form = "kind=email&address=pat%40example.com";
  int fd = connect_local(server.port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(send_all(fd,
                       "POST /partners/subscribe HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                           std::to_string(form.size()) + "\r\nConnection: close\r\n\r\n" + form));
  auto signed_up = read_response(fd);
  ::close(fd);
  ASSERT_EQ(signed_up.status, 200) << signed_up.body;

  auto got = wait_for_distinct(mails, "message_id", 1, 15s);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].at("subject").as_string(), "[Partner Status] Confirm your subscription");
  std::string token =
      confirmation_token(got[0], "http://status\\.test/partners/subscriptions/confirm/");
  ASSERT_FALSE(token.empty());
  auto confirmed = request(server.port(), "GET", "/partners/subscriptions/confirm/" + token,
                           "Host: 127.0.0.1\r\n");
  EXPECT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_NE(confirmed.body.find("Partner Status"), std::string::npos) << confirmed.body;

  auto opened = pharos({"incident", "open", "--title", "Web down", "--impact", "major",
                        "--component", "web=major_outage", "--message", "Pages fail."});
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  got = wait_for_distinct(mails, "message_id", 3, 15s);
  const json::object* incident_mail = nullptr;
  for (const auto& mail : got) {
    if (mail.at("subject").as_string() == "[Partner Status] Web down - Investigating")
      incident_mail = &mail;
  }
  ASSERT_NE(incident_mail, nullptr) << "subjects name the subscriber's page";
  std::string body(incident_mail->at("text").as_string());
  EXPECT_NE(body.find("http://status.test/partners/incidents/"), std::string::npos) << body;
  EXPECT_EQ(body.find("http://status.test/incidents/"), std::string::npos) << body;
  EXPECT_TRUE(std::regex_search(std::string(incident_mail->at("list_unsubscribe").as_string()),
                                std::regex("^<http://status\\.test/partners/subscriptions/")));
  EXPECT_EQ(server.stop(), 0);
}

TEST_F(NotifyIntegrationTest, SmtpAuthIsUsedAndAWrongPasswordDeliversNothing) {
  std::unique_ptr<ChildProcess> sink;
  std::string mails = dir_.file("mails.jsonl");
  int port = start_peer(sink, "smtp_sink.py", mails, 0, {"--user", "pharos", "--password", "pw"});
  ASSERT_GT(port, 0);
  std::string smtp = "smtp://127.0.0.1:" + std::to_string(port);
  write_config("  - { kind: email, smtp: \"" + smtp +
               "\", from: status@acme.example, "
               "username: pharos, password: pw, to: [oncall@acme.example] }\n");
  ASSERT_EQ(pharos({"component", "set-status", "api", "major_outage"}).exit_code, 0);
  ASSERT_EQ(pharos({"outbox", "work", "--until-idle"}).exit_code, 0);
  auto got = wait_for_distinct(mails, "message_id", 1, 10s);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].at("subject").as_string(), "[Acme] API is Major Outage");
  EXPECT_EQ(got[0].at("rcpt_tos").as_array().at(0).as_string(), "oncall@acme.example");
  EXPECT_EQ(got[0].at("list_unsubscribe").as_string(), "");  // admin routes have nothing to leave

  write_config("  - { kind: email, smtp: \"" + smtp +
               "\", from: status@acme.example, "
               "username: pharos, password: wrong, to: [oncall@acme.example] }\n"
               "  - { kind: delivery, connect_timeout: 1s, timeout: 2s }\n");
  ASSERT_EQ(pharos({"component", "set-status", "api", "operational"}).exit_code, 0);
  ASSERT_EQ(pharos({"outbox", "work", "--once"}).exit_code, 0);
  auto pending = json::parse(pharos({"outbox", "list", "--state", "pending", "--json"}).out);
  ASSERT_EQ(pending.as_array().size(), 1u);  // not delivered; retried later
  EXPECT_EQ(pending.as_array()[0].at("attempts").as_int64(), 1);
  EXPECT_NE(pending.as_array()[0].at("error").as_string(), "") << pending;
  EXPECT_EQ(read_lines(mails).size(), 1u);
}

TEST_F(NotifyIntegrationTest, EveryEventArrivesInOrderAfterTheReceiverComesBack) {
  std::unique_ptr<ChildProcess> receiver;
  std::string hooks = dir_.file("hooks.jsonl");
  int port = start_peer(receiver, "webhook_receiver.py", hooks);
  ASSERT_GT(port, 0);
  receiver->stop();  // down: the port is known but nobody answers
  write_config("  - { kind: webhook, url: \"http://127.0.0.1:" + std::to_string(port) +
               "/hook\", secret: s3cret }\n"
               "  - { kind: delivery, backoff_base: 100ms, backoff_max: 400ms }\n");
  const int kEvents = 20;
  ASSERT_NO_FATAL_FAILURE(flap_web(kEvents, "partial_outage"));
  ChildProcess worker({PHAROS_BINARY, "outbox", "work"}, dir_.path().string());
  std::this_thread::sleep_for(1500ms);  // the worker fails and backs off meanwhile
  auto pending = pharos({"outbox", "list", "--state", "pending", "--json"});
  auto list = json::parse(pending.out).as_array();
  ASSERT_EQ(list.size(), static_cast<size_t>(kEvents));
  EXPECT_GE(list[0].at("attempts").as_int64(), 2);  // the head was retried
  EXPECT_EQ(list[1].at("attempts").as_int64(), 0);  // later ones wait behind it

  ASSERT_EQ(start_peer(receiver, "webhook_receiver.py", hooks, port), port);
  auto lines = wait_for_distinct(hooks, "delivery", kEvents, 30s);
  EXPECT_EQ(worker.stop(SIGTERM), 0);
  size_t duplicates = 0;
  auto order = check_deliveries(lines, "s3cret", &duplicates);
  ASSERT_EQ(order.size(), static_cast<size_t>(kEvents));
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  EXPECT_EQ(duplicates, 0u);
  for (size_t i = 0; i < lines.size(); ++i) {
    auto body = json::parse(lines[i].at("body").as_string()).as_object();
    EXPECT_EQ(body.at("component_update").at("new_status").as_string(),
              i % 2 == 0 ? "partial_outage" : "operational");
  }
}

TEST_F(NotifyIntegrationTest, ASlowPeerDoesNotHoldUpTheOthers) {
  std::unique_ptr<ChildProcess> receiver;
  std::string hooks = dir_.file("hooks.jsonl");
  int port = start_peer(receiver, "webhook_receiver.py", hooks);
  ASSERT_GT(port, 0);
  std::string base = "http://127.0.0.1:" + std::to_string(port);
  // The slow peer answers after 5 s; the timeout is 1 s, so each of its attempts ends at 1 s.
  write_config("  - { kind: webhook, url: \"" + base +
               "/slow\", secret: s3cret }\n"
               "  - { kind: webhook, url: \"" +
               base +
               "/fast\", secret: s3cret }\n"
               "  - { kind: delivery, timeout: 1s, concurrency: 2, backoff_base: 10s }\n");
  const int kEvents = 10;
  ASSERT_NO_FATAL_FAILURE(flap_web(kEvents, "major_outage"));
  auto started = std::chrono::steady_clock::now();
  ChildProcess worker({PHAROS_BINARY, "outbox", "work"}, dir_.path().string());
  std::vector<json::object> fast;
  while (fast.size() < static_cast<size_t>(kEvents) &&
         std::chrono::steady_clock::now() - started < 20s) {
    fast.clear();
    for (auto& l : read_lines(hooks)) {
      if (l.at("path").as_string() == "/fast") fast.push_back(std::move(l));
    }
    std::this_thread::sleep_for(50ms);
  }
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(worker.stop(SIGTERM), 0);
  EXPECT_EQ(fast.size(), static_cast<size_t>(kEvents));
  // Well under one slow answer (5 s): the slow peer held one sender, never the fast one's queue.
  EXPECT_LT(took, 4s);
  auto pending = json::parse(pharos({"outbox", "list", "--state", "pending", "--json"}).out);
  ASSERT_FALSE(pending.as_array().empty());
  const auto& head = pending.as_array()[0].as_object();
  EXPECT_EQ(head.at("target").as_string(), "route-0");  // the slow peer's queue waits to retry
  EXPECT_NE(std::string(head.at("error").as_string()).find("timed out"), std::string::npos)
      << head.at("error").as_string();
}

TEST_F(NotifyIntegrationTest, KillDashNineInABurstOfAThousandEventsLosesNothing) {
  std::unique_ptr<ChildProcess> receiver;
  std::string hooks = dir_.file("hooks.jsonl");
  int port = start_peer(receiver, "webhook_receiver.py", hooks);
  ASSERT_GT(port, 0);
  write_config("  - { kind: webhook, url: \"http://127.0.0.1:" + std::to_string(port) +
               "/hook\", secret: s3cret }\n");
  ASSERT_EQ(pharos({"component", "list"}).exit_code, 0);  // creates and syncs the database

  auto store = open_store("sqlite:" + dir_.file("pharos-data/pharos.db"), SystemClock::instance());
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto worker = std::make_unique<ChildProcess>(
      std::vector<std::string>{PHAROS_BINARY, "outbox", "work"}, dir_.path().string());
  const int kEvents = 1000;
  size_t before_kill = 0;
  for (int i = 0; i < kEvents; ++i) {
    auto status =
        i % 2 == 0 ? ComponentStatus::kDegradedPerformance : ComponentStatus::kOperational;
    ASSERT_TRUE((*store)->set_component_status({"api", status, StatusSource::kManual}).ok());
    // A tight loop of commits would hold SQLite's write lock nearly all the time; real writers
    // pause between changes, which lets the worker record its deliveries during the burst.
    if (i % 4 == 3) std::this_thread::sleep_for(2ms);
    if (i == kEvents / 2) {
      before_kill = read_lines(hooks).size();
      worker->stop(SIGKILL);  // mid-burst, with deliveries in flight
      // Not --until-idle: a worker faster than the burst would find the outbox empty between
      // two commits and exit with half the burst still to come.
      worker = std::make_unique<ChildProcess>(
          std::vector<std::string>{PHAROS_BINARY, "outbox", "work"}, dir_.path().string());
    }
  }
  std::printf("%zu requests had arrived when the worker was killed\n", before_kill);
  EXPECT_GT(before_kill, 0u) << "the worker delivered nothing before it was killed";
  auto lines = wait_for_distinct(hooks, "delivery", kEvents, 180s);
  EXPECT_EQ(worker->stop(SIGTERM), 0);
  size_t duplicates = 0;
  auto order = check_deliveries(lines, "s3cret", &duplicates);
  EXPECT_EQ(order.size(), static_cast<size_t>(kEvents));
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  EXPECT_LE(duplicates, 8u);  // at most the attempts in flight when it was killed
  RecordProperty("duplicates", static_cast<int>(duplicates));
  std::printf("delivered %zu events, %zu duplicate copies after kill -9\n", order.size(),
              duplicates);
}

}  // namespace
}  // namespace pharos::testing
