// The WebAssembly side of core/json_indexer (the native side is tests/core/json_indexer_test.cpp):
// here the SIMD byte classifier is the real one, simdjson's own choice is its scalar
// fallback, and UseJsonIndexerWhereSimdjsonHasNoSimd() must switch to the indexer and stay
// switched. Run by ctest as `node json_indexer_check.js <fixtures-dir>`; prints each failure
// and exits 1 if there was any.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/json_indexer.hpp"
#include "core/offer_json.hpp"
#include "core/providers/registry.hpp"
#include "tests/core/parse_all.hpp"

using namespace offerscope::core;
using offerscope::core::testing::ParseAll;

namespace {

int failures = 0;

void Check(bool ok, const std::string& what) {
  if (ok) return;
  ++failures;
  std::printf("FAIL: %s\n", what.c_str());
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

const simdjson::implementation& Fallback() {
  return *simdjson::get_available_implementations()["fallback"];
}

// simdjson's scalar stage 1 against the indexer. They agree on valid JSON (they may place
// indexes differently inside broken values, which stage 2 rejects anyway).
void CompareStage1(const std::string& json, const std::string& name) {
  simdjson::padded_string padded(json);
  std::unique_ptr<simdjson::internal::dom_parser_implementation> parser;
  if (Fallback().create_dom_parser_implementation(json.size() + 64, 1024, parser) != simdjson::SUCCESS) {
    Check(false, name + ": could not create simdjson's parser");
    return;
  }
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(padded.data());
  simdjson::error_code want = parser->stage1(bytes, json.size(), simdjson::stage1_mode::regular);
  std::vector<std::uint32_t> ours((json.size() + 63) / 64 * 64 + 9);
  std::uint32_t count = 0;
  simdjson::error_code got = IndexJsonStructure(bytes, json.size(), ours.data(), count, Fallback());
  Check(got == want, name + ": error " + simdjson::error_message(got) + ", simdjson: " + simdjson::error_message(want));
  if (got != simdjson::SUCCESS || want != simdjson::SUCCESS) return;
  Check(count == parser->n_structural_indexes, name + ": " + std::to_string(count) + " structurals, simdjson " +
                                                    std::to_string(parser->n_structural_indexes));
  for (std::uint32_t i = 0; i < count + 3 && i <= parser->n_structural_indexes + 2; ++i)
    if (ours[i] != parser->structural_indexes[i]) {
      Check(false, name + ": index " + std::to_string(i) + " is " + std::to_string(ours[i]) + ", simdjson " +
                       std::to_string(parser->structural_indexes[i]));
      return;
    }
}


}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::printf("usage: json_indexer_check <fixtures-dir>\n");
    return 2;
  }
  // 1. The SIMD classifier against the scalar reference, on random bytes and on ASCII.
  std::mt19937 random(11);
  std::uint8_t block[64];
  for (int n = 0; n < 20000; ++n) {
    for (std::uint8_t& b : block) b = static_cast<std::uint8_t>(random());
    if (n % 2) for (std::uint8_t& b : block) b &= 0x7f;
    JsonBlockMasks a = ClassifyJsonBlock(block), b = ClassifyJsonBlockScalar(block);
    if (a.quote != b.quote || a.backslash != b.backslash || a.op != b.op || a.whitespace != b.whitespace ||
        a.control != b.control || a.non_ascii != b.non_ascii) {
      Check(false, "SIMD and scalar classification differ on random block " + std::to_string(n));
      break;
    }
  }

  // 2. Stage 1 on every real fixture and on generated documents with escapes and values
  //    across block boundaries.
  std::vector<std::pair<ProviderId, std::string>> fixtures;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[1])) {
    if (entry.path().extension() != ".json") continue;
    std::string json = ReadFile(entry.path());
    CompareStage1(json, entry.path().filename().string());
    fixtures.emplace_back(entry.path().parent_path().filename() == "vastai" ? ProviderId::kVast
                                                                            : ProviderId::kPrimeIntellect,
                          json);
  }
  Check(fixtures.size() >= 10, "found " + std::to_string(fixtures.size()) + " fixtures in " + argv[1]);
  for (std::size_t pad = 40; pad < 140; ++pad)
    for (std::size_t run = 2; run <= 8; run += 2) {  // even runs: the quote after them is real
      CompareStage1("[\"" + std::string(pad, 'a') + std::string(run, '\\') + "\" ,1, \"x\\\"y\"]",
                    "backslashes pad " + std::to_string(pad) + " run " + std::to_string(run));
    }
  for (std::size_t values = 1; values < 40; ++values) {
    std::string json = "[";
    for (std::size_t i = 0; i < values; ++i) json += i % 3 == 0 ? "\"s\\\"t\xc3\xa9\"," : i % 3 == 1 ? "-12.5e3," : "false,";
    CompareStage1(json + "null]", "values " + std::to_string(values));
  }

  // 3. What simdjson picked, with and without the indexer, gives the same offers; the
  //    indexer stays in use after non-ASCII pages (UTF-8 validation goes through the base).
  const simdjson::implementation* picked = simdjson::get_available_implementations().detect_best_supported();
  Check(picked->name() == "fallback", "simdjson picked " + picked->name() + ", expected its fallback");
  Check(UseJsonIndexerWhereSimdjsonHasNoSimd(), "the indexer was not installed");
  const simdjson::implementation* indexer = simdjson::get_active_implementation();
  Check(indexer->name() == "offerscope_indexer", "the active implementation is " + indexer->name());
  for (const auto& [provider, body] : fixtures) {
    simdjson::get_active_implementation() = &Fallback();  // parsers created now use simdjson's scanner
    std::string want = ParseAll(provider, body);
    simdjson::get_active_implementation() = indexer;
    Check(ParseAll(provider, body) == want, "a fixture parses differently: " + body.substr(0, 80));
  }
  ParseAll(ProviderId::kVast, "{\"offers\":[{\"id\":1,\"geolocation\":\"S\xc3\xa3o Paulo, BR\"}]}");
  Check(simdjson::get_active_implementation()->name() == "offerscope_indexer",
        "after a non-ASCII page simdjson uses " + simdjson::get_active_implementation()->name());

  std::printf("%s: %d failures\n", failures ? "FAILED" : "ok", failures);
  return failures ? 1 : 0;
}
