// Who may use what: the server's access token, and which API key a request is made with.
//
// With Config::access_token set:
// - a request presenting "Authorization: Bearer <token>" is authenticated (constant-time
//   comparison); a wrong token is refused (401) on every API route;
// - only authenticated callers get the server-held keys. Others may still use the provider
//   pass-through and /api/v1/instances with their own key (X-OfferScope-Key-<Provider>),
//   or without any key for providers that answer anonymously;
// - routes that would use the server's keys without asking (/api/v1/offers) and /metrics
//   require the token.
// Without an access token, everyone may use the server-held keys (loopback deployments; a
// public one should set a token, see ServeHelp).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "core/offer.hpp"

namespace httplib {
struct Request;
}

namespace offerscope::proxy {

struct Config;

enum class TokenState {
  kNotConfigured,  // the server has no access token
  kValid,          // the request presented it
  kMissing,        // no Authorization header
  kWrong,          // an Authorization header that is not "Bearer <the token>"
};

TokenState CheckAccessToken(const Config& config, const httplib::Request& req);

// Equal strings, in time that does not depend on where they differ (nor on the length of
// the secret: both sides are hashed first).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// True when the request may be served with the server-held keys.
bool MayUseServerKeys(const Config& config, const httplib::Request& req);

// True for routes that need the access token (when one is configured) even without a
// server-held key in play: see above.
bool RouteNeedsToken(std::string_view path);

struct KeyChoice {
  enum class Source { kNone, kCaller, kServer };
  std::string key;                // empty with kNone
  Source source = Source::kNone;
  std::string error;              // non-empty: the caller's key header is unusable (400)
};

// The key for a call to `provider`: the caller's X-OfferScope-Key-<Provider> header (sent
// upstream for this request only), else the server's when MayUseServerKeys, else none.
KeyChoice ChooseKey(const Config& config, const httplib::Request& req, core::ProviderId provider);

// The shortest provider key accepted, from the environment, the config file or a caller's
// header. Answers are scrubbed of the key they were fetched with (Redact), so a key of a
// letter or two would garble every answer; real keys are long random strings.
constexpr std::size_t kMinKeyChars = 8;

// `text` with every occurrence of each non-empty secret replaced by "[redacted]"; used on
// anything that goes back to a client or a log after an upstream has seen a key.
std::string Redact(std::string text, std::initializer_list<std::string_view> secrets);

}  // namespace offerscope::proxy
