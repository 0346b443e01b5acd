// The WebAssembly SIMD stage 1 (core/json_indexer) against simdjson's own stage 1: on this
// machine simdjson runs a SIMD kernel (icelake/haswell/westmere), which is the behaviour the
// indexer must reproduce index for index and error for error, on the real fixtures and on
// generated edge cases. Natively the indexer classifies bytes with its scalar path; the
// SIMD classifier is compared with it in the WebAssembly build (tests/wasm/).
#include "core/json_indexer.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/offer_json.hpp"
#include "core/providers/registry.hpp"
#include "tests/core/parse_all.hpp"

namespace offerscope::core {
namespace {

using testing::ParseAll;

struct Stage1 {
  simdjson::error_code error = simdjson::SUCCESS;
  std::vector<std::uint32_t> indexes;  // on success: the structurals and the 3 padding entries
};

// The implementation simdjson picks here (never its first-use detector, see json_indexer.hpp).
const simdjson::implementation& Native() {
  return *simdjson::get_available_implementations().detect_best_supported();
}

Stage1 Reference(const std::string& json) {
  simdjson::padded_string padded(json);
  std::unique_ptr<simdjson::internal::dom_parser_implementation> parser;
  EXPECT_EQ(Native().create_dom_parser_implementation(std::max<std::size_t>(json.size(), 64), 1024, parser),
            simdjson::SUCCESS);
  Stage1 out;
  out.error = parser->stage1(reinterpret_cast<const std::uint8_t*>(padded.data()), json.size(),
                             simdjson::stage1_mode::regular);
  if (out.error == simdjson::SUCCESS)
    out.indexes.assign(parser->structural_indexes.get(),
                       parser->structural_indexes.get() + parser->n_structural_indexes + 3);
  return out;
}

Stage1 Ours(const std::string& json) {
  std::vector<std::uint32_t> buffer((json.size() + 63) / 64 * 64 + 9, 0xdeadbeef);
  std::uint32_t count = 0;
  Stage1 out;
  out.error = IndexJsonStructure(reinterpret_cast<const std::uint8_t*>(json.data()), json.size(), buffer.data(),
                                 count, Native());
  if (out.error == simdjson::SUCCESS) out.indexes.assign(buffer.begin(), buffer.begin() + count + 3);
  return out;
}

void ExpectSameAsSimdjson(const std::string& json) {
  Stage1 want = Reference(json), got = Ours(json);
  ASSERT_EQ(got.error, want.error) << "input: " << json.substr(0, 200);
  ASSERT_EQ(got.indexes, want.indexes) << "input: " << json.substr(0, 200);
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::vector<std::filesystem::path> FixtureFiles() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(OFFERSCOPE_FIXTURES_DIR))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  return files;
}

TEST(JsonIndexer, FindsWhatSimdjsonFindsInEveryRealFixture) {
  std::vector<std::filesystem::path> files = FixtureFiles();
  ASSERT_GE(files.size(), 10u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    std::string json = ReadFile(file);
    ASSERT_FALSE(json.empty());
    ExpectSameAsSimdjson(json);
    EXPECT_GT(Ours(json).indexes.size(), 3u);
  }
}

TEST(JsonIndexer, SmallDocumentsAndTheirErrors) {
  for (std::string json : {"{}", "[]", "1", "-2.5e3", "true", "null", "\"\"", "\"a\"", " [1, 2 ,3] ",
                           "{\"a\":{\"b\":[true,false,null]}}", "[1true2]", "\"a\"\"b\"", "{\"a\" 1}",
                           "", " ", "\n\t\r ", "\"", "\"abc", "[\"a\\\"]", "x\"y\"", "abc\"def",
                           "[\"tab\there\"]", "[\"nl\nhere\"]", "[1,\x01]", "\x1f", "\"\\u00e9\"",
                           "[1\x0c,2]", "[1,\x1a 2]", "[\"\x0c\"]", "[\x0b]", "[{\x1b}]"}) {
    SCOPED_TRACE(json);
    ExpectSameAsSimdjson(json);
  }
  EXPECT_EQ(Ours("").error, simdjson::EMPTY);
  EXPECT_EQ(Ours("   ").error, simdjson::EMPTY);
  EXPECT_EQ(Ours("[\"abc]").error, simdjson::UNCLOSED_STRING);
  EXPECT_EQ(Ours("[\"a\x01\"]").error, simdjson::UNESCAPED_CHARS);
  // Found by fuzz_json_indexer: simdjson's SIMD kernels count 0x0c as an operator.
  ExpectSameAsSimdjson(std::string("{\"a\": null\0\x0c,\n \"b\": 1}", 20));
}

TEST(JsonIndexer, Utf8IsValidatedOnlyWhereItMatters) {
  ExpectSameAsSimdjson("[\"S\xc3\xa3o Paulo\", \"\xe6\x9d\xb1\xe4\xba\xac\", \"\xf0\x9f\x9a\x80\"]");
  EXPECT_EQ(Ours("[\"S\xc3\xa3o Paulo\"]").error, simdjson::SUCCESS);
  for (std::string bad : {"[\"\xc3\"]", "[\"\xff\"]", "[\"\xe6\x9d\"]", "[\"\xc0\xaf\"]", "[1]\xc3", "\x80"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(Ours(bad).error, simdjson::UTF8_ERROR);
    ExpectSameAsSimdjson(bad);
  }
}

// Backslash runs of every length ending on every offset around a block boundary, followed
// by a quote that is escaped or not depending on the run's parity.
TEST(JsonIndexer, BackslashRunsAcrossBlockBoundaries) {
  for (std::size_t pad = 40; pad < 140; ++pad)
    for (std::size_t run = 1; run <= 9; ++run) {
      std::string json = "[\"" + std::string(pad, 'a') + std::string(run, '\\') + "\" ,1, \"x\"]";
      SCOPED_TRACE("pad " + std::to_string(pad) + " run " + std::to_string(run));
      ExpectSameAsSimdjson(json);
      ExpectSameAsSimdjson("[" + std::string(pad, ' ') + std::string(run, '\\') + "\"a\"]");
    }
}

// Strings, numbers and literals that straddle one or two block boundaries, at every length
// of input around multiples of 64 (the last, partial block is scanned from a copy).
TEST(JsonIndexer, ValuesAcrossBlockBoundariesAndEveryTailLength) {
  for (std::size_t len = 1; len < 260; ++len) {
    std::string json = "[";
    for (int i = 0; json.size() < len; ++i) json += (i % 3 == 0 ? "\"str\\\"ing\"," : i % 3 == 1 ? "12345.5e-3," : "true,");
    json += "null]";
    SCOPED_TRACE(len);
    ExpectSameAsSimdjson(json);
    ExpectSameAsSimdjson(json.substr(0, len));  // mostly broken documents: errors must agree too
  }
}

// Random byte soup from JSON's alphabet: most inputs are invalid, which is the point (every
// class of byte next to every other, at every offset).
TEST(JsonIndexer, AgreesWithSimdjsonOnRandomInputs) {
  const std::string alphabet = std::string("{}[]:, \t\n\r\"\"\"\\\\\\aZ09.-+etrufnl\x01\x1f\xc3\xa9\x7f\x0c\x1a\x0b;;\x3b\x5c\x7c") +
                               std::string(1, '\0') + "\x8c\xac\xbb\xdd\xfb\xfd";
  std::mt19937 random(20261123);
  for (int n = 0; n < 20000; ++n) {
    std::string json(random() % 300, ' ');
    for (char& c : json) c = alphabet[random() % alphabet.size()];
    ExpectSameAsSimdjson(json);
    if (HasFailure()) return;
  }
}

TEST(JsonIndexer, SimdAndScalarClassificationAgree) {
  std::mt19937 random(7);
  std::uint8_t block[64];
  for (int n = 0; n < 2000; ++n) {
    for (std::uint8_t& b : block) b = static_cast<std::uint8_t>(random());
    if (n % 2) for (std::uint8_t& b : block) b &= 0x7f;
    JsonBlockMasks a = ClassifyJsonBlock(block), b = ClassifyJsonBlockScalar(block);
    ASSERT_EQ(a.quote, b.quote);
    ASSERT_EQ(a.backslash, b.backslash);
    ASSERT_EQ(a.op, b.op);
    ASSERT_EQ(a.whitespace, b.whitespace);
    ASSERT_EQ(a.control, b.control);
    ASSERT_EQ(a.non_ascii, b.non_ascii);
  }
}

// With the indexer as simdjson's active implementation (as in the browser), every provider
// parser gives the same offers and warnings from the real fixtures, byte for byte.
class WithIndexer : public ::testing::Test {
 protected:
  void SetUp() override { saved_ = simdjson::get_active_implementation(); }
  void TearDown() override { simdjson::get_active_implementation() = saved_; }
  void Use(const simdjson::implementation* implementation) { simdjson::get_active_implementation() = implementation; }
  const simdjson::implementation* saved_ = nullptr;
};


TEST_F(WithIndexer, ProvidersParseTheFixturesToTheSameOffers) {
  const JsonIndexerImplementation indexer(Native());
  int compared = 0;
  for (const auto& file : FixtureFiles()) {
    ProviderId provider = file.parent_path().filename() == "vastai" ? ProviderId::kVast : ProviderId::kPrimeIntellect;
    std::string body = ReadFile(file);
    std::string want = ParseAll(provider, body);
    Use(&indexer);
    std::string got = ParseAll(provider, body);
    Use(saved_);
    EXPECT_EQ(got, want) << file;
    ++compared;
  }
  EXPECT_GE(compared, 10);
  // Dispersed has no captured payload; a page in its documented shape, with escapes and UTF-8.
  std::string dispersed = R"({"data":[{"offer_id":"o\"1","region_code":"br-s\u00e3o","pricing":{"hourly_rate_usd":1.25,
    "quoted_at":"2026-11-20T10:00:00Z"},"hardware_summary":{"gpu_count":2,"gpu_model_label":"H100 \\ SXM",
    "min_gpu_vram_gib":80,"cpu_cores":32,"ram_gib":256,"storage_gib":1000}}],"limit":50,"page":1,"total":1})";
  std::string want = ParseAll(ProviderId::kDispersed, dispersed);
  Use(&indexer);
  std::string got = ParseAll(ProviderId::kDispersed, dispersed);
  EXPECT_EQ(got, want);
  EXPECT_NE(got.find("o\\\"1"), std::string::npos) << got;
}

// Validating UTF-8 through the base must not make simdjson re-select its own implementation
// (it did when the base was simdjson's first-use detector: every page after the first
// non-ASCII one went back to the slow scanner).
TEST_F(WithIndexer, StaysActiveAfterANonAsciiPage) {
  const JsonIndexerImplementation indexer(Native());
  Use(&indexer);
  ParseAll(ProviderId::kVast, "{\"offers\":[{\"id\":1,\"gpu_name\":\"RTX 4090\",\"geolocation\":\"S\xc3\xa3o Paulo, BR\"}]}");
  EXPECT_EQ(simdjson::get_active_implementation()->name(), "offerscope_indexer");
}

TEST_F(WithIndexer, MalformedBodiesGiveTheSameMessages) {
  const JsonIndexerImplementation indexer(Native());
  for (std::string body : {"{\"offers\":[{\"id\":1", "{\"offers\":[\"abc]}", "[\"a\x01\"]", "{\"offers\":[\xff]}",
                           "   ", "{\"offers\": tru}"}) {
    std::string want = ParseAll(ProviderId::kVast, body);
    Use(&indexer);
    std::string got = ParseAll(ProviderId::kVast, body);
    Use(saved_);
    EXPECT_EQ(got, want) << body;
  }
}

TEST_F(WithIndexer, TheDomApiStillWorksThroughTheBaseImplementation) {
  const JsonIndexerImplementation indexer(Native());
  Use(&indexer);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(simdjson::padded_string(std::string(R"({"a":[1,2,{"b":"c\"d"}]})"))).get(root),
            simdjson::SUCCESS);
  std::string_view b;
  ASSERT_EQ(root["a"].at(2)["b"].get(b), simdjson::SUCCESS);
  EXPECT_EQ(b, "c\"d");
  simdjson::ondemand::parser on_demand;
  simdjson::padded_string many(std::string("[1] [2,3] {\"x\":4}"));
  simdjson::ondemand::document_stream stream;
  ASSERT_EQ(on_demand.iterate_many(many).get(stream), simdjson::SUCCESS);
  int documents = 0;
  for (auto doc : stream) {
    simdjson::ondemand::document_reference ref;
    ASSERT_EQ(std::move(doc).get(ref), simdjson::SUCCESS);
    ++documents;
  }
  EXPECT_EQ(documents, 3);
}

TEST(JsonIndexer, NativeBuildsKeepSimdjsonsOwnKernel) {
  const std::string before = simdjson::get_active_implementation()->name();
  const bool in_use = UseJsonIndexerWhereSimdjsonHasNoSimd();
  EXPECT_EQ(in_use, before == "fallback");
  if (!in_use) {
    EXPECT_EQ(simdjson::get_active_implementation()->name(), before);
  }
}

}  // namespace
}  // namespace offerscope::core
