#include "proxy/cli_io.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace offerscope::proxy {

bool ReadInput(const std::string& path, std::string& out, std::string& error) {
  if (path.empty() || path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    out = ss.str();
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open " + path;
    return false;
  }
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

Args::Args(int argc, char** argv, std::vector<std::string> value_flags, std::vector<std::string> bool_flags) {
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (a.size() < 3 || a.compare(0, 2, "--") != 0) {
      positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool has_value = false;
    if (std::size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    if (std::find(bool_flags.begin(), bool_flags.end(), name) != bool_flags.end()) {
      flags_.push_back(name);
    } else if (std::find(value_flags.begin(), value_flags.end(), name) != value_flags.end()) {
      if (!has_value) {
        if (i + 1 >= argc) {
          if (error_.empty()) error_ = "--" + name + " needs a value";
          continue;
        }
        value = argv[++i];
      }
      values_.emplace_back(name, value);
    } else if (error_.empty()) {
      error_ = "unknown option --" + name;
    }
  }
}

std::optional<std::string> Args::Value(std::string_view name) const {
  for (auto it = values_.rbegin(); it != values_.rend(); ++it)
    if (it->first == name) return it->second;
  return std::nullopt;
}

bool Args::Flag(std::string_view name) const {
  return std::find(flags_.begin(), flags_.end(), name) != flags_.end();
}

std::string FormatQueryError(std::string_view query, const core::QueryMessage& error) {
  std::string out = "query error at column " + std::to_string(error.pos + 1) + ": " + error.message + "\n  ";
  out.append(query);
  out += "\n  " + std::string(std::min(error.pos, query.size()), ' ') + std::string(std::max<std::size_t>(1, error.len), '^');
  return out;
}

}  // namespace offerscope::proxy
