// Result<T> and Error: how every fallible function in nqtrack reports failure.
// Our code throws no exceptions; third-party exceptions are caught at the adapter.
#pragma once

#include <fmt/core.h>

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace nq {

enum class ErrorCode {
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kAborted,  // conflicting concurrent change: ETag mismatch, idempotency key reuse
  kPermissionDenied,
  kUnauthenticated,
  kResourceExhausted,  // a rate or lock: try again later
  kTooLarge,           // the input is, or would expand to, more than a set limit
  kStorageFull,  // the store's disk is full: nothing was written, try again when space returns
  kUnavailable,
  kInternal,
};

// The snake_case name of a code, as it appears in problem+json bodies and CLI messages.
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // lower case, names the thing and the value, no trailing period
  std::string field;    // JSON pointer or column of the offending input, when there is one
};

template <typename T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

template <typename... Args>
[[nodiscard]] std::unexpected<Error> MakeError(ErrorCode code, fmt::format_string<Args...> format,
                                               Args&&... args) {
  return std::unexpected(Error{code, fmt::format(format, std::forward<Args>(args)...), {}});
}

// Same, naming the input field the error is about.
template <typename... Args>
[[nodiscard]] std::unexpected<Error> FieldError(std::string field,
                                                fmt::format_string<Args...> format,
                                                Args&&... args) {
  return std::unexpected(Error{ErrorCode::kInvalidArgument,
                               fmt::format(format, std::forward<Args>(args)...), std::move(field)});
}

[[nodiscard]] inline Status Ok() { return {}; }

}  // namespace nq

// NQ_TRY(auto x, Expr()) assigns the value or returns the error from the enclosing function.
#define NQ_CONCAT_INNER(a, b) a##b
#define NQ_CONCAT(a, b) NQ_CONCAT_INNER(a, b)
#define NQ_TRY_IMPL(tmp, decl, expr)                        \
  auto tmp = (expr);                                        \
  if (!tmp) return std::unexpected(std::move(tmp).error()); \
  decl = std::move(*tmp)
#define NQ_TRY(decl, expr) NQ_TRY_IMPL(NQ_CONCAT(nq_try_, __LINE__), decl, expr)

// NQ_RETURN_IF_ERROR(Expr()) returns the error of a Status or Result from the enclosing function.
#define NQ_RETURN_IF_ERROR(expr)                             \
  do {                                                       \
    if (auto nq_status_ = (expr); !nq_status_)               \
      return std::unexpected(std::move(nq_status_).error()); \
  } while (false)
