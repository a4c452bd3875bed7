#pragma once
// Builds the email for a notification: multipart/alternative with a plain-text and an HTML part
// (UTF-8, base64), a Message-ID derived from the delivery id (the same on every retry, so mail
// systems can drop duplicates), and List-Unsubscribe / List-Unsubscribe-Post (RFC 8058) when an
// unsubscribe link exists. CRLF line ends.
#include <string>
#include <vector>

#include "core/time.h"
#include "notify/message.h"

namespace pharos::notify {

struct MailHeaders {
  std::string from;
  std::vector<std::string> to;
  std::string message_id;       // without angle brackets: "<local>@<domain>"
  std::string unsubscribe_url;  // empty: no List-Unsubscribe
  Instant date{};
};

std::string build_mail(const MailHeaders& headers, const TextMessage& message);

// "<delivery id, made safe>@<domain of from>".
std::string message_id_for(const std::string& delivery_id, const std::string& from);
// RFC 2047 encoded-word for a header when it is not plain ASCII.
std::string encode_header(const std::string& text);

}  // namespace pharos::notify
