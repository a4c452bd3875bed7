#pragma once
// MailSender over libcurl's SMTP: STARTTLS when the server offers it (required when the spec
// says require_tls; smtps:// is TLS from the start), AUTH when a username is set, bounded by
// connect and total timeouts.
#include "notify/transport.h"

namespace pharos::notify {

class CurlMailSender final : public MailSender {
 public:
  explicit CurlMailSender(Timeouts timeouts);
  TransportResult send(const MailRequest& request) override;

 private:
  Timeouts timeouts_;
};

}  // namespace pharos::notify
