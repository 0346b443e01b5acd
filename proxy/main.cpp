// `offerscope`: the self-hosted proxy and the command line over core. Only dispatch here.
#include <cstdio>
#include <cstring>
#include <string_view>

#include "proxy/cli.hpp"

namespace {

constexpr const char* kUsage =
    "offerscope: find and compare GPU rental offers across Vast.ai, Prime Intellect and Dispersed\n"
    "\n"
    "usage: offerscope <command> [options]\n"
    "\n"
    "commands:\n"
    "  serve       run the proxy and serve the web app (offerscope serve --help)\n"
    "  normalize   provider JSON in, one normalized offer per line out (JSON Lines)\n"
    "  plan        print the upstream requests a query makes, as JSON Lines\n"
    "  filter      filter and sort normalized offers (JSON Lines) with a query\n"
    "  url         encode|decode a view state to/from a share-URL fragment\n"
    "\n"
    "Run `offerscope <command> --help` for a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace offerscope::proxy;
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  std::string_view cmd = argv[1];
  if (cmd == "serve") return RunServe(argc - 2, argv + 2);
  if (cmd == "normalize") return RunNormalize(argc - 2, argv + 2);
  if (cmd == "plan") return RunPlan(argc - 2, argv + 2);
  if (cmd == "filter") return RunFilter(argc - 2, argv + 2);
  if (cmd == "url") return RunUrl(argc - 2, argv + 2);
  std::fprintf(stderr, "offerscope: unknown command '%s'\n\n%s", argv[1], kUsage);
  return 2;
}
