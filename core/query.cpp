// The Vast CLI's query grammar (shared/docs/VAST_QUERY.md), scanned by hand rather than by
// a regular expression so every error can point at the bytes where it happened. The scan
// accepts exactly what the CLI's pattern (vastai/api/query.py, parse_query) accepts when
// re.findall must cover the whole stripped query:
//   field ( *[=><!]+ | +(gt|gte|lt|lte|eq|neq|noteq|not eq|in|nin|notin|not in) )?( *)
//   (\[[^\]]+\] | "[^"]+" | [^ ]+)?( *)
// and then applies the CLI's rules to each comparison in the CLI's order:
//   strip ",[]" from the value; alias the field; fold a dotted driver_version; warn about an
//   unknown field; reject an unknown operator; split in/notin lists; reject a blank value;
//   `any`/`?`/`*` clears the field (only with =); '_' -> ' ' and strip '"'; multiply unit
//   fields (float); true/True/false/False/null/None; any other value stays a string.
// Where the CLI crashes (a multiplier or a dotted driver_version inside an in/notin list)
// we convert every item instead.
#include "query.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
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

constexpr std::string_view kOperatorHint = " (use =, !=, <, <=, >, >=, in, notin)";

bool IsFieldChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool IsSymbolOpChar(char c) { return c == '=' || c == '>' || c == '<' || c == '!'; }
// Python's str.strip() with no argument, for the ASCII range.
bool IsPySpace(char c) { return std::string_view(" \t\n\r\v\f\x1c\x1d\x1e\x1f").find(c) != std::string_view::npos; }

std::optional<Op> OpFromText(std::string_view op) {
  struct Name {
    std::string_view text;
    Op op;
  };
  static constexpr Name kOps[] = {
      {">=", Op::kGte},  {"gte", Op::kGte},   {">", Op::kGt},       {"gt", Op::kGt},         {"<=", Op::kLte},
      {"lte", Op::kLte}, {"<", Op::kLt},     {"lt", Op::kLt},      {"=", Op::kEq},          {"==", Op::kEq},
      {"eq", Op::kEq},   {"!=", Op::kNeq},   {"neq", Op::kNeq},    {"noteq", Op::kNeq},     {"not eq", Op::kNeq},
      {"in", Op::kIn},   {"nin", Op::kNotIn}, {"notin", Op::kNotIn}, {"not in", Op::kNotIn}};
  for (const Name& n : kOps)
    if (n.text == op) return n.op;
  return std::nullopt;
}

bool IsKnownField(std::string_view f) { return IsVastField(f) || FieldFromName(f).has_value(); }

std::string_view StripChars(std::string_view s, std::string_view chars) {
  while (!s.empty() && chars.find(s.front()) != std::string_view::npos) s.remove_prefix(1);
  while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return s;
}

// The CLI's value clean-up after the wildcard check: '_' means a space, quotes go.
std::string Spaced(std::string_view s) {
  std::string out(s);
  std::replace(out.begin(), out.end(), '_', ' ');
  return std::string(StripChars(out, "\""));
}

// Offset of the first byte that does not start a valid UTF-8 sequence, or npos. Python
// strings are always valid text, so the CLI can never send such bytes; refusing them here
// also keeps every later json::dump() of a term from failing.
std::size_t InvalidUtf8At(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return i;
    unsigned cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d >> 6) != 0x2) return i;
      cp = (cp << 6) | (d & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += n;
  }
  return std::string_view::npos;
}

// One comparison as scanned, before the CLI's rules are applied. Offsets are into the text.
struct Raw {
  std::size_t pos = 0, len = 0;
  std::string_view field, op, value;
  std::size_t op_pos = 0, value_pos = 0;
};

// Word operators: one or more spaces, the word, exactly one space (" in ", "  not eq ").
// Returns the length matched from `i`, 0 when none.
std::size_t MatchWordOp(std::string_view text, std::size_t i, std::string_view& op) {
  std::size_t j = i;
  while (j < text.size() && text[j] == ' ') ++j;
  if (j == i) return 0;
  static constexpr std::string_view kWords[] = {"not eq", "not in", "noteq", "notin", "nin", "neq",
                                                "gte",    "lte",    "eq",    "gt",    "lt",  "in"};
  for (std::string_view w : kWords) {
    if (text.substr(j, w.size()) == w && j + w.size() < text.size() && text[j + w.size()] == ' ') {
      op = text.substr(j, w.size());
      return j + w.size() + 1 - i;
    }
  }
  return 0;
}

// The value alternatives in the CLI's order: a [list] with at least one character inside, a
// "quoted string" likewise, else everything up to the next space (possibly nothing).
std::size_t ValueEnd(std::string_view text, std::size_t i) {
  if (i < text.size() && (text[i] == '[' || text[i] == '"')) {
    char close = text[i] == '[' ? ']' : '"';
    std::size_t c = text.find(close, i + 1);
    if (c != std::string_view::npos && c > i + 1) return c + 1;
  }
  while (i < text.size() && text[i] != ' ') ++i;
  return i;
}

bool Scan(std::string_view text, std::size_t begin, std::size_t end, std::vector<Raw>& out, QueryMessage& error) {
  std::size_t i = begin;
  while (i < end) {
    Raw r;
    r.pos = i;
    while (i < end && IsFieldChar(text[i])) ++i;
    if (i == r.pos) {
      std::size_t stop = text.find(' ', i);
      stop = std::min(stop == std::string_view::npos ? end : stop, end);
      error = {i, stop - i,
               "unconsumed text '" + std::string(text.substr(i, stop - i)) +
                   "': a comparison starts with a field name (did you forget to quote your query?)"};
      return false;
    }
    r.field = text.substr(r.pos, i - r.pos);
    std::size_t k = i;
    while (k < end && text[k] == ' ') ++k;
    std::size_t s = k;
    while (k < end && IsSymbolOpChar(text[k])) ++k;
    if (k > s) {
      r.op_pos = s;
      r.op = text.substr(s, k - s);
      i = k;
    } else if (std::size_t n = MatchWordOp(text.substr(0, end), i, r.op)) {
      r.op_pos = i + n - 1 - r.op.size();
      i += n;
    } else {
      r.op_pos = i;
    }
    while (i < end && text[i] == ' ') ++i;
    r.value_pos = i;
    i = std::min(ValueEnd(text.substr(0, end), i), end);
    r.value = text.substr(r.value_pos, i - r.value_pos);
    r.len = i - r.pos;
    while (i < end && text[i] == ' ') ++i;
    out.push_back(r);
  }
  return true;
}

// The CLI's numeric_version: exactly three dot-separated parts, each zero-padded to three
// digits and concatenated ("535.86.05" -> 535086005; "550.100.1234" -> 5501001234). Parts
// must be digits (the CLI's int() would also take signs; nobody writes those). An empty
// part counts as 000, as with the CLI's zfill.
bool DriverVersionNumber(std::string_view v, long long& out) {
  std::string digits;
  int parts = 0;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = v.find('.', start);
    std::string_view part = v.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
    digits += std::string(part.size() < 3 ? 3 - part.size() : 0, '0');
    digits += part;
    ++parts;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  std::size_t first = digits.find_first_not_of('0');
  if (parts != 3 || (first != std::string::npos && digits.size() - first > 18)) return false;
  out = 0;  // no std::stoll: the core is built without exceptions
  for (char c : digits) out = out * 10 + (c - '0');
  return true;
}

// Python's float() on the CLI's cleaned value: optional spaces, sign, digits with at most one
// '.', optional exponent. inf/nan are refused too: JSON cannot carry them.
bool PythonFloat(std::string_view s, double& out) {
  while (!s.empty() && IsPySpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsPySpace(s.back())) s.remove_suffix(1);
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0, dots = 0;
  for (; i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.'); ++i)
    s[i] == '.' ? ++dots : ++digits;
  if (digits == 0 || dots > 1) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp_start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == exp_start) return false;
  }
  if (i != s.size()) return false;
  std::string text(s);
  out = std::strtod(text.c_str(), nullptr);
  return std::isfinite(out);
}

// The list items of an in/notin value (already stripped of ",[]"): split on commas, trimmed
// (Python strip), empty ones dropped.
std::vector<std::string_view> ListItems(std::string_view value) {
  std::vector<std::string_view> items;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t comma = value.find(',', start);
    std::string_view item = value.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!item.empty() && IsPySpace(item.front())) item.remove_prefix(1);
    while (!item.empty() && IsPySpace(item.back())) item.remove_suffix(1);
    if (!item.empty()) items.push_back(item);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return items;
}

// One scalar value (or list item) to what the CLI sends; false with `error` set when a unit
// field is not a number. `item` is as written (after ",[]" stripping / list splitting).
bool ConvertValue(const Raw& r, const Term& t, std::string_view item, bool in_list, nlohmann::json& out,
                  QueryMessage& error) {
  const std::size_t pos = r.value_pos, len = std::max<std::size_t>(1, r.value.size());
  if (t.field == "driver_version" && item.find('.') != std::string_view::npos) {
    long long n = 0;
    // The CLI turns a version it cannot read, or 0.0.0, into a blank value.
    if (!DriverVersionNumber(item, n) || n == 0) {
      error = {pos, len, "driver_version '" + std::string(item) + "' must look like 535.86.05"};
      return false;
    }
    out = n;
    return true;
  }
  std::string v = Spaced(item);
  if (double m = VastFieldMultiplier(t.field); m > 0) {
    double x = 0;
    if (!PythonFloat(v, x)) {
      error = {pos, len,
               "'" + t.written_field + "' needs a number (" + (m == 86400 ? "days" : "GB") + "), got '" +
                   std::string(item) + "'"};
      return false;
    }
    out = x * m;
    return true;
  }
  if (in_list) out = v;  // list items stay strings, as in the CLI
  else if (v == "true" || v == "True") out = true;
  else if (v == "false" || v == "False") out = false;
  else if (v == "null" || v == "None") out = nullptr;
  else out = v;
  return true;
}

// Applies the CLI's rules to one scanned comparison. Returns false on an error; sets
// `cleared` when the comparison was `field=any`.
bool BuildTerm(const Raw& r, Term& t, bool& cleared, ParsedQuery& out, QueryMessage& error) {
  cleared = false;
  t.written_field = std::string(r.field);
  t.field = std::string(VastFieldAlias(r.field));
  t.pos = r.pos;
  t.len = r.len;
  std::string_view value = StripChars(r.value, ",[]");
  if (!IsKnownField(t.field))
    out.warnings.push_back({r.pos, r.field.size(), "unknown field '" + t.written_field + "' (sent to Vast as written)"});
  std::optional<Op> op = OpFromText(r.op);
  if (!op) {
    if (r.op.empty())
      error = {r.pos, r.len, "missing operator after '" + t.written_field + "'" + std::string(kOperatorHint)};
    else
      error = {r.op_pos, r.op.size(), "unknown operator '" + std::string(r.op) + "'" + std::string(kOperatorHint)};
    return false;
  }
  t.op = *op;
  const bool is_list = t.op == Op::kIn || t.op == Op::kNotIn;
  std::vector<std::string_view> items = is_list ? ListItems(value) : std::vector<std::string_view>{};
  if (is_list ? items.empty() : value.empty()) {
    error = {r.pos, r.len, "value for '" + t.written_field + "' cannot be blank"};
    return false;
  }
  if (!is_list && (value == "?" || value == "*" || value == "any")) {
    if (t.op != Op::kEq) {
      error = {r.value_pos, r.value.size(), "'" + std::string(value) + "' (any value) only works with '='"};
      return false;
    }
    cleared = true;
    return true;
  }
  if (!is_list) return ConvertValue(r, t, value, false, t.value, error);
  t.value = nlohmann::json::array();
  for (std::string_view item : items) {
    nlohmann::json v;
    if (!ConvertValue(r, t, item, true, v, error)) return false;
    t.value.push_back(std::move(v));
  }
  return true;
}

}  // namespace

bool ParseQuery(std::string_view text, ParsedQuery& out, QueryMessage& error) {
  out = ParsedQuery{};
  error = QueryMessage{};
  // The CLI strips the query first, so surrounding whitespace is never "unconsumed".
  std::size_t begin = 0, end = text.size();
  while (begin < end && IsPySpace(text[begin])) ++begin;
  while (end > begin && IsPySpace(text[end - 1])) --end;
  if (std::size_t bad = InvalidUtf8At(text); bad != std::string_view::npos) {
    error = {bad, 1, "the query is not valid UTF-8 (byte " + std::to_string(bad) + ")"};
    return false;
  }
  std::vector<Raw> raws;
  if (!Scan(text, begin, end, raws, error)) return false;
  for (const Raw& r : raws) {
    Term t;
    bool cleared = false;
    if (!BuildTerm(r, t, cleared, out, error)) {
      out.terms.clear();
      out.removed.clear();
      return false;
    }
    if (cleared) {
      // Drops earlier terms on the field and (in vast_query.cpp) its default. The field
      // stays listed even if a later term sets it again: the CLI then starts it afresh,
      // without the default's operator.
      out.terms.erase(std::remove_if(out.terms.begin(), out.terms.end(),
                                     [&](const Term& x) { return x.field == t.field; }),
                      out.terms.end());
      if (std::find(out.removed.begin(), out.removed.end(), t.field) == out.removed.end())
        out.removed.push_back(t.field);
      continue;
    }
    out.terms.push_back(std::move(t));
  }
  return true;
}

}  // namespace offerscope::core
