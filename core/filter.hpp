// A parsed query compiled for evaluation on normalized offers, so one query filters every
// provider alike whatever was pushed down upstream. Conditions are plain data; Matches()
// is the reference meaning, and the offer table (offer_table_filter.cpp) evaluates the same
// conditions on its columns and must agree with it row for row.
//
// Compiling (CompileFilter), term by term:
// - a term on a neutral field or a synonym (fields.hpp) becomes one Condition on that Field;
//   terms on Vast-only fields (dlperf, cuda_max_good, cpu_cores, duration, ...) become none
//   and add a warning "applies to Vast only"; unknown fields add a warning too; fields
//   cleared with `field=any` have no terms left and are ignored;
// - number fields: every value must be a number (else CompileFilter fails, naming the term).
//   Vast's gpu_ram / gpu_total_ram / cpu_ram values are MB after the query's x1000: they are
//   divided by 1000 so they compare with vram_gb / total_vram_gb / ram_gb in GB;
// - text fields: values are folded (FoldText: lower case, '_' as ' '). `gpu` holds the
//   value itself first, then every canonical catalog model it matches (MatchGpuFilter:
//   gpu=H100 -> H100 SXM, H100 PCIe, H100 NVL), so an uncatalogued GPU matches by its own
//   name. `provider` holds the canonical name ("vast", "primeintellect", "dispersed") of any
//   spelling ProviderFromName accepts ("vastai", "prime", "Prime_Intellect");
// - bool fields: true/false/1/0/yes/no become 1 or 0 in `numbers`;
// - a null value (`field=null` / `None`) is NaN in `numbers` or "" in `texts`: "unknown".
//
// Matching (Matches), with v the offer's value (NumberOf / TextOf / BoolOf):
// - eq, in: some condition value equals v (numbers numerically; texts after folding both;
//   a null value equals an unknown v). neq, notin: none does.
// - gt, gte, lt, lte: v and the first value are both known and compare so (numbers
//   numerically, texts by folded byte order: quoted_at>2025-01 works).
// - So an unknown v (NaN, empty text) satisfies only neq / notin (and eq / in with a null).
// - A number condition's `texts` (hand-built; CompileFilter never makes them) are values
//   no number equals. A bool condition's `texts` may spell true/false as above; a text
//   condition ignores `numbers`. A condition with no values at all: eq/in and the ordering
//   operators never hold, neq/notin always do.
// - Bool fields are never unknown.
// All conditions must hold.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fields.hpp"
#include "query.hpp"
#include "result.hpp"

namespace offerscope::core {

struct Condition {
  Field field = Field::kGpu;
  Op op = Op::kEq;
  std::vector<double> numbers;     // number fields (GB, $/h... in the field's unit); bool fields 1/0; NaN = null
  std::vector<std::string> texts;  // text fields, folded; "" = null
};

struct Filter {
  std::vector<Condition> conditions;  // all must hold
  std::vector<QueryMessage> warnings;  // terms not applied locally, with their position
};

// Fails when a value cannot be compared with its field (text where a number is needed);
// the message names the comparison as written.
Result<Filter> CompileFilter(const ParsedQuery& query);
// The same, with the failing comparison's position for the query bar.
bool CompileFilter(const ParsedQuery& query, Filter& out, QueryMessage& error);

bool Matches(const Filter& filter, const Offer& offer);

// True when every offer `narrower` matches, `wider` matches too, as far as this can tell
// from the conditions alone: each condition of `wider` has one in `narrower` that is the
// same, or the same ordering comparison on a known number at least as strict (x>=24 for
// x>=2, x<1 for x<3). False means "not known to", not "does not". Lets a caller filter
// the rows it already has instead of the whole table when a query only grew stricter.
bool Refines(const Filter& narrower, const Filter& wider);

// Lower case (ASCII) with '_' as ' ': the form text conditions compare in.
std::string FoldText(std::string_view s);

}  // namespace offerscope::core
