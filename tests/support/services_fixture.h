#pragma once
// The services a handler test (admin pages, management API) stands on: a store with the page
// "Acme" and a catalog, the auth store, the audit log and the IncidentService auditing into it,
// and one user per role (ada: admin, rob: responder, vic: viewer). The test links what it uses
// (incident, auth); this header only names them.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <vector>

#include "auth/auth_service.h"
#include "incident/incident_service.h"
#include "storage/audit_log.h"
#include "support/store_fixture.h"

namespace pharos::testing {

class ServicesFixture : public ::testing::Test {
 protected:
  // Opens everything on `components`; call it from SetUp (a failure fails the test there).
  void open_services(const std::vector<Component>& components) {
    Page page{"", "Acme", "https://status.acme.example", "Etc/UTC"};
    auto store = db_.open(clock_, page, {}, components);
    ASSERT_TRUE(store.ok()) << store.error().describe();
    store_ = std::move(*store);
    auto auth_store = open_auth_store(db_.url());
    ASSERT_TRUE(auth_store.ok()) << auth_store.error().describe();
    auth_store_ = std::move(*auth_store);
    audit_ = std::make_unique<AuditLog>(*auth_store_, clock_);
    incidents_ = std::make_unique<IncidentService>(*store_, clock_, audit_.get());
    auth::AuthService auth(*auth_store_, clock_);
    for (auto [name, role] : {std::pair{"ada", Role::kAdmin}, std::pair{"rob", Role::kResponder},
                              std::pair{"vic", Role::kViewer}}) {
      auto user = auth.add_user({name, role, "a long enough password"}, "test");
      ASSERT_TRUE(user.ok()) << user.error().describe();
      users_[role] = *user;
    }
  }

  StoreFixture db_;
  FakeClock clock_{Instant(Millis(1'700'000'000'000))};
  std::unique_ptr<Store> store_;
  std::unique_ptr<AuthStore> auth_store_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<IncidentService> incidents_;
  std::map<Role, User> users_;  // by role: ada, rob, vic
};

}  // namespace pharos::testing
