#include "filter.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "catalog.hpp"

namespace offerscope::core {

std::string FoldText(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = c == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

namespace {

// The values of a term as strings ("in" lists give several).
std::vector<std::string> Values(const nlohmann::json& v) {
  std::vector<std::string> out;
  auto one = [&](const nlohmann::json& x) {
    if (x.is_string()) out.push_back(x.get<std::string>());
    else if (x.is_boolean()) out.push_back(x.get<bool>() ? "true" : "false");
    else if (x.is_number()) out.push_back(x.dump());
    else if (x.is_null()) out.push_back("");
  };
  if (v.is_array()) for (const auto& x : v) one(x);
  else one(v);
  return out;
}

bool ToNumber(const std::string& s, double& out) {
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return !s.empty() && *end == '\0';
}

bool ToBool(const std::string& s, double& out) {
  std::string f = FoldText(s);
  if (f == "true" || f == "1" || f == "yes") return out = 1, true;
  if (f == "false" || f == "0" || f == "no") return out = 0, true;
  return false;
}

// Vast's MB fields carry GB x 1000 after parsing; neutral fields are in GB.
double Divisor(const std::string& field) {
  return field == "gpu_ram" || field == "cpu_ram" || field == "gpu_total_ram" ? 1000.0 : 1.0;
}

bool Compare(Op op, int cmp) {
  switch (op) {
    case Op::kEq: case Op::kIn: return cmp == 0;
    case Op::kNeq: case Op::kNotIn: return cmp != 0;
    case Op::kGt: return cmp > 0;
    case Op::kGte: return cmp >= 0;
    case Op::kLt: return cmp < 0;
    case Op::kLte: return cmp <= 0;
  }
  return false;
}

bool Negative(Op op) { return op == Op::kNeq || op == Op::kNotIn; }

bool MatchNumber(const Condition& c, double v) {
  if (!IsKnown(v)) return Negative(c.op);
  if (c.op == Op::kIn || c.op == Op::kNotIn) {
    bool found = std::find(c.numbers.begin(), c.numbers.end(), v) != c.numbers.end();
    return c.op == Op::kIn ? found : !found;
  }
  double n = c.numbers.empty() ? kUnknown : c.numbers[0];
  return Compare(c.op, v < n ? -1 : v > n ? 1 : 0);
}

bool MatchText(const Condition& c, std::string_view value) {
  if (value.empty()) return Negative(c.op);
  std::string v = FoldText(value);
  if (c.op == Op::kEq || c.op == Op::kIn || c.op == Op::kNeq || c.op == Op::kNotIn) {
    bool found = std::find(c.texts.begin(), c.texts.end(), v) != c.texts.end();
    return Negative(c.op) ? !found : found;
  }
  return !c.texts.empty() && Compare(c.op, v.compare(c.texts[0]));
}

}  // namespace

Result<Filter> CompileFilter(const ParsedQuery& query) {
  Filter filter;
  for (const Term& t : query.terms) {
    std::optional<Field> f = FieldFromName(t.field);
    if (!f) {
      filter.warnings.push_back({t.pos, t.len, "'" + t.written_field +
                                                    "' is a Vast-only field: only Vast offers are filtered by it"});
      continue;
    }
    Condition c;
    c.field = *f;
    c.op = t.op;
    std::vector<std::string> values = Values(t.value);
    switch (Info(*f).type) {
      case FieldType::kNumber:
        for (const std::string& s : values) {
          double x;
          // Multiplied fields arrive as numbers already; others as written text.
          if (!ToNumber(s, x))
            return Result<Filter>::Fail("'" + t.written_field + "' needs a number, got '" + s + "'");
          c.numbers.push_back(x / Divisor(t.field));
        }
        break;
      case FieldType::kBool:
        for (const std::string& s : values) {
          double x;
          if (!ToBool(s, x)) return Result<Filter>::Fail("'" + t.written_field + "' needs true or false, got '" + s + "'");
          c.numbers.push_back(x);
        }
        break;
      case FieldType::kText:
        for (const std::string& s : values) {
          if (*f == Field::kGpu) {
            for (std::string_view model : MatchGpuFilter(s)) c.texts.push_back(FoldText(model));
            c.texts.push_back(FoldText(s));  // a GPU outside the catalog, by its own name
          } else if (*f == Field::kProvider) {
            std::optional<ProviderId> p = ProviderFromName(FoldText(s));
            c.texts.push_back(p ? std::string(ProviderName(*p)) : FoldText(s));
          } else {
            c.texts.push_back(FoldText(s));
          }
        }
        break;
    }
    filter.conditions.push_back(std::move(c));
  }
  return Result<Filter>::Ok(std::move(filter));
}

bool Matches(const Filter& filter, const Offer& o) {
  for (const Condition& c : filter.conditions) {
    bool ok = false;
    switch (Info(c.field).type) {
      case FieldType::kNumber: ok = MatchNumber(c, NumberOf(o, c.field)); break;
      case FieldType::kBool: ok = MatchNumber(c, BoolOf(o, c.field) ? 1.0 : 0.0); break;
      case FieldType::kText: ok = MatchText(c, TextOf(o, c.field)); break;
    }
    if (!ok) return false;
  }
  return true;
}

}  // namespace offerscope::core
