// Small helpers shared by the CLI subcommands: reading FILE or stdin, flag parsing, and
// printing a query error with a caret under the offending text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/query.hpp"

namespace offerscope::proxy {

// Reads a whole file, or stdin for "-" or an empty path. False with `error` on failure.
bool ReadInput(const std::string& path, std::string& out, std::string& error);

// Minimal flag reader: "--name value" and "--name=value" pairs, bare "--flag"s, and
// positional arguments. Unknown flags are reported by the caller via `Unknown()`.
class Args {
 public:
  Args(int argc, char** argv, std::vector<std::string> value_flags, std::vector<std::string> bool_flags);
  std::optional<std::string> Value(std::string_view name) const;
  bool Flag(std::string_view name) const;
  const std::vector<std::string>& Positional() const { return positional_; }
  const std::string& Error() const { return error_; }  // first unknown flag or missing value

 private:
  std::vector<std::pair<std::string, std::string>> values_;
  std::vector<std::string> flags_, positional_;
  std::string error_;
};

// "query error at column 14: unknown operator '=>'\n  gpu_count=>8\n               ^"
std::string FormatQueryError(std::string_view query, const core::QueryMessage& error);

}  // namespace offerscope::proxy
