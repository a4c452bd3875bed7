#pragma once
// The `notify:` section of pharos.yaml as plain values: admin alert routes and delivery settings.
// Spec only; the notify module turns it into senders.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace pharos {

// An SMTP server to send mail through ("smtp://host:port" or "smtps://host:port").
struct SmtpSpec {
  std::string url;
  std::string from;      // envelope and header sender
  std::string username;  // empty: no AUTH
  std::string password;
  bool require_tls = false;  // STARTTLS must succeed (otherwise it is used when offered)

  bool operator==(const SmtpSpec&) const = default;
};

// One admin alert route (on-call channel). kind: email | webhook | slack | teams | discord.
struct NotifyRouteSpec {
  std::string kind;
  std::string url;              // webhook and chat kinds
  std::string secret;           // webhook: HMAC-SHA256 signing secret
  std::vector<std::string> to;  // email: recipients
  SmtpSpec smtp;                // email

  bool operator==(const NotifyRouteSpec&) const = default;
};

struct DeliverySpec {
  std::chrono::milliseconds give_up_after{std::chrono::hours(24)};  // then: dead-letter list
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};      // per attempt, whole request
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(5)};
  int concurrency = 8;  // sends in flight at once; a slow peer holds at most one
  std::chrono::milliseconds backoff_base{std::chrono::seconds(5)};
  std::chrono::milliseconds backoff_max{std::chrono::minutes(30)};

  bool operator==(const DeliverySpec&) const = default;
};

struct NotifySpec {
  // Alert routes: every entry except email entries without `to` (those only configure SMTP).
  std::vector<NotifyRouteSpec> routes;
  // The SMTP server for subscriber mail: the first email entry.
  std::optional<SmtpSpec> smtp;
  DeliverySpec delivery;

  bool operator==(const NotifySpec&) const = default;
};

}  // namespace pharos
