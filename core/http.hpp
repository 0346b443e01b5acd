// Plain data for HTTP requests and answers: the core plans requests and parses answers
// but never performs I/O (see ARCHITECTURE.md). Each front door brings its own transport.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace offerscope::core {

struct HttpRequest {
  std::string method;  // "GET", "POST", "PUT"
  std::string path;    // path on the provider's base URL, e.g. "/api/v0/bundles/"
  std::vector<std::pair<std::string, std::string>> query;  // decoded; repeated keys allowed
  std::string body;    // JSON text or empty

  bool operator==(const HttpRequest& o) const {
    return method == o.method && path == o.path && query == o.query && body == o.body;
  }
};

// Percent-encodes a query component (RFC 3986 unreserved characters stay as they are).
std::string UrlEncode(std::string_view s);
// Decodes %XX and, when `plus_is_space`, '+'. Returns false on a malformed escape.
bool UrlDecode(std::string_view s, std::string& out, bool plus_is_space = true);
// "a=1&b=x%20y" from the pairs, in order.
std::string EncodeQueryString(const std::vector<std::pair<std::string, std::string>>& query);
// path + "?" + query string (or just the path when there is no query).
std::string Target(const HttpRequest& r);

}  // namespace offerscope::core
