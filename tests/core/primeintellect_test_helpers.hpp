// What the Prime Intellect parser tests share (primeintellect_test.cpp,
// primeintellect_cases_test.cpp): the captured payloads, and parsing and planning with the
// options the tests use.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "core/providers/primeintellect.hpp"
#include "core/query.hpp"

namespace offerscope::core::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

inline std::string Fixture(const std::string& name) {
  std::string text = ReadFile(std::string(OFFERSCOPE_FIXTURES_DIR) + "/primeintellect/" + name);
  EXPECT_FALSE(text.empty()) << name;
  return text;
}

inline NormalizeOptions Options(double disk_gb = 100) {
  NormalizeOptions o;
  o.disk_gb = disk_gb;
  o.keep_raw = true;
  o.fetched_at = "2025-11-11T12:00:00Z";
  return o;
}

inline HttpRequest FirstPage() { return PlanPrimeOffers(PlanOptions{}).front(); }

inline Page Parse(std::string_view body, double disk_gb = 100, int status = 200,
                  const HttpRequest& req = FirstPage()) {
  return ParsePrimeOffers(req, status, body, Options(disk_gb));
}

inline std::string AllWarnings(const Page& p) {
  std::string out;
  for (const Warning& w : p.warnings) out += FormatWarning(w) + "\n";
  return out;
}

inline ParsedQuery Query(const std::string& text) {
  ParsedQuery q;
  QueryMessage error;
  EXPECT_TRUE(ParseQuery(text, q, error)) << text << ": " << error.message;
  return q;
}

inline std::vector<std::pair<std::string, std::string>> PlanFor(const std::string& query) {
  ParsedQuery q = Query(query);
  PlanOptions options;
  options.query = &q;
  std::vector<HttpRequest> r = PlanPrimeOffers(options);
  EXPECT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].method, "GET");
  EXPECT_EQ(r[0].path, "/api/v1/availability/gpus");
  return r[0].query;
}

using Params = std::vector<std::pair<std::string, std::string>>;

}  // namespace offerscope::core::testing
