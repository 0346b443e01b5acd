#include "proxy/demo.hpp"

#include "proxy/emulator/emulator.hpp"
#include "proxy/metrics.hpp"
#include "proxy/upstream.hpp"

namespace offerscope::proxy {

namespace {

class DemoUpstream : public Upstream {
 public:
  explicit DemoUpstream(Metrics& m) : metrics_(m) {}
  UpstreamResponse Fetch(const UpstreamRequest& r) override {
    // The snapshot needs no key; a stand-in satisfies the emulated auth checks. A caller's
    // own key still selects "their" emulated instances.
    EmulatorReply rep = HandleEmulated(r.provider, r.request, "Bearer " + (r.key.empty() ? std::string("demo") : r.key));
    metrics_.ObserveUpstream(core::ProviderName(r.provider), rep.status, 0);
    UpstreamResponse out;
    out.status = rep.status;
    out.body = std::move(rep.body);
    out.content_type = rep.content_type;
    out.attempts = 1;
    return out;
  }

 private:
  Metrics& metrics_;
};

}  // namespace

bool DecideDemoMode(const Config& config) { return config.demo.value_or(!config.HasAnyKey()); }

std::unique_ptr<Upstream> MakeDemoUpstream(Metrics& metrics) { return std::make_unique<DemoUpstream>(metrics); }

}  // namespace offerscope::proxy
