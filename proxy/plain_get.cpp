#include "proxy/plain_get.hpp"

#include <httplib.h>

#include <cctype>
#include <cstring>
#include <string>

namespace offerscope::proxy {

namespace {

constexpr std::string_view kRequestStart = "GET ";
constexpr std::string_view kVersionLineEnd = " HTTP/1.1\r\n";

// RFC 9110 token characters: what a header name is made of.
bool TokenChar(unsigned char c) {
  return std::isalnum(c) || std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool Visible(unsigned char c) { return c > 0x20 && c < 0x7f; }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// Headers that change how a request is read or answered at the connection level.
bool ChangesFraming(std::string_view name) {
  for (std::string_view n : {"content-length", "transfer-encoding", "expect", "range"})
    if (EqualsNoCase(name, n)) return true;
  return false;
}

}  // namespace

std::size_t ParsePlainGet(std::string_view bytes, httplib::Request& req, bool& close) {
  close = false;
  std::size_t end = bytes.substr(0, kPlainGetMaxHeadBytes).find("\r\n\r\n");
  if (end == std::string_view::npos || bytes.substr(0, kRequestStart.size()) != kRequestStart) return 0;
  std::string_view head = bytes.substr(0, end + 2);  // every line with its CRLF

  // Request line: "GET <target> HTTP/1.1".
  std::size_t line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end + 2);
  if (line.size() < kRequestStart.size() + kVersionLineEnd.size() + 1 ||
      line.substr(line.size() - kVersionLineEnd.size()) != kVersionLineEnd)
    return 0;
  std::string_view target = line.substr(kRequestStart.size(), line.size() - kRequestStart.size() - kVersionLineEnd.size());
  if (target.empty() || target[0] != '/') return 0;
  std::size_t questions = 0;
  for (unsigned char c : target) {
    if (!Visible(c) || c == '#') return 0;
    questions += c == '?';
  }
  if (questions > 1) return 0;

  req.method = "GET";
  req.version = "HTTP/1.1";
  req.target = std::string(target);
  std::size_t q = target.find('?');
  req.path = httplib::detail::decode_url(std::string(target.substr(0, q)), false);
  if (q != std::string_view::npos && q + 1 < target.size())
    httplib::detail::parse_query_text(std::string(target.substr(q + 1)), req.params);

  // Header lines: "Name: value", the value trimmed of spaces and tabs at both ends.
  std::size_t connections = 0;
  for (std::size_t at = line_end + 2; at < head.size();) {
    std::size_t eol = head.find("\r\n", at);
    std::string_view field = head.substr(at, eol - at);
    at = eol + 2;
    if (req.headers.size() >= kPlainGetMaxFields) return 0;
    std::size_t colon = field.find(':');
    if (colon == 0 || colon == std::string_view::npos) return 0;
    std::string_view name = field.substr(0, colon);
    for (unsigned char c : name)
      if (!TokenChar(c)) return 0;
    std::string_view value = field.substr(colon + 1);
    for (unsigned char c : value)
      if (c != '\t' && (c < 0x20 || c > 0x7e)) return 0;
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (value.empty() || ChangesFraming(name)) return 0;
    if (EqualsNoCase(name, "connection")) {
      if (++connections > 1) return 0;
      close = value == "close";  // cpp-httplib's test, case and all
    }
    req.headers.emplace(std::string(name), httplib::detail::decode_url(std::string(value), false));
  }
  return head.size() + 2;
}

}  // namespace offerscope::proxy
