#include "query_edit.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "fields.hpp"
#include "query.hpp"

namespace offerscope::core {
namespace {

bool SameField(const Term& t, std::string_view name) {
  if (t.written_field == name || t.field == name) return true;
  // Synonyms count as the same field: "dph" and "price" both mean the whole-offer price.
  std::optional<Field> a = FieldFromName(t.field), b = FieldFromName(name);
  return a && b && *a == *b;
}

void AppendTerm(std::string& out, const std::string& term) {
  if (!out.empty() && out.back() != ' ') out += ' ';
  out += term;
}

}  // namespace

std::string ReplaceFieldTerms(std::string_view query, const std::vector<std::string>& fields,
                              const std::vector<std::string>& new_terms) {
  std::string out;
  ParsedQuery parsed;
  QueryMessage error;
  if (!ParseQuery(query, parsed, error)) {
    out.assign(query);
  } else {
    // Cut the matching comparisons out of the text, last first so earlier offsets hold.
    std::vector<const Term*> cut;
    for (const Term& t : parsed.terms)
      for (const std::string& f : fields)
        if (SameField(t, f)) {
          cut.push_back(&t);
          break;
        }
    out.assign(query);
    std::sort(cut.begin(), cut.end(), [](const Term* a, const Term* b) { return a->pos > b->pos; });
    for (const Term* t : cut) {
      std::size_t end = std::min(out.size(), t->pos + t->len);
      while (end < out.size() && out[end] == ' ') ++end;  // and the spaces after it
      out.erase(t->pos, end - t->pos);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
  }
  for (const std::string& term : new_terms) AppendTerm(out, term);
  return out;
}

std::string QueryNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace offerscope::core
