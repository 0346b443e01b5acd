#include "proxy/access.hpp"

#include <httplib.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "core/providers/registry.hpp"
#include "proxy/config.hpp"

namespace offerscope::proxy {

namespace {

constexpr std::size_t kMaxKeyBytes = 512;

// API keys travel in a header: visible ASCII only, bounded.
bool PlausibleKey(std::string_view key) {
  if (key.size() < kMinKeyChars || key.size() > kMaxKeyBytes) return false;
  for (unsigned char c : key)
    if (c <= 0x20 || c >= 0x7f) return false;
  return true;
}

}  // namespace

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  unsigned char da[SHA256_DIGEST_LENGTH], db[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(a.data()), a.size(), da);
  SHA256(reinterpret_cast<const unsigned char*>(b.data()), b.size(), db);
  return CRYPTO_memcmp(da, db, sizeof da) == 0 && a.size() == b.size();
}

TokenState CheckAccessToken(const Config& config, const httplib::Request& req) {
  if (config.access_token.empty()) return TokenState::kNotConfigured;
  if (!req.has_header("Authorization")) return TokenState::kMissing;
  std::string value = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (value.size() <= kBearer.size() || value.compare(0, kBearer.size(), kBearer) != 0) return TokenState::kWrong;
  return ConstantTimeEquals(std::string_view(value).substr(kBearer.size()), config.access_token) ? TokenState::kValid
                                                                                                 : TokenState::kWrong;
}

bool MayUseServerKeys(const Config& config, const httplib::Request& req) {
  TokenState t = CheckAccessToken(config, req);
  return t == TokenState::kNotConfigured || t == TokenState::kValid;
}

bool RouteNeedsToken(std::string_view path) {
  if (path == "/metrics") return true;
  if (path.rfind("/api/", 0) != 0) return false;
  return path.rfind("/api/v1/providers/", 0) != 0 && path != "/api/v1/instances";
}

KeyChoice ChooseKey(const Config& config, const httplib::Request& req, core::ProviderId provider) {
  KeyChoice choice;
  const core::ProviderDef& def = core::GetProvider(provider);
  std::string header(def.browser_key_header);
  if (req.has_header(header)) {
    std::string key = req.get_header_value(header);
    if (!PlausibleKey(key)) {
      choice.error = header + " does not hold a plausible API key (" + std::to_string(kMinKeyChars) + " to " +
                     std::to_string(kMaxKeyBytes) + " visible ASCII characters)";
      return choice;
    }
    choice.key = std::move(key);
    choice.source = KeyChoice::Source::kCaller;
    return choice;
  }
  const std::string& server_key = config.keys[static_cast<int>(provider)];
  if (!server_key.empty() && MayUseServerKeys(config, req)) {
    choice.key = server_key;
    choice.source = KeyChoice::Source::kServer;
  }
  return choice;
}

std::string Redact(std::string text, std::initializer_list<std::string_view> secrets) {
  constexpr std::string_view kMark = "[redacted]";
  for (std::string_view s : secrets) {
    if (s.empty()) continue;
    std::size_t at = text.find(s);
    if (at == std::string::npos) continue;  // the usual case: no copy
    // One pass building a new text: replacing in place is quadratic when the secret is short
    // and frequent.
    std::string out;
    out.reserve(text.size());
    std::size_t from = 0;
    for (; at != std::string::npos; at = text.find(s, from)) {
      out.append(text, from, at - from);
      out += kMark;
      from = at + s.size();
    }
    out.append(text, from, std::string::npos);
    text = std::move(out);
  }
  return text;
}

}  // namespace offerscope::proxy
