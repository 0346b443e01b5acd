// Structured logs: one JSON object per line on stderr. Callers pass only fields that are
// safe to log; keys, tokens and Authorization values must never be handed to the logger.
#pragma once

#include <nlohmann/json.hpp>

namespace offerscope::proxy {

// Adds "ts" (UTC ISO 8601) and "level", writes one line atomically.
void Log(std::string_view level, nlohmann::json fields);

}  // namespace offerscope::proxy
