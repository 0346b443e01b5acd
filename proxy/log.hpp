// Structured logs: one JSON object per line on stderr. Callers pass only fields that are
// safe to log; keys, tokens and Authorization values must never be handed to the logger.
#pragma once

#include <functional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace offerscope::proxy {

// Adds "ts" (UTC ISO 8601) and "level", writes one line atomically. Never throws.
void Log(std::string_view level, nlohmann::json fields);

// The line of one answered request: {"bytes","level":"info","method","ms","msg":"request",
// "route","status","ts"}, as Log would write it, without building a JSON object.
void LogRequest(std::string_view method, std::string_view route, int status, double ms, long long bytes);

// Where finished lines go (each ends in '\n'); an empty function restores stderr. Tests
// capture lines with it; calls to the sink are serialized.
using LogSink = std::function<void(std::string_view line)>;
void SetLogSink(LogSink sink);

}  // namespace offerscope::proxy
