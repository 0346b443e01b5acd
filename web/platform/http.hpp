// Asynchronous HTTP for the app. The browser build uses emscripten_fetch; callbacks run on
// the main thread between frames, so they may touch AppState freely.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace offerscope::web {

struct HttpCall {
  std::string method = "GET";
  std::string url;  // absolute, or relative to the page
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpResult {
  int status = 0;        // 0: no answer (network error, CORS refusal)
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string error;     // network error text when status is 0
};

// The value of response header `lower_name` ("x-offerscope-snapshot"), "" when absent.
std::string HeaderValue(const HttpResult& result, std::string_view lower_name);

void HttpFetch(const HttpCall& call, std::function<void(HttpResult)> done);

}  // namespace offerscope::web
