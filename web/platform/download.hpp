// Saving a file the app made (CSV/JSON export) through the browser's download.
#pragma once

#include <string>

namespace offerscope::web {

void DownloadFile(const std::string& name, const std::string& mime, const std::string& content);

}  // namespace offerscope::web
