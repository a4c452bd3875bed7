#include "storage/auth_store.h"

#include "core/enum_names.h"

namespace pharos {
namespace {

constexpr EnumNames<Role, 3> kRoles{
    {{Role::kViewer, "viewer"}, {Role::kResponder, "responder"}, {Role::kAdmin, "admin"}}};
constexpr EnumNames<Scope, 3> kScopes{
    {{Scope::kRead, "read"}, {Scope::kWrite, "write"}, {Scope::kAdmin, "admin"}}};

}  // namespace

std::string_view to_string(Role r) { return enum_name(kRoles, r); }
std::optional<Role> parse_role(std::string_view s) { return enum_from_name(kRoles, s); }
std::string_view to_string(Scope s) { return enum_name(kScopes, s); }
std::optional<Scope> parse_scope(std::string_view s) { return enum_from_name(kScopes, s); }

}  // namespace pharos
