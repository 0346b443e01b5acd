#include "core/providers/vast_instances.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace offerscope::core {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string Fixture(const std::string& name) {
  std::string text = ReadFile(std::string(OFFERSCOPE_FIXTURES_DIR) + "/vastai/" + name);
  EXPECT_FALSE(text.empty()) << name;
  return text;
}

// The v1 example answer of Vast's docs (seeds/004), with its real-looking jupyter_token.
std::string SeedV1Example() {
  std::string seed = ReadFile(std::string(OFFERSCOPE_SEEDS_DIR) + "/004_7c6930b483348c87.txt");
  std::size_t start = seed.find("{\n  \"success\": true");
  std::size_t end = seed.find("\n}\n", start);
  EXPECT_NE(start, std::string::npos);
  EXPECT_NE(end, std::string::npos);
  return seed.substr(start, end + 2 - start);
}

constexpr double kNow = 1567160975.79946;  // 1 hour after the 2019 nerus instance started

VastInstancesPage Parse(std::string_view body, int status = 200,
                        const HttpRequest& req = PlanVastInstances()) {
  return ParseVastInstances(req, status, body, kNow);
}

std::string AllWarnings(const VastInstancesPage& p) {
  std::string out;
  for (const Warning& w : p.warnings) out += FormatWarning(w) + "\n";
  return out;
}

// Every printable field, to check that no secret slipped in.
std::string Printable(const VastInstance& i) {
  return i.id + "|" + i.label + "|" + i.status + "|" + i.intended_status + "|" + i.current_state + "|" +
         i.status_message + "|" + i.gpu + "|" + i.gpu_raw + "|" + i.machine_id + "|" + i.host_id + "|" +
         i.country + "|" + i.region + "|" + i.image + "|" + i.tier;
}

void ExpectNoSecrets(const VastInstance& i) {
  std::string all = Printable(i);
  for (const char* secret :
       {"redacted", "df77e27085bd", "ssh123", "ssh2281", "ssh4.", "ssh5.", "vast.ai", "63.135.50.11",
        "10.2.202.31", "192.0.2.45", "10.0.0.5", "DOG", "hello", "apt update", "10882", "19501", "15317"}) {
    EXPECT_EQ(all.find(secret), std::string::npos) << secret << " in " << all;
  }
}

TEST(VastInstancesParse, ReadsTheCliRawArrayOf2019) {
  VastInstancesPage p = Parse(Fixture("show-instances-cli-raw-2019-gtx1080ti-nerus.json"));
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.instances.size(), 1u);
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  EXPECT_FALSE(p.next.has_value());
  EXPECT_EQ(p.total, -1);
  const VastInstance& i = p.instances[0];
  EXPECT_EQ(i.id, "379501");
  EXPECT_EQ(i.label, "nerus");
  EXPECT_EQ(i.status, "loading");
  EXPECT_EQ(i.intended_status, "running");
  EXPECT_EQ(i.current_state, "running");
  EXPECT_EQ(i.status_message, "ce0014457fab: Download complete");
  EXPECT_EQ(i.gpu_raw, "GTX 1080 Ti");
  EXPECT_EQ(i.gpu, "GTX 1080 Ti");
  EXPECT_TRUE(i.gpu_known);
  EXPECT_EQ(i.gpu_count, 1);
  EXPECT_EQ(i.vram_gb, 11.0);  // 11178 MiB
  EXPECT_EQ(i.vcpus, 1.0);
  EXPECT_DOUBLE_EQ(i.ram_gb, 15.97);
  EXPECT_EQ(i.disk_gb, 15.1);
  EXPECT_EQ(i.price_usd_per_hour, 0.103145833333333);
  EXPECT_EQ(i.base_usd_per_hour, 0.1);
  EXPECT_EQ(i.bid_usd_per_hour, 0.1031458);
  EXPECT_FALSE(i.interruptible);
  EXPECT_EQ(i.start_time_unix_s, 1567157375.79946);
  EXPECT_TRUE(std::isnan(i.end_time_unix_s));  // end_date: null
  EXPECT_NEAR(i.age_s, 3600.0, 1e-6);
  EXPECT_TRUE(std::isnan(i.uptime_s));  // loading, not up yet
  EXPECT_EQ(i.machine_id, "838");
  EXPECT_EQ(i.host_id, "1276");
  EXPECT_EQ(i.country, "");
  EXPECT_EQ(i.image, "natasha/deeppavlov-ner-ru-bert");
  EXPECT_EQ(i.reliability, 0.996485);
  EXPECT_EQ(i.tier, "");
  ExpectNoSecrets(i);
}

TEST(VastInstancesParse, ReadsABareInstanceObject) {
  VastInstancesPage p = Parse(Fixture("instance-object-2019-gtx1070ti-samhiatt.json"));
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.instances.size(), 1u);
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  const VastInstance& i = p.instances[0];
  EXPECT_EQ(i.id, "365317");
  EXPECT_EQ(i.label, "");
  EXPECT_EQ(i.status, "exited");
  EXPECT_EQ(i.intended_status, "stopped");
  EXPECT_EQ(i.current_state, "stopped");
  EXPECT_EQ(i.status_message, "Successfully loaded tensorflow/tensorflow:nightly-gpu-py3");
  EXPECT_EQ(i.gpu_raw, "GTX 1070 Ti");
  EXPECT_EQ(i.gpu_count, 1);
  EXPECT_EQ(i.vram_gb, 8.0);  // 8119 MiB
  EXPECT_EQ(i.vcpus, 4.0);
  EXPECT_DOUBLE_EQ(i.ram_gb, 32.028);
  EXPECT_EQ(i.disk_gb, 0.9755859375);
  EXPECT_EQ(i.price_usd_per_hour, 0.0804199218749999);
  EXPECT_EQ(i.base_usd_per_hour, 0.0749999999999999);
  EXPECT_EQ(i.bid_usd_per_hour, 0.090125);  // above dph_base, as it really was
  EXPECT_EQ(i.start_time_unix_s, 1563920386.97885);
  EXPECT_EQ(i.end_time_unix_s, 1572262468.0);
  EXPECT_TRUE(std::isnan(i.uptime_s));  // exited
  EXPECT_EQ(i.machine_id, "940");
  EXPECT_EQ(i.host_id, "115");
  EXPECT_EQ(i.image, "tensorflow/tensorflow:nightly-gpu-py3");
  EXPECT_EQ(i.reliability, 0.9762622);
  ExpectNoSecrets(i);
}

TEST(VastInstancesParse, ReadsTheV0SingleObjectEnvelopeOfTheDocs) {
  VastInstancesPage p =
      ParseVastInstances(PlanVastInstances(), 200, Fixture("docs-example-show-instance-v0-rtxa5000.json"),
                         1761008618.225083 + 90);
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.instances.size(), 1u);
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  const VastInstance& i = p.instances[0];
  EXPECT_EQ(i.id, "883");
  EXPECT_EQ(i.status, "");  // no actual_status in this example
  EXPECT_EQ(i.gpu_raw, "RTX A5000");
  EXPECT_EQ(i.gpu, "RTX A5000");
  EXPECT_EQ(i.vram_gb, 24.0);  // gpu_ram 24564 (and gpu_totalram)
  EXPECT_EQ(i.vcpus, 4.0);
  EXPECT_DOUBLE_EQ(i.ram_gb, 128.576);
  EXPECT_EQ(i.disk_gb, 10.0);
  EXPECT_EQ(i.price_usd_per_hour, 1.0020740740740741);
  EXPECT_EQ(i.base_usd_per_hour, 1.0);
  EXPECT_EQ(i.bid_usd_per_hour, 0.02);
  EXPECT_EQ(i.end_time_unix_s, 2034617753.0);
  EXPECT_NEAR(i.age_s, 90.0, 1e-6);
  EXPECT_EQ(i.machine_id, "178");
  EXPECT_EQ(i.host_id, "2");
  EXPECT_EQ(i.country, "US");
  EXPECT_EQ(i.region, "Washington, US");
  EXPECT_EQ(i.reliability, 0.9993661);
  EXPECT_EQ(i.tier, "verified");
  ExpectNoSecrets(i);
}

TEST(VastInstancesParse, ReadsTheV1EnvelopeAndPlansTheNextPage) {
  HttpRequest req = PlanVastInstances(25, "", {{"actual_status", {{"eq", "running"}}}});
  VastInstancesPage p = ParseVastInstances(req, 200, SeedV1Example(), 1668804745.1223178 + 600);
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.instances.size(), 1u);
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  EXPECT_EQ(p.total, 42);
  const VastInstance& i = p.instances[0];
  EXPECT_EQ(i.id, "312");
  EXPECT_EQ(i.label, "ML Training Job 2025");
  EXPECT_EQ(i.status, "running");
  EXPECT_EQ(i.gpu_raw, "RTX 4090");
  EXPECT_EQ(i.vram_gb, 24.0);
  EXPECT_EQ(i.price_usd_per_hour, 0.8021);
  EXPECT_EQ(i.country, "US");  // "California, United States"
  EXPECT_EQ(i.region, "California, United States");
  EXPECT_EQ(i.image, "nvidia/cuda:11.0.3-devel-ubuntu18.04");
  EXPECT_TRUE(std::isnan(i.end_time_unix_s) == false);
  EXPECT_NEAR(i.uptime_s, 600.0, 1e-6);  // running, uptime_mins null: since start_date
  ExpectNoSecrets(i);
  ASSERT_TRUE(p.next.has_value());
  EXPECT_EQ(p.next->method, "GET");
  EXPECT_EQ(p.next->path, "/api/v1/instances/");
  std::vector<std::pair<std::string, std::string>> want{
      {"limit", "25"},
      {"after_token", "eyJ2YWx1ZXMiOiB7ImlkIjogMTIzfX0="},
      {"select_filters", R"({"actual_status":{"eq":"running"}})"}};
  EXPECT_EQ(p.next->query, want);
}

TEST(VastInstancesParse, ReplacesTheAfterTokenAndStopsOnARepeat) {
  HttpRequest req = PlanVastInstances(10, "old");
  std::string body = R"({"success": true, "next_token": "new", "instances": [{"id": 1, "num_gpus": 1}]})";
  VastInstancesPage p = Parse(body, 200, req);
  ASSERT_TRUE(p.next.has_value());
  EXPECT_EQ(p.next->query[1], (std::pair<std::string, std::string>{"after_token", "new"}));
  EXPECT_EQ(p.next->query.size(), 2u);
  HttpRequest same = PlanVastInstances(10, "new");
  VastInstancesPage q = Parse(body, 200, same);
  EXPECT_FALSE(q.next.has_value());
  ASSERT_EQ(q.warnings.size(), 1u);
  EXPECT_EQ(q.warnings[0].field, "next_token");
}

TEST(VastInstancesParse, EndsPagingOnNullTokenOrEmptyPage) {
  EXPECT_FALSE(Parse(R"({"next_token": null, "instances": [{"id": 1, "num_gpus": 1}]})").next);
  EXPECT_FALSE(Parse(R"({"next_token": "t", "instances": []})").next);
}

TEST(VastInstancesParse, AcceptsEveryEnvelopeShape) {
  std::string one = R"({"id": 9, "num_gpus": 2, "gpu_name": "RTX 3090", "actual_status": "running"})";
  for (const std::string& body :
       {"[" + one + "]", "{\"instances\": [" + one + "]}", "{\"instances\": " + one + "}", one,
        "{\"success\": true, \"instances_found\": 1, \"instances\": [" + one + "]}"}) {
    VastInstancesPage p = Parse(body);
    ASSERT_EQ(p.error, "") << body;
    ASSERT_EQ(p.instances.size(), 1u) << body;
    EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
    EXPECT_EQ(p.instances[0].id, "9");
    EXPECT_EQ(p.instances[0].gpu_count, 2);
    EXPECT_EQ(p.instances[0].status, "running");
  }
}

TEST(VastInstancesParse, ReportsErrors) {
  EXPECT_EQ(Parse(R"({"success": false, "error": "auth_error", "msg": "Invalid user key"})", 401).error,
            "Vast answered HTTP 401: Invalid user key (auth_error) - check the Vast API key");
  EXPECT_EQ(Parse(R"({"success": false, "msg": "invalid after_token"})").error,
            "Vast refused the request: invalid after_token");
  VastInstancesPage broken = Parse(R"({"instances": [{"id": 1,, }]})");
  EXPECT_EQ(broken.error.rfind("Vast: malformed JSON at byte ", 0), 0u) << broken.error;
  EXPECT_TRUE(broken.instances.empty());
  EXPECT_EQ(Parse("true").error, "Vast answered with JSON that is neither an object nor a list");
}

TEST(VastInstancesParse, ToleratesDriftAndNamesJunk) {
  VastInstancesPage p = Parse(R"([{"id": "5", "num_gpus": "1", "dph_total": "0.5", "start_date": null,
      "uptime_mins": 30, "actual_status": "running", "cpu_ram": "abc", "is_bid": 1}, 7])");
  ASSERT_EQ(p.instances.size(), 1u);
  const VastInstance& i = p.instances[0];
  EXPECT_EQ(i.gpu_count, 1);
  EXPECT_EQ(i.price_usd_per_hour, 0.5);
  EXPECT_EQ(i.uptime_s, 1800.0);  // Vast's own figure wins
  EXPECT_TRUE(std::isnan(i.age_s));
  EXPECT_TRUE(i.interruptible);
  ASSERT_EQ(p.warnings.size(), 2u) << AllWarnings(p);
  EXPECT_EQ(FormatWarning(p.warnings[0]),
            "record 5: field cpu_ram: expected a number, got \"abc\"; left unknown");
  EXPECT_EQ(p.warnings[1].record, "#1");
}

TEST(VastInstancesPlan, BuildsTheV1QueryString) {
  HttpRequest r = PlanVastInstances(100, "tok", {{"gpu_name", {{"in", {"RTX 4090"}}}}},
                                    {{{"col", "id"}, {"dir", "desc"}}}, {"id", "label", "actual_status"});
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/api/v1/instances/");
  EXPECT_EQ(r.body, "");
  std::vector<std::pair<std::string, std::string>> want{
      {"limit", "25"},
      {"after_token", "tok"},
      {"select_filters", R"({"gpu_name":{"in":["RTX 4090"]}})"},
      {"order_by", R"([{"col":"id","dir":"desc"}])"},
      {"select_cols", R"(["id","label","actual_status"])"}};
  EXPECT_EQ(r.query, want);
  EXPECT_EQ(Target(r).rfind("/api/v1/instances/?limit=25&after_token=tok&select_filters=%7B%22gpu_name", 0),
            0u);
}

TEST(VastInstancesPlan, DefaultsToTheMaximumPageAndNothingElse) {
  HttpRequest r = PlanVastInstances();
  EXPECT_EQ(Target(r), "/api/v1/instances/?limit=25");
  EXPECT_EQ(Target(PlanVastInstances(0)), "/api/v1/instances/?limit=25");
  EXPECT_EQ(Target(PlanVastInstances(5)), "/api/v1/instances/?limit=5");
}

}  // namespace
}  // namespace offerscope::core
