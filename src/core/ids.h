#pragma once
// Identifiers in Statuspage's shape: 12 characters of lowercase base 36 ("kctbh9vrtdwd"), so ids
// look familiar to API clients and fit in URLs.
#include <iterator>
#include <string>
#include <string_view>

namespace pharos {

// A fresh random id. Thread-safe. Not a secret: never use it as a credential.
std::string new_id();

// True for ids Pharos accepts from outside (config, API paths): 1–64 chars of [a-z0-9_-].
bool is_valid_id(std::string_view id);

// The element of `items` whose `id` member is `id`, or nullptr: the one lookup behind
// find_component, find_group and the like.
template <typename Items>
auto find_by_id(const Items& items, std::string_view id) -> decltype(&*std::begin(items)) {
  for (const auto& item : items) {
    if (item.id == id) return &item;
  }
  return nullptr;
}

}  // namespace pharos
