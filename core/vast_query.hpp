// The request body Vast's official CLI sends for `vastai search offers QUERY -o ORDER
// --type T --storage GB --limit N [--no-default]`, built from a parsed query
// (shared/docs/VAST_QUERY.md; the CLI's search__offers and parse_query).
//
// What the body holds, key by key:
// - the default query verified=true external=false rentable=true rented=false (unless
//   no_default), minus the fields the query cleared with `field=any`, then every term in
//   the order written: `{field: {op: value, ...}}`, a repeated field merging its operators
//   and a repeated operator keeping the last value (as the CLI's dict update does);
// - "order": [[field, "asc"|"desc"], ...], "type", "allocated_storage" (GB, a number) and
//   "limit" (only when > 0).
// Terms written with Vast's names, or with names neither Vast nor we know, go exactly as the
// CLI sends them. JSON objects here are key-sorted (nlohmann::json); the CLI sends insertion
// order. Vast reads the object by key, so the request is the same.
//
// Neutral fields (fields.hpp) are pushed down only where Vast's answer is then a superset of
// what the local filter (filter.hpp) keeps, so results never depend on the push-down:
//   gpu=/in X       -> gpu_name in [every Vast spelling of every catalog model X matches]
//   gpu!=/notin X   -> gpu_name notin [same]
//   gpu_count op N  -> num_gpus op N (every operator; Vast always gives num_gpus)
//   vcpus, disk_gb, bid (=, in, <, <=, >, >=) -> cpu_cores_effective, disk_space, min_bid
//   ram_gb <,<=,>,>= X -> cpu_ram lte ceil / gte floor of X*1000 (MB; whole numbers, so a
//                      bound is never lost to float rounding)
//   vram_gb >,>=,= X -> gpu_ram gte (X - max(3.5, X/10) - 1) * 1024 MiB: Vast's gpu_ram is
//                      what nvidia-smi reports (24564 MiB for a 24 GB card, 23034 for an L4)
//                      and vast.cpp's VastVramGb snaps it to the sold size within that slack
//   country=/in XX  -> geolocation in [XX] (upper case, two-letter codes only)
// Not pushed: != / notin on fields Vast may leave empty (a SQL-style `!=` drops empty rows
// the local filter keeps), prices (Vast's dph_total prices `allocated_storage` GB of disk,
// ours NormalizeOptions::disk_gb), catalog figures (tflops, mem_bw), provider, region, tier,
// stock, interconnect, source, quoted_at, id by neutral spelling.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "query.hpp"

namespace offerscope::core {

// True for the field names Vast's search accepts (seeds 001/002, the CLI's field list and
// the columns of its answers).
bool IsVastField(std::string_view field);

// The CLI's aliases: cuda_vers -> cuda_max_good, display_active -> gpu_display_active,
// dlperf_usd -> dlperf_per_dphtotal, dph -> dph_total, flops_usd -> flops_per_dphtotal.
// Any other name is returned unchanged.
std::string_view VastFieldAlias(std::string_view field);
// The CLI's unit multipliers (after aliases): cpu_ram, gpu_ram, gpu_total_ram x1000 (GB typed,
// MB sent), duration x86400 (days typed, seconds sent); 0 for every other field.
double VastFieldMultiplier(std::string_view field);

// The CLI's default query: verified=true external=false rentable=true rented=false.
nlohmann::json VastDefaultQuery();
// The query object alone (defaults merged first unless `no_default`). `query` may be null.
nlohmann::json VastQueryObject(const ParsedQuery* query, bool no_default);
nlohmann::json VastQueryObject(const ParsedQuery& query, bool no_default);
// The CLI's -o: "num_gpus,total_flops-" -> [["num_gpus","asc"],["total_flops","desc"]]; a
// '-' at either end means descending, a '+' ascending (the CLI's strip rules, '+' winning);
// aliases applied. Neutral names with a Vast column become it (gpu_count -> num_gpus, price
// -> dph_total, ...); neutral names Vast cannot sort by are left out. Empty `order`: the
// CLI's default "score-".
nlohmann::json VastOrder(std::string_view order);
// The whole body POSTed to /api/v0/bundles/. type: on-demand (also when empty) | bid |
// interruptible (sent as bid) | reserved; anything else as given. limit <= 0: not sent.
nlohmann::json VastSearchBody(const ParsedQuery* query, std::string_view order, std::string_view type,
                              double storage_gb, int limit, bool no_default);

}  // namespace offerscope::core
