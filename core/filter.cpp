#include "filter.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "catalog.hpp"
#include "vast_query.hpp"

namespace offerscope::core {

std::string FoldText(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = c == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

namespace {

using nlohmann::json;

// The values of a term, one per list item: null, a string, a number or a bool.
std::vector<const json*> Values(const json& v) {
  std::vector<const json*> out;
  if (v.is_array()) {
    for (const json& x : v) out.push_back(&x);
  } else {
    out.push_back(&v);
  }
  return out;
}

// A plain decimal number written as text ("0.98", " 2", "1e3"): no hex, inf or nan.
bool TextNumber(const std::string& s, double& out) {
  if (s.empty() || s.find_first_not_of("0123456789.eE+- ") != std::string::npos) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  while (*end == ' ') ++end;
  return end != s.c_str() && *end == '\0' && std::isfinite(out);
}

bool TextBool(std::string_view s, double& out) {
  std::string f = FoldText(s);
  if (f == "true" || f == "1" || f == "yes") return out = 1, true;
  if (f == "false" || f == "0" || f == "no") return out = 0, true;
  return false;
}

// Vast's MB fields carry GB x 1000 after parsing; the neutral fields are in GB.
double Divisor(const std::string& field) {
  return field == "gpu_ram" || field == "cpu_ram" || field == "gpu_total_ram" ? 1000.0 : 1.0;
}

// "'price_per_gpu' needs a number, got 'cheap'": the term as written and the bad item.
std::string NeedsMessage(const Term& t, const json& item, const char* what) {
  std::string got = item.is_string() ? item.get<std::string>() : item.dump(-1, ' ', false, json::error_handler_t::replace);
  return "'" + t.written_field + "' needs " + what + ", got '" + got + "'";
}

bool CompileNumbers(const Term& t, Condition& c, QueryMessage& error) {
  for (const json* v : Values(t.value)) {
    double x = 0;
    if (v->is_null()) x = kUnknown;
    else if (v->is_number()) x = v->get<double>();
    else if (!(v->is_string() && TextNumber(v->get_ref<const std::string&>(), x))) {
      error = {t.pos, t.len, NeedsMessage(t, *v, "a number")};
      return false;
    }
    c.numbers.push_back(x / Divisor(t.field));
  }
  return true;
}

bool CompileBools(const Term& t, Condition& c, QueryMessage& error) {
  for (const json* v : Values(t.value)) {
    double x = 0;
    if (v->is_boolean()) x = v->get<bool>() ? 1 : 0;
    else if (v->is_null()) x = kUnknown;
    else if (!(v->is_string() && TextBool(v->get_ref<const std::string&>(), x)) &&
             !(v->is_number() && (x = v->get<double>() != 0 ? 1 : 0, true))) {
      error = {t.pos, t.len, NeedsMessage(t, *v, "true or false")};
      return false;
    }
    c.numbers.push_back(x);
  }
  return true;
}

void CompileTexts(const Term& t, Condition& c) {
  for (const json* v : Values(t.value)) {
    if (v->is_null()) {
      c.texts.emplace_back();
      continue;
    }
    std::string s = v->is_string() ? v->get<std::string>() : v->dump();  // numbers/bools as written
    if (c.field == Field::kProvider) {
      std::string lower = FoldText(s);
      std::replace(lower.begin(), lower.end(), ' ', '_');  // "prime intellect" -> "prime_intellect"
      std::optional<ProviderId> p = ProviderFromName(lower);
      c.texts.push_back(p ? std::string(ProviderName(*p)) : FoldText(s));
      continue;
    }
    c.texts.push_back(FoldText(s));
    if (c.field == Field::kGpu)
      for (std::string_view model : MatchGpuFilter(s)) c.texts.push_back(FoldText(model));
  }
}

bool Negative(Op op) { return op == Op::kNeq || op == Op::kNotIn; }

bool Ordered(Op op, int cmp) {
  switch (op) {
    case Op::kGt: return cmp > 0;
    case Op::kGte: return cmp >= 0;
    case Op::kLt: return cmp < 0;
    case Op::kLte: return cmp <= 0;
    default: return false;
  }
}

bool IsOrdering(Op op) { return op == Op::kGt || op == Op::kGte || op == Op::kLt || op == Op::kLte; }

bool MatchNumber(const Condition& c, double v) {
  if (IsOrdering(c.op)) {
    if (!IsKnown(v) || c.numbers.empty() || !IsKnown(c.numbers[0])) return false;
    return Ordered(c.op, v < c.numbers[0] ? -1 : v > c.numbers[0] ? 1 : 0);
  }
  bool found = std::any_of(c.numbers.begin(), c.numbers.end(),
                           [v](double x) { return IsKnown(v) ? x == v : !IsKnown(x); });
  return Negative(c.op) ? !found : found;
}

bool MatchBool(const Condition& c, bool b) {
  // Any non-zero number means true; texts may spell the value (true/false/1/0/yes/no).
  auto as_bool = [](double x) { return IsKnown(x) ? (x != 0 ? 1.0 : 0.0) : x; };
  const double v = b ? 1 : 0;
  if (IsOrdering(c.op)) {
    double first = kUnknown;
    if (!c.numbers.empty()) first = as_bool(c.numbers[0]);
    else if (!c.texts.empty() && !TextBool(c.texts[0], first)) first = kUnknown;
    return IsKnown(first) && Ordered(c.op, v < first ? -1 : v > first ? 1 : 0);
  }
  bool found = std::any_of(c.numbers.begin(), c.numbers.end(), [&](double x) { return as_bool(x) == v; });
  for (std::size_t i = 0; i < c.texts.size() && !found; ++i) {
    double x = 0;
    found = TextBool(c.texts[i], x) && x == v;
  }
  return Negative(c.op) ? !found : found;
}

bool MatchText(const Condition& c, std::string_view value) {
  std::string v = FoldText(value);
  if (IsOrdering(c.op)) {
    if (v.empty() || c.texts.empty() || c.texts[0].empty()) return false;
    return Ordered(c.op, v.compare(c.texts[0]));
  }
  bool found = std::find(c.texts.begin(), c.texts.end(), v) != c.texts.end();
  return Negative(c.op) ? !found : found;
}

}  // namespace

bool CompileFilter(const ParsedQuery& query, Filter& out, QueryMessage& error) {
  out = Filter{};
  for (const Term& t : query.terms) {
    std::optional<Field> f = FieldFromName(t.field);
    if (!f) {
      // ParseQuery already warned about names nobody knows.
      std::string why = IsVastField(t.field) ? "' applies to Vast only: other providers are not filtered by it"
                                             : "' is not a known field: other providers are not filtered by it";
      out.warnings.push_back({t.pos, t.len, "'" + t.written_field + why});
      continue;
    }
    Condition c;
    c.field = *f;
    c.op = t.op;
    switch (Info(*f).type) {
      case FieldType::kNumber:
        if (!CompileNumbers(t, c, error)) return false;
        break;
      case FieldType::kBool:
        if (!CompileBools(t, c, error)) return false;
        break;
      case FieldType::kText: CompileTexts(t, c); break;
    }
    out.conditions.push_back(std::move(c));
  }
  return true;
}

Result<Filter> CompileFilter(const ParsedQuery& query) {
  Filter filter;
  QueryMessage error;
  if (!CompileFilter(query, filter, error)) return Result<Filter>::Fail(error.message);
  return Result<Filter>::Ok(std::move(filter));
}

bool Matches(const Filter& filter, const Offer& o) {
  for (const Condition& c : filter.conditions) {
    bool ok = false;
    switch (Info(c.field).type) {
      case FieldType::kNumber: ok = MatchNumber(c, NumberOf(o, c.field)); break;
      case FieldType::kBool: ok = MatchBool(c, BoolOf(o, c.field)); break;
      case FieldType::kText: ok = MatchText(c, TextOf(o, c.field)); break;
    }
    if (!ok) return false;
  }
  return true;
}

namespace {

bool SameCondition(const Condition& a, const Condition& b) {
  if (a.field != b.field || a.op != b.op || a.texts != b.texts || a.numbers.size() != b.numbers.size()) return false;
  for (std::size_t i = 0; i < a.numbers.size(); ++i)  // NaN (null) equals NaN here
    if (!(a.numbers[i] == b.numbers[i] || (std::isnan(a.numbers[i]) && std::isnan(b.numbers[i])))) return false;
  return true;
}

// `a` holds for an offer only if `b` does: the same condition, or the same ordering
// comparison on the same number field with a bound at least as strict. An unknown value
// fails every ordering comparison, so the bounds alone decide.
bool Implies(const Condition& a, const Condition& b) {
  if (SameCondition(a, b)) return true;
  if (a.field != b.field || a.op != b.op || Info(a.field).type != FieldType::kNumber) return false;
  if (a.numbers.size() != 1 || b.numbers.size() != 1 || !a.texts.empty() || !b.texts.empty()) return false;
  const double x = a.numbers[0], y = b.numbers[0];
  if (std::isnan(x) || std::isnan(y)) return false;
  switch (a.op) {
    case Op::kGt:
    case Op::kGte: return x >= y;
    case Op::kLt:
    case Op::kLte: return x <= y;
    default: return false;
  }
}

}  // namespace

bool Refines(const Filter& narrower, const Filter& wider) {
  for (const Condition& w : wider.conditions) {
    bool implied = false;
    for (const Condition& n : narrower.conditions) implied = implied || Implies(n, w);
    if (!implied) return false;
  }
  return true;
}

}  // namespace offerscope::core
