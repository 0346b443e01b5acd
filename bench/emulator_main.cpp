// `offerscope-emulator`: the provider emulator as a standalone server, for benchmarks and
// for trying the proxy without network access. Start it with `--port 8090`, then run
// `offerscope serve --no-demo` with `--base-url vast=http://127.0.0.1:8090/vast` and the
// same for primeintellect and dispersed.
#include <httplib.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/offer.hpp"
#include "proxy/emulator/emulator.hpp"

namespace {

constexpr const char* kHelp =
    "usage: offerscope-emulator [options]\n"
    "\n"
    "Serves Vast.ai, Prime Intellect and Dispersed as their API docs describe, over a fixed data\n"
    "set of a few thousand offers, at http://BIND:PORT/<provider>/<api path>.\n"
    "\n"
    "options (faults apply to every provider):\n"
    "  --bind ADDR            address to listen on (default 127.0.0.1)\n"
    "  --port N               port (default 8090; 0 picks a free one)\n"
    "  --delay-ms N           wait N ms before each answer\n"
    "  --rate-limit-first N   answer 429 (Retry-After: 1) to the first N calls\n"
    "  --error-first N        then answer 503 to N calls (-1: always)\n"
    "  --key KEY              accept only this API key where one is needed (repeatable)\n";

httplib::Server* g_server = nullptr;
void OnSignal(int) {
  if (g_server) g_server->stop();
}

bool ReadInt(const char* text, int& out) {
  char* end = nullptr;
  long v = std::strtol(text, &end, 10);
  out = static_cast<int>(v);
  return *text && *end == '\0';
}

}  // namespace

int main(int argc, char** argv) {
  using namespace offerscope;
  std::string bind = "127.0.0.1";
  int port = 8090;
  proxy::EmulatorFaults faults;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") return std::fputs(kHelp, stdout), 0;
    if (i + 1 >= argc) return std::fprintf(stderr, "offerscope-emulator: %s needs a value\n\n%s", a.c_str(), kHelp), 2;
    const char* v = argv[++i];
    bool ok = true;
    if (a == "--bind") bind = v;
    else if (a == "--port") ok = ReadInt(v, port);
    else if (a == "--delay-ms") ok = ReadInt(v, faults.delay_ms);
    else if (a == "--rate-limit-first") ok = ReadInt(v, faults.rate_limit_first);
    else if (a == "--error-first") ok = ReadInt(v, faults.error_first);
    else if (a == "--key") faults.valid_keys.push_back(v);
    else return std::fprintf(stderr, "offerscope-emulator: unknown option %s\n\n%s", a.c_str(), kHelp), 2;
    if (!ok) return std::fprintf(stderr, "offerscope-emulator: %s needs a whole number, got '%s'\n", a.c_str(), v), 2;
  }
  auto control = std::make_shared<proxy::EmulatorControl>();
  for (int p = 0; p < core::kProviderCount; ++p) control->SetFaults(static_cast<core::ProviderId>(p), faults);
  std::unique_ptr<httplib::Server> server = proxy::MakeEmulatorServer({control});
  if (port == 0) port = server->bind_to_any_port(bind);
  else if (!server->bind_to_port(bind, port)) port = -1;
  if (port < 0) return std::fprintf(stderr, "offerscope-emulator: cannot listen on %s\n", bind.c_str()), 1;
  // One JSON line a script can read the base URLs from.
  std::printf("{\"listening\":\"http://%s:%d\"", bind.c_str(), port);
  for (int p = 0; p < core::kProviderCount; ++p) {
    auto id = static_cast<core::ProviderId>(p);
    std::printf(",\"%s\":\"%s\"", std::string(core::ProviderName(id)).c_str(), proxy::EmulatorBaseUrl(bind, port, id).c_str());
  }
  std::printf("}\n");
  std::fflush(stdout);
  g_server = server.get();
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  return server->listen_after_bind() ? 0 : 1;
}
