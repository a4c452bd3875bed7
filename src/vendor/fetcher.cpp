#include "vendor/fetcher.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

#include "core/text.h"

namespace pharos::vendor {
namespace {

struct Transfer {
  std::size_t max_body = 0;
  bool too_large = false;
  FetchResponse response;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  if (t->response.body.size() + n > t->max_body) {
    t->too_large = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  t->response.body.append(data, n);
  return n;
}

// Keeps ETag, Last-Modified and Content-Type of the final response (a redirect's are replaced).
size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  std::string_view line(data, n);
  if (line.rfind("HTTP/", 0) == 0) {
    t->response.etag.clear();
    t->response.last_modified.clear();
    t->response.content_type.clear();
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name = to_lower(trim(line.substr(0, colon)));
  std::string value(trim(line.substr(colon + 1)));
  if (name == "etag") t->response.etag = value;
  if (name == "last-modified") t->response.last_modified = value;
  if (name == "content-type") t->response.content_type = value;
  return n;
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};

void set_options(CURL* easy, const FetchRequest& request, Transfer& t, curl_slist* headers,
                 const std::string& user_agent) {
  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(easy, CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(easy, CURLOPT_USERAGENT, user_agent.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &t);
}

}  // namespace

CurlFetcher::CurlFetcher(std::string user_agent) : user_agent_(std::move(user_agent)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<FetchResponse> CurlFetcher::fetch(const FetchRequest& request) {
  std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
  if (!easy) return Error::internal("curl_easy_init failed");
  curl_slist* raw = curl_slist_append(nullptr, "Accept: application/json, application/atom+xml, "
                                               "application/rss+xml;q=0.9, */*;q=0.5");
  if (!request.etag.empty()) raw = curl_slist_append(raw, ("If-None-Match: " + request.etag).c_str());
  if (!request.last_modified.empty()) {
    raw = curl_slist_append(raw, ("If-Modified-Since: " + request.last_modified).c_str());
  }
  std::unique_ptr<curl_slist, SlistDeleter> headers(raw);
  Transfer t;
  t.max_body = request.max_body;
  set_options(easy.get(), request, t, headers.get(), user_agent_);
  CURLcode rc = curl_easy_perform(easy.get());
  if (t.too_large) {
    return Error::invalid("the response is larger than the " + std::to_string(request.max_body) +
                          "-byte limit");
  }
  if (rc != CURLE_OK) return Error::unavailable(curl_easy_strerror(rc));
  curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &t.response.status);
  return std::move(t.response);
}

}  // namespace pharos::vendor
