#include <emscripten/fetch.h>

#include <cstring>
#include <memory>

#include "web/platform/http.hpp"

namespace offerscope::web {

namespace {

struct Pending {
  std::function<void(HttpResult)> done;
  std::vector<std::string> header_storage;  // emscripten_fetch keeps pointers to these
  std::vector<const char*> header_ptrs;
  std::string body;
};

void Finish(emscripten_fetch_t* fetch) {
  std::unique_ptr<Pending> p(static_cast<Pending*>(fetch->userData));
  HttpResult r;
  r.status = fetch->status;
  if (fetch->numBytes > 0) r.body.assign(fetch->data, static_cast<std::size_t>(fetch->numBytes));
  if (r.status == 0) r.error = "the proxy could not be reached";
  std::size_t len = emscripten_fetch_get_response_headers_length(fetch);
  if (len > 0) {
    std::string headers(len + 1, '\0');
    emscripten_fetch_get_response_headers(fetch, headers.data(), headers.size());
    std::string lower = headers;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::size_t at = lower.find("x-offerscope-snapshot:");
    if (at != std::string::npos) {
      std::size_t start = at + std::strlen("x-offerscope-snapshot:");
      std::size_t end = headers.find_first_of("\r\n", start);
      r.snapshot = headers.substr(start, end - start);
      while (!r.snapshot.empty() && r.snapshot.front() == ' ') r.snapshot.erase(0, 1);
    }
  }
  emscripten_fetch_close(fetch);
  p->done(std::move(r));
}

}  // namespace

void HttpFetch(const HttpCall& call, std::function<void(HttpResult)> done) {
  auto* p = new Pending{std::move(done), {}, {}, call.body};
  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strncpy(attr.requestMethod, call.method.c_str(), sizeof(attr.requestMethod) - 1);
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
  attr.onsuccess = Finish;
  attr.onerror = Finish;
  for (const auto& [k, v] : call.headers) {
    p->header_storage.push_back(k);
    p->header_storage.push_back(v);
  }
  for (const std::string& s : p->header_storage) p->header_ptrs.push_back(s.c_str());
  p->header_ptrs.push_back(nullptr);
  attr.requestHeaders = p->header_ptrs.data();
  if (!p->body.empty()) {
    attr.requestData = p->body.data();
    attr.requestDataSize = p->body.size();
  }
  attr.userData = p;
  emscripten_fetch(&attr, call.url.c_str());
}

}  // namespace offerscope::web
