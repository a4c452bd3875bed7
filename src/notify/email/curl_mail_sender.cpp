#include "notify/email/curl_mail_sender.h"

#include <curl/curl.h>

#include <cstring>

#include "notify/webhook/curl_http_poster.h"

namespace pharos::notify {
namespace {

struct Reader {
  const std::string* text;
  size_t offset = 0;
};

size_t read_message(char* buffer, size_t size, size_t count, void* user) {
  auto* r = static_cast<Reader*>(user);
  size_t n = std::min(size * count, r->text->size() - r->offset);
  std::memcpy(buffer, r->text->data() + r->offset, n);
  r->offset += n;
  return n;
}

std::string angle(const std::string& address) { return "<" + address + ">"; }

}  // namespace

CurlMailSender::CurlMailSender(Timeouts timeouts) : timeouts_(timeouts) { ensure_curl(); }

TransportResult CurlMailSender::send(const MailRequest& request) {
  CURL* curl = curl_easy_init();
  if (!curl) return {false, 0, "curl_easy_init failed"};
  curl_slist* rcpt = nullptr;
  for (const auto& to : request.to) rcpt = curl_slist_append(rcpt, angle(to).c_str());
  std::string from = angle(request.smtp.from);
  Reader reader{&request.message};
  curl_easy_setopt(curl, CURLOPT_URL, request.smtp.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(curl, CURLOPT_READDATA, &reader);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.message.size()));
  curl_easy_setopt(curl, CURLOPT_USE_SSL,
                   request.smtp.require_tls ? static_cast<long>(CURLUSESSL_ALL)
                                            : static_cast<long>(CURLUSESSL_TRY));
  if (!request.smtp.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, request.smtp.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, request.smtp.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts_.connect.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts_.total.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  CURLcode rc = curl_easy_perform(curl);
  TransportResult result;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.code);
  if (rc == CURLE_OK) {
    result.transport_ok = true;
  } else {
    result.error = error[0] ? error : curl_easy_strerror(rc);
    // A reply did come (e.g. 550 for a recipient): the server answered, the answer was no.
    result.transport_ok = result.code >= 400;
  }
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  return result;
}

}  // namespace pharos::notify
