// `offerscope serve` arguments: every flag, the environment, the config file and their
// precedence, and the settings refused at start-up.
#include "proxy/config.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace offerscope::proxy {
namespace {

// Runs ParseServeArgs on `args` with a clean provider environment.
ConfigResult Parse(std::vector<std::string> args) {
  for (const char* v : {"VAST_API_KEY", "PRIME_API_KEY", "DISPERSED_API_KEY", "OFFERSCOPE_ACCESS_TOKEN",
                        "OFFERSCOPE_ALLOW_ORIGIN"})
    unsetenv(v);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return ParseServeArgs(static_cast<int>(argv.size()), argv.data());
}

std::string WriteFile(const std::string& name, const std::string& text, mode_t mode) {
  std::string path = ::testing::TempDir() + name;
  std::FILE* f = std::fopen(path.c_str(), "w");
  std::fputs(text.c_str(), f);
  std::fclose(f);
  chmod(path.c_str(), mode);
  return path;
}

TEST(ConfigParsing, ReadsEveryFlag) {
  ConfigResult r = Parse({"--bind", "0.0.0.0", "--port=8443", "--static-dir", "site", "--allow-origin",
                          "https://A.example", "--allow-origin", "http://b.example:8080", "--base-url",
                          "vast=http://127.0.0.1:9000/", "--max-pages", "7", "--cache-ttl", "30", "--cache-stale", "90",
                          "--threads", "4", "--retries", "0", "--upstream-timeout", "5", "--max-body-bytes", "4096",
                          "--max-header-bytes", "8192", "--read-timeout", "2.5", "--shutdown-grace", "3",
                          "--provider-concurrency", "2", "--no-demo"});
  ASSERT_TRUE(r.error.empty()) << r.error;
  const Config& c = r.config;
  EXPECT_EQ(c.bind, "0.0.0.0");
  EXPECT_EQ(c.port, 8443);
  EXPECT_EQ(c.static_dir, "site");
  EXPECT_EQ(c.allowed_origins, (std::vector<std::string>{"https://a.example", "http://b.example:8080"}));
  EXPECT_EQ(c.base_urls[0], "http://127.0.0.1:9000");
  EXPECT_EQ(c.max_pages, 7);
  EXPECT_EQ(c.cache_ttl_s, 30);
  EXPECT_EQ(c.cache_stale_s, 90);
  EXPECT_EQ(c.threads, 4);
  EXPECT_EQ(c.max_retries, 0);
  EXPECT_EQ(c.upstream_timeout_s, 5);
  EXPECT_EQ(c.max_body_bytes, 4096);
  EXPECT_EQ(c.max_header_bytes, 8192);
  EXPECT_EQ(c.read_timeout_s, 2.5);
  EXPECT_EQ(c.shutdown_grace_s, 3);
  EXPECT_EQ(c.provider_concurrency, 2);
  EXPECT_EQ(c.demo, std::optional<bool>(false));
  EXPECT_TRUE(Parse({"--help"}).help);
}

TEST(ConfigParsing, TakesKeysAndTheTokenFromTheEnvironmentAndFlagsOverrideIt) {
  Parse({});
  setenv("VAST_API_KEY", "env-vast-key", 1);
  setenv("OFFERSCOPE_ACCESS_TOKEN", "env-token-0123456789", 1);
  setenv("OFFERSCOPE_ALLOW_ORIGIN", "https://a.example,https://b.example", 1);
  std::vector<std::string> args = {"--access-token", "flag-token-0123456789"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  ConfigResult r = ParseServeArgs(2, argv.data());
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.config.keys[0], "env-vast-key");
  EXPECT_EQ(r.config.access_token, "flag-token-0123456789");
  EXPECT_EQ(r.config.allowed_origins.size(), 2u);
  Parse({});  // clears the environment again
}

TEST(ConfigParsing, RefusesAWildcardOriginWithServerKeys) {
  setenv("DISPERSED_API_KEY", "dispersed-key-1", 1);
  std::vector<std::string> args = {"--allow-origin", "*"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  ConfigResult r = ParseServeArgs(2, argv.data());
  unsetenv("DISPERSED_API_KEY");
  EXPECT_NE(r.error.find("'*'"), std::string::npos) << r.error;
  EXPECT_TRUE(Parse({"--allow-origin", "*"}).error.empty());  // without keys it is the owner's choice
}

TEST(ConfigParsing, NamesTheProblemWithBadValues) {
  EXPECT_NE(Parse({"--port", "99999"}).error.find("--port must be a number from 0 to 65535"), std::string::npos);
  EXPECT_NE(Parse({"--port", "80x"}).error.find("--port"), std::string::npos);
  EXPECT_NE(Parse({"--threads", "nan"}).error.find("--threads"), std::string::npos);
  EXPECT_NE(Parse({"--base-url", "runpod=https://x"}).error.find("PROVIDER"), std::string::npos);
  EXPECT_NE(Parse({"--base-url", "vast=http://evil.example"}).error.find("https"), std::string::npos);
  EXPECT_NE(Parse({"--base-url", "vast=https://user@evil.example"}).error.find("user"), std::string::npos);
  EXPECT_NE(Parse({"--allow-origin", "https://a.example/app"}).error.find("origin"), std::string::npos);
  EXPECT_NE(Parse({"--access-token", "short"}).error.find("16"), std::string::npos);
  EXPECT_NE(Parse({"--tls-cert", "/etc/hostname"}).error.find("go together"), std::string::npos);
  EXPECT_NE(Parse({"--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.key"}).error.find("cannot read"),
            std::string::npos);
  EXPECT_NE(Parse({"--nope", "1"}).error.find("unknown option --nope"), std::string::npos);
  EXPECT_NE(Parse({"serve"}).error.find("unexpected argument"), std::string::npos);
  EXPECT_NE(Parse({"--port"}).error.find("needs a value"), std::string::npos);
  setenv("VAST_API_KEY", "has space", 1);
  std::vector<char*> none;
  ConfigResult spaced = ParseServeArgs(0, none.data());
  unsetenv("VAST_API_KEY");
  EXPECT_NE(spaced.error.find("VAST_API_KEY"), std::string::npos);
  EXPECT_EQ(spaced.error.find("has space"), std::string::npos);  // the key itself is never echoed
  // Answers are scrubbed of the key: a one-letter key would garble every one of them.
  setenv("PRIME_API_KEY", "k3y", 1);
  ConfigResult short_key = ParseServeArgs(0, none.data());
  unsetenv("PRIME_API_KEY");
  EXPECT_NE(short_key.error.find("PRIME_API_KEY) is 3 characters long"), std::string::npos) << short_key.error;
  EXPECT_NE(short_key.error.find("at least 8"), std::string::npos) << short_key.error;
  EXPECT_EQ(short_key.error.find("k3y"), std::string::npos);
}

TEST(ConfigParsing, RefusesAWorldReadableConfigFileWithKeys) {
  std::string path = WriteFile("offerscope_config_keys.json", R"({"keys": {"vast": "abc-vast-key"}, "port": 9000})", 0644);
  ConfigResult r = Parse({"--config", path});
  EXPECT_NE(r.error.find("chmod 600"), std::string::npos) << r.error;
  EXPECT_EQ(r.error.find("abc"), std::string::npos);
  chmod(path.c_str(), 0600);
  r = Parse({"--config", path});
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.config.keys[0], "abc-vast-key");
  EXPECT_EQ(r.config.port, 9000);
  std::string token = WriteFile("offerscope_config_token.json", R"({"access_token": "0123456789abcdef0123"})", 0604);
  EXPECT_NE(Parse({"--config", token}).error.find("chmod 600"), std::string::npos);
  std::string open = WriteFile("offerscope_config_open.json", R"({"port": 9001, "demo": true})", 0644);
  r = Parse({"--config", open});  // nothing secret: readable is fine
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.config.demo, std::optional<bool>(true));
}

TEST(ConfigParsing, AppliesTheFileBelowTheEnvironmentAndTheFlags) {
  std::string path = WriteFile("offerscope_config_layers.json",
                               R"({"port": 9000, "allow_origin": ["https://file.example"], "threads": 3,
                                   "access_token": "file-token-0123456789"})",
                               0600);
  setenv("OFFERSCOPE_ACCESS_TOKEN", "env-token-0123456789", 1);
  std::vector<std::string> args = {"--config", path, "--port", "9100"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  ConfigResult r = ParseServeArgs(4, argv.data());
  unsetenv("OFFERSCOPE_ACCESS_TOKEN");
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.config.port, 9100);                                // flag over file
  EXPECT_EQ(r.config.access_token, "env-token-0123456789");     // environment over file
  EXPECT_EQ(r.config.threads, 3);                                // file over default
  EXPECT_EQ(r.config.allowed_origins, std::vector<std::string>{"https://file.example"});
}

TEST(ConfigParsing, RefusesMalformedConfigFiles) {
  EXPECT_NE(Parse({"--config", "/nonexistent.json"}).error.find("cannot read"), std::string::npos);
  std::string bad = WriteFile("offerscope_config_bad.json", "{not json", 0600);
  EXPECT_NE(Parse({"--config", bad}).error.find("not a JSON object"), std::string::npos);
  std::string unknown = WriteFile("offerscope_config_unknown.json", R"({"prot": 1})", 0600);
  EXPECT_NE(Parse({"--config", unknown}).error.find("unknown option --prot"), std::string::npos);
  std::string provider = WriteFile("offerscope_config_provider.json", R"({"keys": {"runpod": "x"}})", 0600);
  EXPECT_NE(Parse({"--config", provider}).error.find("runpod"), std::string::npos);
}

TEST(ConfigParsing, HelpNamesEveryFlagAndVariable) {
  std::string help = ServeHelp();
  for (const char* name : {"--bind", "--port", "--static-dir", "--config", "--allow-origin", "--access-token",
                           "--tls-cert", "--tls-key", "--ca-file", "--base-url", "--demo", "--no-demo", "--max-pages",
                           "--cache-ttl", "--cache-stale", "--cache-max-bytes", "--threads", "--retries",
                           "--upstream-timeout", "--max-upstream-bytes", "--provider-concurrency", "--max-body-bytes",
                           "--max-header-bytes", "--read-timeout", "--shutdown-grace", "VAST_API_KEY",
                           "PRIME_API_KEY", "DISPERSED_API_KEY", "OFFERSCOPE_ACCESS_TOKEN", "OFFERSCOPE_ALLOW_ORIGIN"})
    EXPECT_NE(help.find(name), std::string::npos) << name;
}

}  // namespace
}  // namespace offerscope::proxy
