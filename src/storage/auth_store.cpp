#include "storage/auth_store.h"

#include <array>
#include <utility>


namespace pharos {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 3> kRoles{
    {{Role::kViewer, "viewer"}, {Role::kResponder, "responder"}, {Role::kAdmin, "admin"}}};
constexpr std::array<std::pair<Scope, std::string_view>, 3> kScopes{
    {{Scope::kRead, "read"}, {Scope::kWrite, "write"}, {Scope::kAdmin, "admin"}}};

template <typename E>
std::optional<E> parse_from(const std::array<std::pair<E, std::string_view>, 3>& table,
                            std::string_view s) {
  for (const auto& [value, name] : table) {
    if (name == s) return value;
  }
  return std::nullopt;
}

template <typename E>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, 3>& table, E e) {
  for (const auto& [value, name] : table) {
    if (value == e) return name;
  }
  return "unknown";
}

}  // namespace

std::string_view to_string(Role r) { return name_of(kRoles, r); }
std::optional<Role> parse_role(std::string_view s) { return parse_from(kRoles, s); }
std::string_view to_string(Scope s) { return name_of(kScopes, s); }
std::optional<Scope> parse_scope(std::string_view s) { return parse_from(kScopes, s); }

}  // namespace pharos
