// offerscope normalize --provider P [--disk-gb N] [--raw] [FILE|-]
// Provider JSON in, one normalized offer per line out (JSON Lines). Warnings go to stderr;
// malformed JSON exits 2 with one line saying what and where.
#include <cstdio>
#include <iostream>

#include "core/offer_json.hpp"
#include "core/providers/registry.hpp"
#include "proxy/cli.hpp"
#include "proxy/cli_io.hpp"

namespace offerscope::proxy {

namespace {
constexpr const char* kHelp =
    "usage: offerscope normalize --provider vast|primeintellect|dispersed [options] [FILE|-]\n"
    "  Reads one provider answer (any envelope the provider uses) and prints one normalized\n"
    "  offer per line as JSON. Warnings about fields that could not be read go to stderr.\n"
    "options:\n"
    "  --provider P    which provider's format the input is in (required)\n"
    "  --disk-gb N     disk size priced into price_usd_per_hour (default 100)\n"
    "  --fetched-at T  ISO time used as quoted_at when the provider gives none\n"
    "  --raw           include each provider record as \"raw_json\"\n"
    "exit: 0 ok, 2 bad usage or malformed input\n";
}  // namespace

int RunNormalize(int argc, char** argv) {
  Args args(argc, argv, {"provider", "disk-gb", "fetched-at"}, {"raw", "help"});
  if (args.Flag("help")) return std::fputs(kHelp, stdout), 0;
  if (!args.Error().empty()) return std::fprintf(stderr, "normalize: %s\n%s", args.Error().c_str(), kHelp), 2;
  std::optional<core::ProviderId> id = core::ProviderFromName(args.Value("provider").value_or(""));
  if (!id) return std::fprintf(stderr, "normalize: --provider must be vast, primeintellect or dispersed\n"), 2;
  if (args.Positional().size() > 1) return std::fprintf(stderr, "normalize: one input file at most\n"), 2;
  std::string input, error;
  if (!ReadInput(args.Positional().empty() ? "-" : args.Positional()[0], input, error))
    return std::fprintf(stderr, "normalize: %s\n", error.c_str()), 2;

  const core::ProviderDef& p = core::GetProvider(*id);
  core::NormalizeOptions opts;
  opts.disk_gb = std::atof(args.Value("disk-gb").value_or("100").c_str());
  opts.fetched_at = args.Value("fetched-at").value_or("");
  opts.keep_raw = args.Flag("raw");
  core::HttpRequest request = p.plan_offers(core::PlanOptions{}).front();
  core::Page page = p.parse_offers(request, 200, input, opts);
  if (!page.error.empty()) return std::fprintf(stderr, "normalize: %s\n", page.error.c_str()), 2;
  for (const core::Warning& w : page.warnings) std::fprintf(stderr, "warning: %s\n", core::FormatWarning(w).c_str());
  core::OfferJsonOptions json_opts;
  json_opts.include_raw_json = opts.keep_raw;
  std::string line;
  for (const core::Offer& o : page.offers) {
    line.clear();
    core::AppendOfferJson(line, o, json_opts);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  if (!page.more.empty())
    std::fprintf(stderr, "note: this is one page; the provider reports %zu more page(s)\n", page.more.size());
  return 0;
}

}  // namespace offerscope::proxy
