// The request parser of the fast path (connection.hpp, SetFastPath): reads a complete,
// plain GET request head from the bytes a connection received, into the same
// httplib::Request cpp-httplib 0.11.4 would build from them.
//
// "Plain" is deliberately narrow, so that the two parsers cannot disagree about a request:
// HTTP/1.1, CRLF line ends, a target of visible ASCII starting with '/' and with at most one
// '?', header names of token characters, values of visible ASCII, spaces and tabs, no empty
// values, at most kMaxFields headers and kMaxHeadBytes in all, and none of the headers that
// change how the request is read (Content-Length, Transfer-Encoding, Expect, Range, more than
// one Connection). Anything else is left to cpp-httplib (and the checks behind it), which is
// always correct, just slower.
#pragma once

#include <cstddef>
#include <string_view>

namespace httplib {
struct Request;
}

namespace offerscope::proxy {

constexpr std::size_t kPlainGetMaxHeadBytes = 8192;
constexpr std::size_t kPlainGetMaxFields = 64;

// When `bytes` starts with a complete plain GET head: fills `req` (method, target, version,
// path and params decoded as cpp-httplib decodes them, headers with their values decoded
// likewise) and returns the head's length in bytes, with `close` set when the client asked
// for the connection to close ("Connection: close"). Otherwise 0, and `req` is unspecified.
std::size_t ParsePlainGet(std::string_view bytes, httplib::Request& req, bool& close);

}  // namespace offerscope::proxy
