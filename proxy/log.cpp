#include "proxy/log.hpp"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

namespace offerscope::proxy {

namespace {

std::mutex& SinkMutex() {
  static std::mutex mu;
  return mu;
}

// Whether a sink replaced stderr (tests do): only then do writers take SinkMutex.
std::atomic<bool> g_sink_set{false};

LogSink& Sink() {
  static LogSink sink;
  return sink;
}

// "2026-11-24T07:40:45.123Z": UTC, milliseconds. The text up to the seconds is made once per
// second per thread (gmtime_r and formatting it were a tenth of a cached answer's user-space
// time when every request logs a line).
void AppendNowIso(std::string& out) {
  struct Second {
    std::time_t t = -1;
    char text[64] = {};
  };
  thread_local Second second;
  auto now = std::chrono::system_clock::now();
  long long ms_total = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t t = static_cast<std::time_t>(ms_total / 1000);
  if (t != second.t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::snprintf(second.text, sizeof second.text, "%04d-%02d-%02dT%02d:%02d:%02d.", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    second.t = t;
  }
  int ms = static_cast<int>(ms_total % 1000);
  out.append(second.text);
  out += static_cast<char>('0' + ms / 100);
  out += static_cast<char>('0' + ms / 10 % 10);
  out += static_cast<char>('0' + ms % 10);
  out += 'Z';
}

std::string NowIso() {
  std::string ts;
  AppendNowIso(ts);
  return ts;
}

void WriteLine(const std::string& line) {
  if (g_sink_set.load(std::memory_order_acquire)) {
    std::lock_guard<std::mutex> lock(SinkMutex());
    if (Sink()) return Sink()(line);
  }
  // One write(2) per line, without a lock: lines do not interleave (a pipe takes up to
  // PIPE_BUF bytes at once, a file or terminal one write at a time), and workers no longer
  // queue behind each other's system call (a mutex around it was a futex wait per request
  // under load).
  const char* p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to log to: never take a request down for it
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

// Letters, digits and the punctuation of paths: nothing a JSON string must escape.
bool PlainText(std::string_view s) {
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '_' && c != '-' && c != '.') return false;
  return true;
}

}  // namespace

void Log(std::string_view level, nlohmann::json fields) {
  // A log line must never take a request (or the server) down with it.
  try {
    if (!fields.is_object()) fields = nlohmann::json{{"msg", std::move(fields)}};
    fields["ts"] = NowIso();
    fields["level"] = std::string(level);
    // Invalid UTF-8 (from an upstream message, say) is replaced, not thrown about.
    WriteLine(fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  } catch (...) {
  }
}

void LogRequest(std::string_view method, std::string_view route, int status, double ms, long long bytes) {
  if (!PlainText(method) || !PlainText(route)) {
    Log("info", {{"msg", "request"}, {"method", method}, {"route", route}, {"status", status},
                 {"ms", std::round(ms * 10) / 10}, {"bytes", bytes}});
    return;
  }
  try {
    // Formatted by hand: building and dumping a JSON object was an eighth of the proxy's CPU
    // time per cached answer. Same keys, same (sorted) order and number formats as Log's.
    // One buffer per thread, so a line costs no allocation once it has grown.
    thread_local std::string line;
    char ms_text[32];
    std::snprintf(ms_text, sizeof ms_text, "%.1f", std::round(ms * 10) / 10);
    line.assign("{\"bytes\":").append(std::to_string(bytes)).append(",\"level\":\"info\",\"method\":\"");
    line.append(method).append("\",\"ms\":").append(ms_text).append(",\"msg\":\"request\",\"route\":\"");
    line.append(route).append("\",\"status\":").append(std::to_string(status)).append(",\"ts\":\"");
    AppendNowIso(line);
    line.append("\"}\n");
    WriteLine(line);
  } catch (...) {
  }
}

void SetLogSink(LogSink sink) {
  std::lock_guard<std::mutex> lock(SinkMutex());
  g_sink_set.store(static_cast<bool>(sink), std::memory_order_release);
  Sink() = std::move(sink);
}

}  // namespace offerscope::proxy
