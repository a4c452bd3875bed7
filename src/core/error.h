#pragma once
// Error values shared by every module. A failed operation returns an Error (never throws across a
// module boundary); the web layer maps ErrorCode to an HTTP status in one switch.
#include <string>
#include <utility>

namespace pharos {

enum class ErrorCode {
  kInvalidArgument,   // the caller's input is wrong (bad field value, unknown id in a reference)
  kNotFound,          // the named thing does not exist
  kConflict,          // the request clashes with current state (illegal transition, stale version)
  kAlreadyExists,     // a unique key is taken
  kUnauthenticated,   // no or bad credentials
  kPermissionDenied,  // credentials fine, role insufficient
  kUnavailable,       // a dependency (store, network peer) cannot be reached right now
  kInternal,          // a bug or an unexpected failure of a dependency
};

const char* to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // for people: says what is wrong and, where possible, how to fix it
  std::string field;    // the input field, JSON pointer or file:line:column the error refers to

  static Error invalid(std::string message, std::string field = {}) {
    return {ErrorCode::kInvalidArgument, std::move(message), std::move(field)};
  }
  static Error not_found(std::string message, std::string field = {}) {
    return {ErrorCode::kNotFound, std::move(message), std::move(field)};
  }
  static Error conflict(std::string message, std::string field = {}) {
    return {ErrorCode::kConflict, std::move(message), std::move(field)};
  }
  static Error internal(std::string message) {
    return {ErrorCode::kInternal, std::move(message), {}};
  }
  static Error unavailable(std::string message) {
    return {ErrorCode::kUnavailable, std::move(message), {}};
  }

  // "field: message", or just the message when no field is known.
  std::string describe() const { return field.empty() ? message : field + ": " + message; }
};

}  // namespace pharos
