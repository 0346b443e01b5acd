// Result types for the core's API: the core never throws across its boundary
// (the web build runs with exceptions disabled, where a stray throw aborts the page).
#pragma once

#include <string>
#include <utility>

namespace offerscope::core {

// Either a value or a message a person can act on. `ok()` tells which.
template <class T>
struct Result {
  T value{};
  std::string error;  // empty when ok

  bool ok() const { return error.empty(); }
  static Result Ok(T v) { return Result{std::move(v), {}}; }
  static Result Fail(std::string message) { return Result{T{}, std::move(message)}; }
};

// Something a parser could not read but worked around. Names the record and the field,
// so "offer 11684738: field gpu_ram: expected a number, got \"abc\"" reaches the user.
struct Warning {
  std::string record;   // provider id of the record, or "#<index>" when it has none
  std::string field;    // JSON field name (dotted for nested: "prices.onDemand")
  std::string message;  // what was wrong and what was done instead
};

std::string FormatWarning(const Warning& w);

}  // namespace offerscope::core
