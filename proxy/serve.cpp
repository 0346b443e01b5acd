// `offerscope serve`: parse the configuration, pick the upstream (live or demo snapshot),
// load the app's files and run the server.
#include <cstdio>

#include "proxy/cli.hpp"
#include "proxy/demo.hpp"
#include "proxy/emulator/emulator.hpp"
#include "proxy/emulator/emulator_data.hpp"
#include "proxy/log.hpp"
#include "proxy/server.hpp"

namespace offerscope::proxy {

int RunServe(int argc, char** argv) {
  ConfigResult parsed = ParseServeArgs(argc, argv);
  if (parsed.help) return std::fputs(ServeHelp().c_str(), stdout), 0;
  if (!parsed.error.empty()) return std::fprintf(stderr, "offerscope serve: %s\n", parsed.error.c_str()), 2;
  Services s(std::move(parsed.config));
  if (s.config.static_dir.empty()) s.config.static_dir = "build/wasm/site";
  std::string error;
  int files = s.static_files.Load(s.config.static_dir, error);
  if (files < 0) Log("warn", {{"msg", error}});
  s.demo = DecideDemoMode(s.config);
  if (s.demo) {
    s.snapshot_time = kDemoSnapshotTime;
    s.upstream = MakeDemoUpstream(s.metrics);
    GetEmulatorData();  // build the snapshot now, not on the first user's request
    Log("info", {{"msg", "demo mode: serving the bundled snapshot (set VAST_API_KEY / PRIME_API_KEY / DISPERSED_API_KEY "
                         "or pass --no-demo for live offers)"},
                 {"snapshot", s.snapshot_time}});
  } else {
    s.upstream = MakeHttpUpstream(s.config, s.metrics);
  }
  return RunServer(s);
}

}  // namespace offerscope::proxy
