// offerscope url encode [JSON|-]   ViewState JSON -> share-URL fragment
// offerscope url decode FRAGMENT   fragment (or a whole URL) -> ViewState JSON
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/view_state.hpp"
#include "proxy/cli.hpp"
#include "proxy/cli_io.hpp"

namespace offerscope::proxy {

namespace {
constexpr const char* kHelp =
    "usage: offerscope url encode [JSON|-]\n"
    "       offerscope url decode FRAGMENT\n"
    "  encode: reads a view state as JSON (argument, or stdin) and prints the URL fragment\n"
    "          (without '#'), e.g. q=gpu%3DH100+gpu_count%3E%3D8&sort=price_per_gpu&v=1\n"
    "  decode: prints the view state of a fragment or a whole share URL as JSON; parts it\n"
    "          cannot read are reported on stderr and the rest is still decoded\n"
    "exit: 0 ok, 1 decoded with notices, 2 bad usage or invalid JSON\n";
}  // namespace

int RunUrl(int argc, char** argv) {
  Args args(argc, argv, {}, {"help"});
  const auto& pos = args.Positional();
  if (args.Flag("help")) return std::fputs(kHelp, stdout), 0;
  if (!args.Error().empty() || pos.empty()) return std::fputs(kHelp, stderr), 2;
  if (pos[0] == "encode") {
    std::string text, error;
    if (pos.size() > 1 && pos[1] != "-") {
      text = pos[1];
    } else if (!ReadInput("-", text, error)) {
      return std::fprintf(stderr, "url: %s\n", error.c_str()), 2;
    }
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return std::fprintf(stderr, "url encode: input is not valid JSON\n"), 2;
    core::Result<core::ViewState> state = core::ViewStateFromJson(j);
    if (!state.ok()) return std::fprintf(stderr, "url encode: %s\n", state.error.c_str()), 2;
    std::printf("%s\n", core::EncodeFragment(state.value).c_str());
    return 0;
  }
  if (pos[0] == "decode") {
    if (pos.size() != 2) return std::fputs(kHelp, stderr), 2;
    core::DecodedView d = core::DecodeFragment(pos[1]);
    for (const std::string& n : d.notices) std::fprintf(stderr, "notice: %s\n", n.c_str());
    std::printf("%s\n", core::ViewStateToJsonText(d.state, 2).c_str());
    return d.notices.empty() ? 0 : 1;
  }
  std::fprintf(stderr, "url: unknown action '%s'\n%s", pos[0].c_str(), kHelp);
  return 2;
}

}  // namespace offerscope::proxy
