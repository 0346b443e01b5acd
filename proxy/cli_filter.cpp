// offerscope filter --query Q [--sort KEYS] [--format jsonl|csv] [FILE|-]
// Reads normalized offers (JSON Lines, an array or {"offers":[...]}), keeps those matching
// the query and prints them sorted, with the same code the web app and the proxy use.
#include <cstdio>

#include "core/filter.hpp"
#include "core/offer_json.hpp"
#include "core/offer_table.hpp"
#include "core/query.hpp"
#include "core/view_state.hpp"
#include "proxy/cli.hpp"
#include "proxy/cli_io.hpp"

namespace offerscope::proxy {

namespace {
constexpr const char* kHelp =
    "usage: offerscope filter --query Q [--sort KEYS] [--format jsonl|csv] [FILE|-]\n"
    "  Filters normalized offers (the output of `offerscope normalize`) with a query in\n"
    "  Vast's language plus provider-neutral fields, e.g.\n"
    "    offerscope filter --query 'gpu=H100 gpu_count>=8 price_per_gpu<2.5' --sort price_per_gpu\n"
    "options:\n"
    "  --query Q       the filter (empty: everything)\n"
    "  --sort KEYS     comma-separated fields, '-' in front for descending: -tflops,price_per_gpu\n"
    "  --format F      jsonl (default) or csv\n"
    "exit: 0 ok, 2 bad usage, a query error or malformed input\n";
}  // namespace

int RunFilter(int argc, char** argv) {
  Args args(argc, argv, {"query", "sort", "format"}, {"help"});
  if (args.Flag("help")) return std::fputs(kHelp, stdout), 0;
  if (!args.Error().empty()) return std::fprintf(stderr, "filter: %s\n%s", args.Error().c_str(), kHelp), 2;
  std::string text = args.Value("query").value_or("");
  core::ParsedQuery query;
  core::QueryMessage qerror;
  if (!core::ParseQuery(text, query, qerror))
    return std::fprintf(stderr, "filter: %s\n", FormatQueryError(text, qerror).c_str()), 2;
  core::Result<core::Filter> filter = core::CompileFilter(query);
  if (!filter.ok()) return std::fprintf(stderr, "filter: %s\n", filter.error.c_str()), 2;
  for (const core::QueryMessage& w : query.warnings) std::fprintf(stderr, "warning: %s\n", w.message.c_str());
  for (const auto& w : filter.value.warnings) std::fprintf(stderr, "warning: %s\n", w.message.c_str());
  std::vector<core::SortKey> keys;
  std::string error;
  if (!core::ParseSortKeys(args.Value("sort").value_or(""), keys, error))
    return std::fprintf(stderr, "filter: --sort: %s\n", error.c_str()), 2;
  std::string format = args.Value("format").value_or("jsonl");
  if (format != "jsonl" && format != "csv") return std::fprintf(stderr, "filter: --format must be jsonl or csv\n"), 2;

  std::string input;
  if (!ReadInput(args.Positional().empty() ? "-" : args.Positional()[0], input, error))
    return std::fprintf(stderr, "filter: %s\n", error.c_str()), 2;
  core::Result<std::vector<core::Offer>> offers = core::ParseOffersJson(input);
  if (!offers.ok()) return std::fprintf(stderr, "filter: %s\n", offers.error.c_str()), 2;
  core::OfferTable table;
  table.Assign(std::move(offers.value));
  std::vector<std::uint32_t> rows;
  table.Query(filter.value, keys, rows);

  std::string out = format == "csv" ? core::OfferCsvHeader() : std::string();
  for (std::uint32_t r : rows) {
    if (format == "csv") {
      core::AppendOfferCsvRow(out, table.offer(r));
    } else {
      core::AppendOfferJson(out, table.offer(r));
      out += '\n';
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace offerscope::proxy
