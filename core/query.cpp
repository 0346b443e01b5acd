// The Vast CLI's query grammar (shared/docs/VAST_QUERY.md), scanned by hand rather than by
// a regular expression so every error can point at the byte where it happened. The scan
// accepts exactly what the CLI's pattern accepts:
//   field ( *[=><!]+ | +(gt|gte|lt|lte|eq|neq|noteq|not eq|in|nin|notin|not in) )? *
//   (\[[^\]]+\] | "[^"]+" | [^ ]+)? *
// and then applies the CLI's rules to each comparison in the same order.
#include "query.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "fields.hpp"
#include "vast_query.hpp"

namespace offerscope::core {

std::string_view VastOpName(Op op) {
  switch (op) {
    case Op::kEq: return "eq";
    case Op::kNeq: return "neq";
    case Op::kGt: return "gt";
    case Op::kGte: return "gte";
    case Op::kLt: return "lt";
    case Op::kLte: return "lte";
    case Op::kIn: return "in";
    case Op::kNotIn: return "notin";
  }
  return "eq";
}

namespace {

bool IsFieldChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::optional<Op> OpFromText(std::string_view op) {
  struct Name { std::string_view text; Op op; };
  static constexpr Name kOps[] = {
      {">=", Op::kGte}, {"gte", Op::kGte}, {">", Op::kGt},     {"gt", Op::kGt},       {"<=", Op::kLte},
      {"lte", Op::kLte}, {"<", Op::kLt},   {"lt", Op::kLt},     {"=", Op::kEq},        {"==", Op::kEq},
      {"eq", Op::kEq},   {"!=", Op::kNeq}, {"neq", Op::kNeq},   {"noteq", Op::kNeq},   {"not eq", Op::kNeq},
      {"in", Op::kIn},   {"nin", Op::kNotIn}, {"notin", Op::kNotIn}, {"not in", Op::kNotIn}};
  for (const Name& n : kOps)
    if (n.text == op) return n.op;
  return std::nullopt;
}

// Vast's own aliases, applied before anything else (as the CLI does).
std::string_view Alias(std::string_view field) {
  if (field == "cuda_vers") return "cuda_max_good";
  if (field == "display_active") return "gpu_display_active";
  if (field == "dlperf_usd") return "dlperf_per_dphtotal";
  if (field == "dph") return "dph_total";
  if (field == "flops_usd") return "flops_per_dphtotal";
  return field;
}

double Multiplier(std::string_view field) {
  if (field == "cpu_ram" || field == "gpu_ram" || field == "gpu_total_ram") return 1000;
  if (field == "duration") return 86400;
  return 0;
}

bool IsKnownField(std::string_view f) { return IsVastField(f) || FieldFromName(f).has_value(); }

std::string Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

std::string StripChars(std::string_view s, std::string_view chars) {
  while (!s.empty() && chars.find(s.front()) != std::string_view::npos) s.remove_prefix(1);
  while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return std::string(s);
}

std::string Spaced(std::string s) {
  std::replace(s.begin(), s.end(), '_', ' ');
  return StripChars(s, "\"");
}

// One comparison as scanned, before the CLI's rules are applied.
struct Raw {
  std::size_t pos, len;
  std::string field, op, value;
  std::size_t op_pos, value_pos;
};

// Word operators need a space on both sides: " in ", " not eq ".
std::size_t MatchWordOp(std::string_view text, std::size_t i, std::string& op) {
  std::size_t j = i;
  while (j < text.size() && text[j] == ' ') ++j;
  if (j == i) return 0;
  static constexpr std::string_view kWords[] = {"not eq", "not in", "noteq", "notin", "nin", "neq", "gte",
                                                "lte", "eq", "gt", "lt", "in"};
  for (std::string_view w : kWords) {
    if (text.substr(j, w.size()) == w && j + w.size() < text.size() && text[j + w.size()] == ' ') {
      op = std::string(w);
      return j + w.size() + 1 - i;
    }
  }
  return 0;
}

bool Scan(std::string_view text, std::vector<Raw>& out, QueryMessage& error) {
  std::size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  while (i < text.size()) {
    Raw r{};
    r.pos = i;
    std::size_t f = i;
    while (i < text.size() && IsFieldChar(text[i])) ++i;
    if (i == f) {
      std::size_t end = text.find(' ', i);
      error = {i, (end == std::string_view::npos ? text.size() : end) - i,
               "unconsumed text '" + std::string(text.substr(i, end - i)) +
                   "': expected a field name (did you forget to quote your query?)"};
      return false;
    }
    r.field = std::string(text.substr(f, i - f));
    // Operator: symbols (spaces allowed before them) or a word between spaces.
    std::size_t k = i;
    while (k < text.size() && text[k] == ' ') ++k;
    std::size_t s = k;
    while (k < text.size() && std::string_view("=><!").find(text[k]) != std::string_view::npos) ++k;
    if (k > s) {
      r.op_pos = s;
      r.op = std::string(text.substr(s, k - s));
      i = k;
    } else if (std::size_t n = MatchWordOp(text, i, r.op)) {
      r.op_pos = i + (n - r.op.size() - 1);
      i += n;
    } else {
      r.op_pos = i;
    }
    while (i < text.size() && text[i] == ' ') ++i;
    r.value_pos = i;
    if (i < text.size() && text[i] == '[' && text.find(']', i + 1) != std::string_view::npos &&
        text.find(']', i + 1) > i + 1) {
      std::size_t close = text.find(']', i + 1);
      r.value = std::string(text.substr(i, close + 1 - i));
      i = close + 1;
    } else if (i < text.size() && text[i] == '"' && text.find('"', i + 1) != std::string_view::npos &&
               text.find('"', i + 1) > i + 1) {
      std::size_t close = text.find('"', i + 1);
      r.value = std::string(text.substr(i, close + 1 - i));
      i = close + 1;
    } else {
      std::size_t v = i;
      while (i < text.size() && text[i] != ' ') ++i;
      r.value = std::string(text.substr(v, i - v));
    }
    std::size_t end = i;
    while (i < text.size() && text[i] == ' ') ++i;
    r.len = end - r.pos;
    out.push_back(std::move(r));
  }
  return true;
}

bool DriverVersion(const std::string& v, nlohmann::json& out) {
  // "535.86.05" -> 535086005: each part zero-padded to three digits.
  std::string digits;
  std::size_t start = 0;
  int parts = 0;
  while (start <= v.size()) {
    std::size_t dot = v.find('.', start);
    std::string part = v.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty() || part.size() > 3 || !std::all_of(part.begin(), part.end(), ::isdigit)) return false;
    digits += std::string(3 - part.size(), '0') + part;
    ++parts;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (parts != 3) return false;
  out = std::stoll(digits);
  return true;
}

}  // namespace

bool ParseQuery(std::string_view text, ParsedQuery& out, QueryMessage& error) {
  out = ParsedQuery{};
  // The CLI strips the query first; a trailing space is never "unconsumed".
  std::vector<Raw> raws;
  if (!Scan(text, raws, error)) return false;
  for (Raw& r : raws) {
    Term t;
    t.written_field = r.field;
    t.field = std::string(Alias(r.field));
    t.pos = r.pos;
    t.len = r.len;
    std::string value = StripChars(r.value, ",[]");
    if (!IsKnownField(t.field))
      out.warnings.push_back({r.pos, r.field.size(), "unknown field '" + r.field + "' (sent to Vast as written)"});
    std::optional<Op> op = OpFromText(Trim(r.op));
    if (!op) {
      error = {r.op_pos, std::max<std::size_t>(1, r.op.size()),
               r.op.empty() ? "missing operator after '" + r.field + "' (use =, !=, <, <=, >, >=, in, notin)"
                            : "unknown operator '" + Trim(r.op) + "' (use =, !=, <, <=, >, >=, in, notin)"};
      return false;
    }
    t.op = *op;
    bool is_list = t.op == Op::kIn || t.op == Op::kNotIn;
    std::vector<std::string> items;
    if (is_list) {
      std::size_t start = 0;
      while (start <= value.size()) {
        std::size_t comma = value.find(',', start);
        std::string item = Trim(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!item.empty()) items.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
    if (is_list ? items.empty() : value.empty()) {
      error = {r.value_pos, 1, "value for '" + r.field + "' cannot be blank"};
      return false;
    }
    if (!is_list && (value == "?" || value == "*" || value == "any")) {
      if (t.op != Op::kEq) {
        error = {r.value_pos, value.size(), "'" + value + "' (any) only makes sense with '='"};
        return false;
      }
      // Clears the field: drops earlier terms on it and any default.
      out.terms.erase(std::remove_if(out.terms.begin(), out.terms.end(), [&](const Term& x) { return x.field == t.field; }),
                      out.terms.end());
      out.removed.push_back(t.field);
      continue;
    }
    if (t.field == "driver_version" && !is_list && value.find('.') != std::string::npos) {
      if (!DriverVersion(value, t.value)) {
        error = {r.value_pos, value.size(), "driver_version must look like 535.86.05"};
        return false;
      }
    } else if (double m = Multiplier(t.field); m > 0) {
      char* end = nullptr;
      std::string v = is_list ? std::string() : Spaced(value);
      double x = std::strtod(v.c_str(), &end);
      if (is_list || v.empty() || *end != '\0') {
        error = {r.value_pos, value.size(), "'" + r.field + "' needs a number (GB or days), got '" + value + "'"};
        return false;
      }
      t.value = x * m;
    } else if (is_list) {
      t.value = nlohmann::json::array();
      for (const std::string& item : items) t.value.push_back(Spaced(item));
    } else {
      std::string v = Spaced(value);
      if (v == "true" || v == "True") t.value = true;
      else if (v == "false" || v == "False") t.value = false;
      else if (v == "null" || v == "None") t.value = nullptr;
      else t.value = v;
    }
    // A new term on a field cleared earlier brings it back.
    out.removed.erase(std::remove(out.removed.begin(), out.removed.end(), t.field), out.removed.end());
    out.terms.push_back(std::move(t));
  }
  return true;
}

}  // namespace offerscope::core
