#include "proxy/respond.hpp"

#include <httplib.h>

#include <algorithm>
#include <exception>

#include "proxy/log.hpp"

namespace offerscope::proxy {

void SendBytes(httplib::Response& res, int status, std::shared_ptr<const std::string> body,
               const std::string& content_type) {
  res.status = status;
  if (!body || body->empty()) {
    res.set_content("", content_type);
    return;
  }
  std::size_t length = body->size();
  res.set_content_provider(length, content_type,
                           [body](std::size_t offset, std::size_t n, httplib::DataSink& sink) {
                             if (offset >= body->size()) return false;
                             return sink.write(body->data() + offset, std::min(n, body->size() - offset));
                           });
}

void SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  // Invalid UTF-8 from an upstream message is replaced rather than thrown about.
  auto text = std::make_shared<const std::string>(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  SendBytes(res, status, std::move(text), "application/json");
}

void SendError(httplib::Response& res, int status, const std::string& message) {
  SendJson(res, status, nlohmann::json{{"error", message}});
}

void AnswerInternalError(const httplib::Request& req, httplib::Response& res, const char* what) {
  try {
    Log("error", {{"msg", "handler failed"}, {"method", req.method}, {"error", std::string(what).substr(0, 200)}});
    res.body.clear();
    res.content_length_ = 0;
    res.content_provider_ = nullptr;
    res.content_provider_resource_releaser_ = nullptr;
    res.headers.erase("Content-Encoding");
    SendError(res, 500, "internal error");
  } catch (...) {
    res.status = 500;
  }
}

RouteHandler Guarded(RouteHandler handler) {
  return [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
    try {
      handler(req, res);
    } catch (const std::exception& e) {
      AnswerInternalError(req, res, e.what());
    } catch (...) {
      AnswerInternalError(req, res, "unknown exception");
    }
  };
}

}  // namespace offerscope::proxy
