#include "app/demo.h"

namespace pharos {

const std::string& demo_config_yaml() {
  static const std::string kYaml = R"yaml(
page: { name: Acme, url: "http://127.0.0.1:8080", time_zone: Europe/Amsterdam }
listen: 127.0.0.1:8080
groups:
  - { id: platform, name: Platform, description: The core of the Acme service }
  - { id: apps, name: Applications }
components:
  - { id: api, name: API, group: platform, description: Public REST API, depends_on: [auth, db] }
  - { id: auth, name: Token verification, group: platform }
  - { id: db, name: Database, group: platform }
  - { id: web, name: Web app, group: apps, depends_on: [api] }
  - { id: chat, name: Conversations, group: apps, depends_on: [api] }
  - { id: count, name: Conversation counts, group: apps, depends_on: [auth] }
  - { id: cdn, name: CDN }
automation: { resolve_after: 5m, reopen_within: 30m }
)yaml";
  return kYaml;
}

}  // namespace pharos
