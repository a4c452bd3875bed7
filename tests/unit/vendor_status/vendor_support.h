#pragma once
// Helpers shared by the vendor unit tests: the recorded Statuspage sequence and a scripted Fetcher.
#include <deque>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/time.h"
#include "vendor_status/fetcher.h"

namespace pharos::vendor_status::testing {

// tests/fixtures/vendor_status/statuspage/<name>.json: 0_quiet, 1_incident, 2_update, 3_resolved,
// 4_postmortem (Acme Cloud; p1 "Elevated errors on CDN" starts 11:58, resolved 12:20).
inline std::string step(const std::string& name) {
  std::ifstream in(std::string(PHAROS_SOURCE_DIR) + "/tests/fixtures/vendor_status/statuspage/" +
                   name + ".json");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// tests/fixtures/import/<relative>: the importer's saved pages (html/statuspage_serraview.html, …).
inline std::string import_fixture(const std::string& relative) {
  std::ifstream in(std::string(PHAROS_SOURCE_DIR) + "/tests/fixtures/import/" + relative);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline Instant utc(const char* text) { return *parse_iso8601(text); }

inline const std::string kAcmeUrl = "https://status.acme-cloud.example/api/v2/incidents.json";

// Answers each fetch of a URL with the next result scripted for it and records the requests.
class ScriptedFetcher final : public Fetcher {
 public:
  void ok(std::string body, std::string etag = {}, const std::string& url = kAcmeUrl) {
    FetchResponse r;
    r.status = 200;
    r.body = std::move(body);
    r.etag = std::move(etag);
    scripts_[url].push_back(r);
  }
  void status(long code, const std::string& url = kAcmeUrl) {
    FetchResponse r;
    r.status = code;
    scripts_[url].push_back(r);
  }
  void respond(FetchResponse r, const std::string& url = kAcmeUrl) { scripts_[url].push_back(r); }
  void error(Error e, const std::string& url = kAcmeUrl) { scripts_[url].push_back(std::move(e)); }

  Result<FetchResponse> fetch(const FetchRequest& request) override {
    requests.push_back(request);
    auto& script = scripts_[request.url];
    if (script.empty()) return Error::unavailable("script exhausted for " + request.url);
    auto next = script.front();
    script.pop_front();
    return next;
  }

  std::vector<FetchRequest> requests;

 private:
  std::map<std::string, std::deque<Result<FetchResponse>>> scripts_;
};

}  // namespace pharos::vendor_status::testing
