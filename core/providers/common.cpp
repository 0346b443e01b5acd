#include "common.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace offerscope::core {

std::vector<const Term*> TermsOn(const ParsedQuery* query, Field f) {
  std::vector<const Term*> out;
  if (!query) return out;
  for (const Term& t : query->terms) {
    std::optional<Field> tf = FieldFromName(t.field);
    if (tf && *tf == f) out.push_back(&t);
  }
  return out;
}

std::vector<std::string> TermTexts(const Term& t) {
  std::vector<std::string> out;
  auto one = [&](const nlohmann::json& v) {
    if (v.is_string()) out.push_back(v.get<std::string>());
    else if (v.is_number() || v.is_boolean()) out.push_back(v.dump());
  };
  if (t.value.is_array()) for (const auto& v : t.value) one(v);
  else one(t.value);
  return out;
}

std::string HttpErrorMessage(std::string_view provider, int status, std::string_view body) {
  std::string message;
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_discarded() && j.is_object()) {
    for (const char* k : {"msg", "message", "detail", "error"}) {
      auto it = j.find(k);
      if (it != j.end() && it->is_string() && !it->get<std::string>().empty()) {
        message = it->get<std::string>();
        break;
      }
    }
  }
  if (message.empty()) message = std::string(body.substr(0, 200));
  for (char& c : message)
    if (c == '\n' || c == '\r') c = ' ';
  if (message.size() > 200) message = message.substr(0, 200) + "...";
  std::string out = std::string(provider) + " answered HTTP " + std::to_string(status);
  return message.empty() ? out : out + ": " + message;
}

long long PageCount(long long total, long long page_size) {
  if (total <= 0 || page_size <= 0) return 1;
  return (total + page_size - 1) / page_size;
}

HttpRequest WithParam(const HttpRequest& request, std::string_view key, std::string value) {
  HttpRequest r = request;
  for (auto& [k, v] : r.query) {
    if (k == key) {
      v = std::move(value);
      return r;
    }
  }
  r.query.emplace_back(std::string(key), std::move(value));
  return r;
}

HttpRequest WithPage(const HttpRequest& request, long long page) {
  return WithParam(request, "page", std::to_string(page));
}

long long QueryInt(const HttpRequest& request, std::string_view key, long long fallback) {
  for (const auto& [k, v] : request.query) {
    if (k != key) continue;
    char* end = nullptr;
    long long n = std::strtoll(v.c_str(), &end, 10);
    return !v.empty() && *end == '\0' ? n : fallback;
  }
  return fallback;
}

std::vector<HttpRequest> RemainingPages(const HttpRequest& first, long long total, long long page_size,
                                        std::string_view record, std::vector<Warning>& warnings) {
  std::vector<HttpRequest> out;
  if (total <= 0 || page_size <= 0) return out;
  long long pages = PageCount(total, page_size);
  long long cap = std::max(1LL, kMaxPagedRecords / page_size);
  if (pages > cap) {
    warnings.push_back({std::string(record), "total",
                        "the provider reports " + std::to_string(total) + " records; only the first " +
                            std::to_string(cap * page_size) + " are requested"});
    pages = cap;
  }
  for (long long p = 2; p <= pages; ++p) out.push_back(WithPage(first, p));
  return out;
}

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not one.
std::size_t Utf8Length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  auto cont = [&](std::size_t k) { return k < s.size() && (byte(k) & 0xC0) == 0x80; };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(i + 1) || !cont(i + 2)) return 0;
    unsigned char c1 = byte(i + 1);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F)) return 0;  // overlong, surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    unsigned char c1 = byte(i + 1);
    if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) return 0;
    return 4;
  }
  return 0;
}

// Where simdjson's first stage gave up, with why, or npos.
std::size_t FirstStageOffset(std::string_view body, std::string& why) {
  bool in_string = false;
  std::size_t string_start = 0;
  for (std::size_t i = 0; i < body.size();) {
    std::size_t n = Utf8Length(body, i);
    if (n == 0) {
      why = "invalid UTF-8";
      return i;
    }
    char c = body[i];
    if (in_string) {
      if (c == '\\') {
        i += 2;  // the escaped character cannot end the string
        continue;
      }
      if (c == '"') in_string = false;
      else if (static_cast<unsigned char>(c) < 0x20) {
        why = "a control character inside a string";
        return i;
      }
    } else if (c == '"') {
      in_string = true;
      string_start = i;
    }
    i += n;
  }
  if (in_string) {
    why = "a string opened here never closes (the body was probably cut short)";
    return string_start;
  }
  return std::string_view::npos;
}

// Where the root object or array closes (the offset just past it), or npos when it never does.
std::size_t RootEnd(std::string_view body) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::string DescribeOpenError(std::string_view body, const JsonInput& in) {
  std::string why;
  std::size_t at = FirstStageOffset(body, why);
  if (at == std::string_view::npos) return in.error;
  return "malformed JSON at byte " + std::to_string(at) + ": " + why;
}

std::string DescribeReadError(simdjson::error_code error, JsonInput& in) {
  if (error != simdjson::INCOMPLETE_ARRAY_OR_OBJECT) return DescribeJsonError(error, in);
  // simdjson says this both for a body cut short and for text after the root value.
  std::string_view body(in.buffer.data(), in.buffer.size());
  std::size_t end = RootEnd(body);
  if (end != std::string_view::npos) {
    std::size_t rest = body.find_first_not_of(" \t\r\n", end);
    if (rest != std::string_view::npos)
      return "malformed JSON at byte " + std::to_string(rest) + ": more text after the JSON value";
  }
  return "malformed JSON at byte " + std::to_string(body.size()) +
         ": the body ends before every object and array is closed (it was probably cut short)";
}

std::string RootError(simdjson::error_code error, JsonInput& in) {
  if (error != simdjson::INCORRECT_TYPE) return DescribeReadError(error, in);
  simdjson::ondemand::json_type type;
  if (in.doc.type().get(type)) return "expected a JSON object";
  switch (type) {
    case simdjson::ondemand::json_type::array: return "expected a JSON object, got an array";
    case simdjson::ondemand::json_type::string: return "expected a JSON object, got a string";
    case simdjson::ondemand::json_type::number: return "expected a JSON object, got a number";
    case simdjson::ondemand::json_type::boolean: return "expected a JSON object, got a boolean";
    case simdjson::ondemand::json_type::null: return "expected a JSON object, got null";
    default: return "expected a JSON object";
  }
}

bool IsPositive(Op op) { return op == Op::kEq || op == Op::kIn; }

std::string WholeNumberTerm(const ParsedQuery* query, Field f) {
  for (const Term* t : TermsOn(query, f)) {
    if (!IsPositive(t->op)) continue;
    std::vector<std::string> values = TermTexts(*t);
    double x = 0;
    if (values.size() != 1 || !ParseDecimal(values[0], x)) continue;
    long long n = WholeNumber(x, 1e9);
    if (n >= 0) return std::to_string(n);
  }
  return {};
}

std::string TrailingContentError(JsonInput& in) {
  const char* rest = nullptr;
  if (in.doc.current_location().get(rest) || rest == nullptr) return {};  // at the end: fine
  return "malformed JSON at byte " + std::to_string(rest - in.buffer.data()) + ": more text after the JSON value";
}

long long WholeNumber(double x, double max) {
  if (!IsKnown(x) || x < 0 || x > max || std::trunc(x) != x) return -1;
  return static_cast<long long>(x);
}

void ReserveOffers(std::vector<Offer>& offers, std::size_t body_bytes, std::size_t record_bytes) {
  constexpr std::size_t kMaxReserved = 200000;  // a wrong guess never costs more than this
  offers.reserve(std::min(kMaxReserved, body_bytes / std::max<std::size_t>(1, record_bytes) + 1));
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace offerscope::core
