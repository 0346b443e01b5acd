// Which web pages may read the API's answers (CORS), and which Host names the server answers.
//
// Origins: the configured list (Config::allowed_origins), or, when it is empty, only the
// server's own origin (the Origin equals the scheme and Host the request arrived with). '*'
// only when configured (never together with server-held keys: ParseServeArgs refuses it).
// A disallowed origin gets no Access-Control-* header at all, and its API requests are
// refused before any upstream call (a page cannot read the answer, but it could still spend
// the owner's rate limits or keys). Every API answer says Vary: Origin.
//
// Hosts: a server bound to a loopback address answers only loopback Host names
// (localhost, 127.0.0.1, [::1]), so a web page cannot reach it through DNS rebinding (a name
// of the attacker's that resolves to 127.0.0.1 makes its requests same-origin).
#pragma once

#include <string>
#include <string_view>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace offerscope::proxy {

struct Config;

// "https://Team.Example:443/" -> "https://team.example"; "" when it is not an origin
// (scheme "http" or "https", a host, an optional port, nothing else).
std::string NormalizeOrigin(std::string_view origin);

// True when `origin` (the request's Origin header, non-empty) may read API answers.
bool OriginAllowed(const Config& config, const httplib::Request& req, std::string_view origin);

// True when the request's Host header is one this server answers (see above).
bool HostAllowed(const Config& config, const httplib::Request& req);

// Routes whose answers carry CORS headers: /api/..., /healthz, /metrics.
bool IsCorsRoute(std::string_view path);

// Adds Access-Control-Allow-Origin (+ Expose-Headers) for an allowed Origin, and
// Vary: Origin. Call for CORS routes only. False when the request names an Origin that is
// not allowed (no Access-Control-* header was added); true when it is allowed or absent.
bool ApplyCors(const Config& config, const httplib::Request& req, httplib::Response& res);

// Answers a preflight (OPTIONS) for a CORS route: 204 with exactly the methods and request
// headers that route accepts when the origin is allowed, 403 without CORS headers when not,
// 404 for a path no route serves.
void AnswerPreflight(const Config& config, const httplib::Request& req, httplib::Response& res);

}  // namespace offerscope::proxy
