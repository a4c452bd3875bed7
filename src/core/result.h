#pragma once
// Result<T>: a value or an Error. A small stand-in for C++23 std::expected (GCC 12 in C++20 mode
// does not have it). Access to the wrong alternative is a programming error and aborts in debug.
#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/error.h"

namespace pharos {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<Error>(v_);
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error)
      : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

inline Result<void> Ok() { return {}; }

}  // namespace pharos

// Propagates an error from an expression returning Result<…>; evaluates to nothing.
#define PHAROS_TRY(expr)                                             \
  do {                                                               \
    auto pharos_try_result_ = (expr);                                \
    if (!pharos_try_result_.ok()) return pharos_try_result_.error(); \
  } while (false)

// Evaluates `expr` (a Result<T>); on error returns it from the enclosing function, otherwise
// moves the value into `target`.
#define PHAROS_ASSIGN(target, expr)           \
  do {                                        \
    auto pharos_v_ = (expr);                  \
    if (!pharos_v_) return pharos_v_.error(); \
    target = std::move(*pharos_v_);           \
  } while (false)
