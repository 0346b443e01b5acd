// Checks every request passes before any route sees it (the server's pre-routing handler).
// Users put this server on the internet, so each rule refuses something a route never needs:
// - methods other than GET, HEAD, POST, PUT, OPTIONS (405);
// - targets that are not a plain absolute path: absolute-form URLs ("http://host/..."),
//   "*", dot segments ("." / "..") spelled in any way (raw, %2e, %252e), encoded slashes and
//   backslashes (%2f, %5c), a raw backslash, empty segments ("//"), NUL and other control
//   bytes, malformed escapes (400);
// - header names or values with control bytes (CR, LF, NUL: cpp-httplib percent-decodes
//   header values, so "%0d%0a" arrives as CRLF), a missing or repeated Host, a Host that is
//   not a host[:port] (400), more than 100 header fields (431);
// - bodies the server would have to guess the end of, or that could expand: Transfer-Encoding
//   (411), Content-Encoding (415), repeated or malformed Content-Length (400), a body on GET,
//   HEAD or OPTIONS (400), POST / PUT without Content-Length (411), more than the configured
//   maximum (413). Those refusals also close the connection, since the body was not read.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace httplib {
struct Request;
}

namespace offerscope::proxy {

struct Refusal {
  int status = 0;        // 0: the request may go on
  std::string message;   // for the JSON error body; never echoes header values
  bool close = false;    // close the connection after answering (an unread body follows)
  explicit operator bool() const { return status != 0; }
};

Refusal CheckRequest(const httplib::Request& req, std::size_t max_body_bytes);

// Empty when `raw_path` (a request target's path, before '?', still percent-encoded) names
// a plain path: '/'-separated segments of visible ASCII, none empty, "." or "..", no
// backslash, no escape of '.', '/', '\\', '%' or a control byte. Else the reason.
std::string CheckRawPath(std::string_view raw_path);

}  // namespace offerscope::proxy
