// The request body Vast's official CLI sends for `vastai search offers QUERY -o ORDER
// --type T --storage GB --limit N [--no-default]`, built from a parsed query. Neutral fields
// with an exact Vast equivalent are translated (gpu -> gpu_name in Vast's spellings,
// gpu_count -> num_gpus, vram_gb -> gpu_ram in MB, country -> geolocation); the others stay
// out of the body and are applied locally (filter.hpp), so results never depend on it.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "query.hpp"

namespace offerscope::core {

// True for the field names Vast's search accepts (seeds 001/002 and the CLI's field list).
bool IsVastField(std::string_view field);

// The CLI's default query: verified=true external=false rentable=true rented=false.
nlohmann::json VastDefaultQuery();
// The query object alone (defaults merged first unless `no_default`).
nlohmann::json VastQueryObject(const ParsedQuery* query, bool no_default);
// "num_gpus,total_flops-" -> [["num_gpus","asc"],["total_flops","desc"]]; empty -> score desc.
nlohmann::json VastOrder(std::string_view order);
// The whole body POSTed to /api/v0/bundles/. type: on-demand | bid | interruptible (sent as
// bid) | reserved. limit <= 0: not sent.
nlohmann::json VastSearchBody(const ParsedQuery* query, std::string_view order, std::string_view type,
                              double storage_gb, int limit, bool no_default);

}  // namespace offerscope::core
