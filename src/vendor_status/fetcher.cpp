#include "vendor_status/fetcher.h"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/text.h"

namespace pharos::vendor_status {
namespace {

struct Pending {
  FetchRequest request;
  Fetcher::Done done;
};

// One transfer on the multi handle; owned by the loop thread.
struct Transfer {
  Pending job;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  bool too_large = false;
  FetchResponse response;

  ~Transfer() {
    if (easy) curl_easy_cleanup(easy);
    if (headers) curl_slist_free_all(headers);
  }
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  if (t->response.body.size() + n > t->job.request.max_body) {
    t->too_large = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  t->response.body.append(data, n);
  return n;
}

// Keeps ETag, Last-Modified, Content-Type and Retry-After of the final response (a redirect's
// are replaced).
size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  std::string_view line(data, n);
  if (line.rfind("HTTP/", 0) == 0) {
    t->response.etag.clear();
    t->response.last_modified.clear();
    t->response.content_type.clear();
    t->response.retry_after.reset();
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name = to_lower(trim(line.substr(0, colon)));
  std::string value(trim(line.substr(colon + 1)));
  if (name == "etag") t->response.etag = value;
  if (name == "last-modified") t->response.last_modified = value;
  if (name == "content-type") t->response.content_type = value;
  if (name == "retry-after") t->response.retry_after = parse_retry_after(value, std::time(nullptr));
  return n;
}

void set_options(Transfer& t, const std::string& user_agent) {
  const FetchRequest& request = t.job.request;
  CURL* easy = t.easy;
  t.headers = curl_slist_append(nullptr,
                                "Accept: application/json, application/atom+xml, "
                                "application/rss+xml;q=0.9, */*;q=0.5");
  if (!request.etag.empty()) {
    t.headers = curl_slist_append(t.headers, ("If-None-Match: " + request.etag).c_str());
  }
  if (!request.last_modified.empty()) {
    t.headers =
        curl_slist_append(t.headers, ("If-Modified-Since: " + request.last_modified).c_str());
  }
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
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t.headers);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(easy, CURLOPT_PRIVATE, &t);
}

}  // namespace

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::int64_t now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  std::int64_t seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && end == value.data() + value.size()) {
    if (seconds < 0) return std::nullopt;
    return std::chrono::seconds(seconds);
  }
  std::string text(value);
  time_t at = curl_getdate(text.c_str(), nullptr);
  if (at < 0) return std::nullopt;
  return std::chrono::seconds(std::max<std::int64_t>(0, static_cast<std::int64_t>(at) - now));
}

struct CurlFetcher::Impl {
  explicit Impl(CurlFetcherOptions o) : options(std::move(o)) {}

  CurlFetcherOptions options;
  CURLM* multi = nullptr;

  std::mutex mu;  // guards incoming and stopping
  std::deque<Pending> incoming;
  bool stopping = false;
  std::thread thread;

  // Loop thread only.
  std::deque<Pending> waiting;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> active;

  void run();
  void start_waiting();
  void finish(CURL* easy, CURLcode code);
  void abandon();
};

void CurlFetcher::Impl::start_waiting() {
  while (active.size() < options.max_in_flight && !waiting.empty()) {
    auto t = std::make_unique<Transfer>();
    t->job = std::move(waiting.front());
    waiting.pop_front();
    t->easy = curl_easy_init();
    if (!t->easy) {
      t->job.done(Error::internal("curl_easy_init failed"));
      continue;
    }
    set_options(*t, options.user_agent);
    CURL* easy = t->easy;
    if (curl_multi_add_handle(multi, easy) != CURLM_OK) {
      t->job.done(Error::internal("curl_multi_add_handle failed"));
      continue;
    }
    active.emplace(easy, std::move(t));
  }
}

void CurlFetcher::Impl::finish(CURL* easy, CURLcode code) {
  auto it = active.find(easy);
  if (it == active.end()) return;
  std::unique_ptr<Transfer> t = std::move(it->second);
  active.erase(it);
  curl_multi_remove_handle(multi, easy);
  if (t->too_large) {
    t->job.done(Error::invalid("the response is larger than the " +
                               std::to_string(t->job.request.max_body) + "-byte limit"));
    return;
  }
  if (code != CURLE_OK) {
    t->job.done(Error::unavailable(curl_easy_strerror(code)));
    return;
  }
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &t->response.status);
  t->job.done(std::move(t->response));
}

void CurlFetcher::Impl::abandon() {
  for (auto& [easy, t] : active) {
    curl_multi_remove_handle(multi, easy);
    t->job.done(Error::unavailable("the poller stopped"));
  }
  active.clear();
  for (auto& p : waiting) p.done(Error::unavailable("the poller stopped"));
  waiting.clear();
  std::deque<Pending> rest;
  {
    std::lock_guard lock(mu);
    rest.swap(incoming);
  }
  for (auto& p : rest) p.done(Error::unavailable("the poller stopped"));
}

void CurlFetcher::Impl::run() {
  for (;;) {
    {
      std::lock_guard lock(mu);
      if (stopping) break;
      for (auto& p : incoming) waiting.push_back(std::move(p));
      incoming.clear();
    }
    start_waiting();
    int running = 0;
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg == CURLMSG_DONE) finish(msg->easy_handle, msg->data.result);
    }
    if (!waiting.empty() && active.size() < options.max_in_flight) continue;
    curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  }
  abandon();
}

CurlFetcher::CurlFetcher(CurlFetcherOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  impl_->options.max_in_flight = std::max<std::size_t>(1, impl_->options.max_in_flight);
  impl_->multi = curl_multi_init();
}

CurlFetcher::~CurlFetcher() {
  if (!impl_->multi) return;
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  curl_multi_wakeup(impl_->multi);
  if (impl_->thread.joinable()) impl_->thread.join();
  curl_multi_cleanup(impl_->multi);
}

void CurlFetcher::start(FetchRequest request, Done done) {
  if (!impl_->multi) return done(Error::internal("curl_multi_init failed"));
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stopping) return done(Error::unavailable("the poller stopped"));
    impl_->incoming.push_back(Pending{std::move(request), std::move(done)});
    // The loop thread starts with the first request: a server without vendors runs none.
    if (!impl_->thread.joinable())
      impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
  }
  curl_multi_wakeup(impl_->multi);
}

Result<FetchResponse> CurlFetcher::fetch(const FetchRequest& request) {
  auto promise = std::make_shared<std::promise<Result<FetchResponse>>>();
  auto future = promise->get_future();
  start(request, [promise](Result<FetchResponse> r) { promise->set_value(std::move(r)); });
  return future.get();
}

}  // namespace pharos::vendor_status
