// offerscope plan --provider P --query Q [--order O] [--type T] [--storage GB] [--limit N]
//                 [--no-default]
// Prints the upstream requests a query makes, one JSON object per line:
// {"method","path","query":{name: value or [values]},"body": JSON or null}.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/providers/registry.hpp"
#include "core/query.hpp"
#include "proxy/cli.hpp"
#include "proxy/cli_io.hpp"

namespace offerscope::proxy {

namespace {
constexpr const char* kHelp =
    "usage: offerscope plan --provider vast|primeintellect|dispersed --query Q [options]\n"
    "  Prints the HTTP requests OfferScope sends upstream for a query (Vast: the same JSON\n"
    "  the official `vastai search offers` CLI sends for the same inputs).\n"
    "options:\n"
    "  --query Q        the query, e.g. 'gpu_name=RTX_4090 num_gpus>=2 reliability>0.98'\n"
    "  --order O        Vast order, e.g. 'num_gpus,total_flops-' (default score-)\n"
    "  --type T         on-demand (default) | bid | interruptible | reserved\n"
    "  --storage GB     disk priced into Vast's dph_total (default 5)\n"
    "  --limit N        maximum offers to ask for\n"
    "  --no-default     do not add Vast's default query (verified, rentable, ...)\n"
    "exit: 0 ok, 2 bad usage or a query error (shown with its position)\n";

nlohmann::json QueryObject(const core::HttpRequest& r) {
  nlohmann::json q = nlohmann::json::object();
  for (const auto& [k, v] : r.query) {
    if (!q.contains(k)) {
      q[k] = v;
    } else {
      if (!q[k].is_array()) q[k] = nlohmann::json::array({q[k]});
      q[k].push_back(v);
    }
  }
  return q;
}
}  // namespace

int RunPlan(int argc, char** argv) {
  Args args(argc, argv, {"provider", "query", "order", "type", "storage", "limit"}, {"no-default", "help"});
  if (args.Flag("help")) return std::fputs(kHelp, stdout), 0;
  if (!args.Error().empty()) return std::fprintf(stderr, "plan: %s\n%s", args.Error().c_str(), kHelp), 2;
  std::optional<core::ProviderId> id = core::ProviderFromName(args.Value("provider").value_or(""));
  if (!id) return std::fprintf(stderr, "plan: --provider must be vast, primeintellect or dispersed\n"), 2;
  std::string text = args.Value("query").value_or("");
  core::ParsedQuery query;
  core::QueryMessage error;
  if (!core::ParseQuery(text, query, error)) return std::fprintf(stderr, "plan: %s\n", FormatQueryError(text, error).c_str()), 2;
  for (const core::QueryMessage& w : query.warnings) std::fprintf(stderr, "warning: %s\n", w.message.c_str());

  core::PlanOptions options;
  options.query = &query;
  options.order = args.Value("order").value_or("");
  options.type = args.Value("type").value_or("on-demand");
  if (options.type != "on-demand" && options.type != "bid" && options.type != "interruptible" && options.type != "reserved")
    return std::fprintf(stderr, "plan: --type must be on-demand, bid, interruptible or reserved\n"), 2;
  char* end = nullptr;
  if (auto s = args.Value("storage")) {
    options.storage_gb = std::strtod(s->c_str(), &end);
    if (*end || options.storage_gb < 0) return std::fprintf(stderr, "plan: --storage must be a number of GB\n"), 2;
  }
  if (auto l = args.Value("limit")) {
    long v = std::strtol(l->c_str(), &end, 10);
    if (*end || v <= 0) return std::fprintf(stderr, "plan: --limit must be a positive whole number\n"), 2;
    options.limit = static_cast<int>(v);
  }
  options.no_default = args.Flag("no-default");
  for (const core::HttpRequest& r : core::GetProvider(*id).plan_offers(options)) {
    nlohmann::json line = {{"method", r.method}, {"path", r.path}, {"query", QueryObject(r)}};
    nlohmann::json body = r.body.empty() ? nlohmann::json(nullptr) : nlohmann::json::parse(r.body, nullptr, false);
    line["body"] = body.is_discarded() ? nlohmann::json(r.body) : body;
    std::printf("%s\n", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  }
  return 0;
}

}  // namespace offerscope::proxy
