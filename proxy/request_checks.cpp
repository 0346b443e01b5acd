#include "proxy/request_checks.hpp"

#include <httplib.h>

#include <cctype>

namespace offerscope::proxy {

namespace {

constexpr std::size_t kMaxHeaderFields = 100;

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Visible(unsigned char c) { return c > 0x20 && c < 0x7f; }

// Control bytes other than tab; a header value may hold spaces and tabs, nothing below.
bool HasControl(std::string_view s) {
  for (unsigned char c : s)
    if ((c < 0x20 && c != '\t') || c == 0x7f) return true;
  return false;
}

// A Host header: a name or IPv4 address, or a bracketed IPv6 address, with an optional port.
bool PlausibleHost(std::string_view h) {
  if (h.empty() || h.size() > 255) return false;
  for (unsigned char c : h)
    if (!std::isalnum(c) && c != '.' && c != '-' && c != ':' && c != '[' && c != ']' && c != '_') return false;
  return true;
}

// Escapes in a query: well formed, and no NUL (C strings further on would end there).
std::string CheckRawQuery(std::string_view q) {
  for (std::size_t i = 0; i < q.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(q[i]);
    if (!Visible(c)) return "the query string may only hold visible ASCII (percent-encode the rest)";
    if (c != '%') continue;
    if (i + 2 >= q.size() || Hex(q[i + 1]) < 0 || Hex(q[i + 2]) < 0)
      return "malformed percent-escape in the query string";
    if (Hex(q[i + 1]) == 0 && Hex(q[i + 2]) == 0) return "the query string may not hold NUL (%00)";
    i += 2;
  }
  return {};
}

Refusal Refuse(int status, std::string message, bool close = false) { return Refusal{status, std::move(message), close}; }

Refusal CheckTarget(const httplib::Request& req) {
  const std::string& t = req.target;
  if (t.empty() || t[0] != '/')
    return Refuse(400, "the request target must be a path starting with '/' (absolute URLs are not accepted)");
  std::size_t q = t.find('?');
  std::string_view raw_path = std::string_view(t).substr(0, q);
  if (std::string why = CheckRawPath(raw_path); !why.empty()) return Refuse(400, why);
  if (q != std::string::npos)
    if (std::string why = CheckRawQuery(std::string_view(t).substr(q + 1)); !why.empty()) return Refuse(400, why);
  // The decoded path is what routes match on: it must say the same thing.
  if (req.path.find('\0') != std::string::npos || req.path.find("/../") != std::string::npos ||
      req.path.find('\\') != std::string::npos)
    return Refuse(400, "the request path is not a plain path");
  return {};
}

Refusal CheckHeaders(const httplib::Request& req) {
  if (req.headers.size() > kMaxHeaderFields + 4)  // httplib adds REMOTE_ADDR/PORT, LOCAL_ADDR/PORT
    return Refuse(431, "more than " + std::to_string(kMaxHeaderFields) + " header fields", true);
  for (const auto& [name, value] : req.headers) {
    if (name.empty() || HasControl(name) || name.find(' ') != std::string::npos)
      return Refuse(400, "malformed header name", true);
    if (HasControl(value)) return Refuse(400, "header '" + name + "' holds a control character (CR, LF, NUL)", true);
  }
  std::size_t hosts = req.get_header_value_count("Host");
  if (hosts > 1) return Refuse(400, "more than one Host header", true);
  if (hosts == 0 && req.version == "HTTP/1.1") return Refuse(400, "an HTTP/1.1 request needs a Host header", true);
  if (hosts == 1 && !PlausibleHost(req.get_header_value("Host"))) return Refuse(400, "malformed Host header", true);
  return {};
}

Refusal CheckBodyFraming(const httplib::Request& req, std::size_t max_body_bytes) {
  if (req.has_header("Transfer-Encoding"))
    return Refuse(411, "Transfer-Encoding is not accepted on requests; send a Content-Length", true);
  if (req.has_header("Content-Encoding") && req.get_header_value("Content-Encoding") != "identity")
    return Refuse(415, "compressed request bodies are not accepted", true);
  std::size_t lengths = req.get_header_value_count("Content-Length");
  if (lengths > 1) return Refuse(400, "more than one Content-Length header", true);
  bool body_method = req.method == "POST" || req.method == "PUT";
  if (lengths == 0)
    return body_method ? Refuse(411, req.method + " needs a Content-Length header", true) : Refusal{};
  std::string v = req.get_header_value("Content-Length");
  if (v.empty() || v.size() > 18) return Refuse(400, "malformed Content-Length", true);
  for (char c : v)
    if (c < '0' || c > '9') return Refuse(400, "malformed Content-Length", true);
  unsigned long long n = std::stoull(v);  // at most 18 digits: fits
  if (n > max_body_bytes)
    return Refuse(413, "the request body is larger than " + std::to_string(max_body_bytes) + " bytes", true);
  if (n > 0 && !body_method) return Refuse(400, req.method + " requests carry no body", true);
  return {};
}

}  // namespace

std::string CheckRawPath(std::string_view p) {
  if (p.empty() || p[0] != '/') return "the path must start with '/'";
  std::size_t seg_start = 1;
  for (std::size_t i = 1; i <= p.size(); ++i) {
    if (i < p.size() && p[i] != '/') {
      unsigned char c = static_cast<unsigned char>(p[i]);
      if (!Visible(c)) return "the path may only hold visible ASCII (percent-encode the rest)";
      if (c == '\\') return "the path may not contain a backslash";
      if (c == '%') {
        if (i + 2 >= p.size() || Hex(p[i + 1]) < 0 || Hex(p[i + 2]) < 0) return "malformed percent-escape in the path";
        int byte = Hex(p[i + 1]) * 16 + Hex(p[i + 2]);
        if (byte == '.' || byte == '/' || byte == '\\' || byte == '%' || byte < 0x20 || byte == 0x7f)
          return "the path may not encode '.', '/', '\\', '%' or control characters";
      }
      continue;
    }
    std::string_view seg = p.substr(seg_start, i - seg_start);
    bool last = i == p.size();
    if (seg.empty() && !last) return "the path may not contain empty segments ('//')";
    if (seg == "." || seg == "..") return "the path may not contain '.' or '..' segments";
    seg_start = i + 1;
  }
  return {};
}

Refusal CheckRequest(const httplib::Request& req, std::size_t max_body_bytes) {
  const std::string& m = req.method;
  if (m != "GET" && m != "HEAD" && m != "POST" && m != "PUT" && m != "OPTIONS")
    return Refuse(405, "method " + m + " is not used by this server", true);
  if (Refusal r = CheckHeaders(req)) return r;
  if (Refusal r = CheckBodyFraming(req, max_body_bytes)) return r;
  if (Refusal r = CheckTarget(req)) return r;
  return {};
}

}  // namespace offerscope::proxy
