// Routing, auth and fault injection of the provider emulator, and its HTTP server wrapper.
// The per-provider APIs are in emulator_vast.cpp and emulator_markets_api.cpp.
#include "proxy/emulator/emulator.hpp"

#include <httplib.h>

#include <chrono>
#include <ctime>
#include <thread>

#include "core/providers/registry.hpp"
#include "proxy/emulator/emulator_internal.hpp"

namespace offerscope::proxy {

EmulatorFaults::EmulatorFaults(const EmulatorFaults& o) { *this = o; }

EmulatorFaults& EmulatorFaults::operator=(const EmulatorFaults& o) {
  rate_limit_first = o.rate_limit_first;
  retry_after_s = o.retry_after_s;
  retry_after_as_date = o.retry_after_as_date;
  error_first = o.error_first;
  error_status = o.error_status;
  delay_ms = o.delay_ms;
  malformed_json = o.malformed_json;
  truncated_body = o.truncated_body;
  huge_body = o.huge_body;
  reset_connection = o.reset_connection;
  echo_key_in_errors = o.echo_key_in_errors;
  valid_keys = o.valid_keys;
  calls.store(o.calls.load());
  return *this;
}

namespace emulator_internal {

std::string Param(const core::HttpRequest& r, std::string_view key, const std::string& fallback) {
  for (const auto& [k, v] : r.query)
    if (k == key) return v;
  return fallback;
}

std::vector<std::string> Params(const core::HttpRequest& r, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& [k, v] : r.query)
    if (k == key) out.push_back(v);
  return out;
}

bool HasParam(const core::HttpRequest& r, std::string_view key) {
  for (const auto& kv : r.query)
    if (kv.first == key) return true;
  return false;
}

bool ParseInt(const std::string& text, long long& out) {
  if (text.empty() || text.size() > 19) return false;
  char* end = nullptr;
  out = std::strtoll(text.c_str(), &end, 10);
  return *end == '\0';
}

EmulatorReply JsonReply(int status, std::string body) {
  EmulatorReply r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

std::string BearerKey(const std::string& authorization) {
  if (authorization.size() <= 7 || authorization.compare(0, 7, "Bearer ") != 0) return {};
  return authorization.substr(7);
}

}  // namespace emulator_internal

namespace {

using namespace emulator_internal;
using nlohmann::json;

// An error in the provider's own shape; `detail` may quote the caller's key when the fault
// says the API is careless.
EmulatorReply ProviderError(core::ProviderId p, int status, std::string message) {
  switch (p) {
    case core::ProviderId::kVast:
      return JsonReply(status, json{{"success", false}, {"error", status == 401 ? "auth_error" : status == 429 ? "rate_limited" : "server_error"},
                                    {"msg", message}}.dump(-1, ' ', false, json::error_handler_t::replace));
    case core::ProviderId::kPrimeIntellect:
      return JsonReply(status, json{{"detail", message}}.dump(-1, ' ', false, json::error_handler_t::replace));
    case core::ProviderId::kDispersed:
      break;
  }
  return JsonReply(status, json{{"error", {{"code", status == 401 ? "unauthorized" : status == 429 ? "rate_limited" : "server_error"},
                                           {"message", message}}}}
                               .dump(-1, ' ', false, json::error_handler_t::replace));
}

std::string Quote(const EmulatorFaults& f, const std::string& authorization) {
  return f.echo_key_in_errors && !authorization.empty() ? " (Authorization: " + authorization + ")" : "";
}

EmulatorReply Route(core::ProviderId p, const core::HttpRequest& r, const std::string& key) {
  using core::ProviderId;
  if (p == ProviderId::kVast) {
    if (r.method == "POST" && r.path == "/api/v0/bundles/") return VastSearch(r, false);
    if (r.method == "PUT" && r.path == "/api/v0/search/asks/") return VastSearch(r, true);
    if (r.method == "GET" && r.path == "/api/v1/instances/") return VastInstances(r, key);
  } else if (p == ProviderId::kPrimeIntellect && r.method == "GET") {
    if (r.path == "/api/v1/availability/gpus") return PrimeGpus(r);
    if (r.path == "/api/v1/availability/disks") return PrimeDisks(r);
    if (r.path == "/api/v1/availability/") return PrimeLegacy(r);
  } else if (p == ProviderId::kDispersed && r.method == "GET" && r.path == "/v1/compute/offers") {
    return DispersedOffers(r);
  }
  return ProviderError(p, 404, "no such endpoint: " + r.method + " " + r.path);
}

// Which calls need a key (seeds: Prime always; Vast's instances; the offers of Vast and
// Dispersed are public).
bool NeedsKey(core::ProviderId p, const core::HttpRequest& r) {
  return p == core::ProviderId::kPrimeIntellect || (p == core::ProviderId::kVast && r.path == "/api/v1/instances/");
}

}  // namespace

EmulatorReply HandleEmulated(core::ProviderId provider, const core::HttpRequest& request, const std::string& authorization,
                             const EmulatorFaults& faults) {
  int n = faults.calls.fetch_add(1);
  EmulatorReply rep;
  std::string key = BearerKey(authorization);
  bool key_refused = !key.empty() && !faults.valid_keys.empty() &&
                     std::find(faults.valid_keys.begin(), faults.valid_keys.end(), key) == faults.valid_keys.end();
  if (n < faults.rate_limit_first) {
    rep = ProviderError(provider, 429, "too many requests, slow down" + Quote(faults, authorization));
    rep.retry_after_s = faults.retry_after_s;
    rep.retry_after_as_date = faults.retry_after_as_date;
  } else if (faults.error_first < 0 || n < faults.rate_limit_first + faults.error_first) {
    rep = ProviderError(provider, faults.error_status, "the service is unavailable (injected)" + Quote(faults, authorization));
  } else if ((NeedsKey(provider, request) && key.empty()) || key_refused) {
    rep = ProviderError(provider, 401, (key.empty() ? "missing API key" : "invalid API key") + Quote(faults, authorization));
  } else {
    rep = Route(provider, request, key);
  }
  if (rep.status == 200) {
    if (faults.malformed_json) rep.body.resize(rep.body.size() / 2);
    if (faults.huge_body) {
      // Valid JSON of about 50 MB: a padding member in front of the real answer.
      std::string padded = "{\"padding\":\"";
      padded.append(50u << 20, 'x');
      padded += "\",";
      padded.append(rep.body, 1, std::string::npos);
      rep.body = std::move(padded);
    }
  }
  rep.delay_ms = faults.delay_ms;
  rep.truncate = faults.truncated_body;
  rep.reset = faults.reset_connection;
  return rep;
}

EmulatorReply HandleEmulated(core::ProviderId provider, const core::HttpRequest& request, const std::string& authorization) {
  static const EmulatorFaults none;
  return HandleEmulated(provider, request, authorization, none);
}

std::size_t EmulatedOfferCount(core::ProviderId provider) {
  const EmulatorData& d = GetEmulatorData();
  switch (provider) {
    case core::ProviderId::kVast: return d.vast.size();
    case core::ProviderId::kPrimeIntellect: return d.prime.size();
    case core::ProviderId::kDispersed: return d.dispersed.size();
  }
  return 0;
}

EmulatorControl::EmulatorControl() {
  for (auto& f : faults_) f = std::make_shared<const EmulatorFaults>();
}

void EmulatorControl::SetFaults(core::ProviderId provider, const EmulatorFaults& faults) {
  auto fresh = std::make_shared<EmulatorFaults>(faults);
  fresh->calls = 0;
  std::lock_guard<std::mutex> lock(mu_);
  faults_[static_cast<int>(provider)] = std::move(fresh);
}

std::shared_ptr<const EmulatorFaults> EmulatorControl::Faults(core::ProviderId provider) const {
  std::lock_guard<std::mutex> lock(mu_);
  return faults_[static_cast<int>(provider)];
}

namespace {

// A thread pool that also counts accepted connections: httplib queues one task per
// connection, so the count tells a test whether its client reused connections.
class CountingPool : public httplib::TaskQueue {
 public:
  CountingPool(std::size_t threads, std::shared_ptr<EmulatorControl> control) : pool_(threads), control_(std::move(control)) {}
  void enqueue(std::function<void()> fn) override {
    ++control_->connections;
    pool_.enqueue(std::move(fn));
  }
  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
  std::shared_ptr<EmulatorControl> control_;
};

std::string HttpDate(int seconds_from_now) {
  std::time_t t = std::time(nullptr) + seconds_from_now;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

void Serve(EmulatorControl& control, const httplib::Request& req, httplib::Response& res) {
  // /<provider>/<api path>
  std::size_t slash = req.path.find('/', 1);
  std::optional<core::ProviderId> id =
      core::ProviderFromName(req.path.substr(1, slash == std::string::npos ? std::string::npos : slash - 1));
  if (!id || slash == std::string::npos) {
    res.status = 404;
    res.set_content("{\"error\":\"unknown provider; paths are /vast/..., /primeintellect/..., /dispersed/...\"}",
                    "application/json");
    return;
  }
  int p = static_cast<int>(*id);
  ++control.calls[p];
  int now = ++control.in_flight[p];
  for (int seen = control.max_in_flight[p]; now > seen && !control.max_in_flight[p].compare_exchange_weak(seen, now);) {
  }
  core::HttpRequest r{req.method, req.path.substr(slash), {}, req.body};
  for (const auto& [k, v] : req.params) r.query.emplace_back(k, v);
  std::shared_ptr<const EmulatorFaults> faults = control.Faults(*id);
  EmulatorReply rep = HandleEmulated(*id, r, req.get_header_value("Authorization"), *faults);
  if (rep.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(rep.delay_ms));
  --control.in_flight[p];
  res.status = rep.status;
  if (rep.retry_after_s >= 0)
    res.set_header("Retry-After", rep.retry_after_as_date ? HttpDate(rep.retry_after_s) : std::to_string(rep.retry_after_s));
  if (rep.truncate || rep.reset) {
    // Promise the whole body, send half of it (or nothing), then drop the connection.
    auto body = std::make_shared<std::string>(std::move(rep.body));
    std::size_t send = rep.reset ? 0 : body->size() / 2;
    res.set_content_provider(body->size(), rep.content_type.c_str(),
                             [body, send](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                               if (offset < send) sink.write(body->data() + offset, send - offset);
                               return false;
                             });
    return;
  }
  // A content provider with a known length is sent as is: httplib would otherwise brotli
  // every JSON answer again for each request, which costs more than the emulation.
  auto body = std::make_shared<std::string>(std::move(rep.body));
  res.set_content_provider(body->size(), rep.content_type.c_str(),
                           [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             sink.write(body->data() + offset, std::min(length, body->size() - offset));
                             return true;
                           });
}

}  // namespace

std::unique_ptr<httplib::Server> MakeEmulatorServer(EmulatorOptions options) {
  std::shared_ptr<EmulatorControl> control = options.control ? options.control : std::make_shared<EmulatorControl>();
  GetEmulatorData();  // build the data set now, not inside the first request's deadline
  auto server = std::make_unique<httplib::Server>();
  // Many threads: a client pool keeps idle keep-alive connections, each holding one.
  server->new_task_queue = [control] { return new CountingPool(64, control); };
  // Short: an idle keep-alive connection also holds up stop() until it times out.
  server->set_keep_alive_timeout(1);
  // Without it, a small header write followed by the body waits for a delayed ACK (~40 ms
  // per answer on Linux), which would make the emulator, not the proxy, the bottleneck.
  server->set_tcp_nodelay(true);
  auto handle = [control](const httplib::Request& req, httplib::Response& res) { Serve(*control, req, res); };
  server->Get(R"(/.*)", handle);
  server->Post(R"(/.*)", handle);
  server->Put(R"(/.*)", handle);
  return server;
}

std::string EmulatorBaseUrl(const std::string& host, int port, core::ProviderId provider) {
  return "http://" + host + ":" + std::to_string(port) + "/" + std::string(core::ProviderName(provider));
}

}  // namespace offerscope::proxy
