#include "core/view_state.hpp"

#include <random>
#include <string>

#include <gtest/gtest.h>

namespace offerscope::core {
using nlohmann::json;

// Readable failures: the state as JSON, with non-UTF-8 bytes replaced.
void PrintTo(const ViewState& s, std::ostream* os) {
  *os << ViewStateToJson(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {

std::string Join(const std::vector<std::string>& notices) {
  std::string out;
  for (const std::string& n : notices) out += n + "\n";
  return out;
}

TEST(ViewStateFragment, AllDefaultsEncodeToJustTheVersion) {
  EXPECT_EQ(EncodeFragment(ViewState{}), "v=1");
  DecodedView d = DecodeFragment("");
  EXPECT_EQ(d.state, ViewState{});
  EXPECT_TRUE(d.notices.empty());
}

TEST(ViewStateFragment, EncodesTheDocumentedExampleByteForByte) {
  ViewState s;
  s.query = "gpu=H100 gpu_count>=8";
  s.sort = {{Field::kPriceUsdPerGpuHour, false}};
  EXPECT_EQ(EncodeFragment(s), "q=gpu%3DH100+gpu_count%3E%3D8&sort=price_per_gpu&v=1");
  s.sort = {{Field::kTflopsFp16, true}, {Field::kPriceUsdPerGpuHour, false}};
  EXPECT_EQ(EncodeFragment(s), "q=gpu%3DH100+gpu_count%3E%3D8&sort=-tflops,price_per_gpu&v=1");
}

TEST(ViewStateFragment, DecodesTheDocumentedExampleWithItsHash) {
  DecodedView d = DecodeFragment("#q=gpu%3DH100+gpu_count%3E%3D8&sort=price_per_gpu&v=1");
  EXPECT_TRUE(d.notices.empty()) << Join(d.notices);
  EXPECT_EQ(d.state.query, "gpu=H100 gpu_count>=8");
  ASSERT_EQ(d.state.sort.size(), 1u);
  EXPECT_EQ(d.state.sort[0], (SortKey{Field::kPriceUsdPerGpuHour, false}));
  // The same from a whole address bar.
  DecodedView url = DecodeFragment("https://offerscope.example/app/#q=a&v=1");
  EXPECT_EQ(url.state.query, "a");
}

TEST(ViewStateFragment, WritesEverySettingReadably) {
  ViewState s;
  s.query = "gpu_name in [\"RTX 4090\",H100] reliability>0.99";
  s.providers = {ProviderId::kVast, ProviderId::kDispersed};
  s.columns = {Field::kGpu, Field::kPriceUsdPerGpuHour};
  s.disk_gb = 250;
  s.hours = 0.5;
  s.interruptible = true;
  s.compare = {"vast:11684738", "primeintellect:NVIDIA H100 PCIe@CA-MTL-3"};
  s.chart.y = "vram_gb";
  s.chart.log_x = true;
  s.chart.color_by = "none";
  s.chart.x_max = 4.5;
  EXPECT_EQ(EncodeFragment(s),
            "q=gpu_name+in+%5B%22RTX+4090%22,H100%5D+reliability%3E0.99"
            "&providers=vast,dispersed&cols=gpu,price_per_gpu&disk=250&hours=0.5"
            "&interruptible=1&compare=vast:11684738,primeintellect:NVIDIA+H100+PCIe@CA-MTL-3"
            "&y=vram_gb&logx=1&color=none&xmax=4.5&v=1");
  DecodedView d = DecodeFragment(EncodeFragment(s));
  EXPECT_TRUE(d.notices.empty()) << Join(d.notices);
  EXPECT_EQ(d.state, s);
}

TEST(ViewStateFragment, CommasInsideListItemsSurviveTheRoundTrip) {
  ViewState s;
  s.compare = {"primeintellect:a,b@c", "vast:1"};
  std::string f = EncodeFragment(s);
  EXPECT_EQ(f, "compare=primeintellect:a%2Cb@c,vast:1&v=1");
  EXPECT_EQ(DecodeFragment(f).state.compare, s.compare);
}

TEST(ViewStateFragment, NewerVersionGivesANoticeButKnownKeysStillApply) {
  DecodedView d = DecodeFragment("v=2&q=x&zz=1&sort=-tflops,price_per_gpu&layout=wide%2Bdark");
  ASSERT_EQ(d.notices.size(), 1u) << Join(d.notices);
  EXPECT_NE(d.notices[0].find("newer OfferScope (v=2)"), std::string::npos);
  EXPECT_EQ(d.state.version, 2);
  EXPECT_EQ(d.state.query, "x");
  EXPECT_EQ(d.state.sort,
            (std::vector<SortKey>{{Field::kTflopsFp16, true}, {Field::kPriceUsdPerGpuHour, false}}));
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(d.state.unknown, (Pairs{{"zz", "1"}, {"layout", "wide+dark"}}));
  // Unknown keys are written back, in order, after the known ones.
  EXPECT_EQ(EncodeFragment(d.state), "q=x&sort=-tflops,price_per_gpu&zz=1&layout=wide%2Bdark&v=2");
}

TEST(ViewStateFragment, BadPiecesGiveNoticesAndTheRestIsKept) {
  DecodedView d = DecodeFragment(
      "q=ok&disk=-5&hours=0&sort=tflops,bogus,-price&providers=vast,aws&x=gpu&logx=maybe"
      "&compare=vast:1,nocolon,aws:2&cols=vram_gb,nope&q2=%zz&=7&xmin=abc&v=one&color=gpu");
  const ViewState& s = d.state;
  EXPECT_EQ(s.query, "ok");
  EXPECT_EQ(s.disk_gb, 100);
  EXPECT_EQ(s.hours, 1);
  EXPECT_EQ(s.sort, (std::vector<SortKey>{{Field::kTflopsFp16, false}, {Field::kPriceUsdPerHour, true}}));
  EXPECT_EQ(s.providers, std::vector<ProviderId>{ProviderId::kVast});
  EXPECT_EQ(s.chart.x, "price_per_gpu");  // gpu is not a number axis
  EXPECT_EQ(s.chart.color_by, "gpu");
  EXPECT_FALSE(s.chart.log_x);
  EXPECT_EQ(s.compare, std::vector<std::string>{"vast:1"});
  EXPECT_EQ(s.columns, std::vector<Field>{Field::kVramGb});
  EXPECT_TRUE(std::isnan(s.chart.x_min));
  EXPECT_EQ(s.version, 1);
  EXPECT_TRUE(s.unknown.empty());
  std::string all = Join(d.notices);
  for (const char* expected :
       {"Ignored '-5' (expected GB of disk, 0 or more) in 'disk'.",
        "Ignored '0' (expected a number of hours above 0) in 'hours'.",
        "Ignored unknown sort field 'bogus' in 'sort'.", "Ignored unknown provider 'aws' in 'providers'.",
        "Ignored chart axis 'gpu' is not a number field in 'x'.",
        "Ignored 'maybe' (expected 1 or 0) in 'logx'.",
        "Ignored not an offer reference (provider:id): 'nocolon' in 'compare'.",
        "Ignored unknown column 'nope' in 'cols'.", "Ignored 'q2=%zz': it has a broken %-escape.",
        "Ignored '=7': it has no name.", "Ignored 'abc' (expected a number) in 'xmin'.",
        "Ignored 'one' (expected a version number) in 'v'."})
    EXPECT_NE(all.find(expected), std::string::npos) << expected << "\nin:\n" << all;
  EXPECT_EQ(d.notices.size(), 13u) << all;  // aws:2 in compare as well
}

TEST(ViewStateFragment, CanonicalizesProvidersAndDropsRepeats) {
  DecodedView d = DecodeFragment("providers=prime,vastai,prime&compare=prime:x,primeintellect:x");
  EXPECT_TRUE(d.notices.empty()) << Join(d.notices);
  EXPECT_EQ(d.state.providers, (std::vector<ProviderId>{ProviderId::kPrimeIntellect, ProviderId::kVast}));
  EXPECT_EQ(d.state.compare, std::vector<std::string>{"primeintellect:x"});
}

TEST(ViewStateFragment, KeepsAtMostSixOffersToCompare) {
  DecodedView d = DecodeFragment("compare=vast:1,vast:2,vast:3,vast:4,vast:5,vast:6,vast:7");
  EXPECT_EQ(d.state.compare.size(), 6u);
  EXPECT_EQ(d.state.compare.back(), "vast:6");
  ASSERT_EQ(d.notices.size(), 1u);
  EXPECT_EQ(d.notices[0], "Only the first 6 offers to compare were kept.");
}

TEST(ViewStateFragment, RepeatedKeyUsesTheLastOne) {
  DecodedView d = DecodeFragment("q=a&q=b");
  EXPECT_EQ(d.state.query, "b");
  ASSERT_EQ(d.notices.size(), 1u);
  EXPECT_EQ(d.notices[0], "'q' appears more than once; the last one is used.");
}

TEST(ViewStateFragment, AcceptsVastStyleSortSuffixes) {
  std::vector<SortKey> keys;
  std::string error;
  ASSERT_TRUE(ParseSortKeys("num_gpus-, price_per_gpu+ ,,-tflops", keys, error)) << error;
  EXPECT_EQ(keys,
            (std::vector<SortKey>{
                {Field::kGpuCount, true}, {Field::kPriceUsdPerGpuHour, false}, {Field::kTflopsFp16, true}}));
  EXPECT_EQ(SortKeysToText(keys), "-gpu_count,price_per_gpu,-tflops");
  EXPECT_FALSE(ParseSortKeys("tflops,nope", keys, error));
  EXPECT_EQ(error, "unknown sort field 'nope'");
}

// ---- Round-trip properties over random states ------------------------------------------------

std::string RandomBytes(std::mt19937& rng, std::size_t max_len) {
  static const std::string kTricky = "&=%+#, :@/[]\"'<>?!*;$-_.~\\\n\t";
  std::string s(rng() % (max_len + 1), ' ');
  for (char& c : s) {
    switch (rng() % 4) {
      case 0: c = kTricky[rng() % kTricky.size()]; break;
      case 1: c = static_cast<char>(rng() % 256); break;
      default: c = static_cast<char>('a' + rng() % 26); break;
    }
  }
  return s;
}

std::vector<Field> RandomFields(std::mt19937& rng, bool numbers_only) {
  std::vector<Field> out;
  for (int i = 0; i < kFieldCount; ++i) {
    Field f = static_cast<Field>(i);
    if (numbers_only && Info(f).type != FieldType::kNumber) continue;
    if (rng() % 5 == 0) out.push_back(f);
  }
  std::shuffle(out.begin(), out.end(), rng);
  return out;
}

double RandomNumber(std::mt19937& rng) {
  std::uniform_real_distribution<double> any(0, 5000);
  switch (rng() % 3) {
    case 0: return static_cast<double>(rng() % 2000);
    case 1: return any(rng) / 7;
    default: return std::ldexp(any(rng), -static_cast<int>(rng() % 60));
  }
}

ViewState RandomState(std::mt19937& rng) {
  ViewState s;
  s.version = 1 + static_cast<int>(rng() % 3);
  if (rng() % 2) s.query = RandomBytes(rng, 40);
  for (int p = 0; p < kProviderCount; ++p)
    if (rng() % 2) s.providers.push_back(static_cast<ProviderId>(p));
  for (Field f : RandomFields(rng, false)) s.sort.push_back({f, rng() % 2 == 0});
  s.columns = RandomFields(rng, false);
  if (rng() % 2) s.disk_gb = RandomNumber(rng);
  if (rng() % 2) s.hours = RandomNumber(rng) + 0.25;
  s.interruptible = rng() % 2;
  for (std::size_t i = rng() % (kMaxCompare + 1); i > 0; --i) {
    std::string id = std::string(ProviderName(static_cast<ProviderId>(rng() % kProviderCount))) + ":" +
                     std::to_string(i) + RandomBytes(rng, 12);
    if (std::find(s.compare.begin(), s.compare.end(), id) == s.compare.end()) s.compare.push_back(id);
  }
  std::vector<Field> numbers = RandomFields(rng, true);
  if (numbers.size() >= 2) {
    s.chart.x = Info(numbers[0]).name;
    s.chart.y = Info(numbers[1]).name;
  }
  s.chart.log_x = rng() % 2;
  s.chart.color_by =
      rng() % 3 == 0 ? "none" : std::string(Info(static_cast<Field>(rng() % kFieldCount)).name);
  for (double* range : {&s.chart.x_min, &s.chart.x_max, &s.chart.y_min, &s.chart.y_max})
    if (rng() % 2) *range = RandomNumber(rng) - 1000;
  for (std::size_t i = rng() % 3; i > 0; --i)
    s.unknown.emplace_back("zz" + RandomBytes(rng, 6), RandomBytes(rng, 10));
  return s;
}

TEST(ViewStateFragment, RandomStatesRoundTripExactly) {
  std::mt19937 rng(20240611);
  for (int i = 0; i < 3000; ++i) {
    ViewState s = RandomState(rng);
    std::string once = EncodeFragment(s);
    DecodedView d = DecodeFragment(once);
    ASSERT_EQ(d.state, s) << "fragment: " << once << "\nnotices:\n" << Join(d.notices);
    EXPECT_EQ(d.notices.empty(), s.version <= kViewStateVersion) << once << Join(d.notices);
    ASSERT_EQ(EncodeFragment(d.state), once);
    // '#' in front changes nothing.
    ASSERT_EQ(DecodeFragment("#" + once).state, s);
  }
}

TEST(ViewStateFragment, AnyBytesDecodeToAStateThatReEncodesStably) {
  std::mt19937 rng(99);
  std::vector<std::string> inputs = {"%",       "%%",        "&&&",       "=",          "#",    "##q=1",
                                     "v=2&v=0", "sort=,,,-", "compare=:", "disk=1e999", "q=%00"};
  for (int i = 0; i < 20000; ++i) {
    std::string text = RandomBytes(rng, 60);
    if (rng() % 2) {
      static const char* kKeys[] = {
          "q=", "sort=", "providers=", "compare=", "disk=", "v=", "x=", "color=", "xmin=", "cols="};
      text.insert(0, kKeys[rng() % 10]);
    }
    inputs.push_back(text);
  }
  for (const std::string& text : inputs) {
    DecodedView first = DecodeFragment(text);
    std::string once = EncodeFragment(first.state);
    DecodedView second = DecodeFragment(once);
    ASSERT_EQ(EncodeFragment(second.state), once) << "input: " << text;
    ASSERT_EQ(second.state, first.state) << "input: " << text;
  }
}

// ---- JSON form ----------------------------------------------------------------------------------

TEST(ViewStateJson, WritesEveryKeyWithNullForAutoRanges) {
  ViewState s;
  s.sort = {{Field::kTflopsFp16, true}};
  s.chart.x_min = 0.5;
  json j = ViewStateToJson(s);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["sort"], json::array({"-tflops"}));
  EXPECT_EQ(j["disk_gb"], 100);
  EXPECT_EQ(j["chart"]["x_min"], 0.5);
  EXPECT_TRUE(j["chart"]["x_max"].is_null());
  EXPECT_EQ(j["providers"], json::array());
  EXPECT_EQ(j["chart"]["color_by"], "provider");
}

TEST(ViewStateJson, TextOfAStateWithBrokenUtf8IsValidJson) {
  DecodedView d = DecodeFragment("q=%FFgpu%3DH100");
  std::string text = ViewStateToJsonText(d.state);
  json parsed = json::parse(text, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << text;
  EXPECT_EQ(parsed["query"], "\xEF\xBF\xBDgpu=H100");
}

TEST(ViewStateJson, RandomStatesRoundTripThroughJsonText) {
  std::mt19937 rng(5);
  for (int i = 0; i < 1000; ++i) {
    ViewState s = RandomState(rng);
    // JSON text must be UTF-8: give the strings printable ASCII only.
    for (std::string* text : {&s.query}) text->assign(text->size(), 'q');
    for (auto& id : s.compare)
      id = id.substr(0, id.find(':') + 1) + std::to_string(i) + "x" + std::to_string(&id - &s.compare[0]);
    for (auto& [k, v] : s.unknown) k = "zz" + std::to_string(k.size()), v = "v";
    std::string text = ViewStateToJson(s).dump();
    Result<ViewState> back = ViewStateFromJson(json::parse(text));
    ASSERT_TRUE(back.ok()) << back.error << "\n" << text;
    ASSERT_EQ(back.value, s) << text;
  }
}

TEST(ViewStateJson, ReadsPartialObjectsAndRejectsBadValuesNamingTheKey) {
  Result<ViewState> r = ViewStateFromJson(json::parse(R"({"query":"gpu=H100","sort":["-tflops"]})"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.query, "gpu=H100");
  EXPECT_EQ(r.value.hours, 1);
  auto error = [](const char* text) { return ViewStateFromJson(json::parse(text)).error; };
  EXPECT_EQ(error(R"({"sort":["nope"]})"), "sort: unknown sort field 'nope'");
  EXPECT_EQ(error(R"({"sort":"tflops"})"), "sort: expected an array of strings");
  EXPECT_EQ(error(R"({"hours":0})"), "hours: expected a valid number");
  EXPECT_EQ(error(R"({"disk_gb":null})"), "disk_gb: expected a valid number");
  EXPECT_EQ(error(R"({"providers":["aws"]})"), "providers: unknown provider 'aws'");
  EXPECT_EQ(error(R"({"providers":["vast","vastai"]})"), "providers: repeats 'vastai'");
  EXPECT_EQ(error(R"({"version":0})"), "version: expected a version number (1 or more)");
  EXPECT_EQ(error(R"({"chart":{"x":"gpu"}})"), "chart: chart axis 'gpu' is not a number field");
  EXPECT_EQ(error(R"({"chart":{"y_min":"1"}})"), "chart: expected a number or null");
  EXPECT_EQ(error(R"({"compare":["vast:1","vast:2","vast:3","vast:4","vast:5","vast:6","vast:7"]})"),
            "compare: at most 6 offers");
  EXPECT_EQ(error(R"({"unknown":[["a"]]})"), "unknown: expected an array of [key, value] pairs");
  EXPECT_EQ(error("[]"), "expected a view state object");
}

}  // namespace
}  // namespace offerscope::core

// Found by fuzz_url_fragment: "5.1e+32" written bare would read back as "5.1e 32".
TEST(ViewStateFragment, HugeNumbersKeepTheirExponentSign) {
  offerscope::core::ViewState v;
  v.chart.x_max = 5.111111111111111e+32;
  std::string f = offerscope::core::EncodeFragment(v);
  EXPECT_NE(f.find("xmax=5.111111111111111e%2B32"), std::string::npos) << f;
  offerscope::core::DecodedView back = offerscope::core::DecodeFragment(f);
  EXPECT_EQ(back.state.chart.x_max, 5.111111111111111e+32);
  EXPECT_TRUE(back.notices.empty());
}
