#include <emscripten/fetch.h>

#include <cctype>
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

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) s.pop_back();
  std::size_t start = s.find_first_not_of(" \t");
  return start == std::string::npos ? std::string() : s.substr(start);
}

// XHR's getAllResponseHeaders(): "name: value\r\n" lines (only the headers CORS lets us see).
void ReadHeaders(emscripten_fetch_t* fetch, HttpResult& r) {
  std::size_t len = emscripten_fetch_get_response_headers_length(fetch);
  if (len == 0) return;
  std::string text(len + 1, '\0');
  emscripten_fetch_get_response_headers(fetch, text.data(), text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(at, end - at);
    at = end + 1;
    std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = Trim(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(name, Trim(line.substr(colon + 1)));
  }
}

void Finish(emscripten_fetch_t* fetch) {
  std::unique_ptr<Pending> p(static_cast<Pending*>(fetch->userData));
  HttpResult r;
  r.status = fetch->status;
  if (fetch->numBytes > 0) r.body.assign(fetch->data, static_cast<std::size_t>(fetch->numBytes));
  if (r.status == 0) r.error = "the proxy could not be reached";
  ReadHeaders(fetch, r);
  emscripten_fetch_close(fetch);
  p->done(std::move(r));
}

}  // namespace

std::string HeaderValue(const HttpResult& result, std::string_view lower_name) {
  for (const auto& [k, v] : result.headers)
    if (k == lower_name) return v;
  return {};
}

void HttpFetch(const HttpCall& call, std::function<void(HttpResult)> done) {
  auto* p = new Pending{std::move(done), {}, {}, call.body};
  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strncpy(attr.requestMethod, call.method.c_str(), sizeof(attr.requestMethod) - 1);
  // REPLACE: always the network, never Emscripten's IndexedDB cache (a lookup there first
  // delayed every API call by 100-250 ms; HTTP caching is the proxy's job).
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY | EMSCRIPTEN_FETCH_REPLACE;
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
