// A parsed query compiled for evaluation on normalized offers, so one query filters every
// provider alike whatever was pushed down upstream. Conditions are plain data; Matches()
// defines their meaning and the offer table evaluates the same conditions on its columns.
//
// Semantics:
// - numbers compare numerically; Vast's gpu_ram/cpu_ram/gpu_total_ram values (MB after the
//   query's x1000) are turned back into GB for vram_gb/ram_gb/total_vram_gb;
// - text compares case-insensitively with '_' and ' ' alike ("united_states" =
//   "United States"); `gpu` matches the catalog models the value names (gpu=H100 matches
//   H100 SXM, H100 PCIe and H100 NVL) and, for GPUs not in the catalog, the name verbatim;
//   `provider` accepts the same spellings as the CLI (vast, vastai, prime, ...);
// - an unknown value (NaN, empty text) never satisfies a comparison, except != and notin;
// - comparisons on Vast-only fields (dlperf, cuda_max_good, ...) are not evaluated locally:
//   they are pushed to Vast and a warning says other providers are not filtered by them.
#pragma once

#include <string>
#include <vector>

#include "fields.hpp"
#include "query.hpp"
#include "result.hpp"

namespace offerscope::core {

struct Condition {
  Field field = Field::kGpu;
  Op op = Op::kEq;
  std::vector<double> numbers;     // number fields, and bool fields (1 or 0)
  std::vector<std::string> texts;  // text fields, folded (lower case, '_' as ' ')
};

struct Filter {
  std::vector<Condition> conditions;  // all must hold
  std::vector<QueryMessage> warnings;
};

Result<Filter> CompileFilter(const ParsedQuery& query);
bool Matches(const Filter& filter, const Offer& offer);

// Lower case with '_' as ' ': the form text conditions compare in.
std::string FoldText(std::string_view s);

}  // namespace offerscope::core
