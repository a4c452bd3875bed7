#include "notify/webhook/curl_http_poster.h"

#include <curl/curl.h>

#include <mutex>

namespace pharos::notify {
namespace {

size_t discard(char*, size_t size, size_t count, void*) { return size * count; }

}  // namespace

void ensure_curl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlHttpPoster::CurlHttpPoster(Timeouts timeouts) : timeouts_(timeouts) { ensure_curl(); }

TransportResult CurlHttpPoster::post(const HttpRequest& request) {
  CURL* curl = curl_easy_init();
  if (!curl) return {false, 0, "curl_easy_init failed"};
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers) {
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  }
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts_.connect.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts_.total.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  CURLcode rc = curl_easy_perform(curl);
  TransportResult result;
  if (rc == CURLE_OK) {
    result.transport_ok = true;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.code);
    if (result.code < 200 || result.code > 299)
      result.error = "HTTP " + std::to_string(result.code);
  } else {
    result.error = error[0] ? error : curl_easy_strerror(rc);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return result;
}

}  // namespace pharos::notify
