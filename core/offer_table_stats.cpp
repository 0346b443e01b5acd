// Summaries over a set of rows: the per-GPU price overview and the Pareto frontier that the
// chart draws (the offers worth looking at first: nothing else is both cheaper and better).
#include <algorithm>
#include <limits>

#include "offer_table.hpp"

namespace offerscope::core {

namespace {

double Median(std::vector<double>& values) {
  if (values.empty()) return kUnknown;
  std::size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  double upper = values[mid];
  if (values.size() % 2) return upper;
  double lower = *std::max_element(values.begin(), values.begin() + mid);
  return lower + (upper - lower) / 2;
}

}  // namespace

std::vector<GroupRow> OfferTable::GroupByGpu(const std::vector<std::uint32_t>& rows) const {
  // Columns only: touching each whole Offer would cost a cache miss per row.
  const Column& gpu = columns_[static_cast<int>(Field::kGpu)];
  const Column& provider = columns_[static_cast<int>(Field::kProvider)];
  const std::vector<double>& price = NumberColumn(Field::kPriceUsdPerGpuHour);
  const std::vector<double>& gpu_count = NumberColumn(Field::kGpuCount);
  std::vector<int> provider_of(provider.values.size(), -1);  // provider id -> ProviderId
  for (std::size_t id = 0; id < provider.values.size(); ++id)
    if (auto p = ProviderFromName(provider.values[id])) provider_of[id] = static_cast<int>(*p);
  std::vector<std::uint32_t> group_of(gpu.values.size(), kNoRow);  // gpu id -> group
  std::vector<GroupRow> groups;
  std::vector<std::vector<double>> prices;
  std::vector<std::uint32_t> rank;  // the GPU name's sort rank, per group
  for (std::uint32_t row : rows) {
    std::uint32_t id = gpu.ids[row];
    if (group_of[id] == kNoRow) {
      group_of[id] = static_cast<std::uint32_t>(groups.size());
      groups.push_back(GroupRow{});
      groups.back().gpu = gpu.values[id];
      prices.emplace_back();
      rank.push_back(gpu.rank[row]);
    }
    GroupRow& g = groups[group_of[id]];
    ++g.offers;
    if (gpu_count[row] > 0) g.gpus += static_cast<std::uint32_t>(gpu_count[row]);
    if (provider_of[provider.ids[row]] >= 0) g.providers[provider_of[provider.ids[row]]] = true;
    double p = price[row];
    if (!IsKnown(p)) continue;
    ++g.priced;
    prices[group_of[id]].push_back(p);
    if (!(p >= g.min_usd_per_gpu_hour)) {  // also true while the minimum is still NaN
      g.min_usd_per_gpu_hour = p;
      g.cheapest_row = row;
    }
    if (!(p <= g.max_usd_per_gpu_hour)) g.max_usd_per_gpu_hour = p;
  }
  for (std::size_t i = 0; i < groups.size(); ++i) groups[i].median_usd_per_gpu_hour = Median(prices[i]);

  std::vector<std::size_t> order(groups.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rank[a] < rank[b]; });
  std::vector<GroupRow> sorted;
  sorted.reserve(groups.size());
  for (std::size_t i : order) sorted.push_back(std::move(groups[i]));
  return sorted;
}

std::vector<std::uint32_t> OfferTable::ParetoFrontier(const std::vector<std::uint32_t>& rows, Field y,
                                                      Field x) const {
  const std::vector<double>& xs = NumberColumn(x);
  const std::vector<double>& ys = NumberColumn(y);
  if (xs.empty() || ys.empty()) return {};
  std::vector<std::uint32_t> candidates;
  for (std::uint32_t row : rows)
    if (IsKnown(xs[row]) && IsKnown(ys[row])) candidates.push_back(row);
  // Cheapest first, and the best of equally cheap ones first: then a row is on the frontier
  // exactly when its y beats every y before it (or repeats the point that set it).
  SortRows({{x, false}, {y, true}}, candidates);
  std::vector<std::uint32_t> frontier;
  double best_y = -std::numeric_limits<double>::infinity();
  double best_x = 0;
  for (std::uint32_t row : candidates) {
    if (ys[row] > best_y) {
      best_y = ys[row];
      best_x = xs[row];
      frontier.push_back(row);
    } else if (ys[row] == best_y && xs[row] == best_x) {
      frontier.push_back(row);
    }
  }
  return frontier;
}

}  // namespace offerscope::core
