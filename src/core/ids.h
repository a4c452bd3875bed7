#pragma once
// Identifiers in Statuspage's shape: 12 characters of lowercase base 36 ("kctbh9vrtdwd"), so ids
// look familiar to API clients and fit in URLs.
#include <string>
#include <string_view>

namespace pharos {

// A fresh random id. Thread-safe. Not a secret: never use it as a credential.
std::string new_id();

// True for ids Pharos accepts from outside (config, API paths): 1–64 chars of [a-z0-9_-].
bool is_valid_id(std::string_view id);

}  // namespace pharos
