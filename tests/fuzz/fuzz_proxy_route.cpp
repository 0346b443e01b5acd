// Fuzzes the proxy's request routing: the pre-routing checks (CheckRequest over a request
// built from the bytes) and the pass-through target parser. Input: "METHOD TARGET\n" then
// header lines "Name: value". Beyond never crashing, whatever the parser accepts must be a
// plain allowlisted upstream path: the security property every route relies on. The same
// bytes also go to the fast path's parser (ParsePlainGet), which must only ever accept a
// whole GET head of clean lines, and whose request the checks must take without crashing.
#include <httplib.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/providers/registry.hpp"
#include "proxy/passthrough.hpp"
#include "proxy/plain_get.hpp"
#include "proxy/request_checks.hpp"

namespace {

std::string_view NextLine(std::string_view& rest) {
  std::size_t nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  return line;
}

// ParsePlainGet on the raw bytes: what it accepts is a complete GET head, at most the size
// bound, with no control bytes but the line ends in what it kept.
void CheckPlainGet(std::string_view bytes) {
  using namespace offerscope::proxy;
  httplib::Request req;
  bool close = false;
  std::size_t n = ParsePlainGet(bytes, req, close);
  if (n == 0) return;
  if (n > bytes.size() || n > kPlainGetMaxHeadBytes + 4 || bytes.substr(n - 4, 4) != "\r\n\r\n" ||
      bytes.substr(0, 4) != "GET " || req.method != "GET" || req.target.empty() || req.target[0] != '/' ||
      req.headers.size() > kPlainGetMaxFields)
    std::abort();
  for (const auto& [name, value] : req.headers)
    if (name.empty() || name.find_first_of(" \t\r\n:") != std::string::npos ||
        req.target.find_first_of(" \r\n") != std::string::npos)
      std::abort();
  (void)CheckRequest(req, 1 << 20);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace offerscope;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  CheckPlainGet(rest);
  std::string_view first = NextLine(rest);
  std::size_t sp = first.find(' ');
  std::string_view method = sp == std::string_view::npos ? std::string_view("GET") : first.substr(0, sp);
  std::string_view target = sp == std::string_view::npos ? first : first.substr(sp + 1);

  httplib::Request req;
  req.method = std::string(method);
  req.target = std::string(target);
  req.path = std::string(target.substr(0, target.find('?')));
  while (!rest.empty()) {
    std::string_view line = NextLine(rest);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    req.headers.emplace(std::string(line.substr(0, colon)), std::string(value));
  }
  proxy::Refusal refusal = proxy::CheckRequest(req, 1 << 20);
  if (refusal && (refusal.status < 400 || refusal.status > 599 || refusal.message.empty())) std::abort();
  (void)proxy::CheckRawPath(req.path);

  proxy::ProviderTarget t = proxy::ParseProviderTarget(method, target);
  if (t.status != 0) {
    if (t.status < 400 || t.status > 599 || t.message.empty()) std::abort();
    return 0;
  }
  const std::string& path = t.request.path;
  if (path.empty() || path[0] != '/' || path.find("..") != std::string::npos || path.find("//") != std::string::npos ||
      path.find('\\') != std::string::npos || path.find('%') != std::string::npos ||
      path.find("://") != std::string::npos)
    std::abort();
  for (char c : path)
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e) std::abort();
  if (!core::IsAllowed(core::GetProvider(t.provider), t.request.method, path)) std::abort();
  return 0;
}
