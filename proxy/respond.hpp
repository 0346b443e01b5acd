// Writing answers. Bodies go out through a content provider, which cpp-httplib 0.11.4 sends
// as they are: given a plain body it would brotli-compress it (at quality 11) on every
// request whose client accepts "br", costing more CPU than the request itself.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace offerscope::proxy {

// Sends `body` as it is (no per-request compression). The response keeps `body` alive.
void SendBytes(httplib::Response& res, int status, std::shared_ptr<const std::string> body,
               const std::string& content_type);
void SendJson(httplib::Response& res, int status, const nlohmann::json& body);
// {"error": message}
void SendError(httplib::Response& res, int status, const std::string& message);

using RouteHandler = std::function<void(const httplib::Request&, httplib::Response&)>;
// `handler` with every exception turned into a logged 500 {"error":"internal error"}: a bug
// costs one answer, never a worker thread or the server.
RouteHandler Guarded(RouteHandler handler);
// Resets a half-written answer and makes it a 500 (also used by the server's exception handler).
void AnswerInternalError(const httplib::Request& req, httplib::Response& res, const char* what);

}  // namespace offerscope::proxy
