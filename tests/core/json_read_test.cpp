#include "core/json_read.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace offerscope::core {
namespace {

// Opens `{"v": <value_json>}` and hands the value of "v" to `read`.
template <class Fn>
void WithValue(const std::string& value_json, Fn read) {
  JsonInput in;
  ASSERT_TRUE(OpenJson("{\"v\": " + value_json + "}", in)) << in.error;
  simdjson::ondemand::object obj;
  ASSERT_FALSE(in.doc.get_object().get(obj));
  for (auto item : obj) {
    simdjson::ondemand::field field;
    ASSERT_FALSE(std::move(item).get(field));
    EXPECT_EQ(FieldKey(field), "v");
    read(field.value());
  }
}

double Number(const std::string& json, std::vector<Warning>& w) {
  double out = -12345;
  WithValue(json, [&](simdjson::ondemand::value& v) { out = ReadNumber(v, "v", w); });
  return out;
}

TEST(JsonReadNumber, ReadsIntegersAndFloatsAlike) {
  std::vector<Warning> w;
  EXPECT_EQ(Number("4", w), 4.0);
  EXPECT_EQ(Number("24.0", w), 24.0);
  EXPECT_EQ(Number("-0.5e2", w), -50.0);
  EXPECT_EQ(Number("24564", w), 24564.0);
  EXPECT_EQ(Number("0.0013333333333333335", w), 0.0013333333333333335);
  EXPECT_TRUE(w.empty());
}

TEST(JsonReadNumber, TreatsStringNumbersAsNumbers) {
  std::vector<Warning> w;
  EXPECT_EQ(Number("\"20.04\"", w), 20.04);
  EXPECT_EQ(Number("\"4\"", w), 4.0);
  EXPECT_EQ(Number("\" 12.5 \"", w), 12.5);
  EXPECT_EQ(Number("\"+3\"", w), 3.0);
  EXPECT_EQ(Number("\".5\"", w), 0.5);
  EXPECT_TRUE(w.empty());
}

TEST(JsonReadNumber, TreatsNullAndBlankAsUnknownWithoutWarning) {
  std::vector<Warning> w;
  EXPECT_TRUE(std::isnan(Number("null", w)));
  EXPECT_TRUE(std::isnan(Number("\"\"", w)));
  EXPECT_TRUE(std::isnan(Number("\"  \"", w)));
  EXPECT_TRUE(w.empty());
}

TEST(JsonReadNumber, WarnsOnJunkAndQuotesIt) {
  std::vector<Warning> w;
  EXPECT_TRUE(std::isnan(Number("\"abc\"", w)));
  EXPECT_TRUE(std::isnan(Number("\"12abc\"", w)));
  EXPECT_TRUE(std::isnan(Number("true", w)));
  EXPECT_TRUE(std::isnan(Number("[1,2]", w)));
  EXPECT_TRUE(std::isnan(Number("{\"a\":1}", w)));
  EXPECT_TRUE(std::isnan(Number("\"nan\"", w)));
  ASSERT_EQ(w.size(), 6u);
  EXPECT_EQ(w[0].field, "v");
  EXPECT_EQ(w[0].message, "expected a number, got \"abc\"; left unknown");
  EXPECT_EQ(w[2].message, "expected a number, got true; left unknown");
  EXPECT_EQ(w[3].message, "expected a number, got an array; left unknown");
  EXPECT_EQ(w[4].message, "expected a number, got an object; left unknown");
}

TEST(JsonReadNumber, ShortensLongJunkInTheMessage) {
  std::vector<Warning> w;
  Number("\"" + std::string(100, 'x') + "\"", w);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_LT(w[0].message.size(), 90u);
  EXPECT_NE(w[0].message.find("..."), std::string::npos);
}

TEST(JsonReadText, ReadsStringsNumbersAndBooleans) {
  std::vector<Warning> w;
  std::string got;
  auto text = [&](const std::string& json) {
    WithValue(json, [&](simdjson::ondemand::value& v) { got = std::string(ReadText(v, "v", w)); });
    return got;
  };
  EXPECT_EQ(text("\"Guangxi, CN\""), "Guangxi, CN");
  EXPECT_EQ(text("\"Xeon\\u00ae W-3225 \""), "Xeon\xC2\xAE W-3225 ");
  EXPECT_EQ(text("18.04"), "18.04");
  EXPECT_EQ(text("false"), "false");
  EXPECT_EQ(text("null"), "");
  EXPECT_TRUE(w.empty());
  EXPECT_EQ(text("[1]"), "");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].message, "expected text, got an array; left empty");
}

TEST(JsonReadBool, AcceptsBooleansNumbersAndWords) {
  std::vector<Warning> w;
  std::optional<bool> got;
  auto flag = [&](const std::string& json) {
    WithValue(json, [&](simdjson::ondemand::value& v) { got = ReadBool(v, "v", w); });
    return got;
  };
  EXPECT_EQ(flag("true"), std::optional<bool>(true));
  EXPECT_EQ(flag("false"), std::optional<bool>(false));
  EXPECT_EQ(flag("0"), std::optional<bool>(false));
  EXPECT_EQ(flag("1"), std::optional<bool>(true));
  EXPECT_EQ(flag("\"True\""), std::optional<bool>(true));
  EXPECT_EQ(flag("\"no\""), std::optional<bool>(false));
  EXPECT_EQ(flag("null"), std::nullopt);
  EXPECT_TRUE(w.empty());
  EXPECT_EQ(flag("\"maybe\""), std::nullopt);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].message, "expected true or false, got \"maybe\"; left unknown");
}

TEST(JsonReadId, WritesIntegersAsDecimalText) {
  std::vector<Warning> w;
  std::string got;
  auto id = [&](const std::string& json) {
    WithValue(json, [&](simdjson::ondemand::value& v) { ReadIdText(v, "v", w, got); });
    return got;
  };
  EXPECT_EQ(id("21348645"), "21348645");
  EXPECT_EQ(id("379168.0"), "379168");
  EXPECT_EQ(id("18446744073709551615"), "18446744073709551615");
  EXPECT_EQ(id("\" abc-1 \""), "abc-1");
  EXPECT_EQ(id("1.5"), "1.5");
  EXPECT_EQ(id("null"), "");
  EXPECT_TRUE(w.empty());
  EXPECT_EQ(id("{}"), "");
  EXPECT_EQ(w.size(), 1u);
}

// The keys of the document's root object, as FieldKey reads them.
std::vector<std::string> KeysOf(JsonInput& in) {
  std::vector<std::string> keys;
  simdjson::ondemand::object obj;
  if (in.doc.get_object().get(obj)) {
    ADD_FAILURE() << "the root is not an object";
    return keys;
  }
  for (auto item : obj) {
    simdjson::ondemand::field field;
    if (std::move(item).get(field)) {
      ADD_FAILURE() << "unreadable field after " << keys.size() << " keys";
      return keys;
    }
    keys.emplace_back(FieldKey(field));
  }
  return keys;
}

TEST(JsonReadKey, UnescapesKeysOnlyWhenNeeded) {
  JsonInput in;
  ASSERT_TRUE(OpenJson(R"({"gpu_ram": 1, "a\"b": 2, "\u0067pu": 3})", in));
  EXPECT_EQ(KeysOf(in), (std::vector<std::string>{"gpu_ram", "a\"b", "gpu"}));
}

// FieldKey reads keys 8 bytes at a time: keys of every length, with the end (or an escape)
// on every byte of a word, and words that straddle the end of the document.
TEST(JsonReadKey, FindsTheEndOfKeysOfEveryLength) {
  for (std::size_t n = 0; n < 40; ++n) {
    std::string plain(n, 'k'), escaped = std::string(n, 'k') + "\\n";
    for (std::size_t i = 0; i < n; ++i) plain[i] = static_cast<char>('a' + i % 26);
    JsonInput in;
    ASSERT_TRUE(OpenJson("{\"" + plain + "\":1,\"" + escaped + "\":2}", in));
    EXPECT_EQ(KeysOf(in), (std::vector<std::string>{plain, std::string(n, 'k') + "\n"})) << n;
  }
}

TEST(JsonReadWarnings, NamesTheRecordAfterItsFieldsWereRead) {
  std::vector<Warning> w{{"earlier", "x", "m"}, {"", "a", "m"}, {"", "b", "m"}};
  NameRecordWarnings(w, 1, "11684738");
  EXPECT_EQ(w[0].record, "earlier");
  EXPECT_EQ(w[1].record, "11684738");
  EXPECT_EQ(w[2].record, "11684738");
  EXPECT_EQ(FormatWarning(w[1]), "record 11684738: field a: m");
}

TEST(JsonReadDecimal, AcceptsOnlyDecimalText) {
  double d = 0;
  EXPECT_TRUE(ParseDecimal("1e3", d));
  EXPECT_EQ(d, 1000.0);
  EXPECT_TRUE(ParseDecimal(" -2.5 ", d));
  EXPECT_EQ(d, -2.5);
  for (const char* bad : {"", "abc", "1e", "--1", "0x10", "inf", "nan", "1.2.3", "1e999", "."}) {
    EXPECT_FALSE(ParseDecimal(bad, d)) << bad;
  }
}

TEST(JsonReadOpen, ReportsEmptyAndBrokenBodies) {
  JsonInput a;
  EXPECT_FALSE(OpenJson("  ", a));
  EXPECT_EQ(a.error, "malformed JSON: the body is empty");
  JsonInput b;
  EXPECT_FALSE(OpenJson("{\"a\": \"unclosed}", b));
  EXPECT_NE(b.error.find("malformed JSON"), std::string::npos);
}

TEST(JsonReadOpen, DescribesAnErrorWithItsByteOffset) {
  JsonInput in;
  ASSERT_TRUE(OpenJson(R"({"a": 1, "b": tru})", in));
  simdjson::ondemand::object obj;
  ASSERT_FALSE(in.doc.get_object().get(obj));
  simdjson::error_code failure = simdjson::SUCCESS;
  for (auto item : obj) {
    simdjson::ondemand::field field;
    if ((failure = std::move(item).get(field))) break;
    bool b;
    if (FieldKey(field) == "b" && (failure = field.value().get_bool().get(b))) break;
  }
  ASSERT_TRUE(failure);
  std::string message = DescribeJsonError(failure, in);
  EXPECT_EQ(message.rfind("malformed JSON at byte ", 0), 0u) << message;
}

TEST(JsonReadKeyTable, FindsWantedKeysAndRejectsTheRest) {
  KeyTable table{{"id", 0}, {"gpu_name", 1}, {"gpu_ram", 2}, {"reliability2", 3}, {"reliability", 4}};
  EXPECT_EQ(table.Find("id"), 0);
  EXPECT_EQ(table.Find("gpu_name"), 1);
  EXPECT_EQ(table.Find("gpu_ram"), 2);
  EXPECT_EQ(table.Find("reliability2"), 3);
  EXPECT_EQ(table.Find("reliability"), 4);
  for (const char* other : {"", "i", "ids", "gpu_rams", "gpu_total_ram", "Reliability", "jupyter_token",
                            "gpu_namE", "Gpu_name", "reliability3", "reliabilitx2", "reliabilityy"})
    EXPECT_EQ(table.Find(other), -1) << other;
}

// Each record's keys as KeyTable::Find(field, order) reads them: "key=value" per field.
std::vector<std::vector<std::string>> FindAllWithOrder(const std::string& json, const KeyTable& table) {
  std::vector<std::vector<std::string>> records;
  JsonInput in;
  if (!OpenJson(json, in)) {
    ADD_FAILURE() << in.error;
    return records;
  }
  simdjson::ondemand::array arr;
  if (in.doc.get_array().get(arr)) {
    ADD_FAILURE() << "the root is not an array";
    return records;
  }
  KeyOrder order;
  for (auto element : arr) {
    simdjson::ondemand::object obj;
    if (element.get_object().get(obj)) {
      ADD_FAILURE() << "record " << records.size() << " is not an object";
      return records;
    }
    records.emplace_back();
    order.StartRecord();
    for (auto item : obj) {
      simdjson::ondemand::field field;
      if (std::move(item).get(field)) {
        ADD_FAILURE() << "unreadable field in record " << records.size();
        return records;
      }
      FoundKey found = table.Find(field, order);
      records.back().push_back(std::string(found.key) + "=" + std::to_string(found.value));
    }
  }
  return records;
}

// Guessing the next key from the last records must never change what is found: records in
// another order, keys that are prefixes of the guess or have it as a prefix, escaped keys,
// unknown keys, and a short key right before the end of the document after a long one.
TEST(JsonReadKeyTable, FindsTheSameKeysWhateverTheOrderOfTheRecords) {
  KeyTable table{{"id", 0}, {"gpu_name", 1}, {"reliability2", 2}, {"reliability", 3}};
  const std::string long_key(100, 'k');
  std::string json = R"([
    {"id": 1, "gpu_name": "a", "reliability": 0.9, "x": 1},
    {"id": 2, "gpu_name": "b", "reliability": 0.8, "x": 2},
    {"reliability2": 1, "id": 3, "gpu_name": "c", "reliability": 1},
    {"gpu_nam": 1, "gpu_name2": 2, "gpu\u005fname": "d", "id": 4},
    {"reliability": 1, "reliability2": 2, "": 0},
    {"id": 5, "gpu_name": "e", "reliability": 0.9, "x": 1},
    {"id": 6, "gpu_name": "f", "reliability2": 0.5},
    {"id": 7, "gpu_name": "g", "reliability": 0.4},
    {")" + long_key + R"(": 1},
    {"k": 2}])";
  using Keys = std::vector<std::string>;
  std::vector<Keys> expected{
      Keys{"id=0", "gpu_name=1", "reliability=3", "x=-1"},
      Keys{"id=0", "gpu_name=1", "reliability=3", "x=-1"},
      Keys{"reliability2=2", "id=0", "gpu_name=1", "reliability=3"},
      Keys{"gpu_nam=-1", "gpu_name2=-1", "gpu_name=1", "id=0"},
      Keys{"reliability=3", "reliability2=2", "=-1"},
      Keys{"id=0", "gpu_name=1", "reliability=3", "x=-1"},
      Keys{"id=0", "gpu_name=1", "reliability2=2"},
      Keys{"id=0", "gpu_name=1", "reliability=3"},
      Keys{long_key + "=-1"},
      Keys{"k=-1"}};
  EXPECT_EQ(FindAllWithOrder(json, table), expected);
}

// More distinct keys than a KeyOrder learns: the rest are still found, by look-up.
TEST(JsonReadKeyTable, FindsKeysBeyondWhatTheOrderRemembers) {
  KeyTable table{{"k7", 7}, {"k999", 999}};
  std::string json = "[{";
  std::vector<std::string> keys;
  for (int i = 0; i < 1000; ++i) {
    json += (i ? ",\"k" : "\"k") + std::to_string(i) + "\": 0";
    keys.push_back("k" + std::to_string(i) + (i == 7 ? "=7" : i == 999 ? "=999" : "=-1"));
  }
  json += "}, {\"k999\": 1, \"k7\": 2}]";
  auto records = FindAllWithOrder(json, table);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0], keys);
  EXPECT_EQ(records[1], (std::vector<std::string>{"k999=999", "k7=7"}));
}

}  // namespace
}  // namespace offerscope::core
