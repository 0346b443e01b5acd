#include "core/offer_table.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/filter.hpp"
#include "core/pricing.hpp"
#include "core/query.hpp"
#include "core/synthetic.hpp"

namespace offerscope::core {
namespace {

using Rows = std::vector<std::uint32_t>;

// ---- Reference implementations the table must agree with ----------------------------------

Rows ReferenceFilter(const std::vector<Offer>& offers, const Filter& filter) {
  Rows rows;
  for (std::uint32_t r = 0; r < offers.size(); ++r)
    if (Matches(filter, offers[r])) rows.push_back(r);
  return rows;
}

// -1 / 0 / 1 with unknown values last in both directions.
int CompareField(const Offer& a, const Offer& b, const SortKey& k) {
  int c = 0;
  switch (Info(k.field).type) {
    case FieldType::kNumber: {
      double x = NumberOf(a, k.field), y = NumberOf(b, k.field);
      if (std::isnan(x) || std::isnan(y)) return std::isnan(x) - std::isnan(y);
      c = x < y ? -1 : x > y ? 1 : 0;
      break;
    }
    case FieldType::kText: {
      std::string_view x = TextOf(a, k.field), y = TextOf(b, k.field);
      if (x.empty() || y.empty()) return int(x.empty()) - int(y.empty());
      c = CompareNatural(x, y);
      break;
    }
    case FieldType::kBool: c = int(BoolOf(a, k.field)) - int(BoolOf(b, k.field)); break;
  }
  return k.descending ? -c : c;
}

void ReferenceSort(const std::vector<Offer>& offers, const std::vector<SortKey>& keys, Rows& rows) {
  std::stable_sort(rows.begin(), rows.end(), [&](std::uint32_t a, std::uint32_t b) {
    for (const SortKey& k : keys)
      if (int c = CompareField(offers[a], offers[b], k)) return c < 0;
    return false;
  });
}

// ---- Random offers and filters ----------------------------------------------------------------

const std::vector<std::string> kGpus = {"H100 SXM 80GB", "h100 sxm 80gb",  "H20 96GB", "RTX 4090",
                                        "RTX 3090",      "A100 PCIe 80GB", "",         "RTX 6000Ada"};
const std::vector<std::string> kCountries = {"US", "us", "CN", "NO", "", "DE"};
const std::vector<std::string> kTiers = {"verified", "unverified", "secure", "community", ""};
const std::vector<double> kPrices = {0.2, 0.25, 0.4, 1.5, 1.7568, 2.69, 0, 3};

double Maybe(std::mt19937& rng, double value) {
  return rng() % 6 == 0 ? kUnknown : value;
}

Offer RandomOffer(std::mt19937& rng, int i) {
  auto pick = [&](const auto& list) { return list[rng() % list.size()]; };
  Offer o;
  o.provider = static_cast<ProviderId>(rng() % kProviderCount);
  o.id = std::to_string(rng() % 50000) + (rng() % 3 ? "" : "@DC-" + std::to_string(i % 7));
  o.source = rng() % 2 ? "runpod" : "";
  o.gpu = pick(kGpus);
  o.gpu_raw = rng() % 2 ? o.gpu : pick(kGpus);
  o.gpu_known = rng() % 2;
  o.gpu_count = static_cast<int>(rng() % 9);
  o.vram_gb = Maybe(rng, std::vector<double>{24, 48, 80, 96}[rng() % 4]);
  o.vcpus = Maybe(rng, static_cast<double>(rng() % 64));
  o.ram_gb = Maybe(rng, static_cast<double>(rng() % 512));
  o.disk_gb = Maybe(rng, static_cast<double>(rng() % 2000) / 4);
  o.base_usd_per_hour = Maybe(rng, pick(kPrices) * (1 + o.gpu_count));
  o.disk_usd_per_gb_hour = rng() % 2 ? 0.00014 : 0;
  o.interruptible = rng() % 4 == 0;
  o.bid_usd_per_hour = Maybe(rng, pick(kPrices));
  o.tflops_fp16 = Maybe(rng, std::vector<double>{165.2, 989.5, 71, 312, -0.0}[rng() % 5]);
  o.tflops_fp32 = Maybe(rng, static_cast<double>(rng() % 100));
  o.mem_bandwidth_gb_s = Maybe(rng, std::vector<double>{3350, 1008, 936.2}[rng() % 3]);
  o.country = pick(kCountries);
  o.region = rng() % 2 ? "Guangxi, " + o.country : "united_states";
  o.reliability = Maybe(rng, static_cast<double>(rng() % 1000) / 1000);
  o.inet_down_mbps = Maybe(rng, static_cast<double>(rng() % 1000));
  o.inet_up_mbps = Maybe(rng, static_cast<double>(rng() % 1000));
  o.interconnect = rng() % 2 ? "SXM5" : "PCIe";
  o.stock = std::vector<std::string>{"available", "low", "", "high"}[rng() % 4];
  o.tier = pick(kTiers);
  o.quoted_at = "2025-11-0" + std::to_string(1 + rng() % 9) + "T00:00:00Z";
  FinishPrices(o, 100);
  return o;
}

Condition RandomCondition(std::mt19937& rng, const std::vector<Offer>& offers) {
  Condition c;
  c.field = static_cast<Field>(rng() % kFieldCount);
  c.op = static_cast<Op>(rng() % 8);
  const Offer& sample = offers[rng() % offers.size()];
  std::size_t values = (c.op == Op::kIn || c.op == Op::kNotIn) ? 1 + rng() % 3 : 1;
  for (std::size_t i = 0; i < values; ++i) {
    const Offer& o = offers[rng() % offers.size()];
    switch (Info(c.field).type) {
      case FieldType::kNumber:
        if (rng() % 10 == 0)
          c.texts.push_back("abc");  // exercises the row-by-row path
        else
          c.numbers.push_back(IsKnown(NumberOf(o, c.field)) ? NumberOf(o, c.field) : 1.5);
        break;
      case FieldType::kText: {
        // Conditions hold folded text (CompileFilter's form); an unfolded one never matches.
        std::string text(TextOf(rng() % 2 ? o : sample, c.field));
        c.texts.push_back(rng() % 4 ? FoldText(text) : text);
        break;
      }
      case FieldType::kBool:
        if (rng() % 2)
          c.numbers.push_back(rng() % 2);
        else
          c.texts.push_back(rng() % 2 ? "true" : "false");
        break;
    }
  }
  return c;
}

std::vector<Offer> RandomOffers(std::mt19937& rng, int n) {
  std::vector<Offer> offers;
  offers.reserve(n);
  for (int i = 0; i < n; ++i) offers.push_back(RandomOffer(rng, i));
  return offers;
}

std::vector<SortKey> RandomKeys(std::mt19937& rng) {
  std::vector<SortKey> keys;
  for (std::size_t i = 1 + rng() % 4; i > 0; --i)
    keys.push_back({static_cast<Field>(rng() % kFieldCount), rng() % 2 == 0});
  return keys;
}

// ---- Filtering -----------------------------------------------------------------------------

TEST(OfferTableFilter, GivesExactlyTheRowsMatchesAcceptsOnRandomOffers) {
  std::mt19937 rng(1234);
  std::vector<Offer> offers = RandomOffers(rng, 3000);
  OfferTable table;
  table.Assign(offers);
  Rows rows;
  for (int trial = 0; trial < 1500; ++trial) {
    Filter filter;
    for (std::size_t i = rng() % 4; i > 0; --i) filter.conditions.push_back(RandomCondition(rng, offers));
    table.FilterRows(filter, rows);
    ASSERT_EQ(rows, ReferenceFilter(offers, filter)) << "trial " << trial;
  }
}

TEST(OfferTableFilter, CompiledQueriesGiveTheSameRowsAsMatchesOnSyntheticOffers) {
  std::vector<Offer> offers = GenerateOffers(20000, 42);
  OfferTable table;
  table.Assign(offers);
  const char* queries[] = {
      "gpu=H100",
      "gpu_name=RTX_4090 num_gpus>=2",
      "gpu in [A100,L40S] price_per_gpu<1.5 verified=true",
      "geolocation notin [CN,US] reliability>0.95",
      "provider=prime gpu_ram>=48 tier=secure",
      "dph<2 cpu_ram>64 inet_down>500 stock!=low",
      "interruptible=false tflops>=300 price_per_tflop<0.01",
      "country=us region!=united_states gpu_count in [1,8]",
      "bid<0.5 disk_gb>=100 mem_bw>1000",
      "provider notin [vast] price>=0 quoted_at>2020",
  };
  Rows rows;
  for (const char* text : queries) {
    ParsedQuery parsed;
    QueryMessage error;
    ASSERT_TRUE(ParseQuery(text, parsed, error)) << text << ": " << error.message;
    Result<Filter> filter = CompileFilter(parsed);
    ASSERT_TRUE(filter.ok()) << text << ": " << filter.error;
    table.FilterRows(filter.value, rows);
    Rows expected = ReferenceFilter(offers, filter.value);
    EXPECT_EQ(rows, expected) << text;
    EXPECT_GT(rows.size(), 100u) << text;  // each query selects some, not all, of the offers
    EXPECT_LT(rows.size(), offers.size()) << text;
  }
}

TEST(OfferTableFilter, NarrowingSortedRowsGivesTheStricterQuerysRowsInOrder) {
  std::vector<Offer> offers = GenerateOffers(20000, 7);
  OfferTable table;
  table.Assign(offers);
  const std::vector<SortKey> sort = {{Field::kGpuCount, true}, {Field::kPriceUsdPerGpuHour, false}};
  // A query as it is typed: each one refines the one before.
  const char* queries[] = {"", "gpu_count>=1", "gpu_count>=2", "gpu_count>=2 vram_gb>=2", "gpu_count>=2 vram_gb>=24",
                           "gpu_count>=2 vram_gb>=24 country notin [CN]"};
  Rows narrowed;
  table.Query(Filter{}, sort, narrowed);
  Filter previous;
  for (const char* text : queries) {
    ParsedQuery parsed;
    QueryMessage error;
    ASSERT_TRUE(ParseQuery(text, parsed, error)) << text;
    Result<Filter> filter = CompileFilter(parsed);
    ASSERT_TRUE(filter.ok()) << text;
    ASSERT_TRUE(Refines(filter.value, previous)) << text;
    table.NarrowRows(filter.value, narrowed);
    Rows full;
    table.Query(filter.value, sort, full);
    EXPECT_EQ(narrowed, full) << text;
    previous = filter.value;
  }
  EXPECT_GT(narrowed.size(), 100u);
}

TEST(OfferTableFilter, EmptyFilterKeepsEveryRowInOrder) {
  std::mt19937 rng(3);
  OfferTable table;
  table.Assign(RandomOffers(rng, 50));
  Rows rows;
  table.FilterRows(Filter{}, rows);
  ASSERT_EQ(rows.size(), 50u);
  EXPECT_TRUE(std::is_sorted(rows.begin(), rows.end()));
  OfferTable empty;
  empty.FilterRows(Filter{}, rows);
  EXPECT_TRUE(rows.empty());
}

// ---- Sorting -------------------------------------------------------------------------------

TEST(OfferTableSort, MatchesAStableComparisonSortOnRandomKeys) {
  std::mt19937 rng(77);
  std::vector<Offer> offers = RandomOffers(rng, 2500);
  OfferTable table;
  table.Assign(offers);
  for (int trial = 0; trial < 400; ++trial) {
    std::vector<SortKey> keys = RandomKeys(rng);
    Rows rows(offers.size());
    for (std::uint32_t i = 0; i < rows.size(); ++i) rows[i] = i;
    if (trial % 2) std::shuffle(rows.begin(), rows.end(), rng);  // any incoming order
    if (trial % 3 == 0) rows.resize(rng() % rows.size());        // any subset, small ones too
    Rows expected = rows;
    ReferenceSort(offers, keys, expected);
    table.SortRows(keys, rows);
    ASSERT_EQ(rows, expected) << "trial " << trial;
  }
}

TEST(OfferTableSort, KeysWiderThan64BitsStillSortCorrectly) {
  // Five high-cardinality number keys need about 5 x 14 bits: the last ones break ties
  // with the comparison fallback.
  std::mt19937 rng(8);
  std::vector<Offer> offers(10000);
  for (Offer& o : offers) {
    o.ram_gb = static_cast<double>(rng() % 3);  // many ties on the first keys
    o.vcpus = static_cast<double>(rng() % 2);
    o.disk_gb = static_cast<double>(rng() % 10000);
    o.inet_down_mbps = static_cast<double>(rng() % 10000);
    o.inet_up_mbps = static_cast<double>(rng() % 10000);
    o.reliability = static_cast<double>(rng() % 10000) / 10000;
    o.tflops_fp32 = static_cast<double>(rng() % 10000);
    o.base_usd_per_hour = static_cast<double>(rng() % 10000);
  }
  std::vector<SortKey> keys = {{Field::kRamGb, false},        {Field::kDiskGb, true},
                               {Field::kInetDownMbps, false}, {Field::kInetUpMbps, true},
                               {Field::kReliability, false},  {Field::kTflopsFp32, true},
                               {Field::kVcpus, false}};
  OfferTable table;
  table.Assign(offers);
  Rows rows(offers.size());
  for (std::uint32_t i = 0; i < rows.size(); ++i) rows[i] = i;
  Rows expected = rows;
  ReferenceSort(offers, keys, expected);
  table.SortRows(keys, rows);
  EXPECT_EQ(rows, expected);
}

std::vector<Offer> PricedOffers(const std::vector<double>& prices) {
  std::vector<Offer> offers;
  for (double p : prices) {
    Offer o;
    o.gpu_count = 1;
    o.base_usd_per_hour = p;
    FinishPrices(o, 0);
    offers.push_back(o);
  }
  return offers;
}

TEST(OfferTableSort, UnknownPricesComeLastInBothDirections) {
  OfferTable table;
  table.Assign(PricedOffers({2.0, kUnknown, 1.0, 3.0, kUnknown, 1.0}));
  Rows rows = {0, 1, 2, 3, 4, 5};
  table.SortRows({{Field::kPriceUsdPerGpuHour, false}}, rows);
  EXPECT_EQ(rows, (Rows{2, 5, 0, 3, 1, 4}));
  rows = {0, 1, 2, 3, 4, 5};
  table.SortRows({{Field::kPriceUsdPerGpuHour, true}}, rows);
  EXPECT_EQ(rows, (Rows{3, 0, 2, 5, 1, 4}));
}

TEST(OfferTableSort, IsStableForTheIncomingOrder) {
  OfferTable table;
  table.Assign(PricedOffers({1.0, 1.0, 0.5, 1.0}));
  Rows rows = {3, 1, 0, 2};
  table.SortRows({{Field::kPriceUsdPerHour, false}}, rows);
  EXPECT_EQ(rows, (Rows{2, 3, 1, 0}));
  rows = {3, 1, 0, 2};
  table.SortRows({}, rows);  // no keys: untouched
  EXPECT_EQ(rows, (Rows{3, 1, 0, 2}));
}

TEST(OfferTableSort, TextSortsNaturallyIgnoringCaseWithEmptyLast) {
  std::vector<Offer> offers(6);
  const char* gpus[] = {"RTX 4090", "H100 SXM", "", "H20", "rtx 3090", "RTX 6000Ada"};
  for (int i = 0; i < 6; ++i) offers[i].gpu = gpus[i];
  OfferTable table;
  table.Assign(offers);
  Rows rows = {0, 1, 2, 3, 4, 5};
  table.SortRows({{Field::kGpu, false}}, rows);
  EXPECT_EQ(rows, (Rows{3, 1, 4, 0, 5, 2}));
  table.SortRows({{Field::kGpu, true}}, rows);
  EXPECT_EQ(rows, (Rows{5, 0, 4, 1, 3, 2}));
  EXPECT_LT(CompareNatural("H20", "H100"), 0);
  EXPECT_LT(CompareNatural("a9", "A10"), 0);
  EXPECT_LT(CompareNatural("x007", "x7"), 0);  // equal numbers: bytes decide
  EXPECT_EQ(CompareNatural("same", "same"), 0);
}

TEST(OfferTableSort, NaturalSortKeysOrderLikeCompareNatural) {
  std::mt19937 rng(21);
  const std::string alphabet = "aAbB09 0-._x9\xC3\xA9";
  auto random_text = [&] {
    std::string s(rng() % 8, ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    if (rng() % 5 == 0) s += std::string(300, '7');  // a digit run longer than 255
    return s;
  };
  for (int i = 0; i < 20000; ++i) {
    std::string a = random_text(), b = random_text();
    int natural = CompareNatural(a, b);
    int keys = NaturalSortKey(a).compare(NaturalSortKey(b));
    ASSERT_EQ(natural, keys < 0 ? -1 : keys > 0 ? 1 : 0) << "'" << a << "' vs '" << b << "'";
    ASSERT_EQ(natural, -CompareNatural(b, a));
  }
}

// ---- Real offers: the Prime Intellect capture of 2025-11 -------------------------------------

std::vector<Offer> PrimeFixtureOffers() {
  std::ifstream in(std::string(OFFERSCOPE_FIXTURES_DIR) + "/primeintellect/availability-gpus-2025-11.json");
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json page = nlohmann::json::parse(text.str(), nullptr, false);
  std::vector<Offer> offers;
  for (const auto& item : page["items"]) {
    Offer o;
    o.provider = ProviderId::kPrimeIntellect;
    o.id = item["cloudId"].get<std::string>() + "@" + item["dataCenter"].get<std::string>();
    o.gpu_raw = item["gpuType"].get<std::string>();
    o.gpu = o.gpu_raw;
    o.gpu_count = item["gpuCount"].get<int>();
    o.vram_gb = item["gpuMemory"].get<double>() / o.gpu_count;
    o.base_usd_per_hour = item["prices"]["onDemand"].get<double>();
    o.disk_usd_per_gb_hour = item["disk"]["pricePerUnit"].get<double>();
    o.disk_min_gb = item["disk"]["minCount"].get<double>();
    o.country = item["country"].get<std::string>();
    o.interconnect = item["socket"].get<std::string>();
    FinishPrices(o, 100);
    offers.push_back(o);
  }
  return offers;
}

TEST(OfferTableRealData, SortsTheCapturedPrimePageByPriceThenDataCenter) {
  std::vector<Offer> offers = PrimeFixtureOffers();
  ASSERT_EQ(offers.size(), 8u);
  OfferTable table;
  table.Assign(offers);
  Rows rows;
  table.Query(Filter{}, {{Field::kPriceUsdPerGpuHour, false}, {Field::kId, true}}, rows);
  std::vector<std::string> ids;
  for (std::uint32_t r : rows) ids.push_back(table.offer(r).id);
  EXPECT_EQ(ids, (std::vector<std::string>{"NVIDIA A100 80GB PCIe@US-KS-2",  // 1.6568 + 120 GB x 0.00014
                                           "NVIDIA A100-SXM4-80GB@US-WA-1", "NVIDIA A100-SXM4-80GB@US-MO-1",
                                           "NVIDIA A100-SXM4-80GB@US-KS-2", "NVIDIA A100-SXM4-80GB@US-CA-2",
                                           "NVIDIA H100 PCIe@CA-MTL-3", "NVIDIA H100 80GB HBM3@CA-MTL-3",
                                           "NVIDIA H100 80GB HBM3@CA-MTL-1"}));
  EXPECT_DOUBLE_EQ(table.Number(rows[0], Field::kPriceUsdPerGpuHour), 1.6568 + 0.0168);

  std::vector<GroupRow> groups = table.GroupByGpu(rows);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].gpu, "A100_80GB");
  EXPECT_EQ(groups[0].offers, 5u);
  EXPECT_DOUBLE_EQ(groups[0].min_usd_per_gpu_hour, 1.6736);
  EXPECT_DOUBLE_EQ(groups[0].median_usd_per_gpu_hour, 1.7736);
  EXPECT_DOUBLE_EQ(groups[0].max_usd_per_gpu_hour, 1.7736);
  EXPECT_EQ(table.offer(groups[0].cheapest_row).id, "NVIDIA A100 80GB PCIe@US-KS-2");
  EXPECT_EQ(groups[1].gpu, "H100_80GB");
  EXPECT_DOUBLE_EQ(groups[1].median_usd_per_gpu_hour, 2.7236);
  EXPECT_TRUE(groups[1].providers[static_cast<int>(ProviderId::kPrimeIntellect)]);
  EXPECT_FALSE(groups[1].providers[static_cast<int>(ProviderId::kVast)]);

  // Every offer has 80 GB: the frontier of $/GPU-h against VRAM is the cheapest offer.
  EXPECT_EQ(table.ParetoFrontier(rows, Field::kVramGb), (Rows{0}));
}

TEST(OfferTableRealData, RepriceFollowsTheDiskSize) {
  OfferTable table;
  table.Assign(PrimeFixtureOffers());
  table.Reprice(1000);  // 1000 GB x 0.00014 = 0.14 $/h on every offer
  EXPECT_DOUBLE_EQ(table.Number(0, Field::kPriceUsdPerHour), 1.6568 + 0.14);
  EXPECT_DOUBLE_EQ(table.offer(0).price_usd_per_hour, 1.6568 + 0.14);
  Rows rows = {7, 6, 5, 4, 3, 2, 1, 0};
  table.SortRows({{Field::kPriceUsdPerHour, true}}, rows);
  // 2.7068 twice: the tie keeps the incoming order (row 6 before row 5).
  EXPECT_EQ(table.offer(rows[0]).id, "NVIDIA H100 80GB HBM3@CA-MTL-3");
  EXPECT_EQ(table.offer(rows[1]).id, "NVIDIA H100 80GB HBM3@CA-MTL-1");
}

// ---- Summaries -----------------------------------------------------------------------------

TEST(OfferTableStats, GroupsCountGpusProvidersAndTheMedianOfEvenGroups) {
  std::vector<Offer> offers = PricedOffers({4.0, 1.0, kUnknown, 2.0, 8.0});
  const ProviderId providers[] = {ProviderId::kVast, ProviderId::kDispersed, ProviderId::kVast,
                                  ProviderId::kVast, ProviderId::kVast};
  const char* gpus[] = {"RTX 4090", "RTX 4090", "RTX 4090", "RTX 4090", "A40"};
  for (int i = 0; i < 5; ++i) offers[i].provider = providers[i], offers[i].gpu = gpus[i];
  offers[2].gpu_count = 8;
  OfferTable table;
  table.Assign(offers);
  std::vector<GroupRow> groups = table.GroupByGpu({0, 1, 2, 3, 4});
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].gpu, "A40");
  EXPECT_EQ(groups[1].gpu, "RTX 4090");
  EXPECT_EQ(groups[1].offers, 4u);
  EXPECT_EQ(groups[1].gpus, 11u);
  EXPECT_EQ(groups[1].priced, 3u);
  EXPECT_EQ(groups[1].min_usd_per_gpu_hour, 1.0);
  EXPECT_EQ(groups[1].median_usd_per_gpu_hour, 2.0);
  EXPECT_EQ(groups[1].max_usd_per_gpu_hour, 4.0);
  EXPECT_EQ(groups[1].cheapest_row, 1u);
  EXPECT_TRUE(groups[1].providers[static_cast<int>(ProviderId::kDispersed)]);
  EXPECT_FALSE(groups[1].providers[static_cast<int>(ProviderId::kPrimeIntellect)]);
  groups = table.GroupByGpu({0, 1});
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].median_usd_per_gpu_hour, 2.5);
  EXPECT_TRUE(table.GroupByGpu({}).empty());
}

TEST(OfferTableStats, ParetoFrontierKeepsOnlyUnbeatenOffersByPrice) {
  //                      0     1     2     3     4     5    6     7
  std::vector<double> price = {1.0, 2.0, 2.0, 3.0, 0.5, 2.0, kUnknown, 3.0};
  std::vector<double> tflops = {100, 300, 200, 250, 50, 300, 900, 400};
  std::vector<Offer> offers = PricedOffers(price);
  for (std::size_t i = 0; i < offers.size(); ++i) offers[i].tflops_fp16 = tflops[i];
  offers[7].tflops_fp16 = kUnknown;
  OfferTable table;
  table.Assign(offers);
  Rows all = {0, 1, 2, 3, 4, 5, 6, 7};
  // 4 (0.5, 50), 0 (1, 100), 1 and 5 (2, 300: the same point twice); 2 and 3 are beaten,
  // 6 and 7 have an unknown figure.
  EXPECT_EQ(table.ParetoFrontier(all, Field::kTflopsFp16), (Rows{4, 0, 1, 5}));
  EXPECT_EQ(table.ParetoFrontier({3, 2}, Field::kTflopsFp16), (Rows{2, 3}));
  EXPECT_TRUE(table.ParetoFrontier({}, Field::kTflopsFp16).empty());
}

// ---- Building ------------------------------------------------------------------------------

TEST(OfferTableBuild, AppendKeepsRowsAndInternsNewValues) {
  std::mt19937 rng(11);
  std::vector<Offer> first = RandomOffers(rng, 40), second = RandomOffers(rng, 30);
  second[0].gpu = "B200 192GB";  // a value the first batch did not have
  OfferTable table;
  table.Assign(first);
  std::size_t gpus_before = table.CategoryCount(Field::kGpu);
  table.Append(second);
  ASSERT_EQ(table.size(), 70u);
  EXPECT_EQ(table.offer(40).id, second[0].id);
  EXPECT_EQ(table.Text(40, Field::kGpu), "B200 192GB");
  EXPECT_EQ(table.CategoryCount(Field::kGpu), gpus_before + 1);
  EXPECT_EQ(table.CategoryName(Field::kGpu, table.Category(40, Field::kGpu)), "B200 192GB");
  EXPECT_EQ(table.CategoryName(Field::kInterruptible, 1), "true");
  EXPECT_TRUE(std::isnan(table.Number(0, Field::kGpu)));
  EXPECT_EQ(table.Text(0, Field::kVramGb), "");

  std::vector<Offer> all = first;
  all.insert(all.end(), second.begin(), second.end());
  Rows rows(70), expected;
  for (std::uint32_t i = 0; i < 70; ++i) rows[i] = i;
  expected = rows;
  std::vector<SortKey> keys = {{Field::kGpu, false}, {Field::kPriceUsdPerHour, true}};
  ReferenceSort(all, keys, expected);
  table.SortRows(keys, rows);
  EXPECT_EQ(rows, expected);

  OfferTable copy = table;  // a copy interns alike and keeps working on its own
  table.Clear();
  EXPECT_EQ(table.size(), 0u);
  EXPECT_EQ(copy.Text(40, Field::kGpu), "B200 192GB");
  copy.Append({second[0]});
  EXPECT_EQ(copy.Category(70, Field::kGpu), copy.Category(40, Field::kGpu));
  rows.resize(70);
  copy.SortRows(keys, rows);
  EXPECT_EQ(rows, expected);
}

// 100,000 offers, a three-condition filter and a two-key sort. Correctness against the
// reference always; the time is printed (unit tests run unoptimized: no bound asserted).
TEST(OfferTablePerformance, QueriesOneHundredThousandOffers) {
  std::mt19937 rng(100000);
  std::vector<Offer> offers = RandomOffers(rng, 100000);
  OfferTable table;
  auto t0 = std::chrono::steady_clock::now();
  table.Assign(offers);
  auto t1 = std::chrono::steady_clock::now();
  Filter filter;
  filter.conditions.push_back({Field::kGpuCount, Op::kGte, {1}, {}});
  filter.conditions.push_back({Field::kPriceUsdPerGpuHour, Op::kLt, {2.5}, {}});
  filter.conditions.push_back({Field::kCountry, Op::kNotIn, {}, {"CN"}});
  std::vector<SortKey> keys = {{Field::kGpu, false}, {Field::kPriceUsdPerGpuHour, false}};
  Rows rows;
  table.Query(filter, keys, rows);
  auto t2 = std::chrono::steady_clock::now();
  Rows expected = ReferenceFilter(offers, filter);
  ReferenceSort(offers, keys, expected);
  EXPECT_EQ(rows, expected);
  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  std::printf("[ info ] 100k offers: Assign %.1f ms, Query (%zu rows) %.2f ms\n", ms(t0, t1), rows.size(),
              ms(t1, t2));
}

}  // namespace
}  // namespace offerscope::core
