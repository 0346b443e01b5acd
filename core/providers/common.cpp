#include "common.hpp"

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

}  // namespace offerscope::core
