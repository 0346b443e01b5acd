// /api/v1/providers/<provider>/<path>?<query>: forwards one allowlisted request to the
// provider's fixed base URL (core's registry, or Config::base_urls), adding its auth header.
//
// The raw request target is checked before anything is decoded: the provider path may hold
// only letters, digits, '-', '.', '_', '~' and '/', with no empty, "." or ".." segment, so
// no spelling (%2e%2e, %252e, ..%2f, backslashes, %00) can move the request off the
// allowlist, and the upstream host never comes from the request (no absolute URL, no Host
// header, no other client header is used). Forwarded: the method, the path, the query
// (decoded, re-encoded by the transport) and a JSON body (Content-Type application/json,
// at most Config::max_body_bytes). Answered: the upstream's status and body, as JSON (or
// text/plain when the upstream said anything else), with X-OfferScope-Cache (hit, stale,
// miss, none), Age when from the cache, and X-OfferScope-Snapshot in demo mode.
//
// Unknown provider: 404. A path not on the allowlist: 403; a listed path with another
// method: 405. A provider that needs a key, called without one: 401, no upstream call.
// Upstream failures: 502 {"error": message}; a key never appears in an answer (echoes of it
// in upstream bodies are redacted).
#pragma once

#include <string>
#include <string_view>

#include "core/http.hpp"
#include "core/offer.hpp"
#include "proxy/cache.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
}

namespace offerscope::proxy {

struct Services;

struct ProviderTarget {
  int status = 0;               // 0: valid; else the HTTP status to answer
  std::string message;          // why not
  core::ProviderId provider = core::ProviderId::kVast;
  core::HttpRequest request;    // method, upstream path, decoded query (body not set)
};

// Parses and checks a raw target ("/api/v1/providers/vast/api/v0/bundles/?a=1") for `method`.
ProviderTarget ParseProviderTarget(std::string_view method, std::string_view raw_target);

// True for upstream paths whose answers belong to one account (never cached).
bool IsAccountPath(core::ProviderId provider, std::string_view path);

void RegisterPassthroughRoutes(httplib::Server& server, Services& services);

// The route's answer when it is a fresh cached copy (what the route would send: a 200 "hit"),
// for the connection layer's fast path; false, with no effect, for anything else (a request
// the route would refuse, a miss, a stale copy, an uncacheable call). `cache_key` is set to
// the copy's key: the same request is answered again with FreshCopy and AnswerCopy, without
// resolving it anew.
bool AnswerFreshPassthrough(Services& services, const httplib::Request& req, httplib::Response& res,
                            std::string& cache_key);
// The fresh copy stored under `cache_key`, if it is one the route answers with as a hit (a
// 200 with a body); `answer` is null otherwise.
CacheLookup FreshCopy(Services& services, const std::string& cache_key);
// Answers `req` with that copy (stored under `cache_key`), as the route does.
void AnswerCopy(Services& services, const httplib::Request& req, httplib::Response& res, const CacheLookup& look,
                const std::string& cache_key);
// The whole seconds the Age header of an answer with `look` says.
long long AgeHeaderSeconds(const CacheLookup& look);

}  // namespace offerscope::proxy
