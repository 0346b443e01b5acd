// Settings that outlive the tab (theme, UI scale, proxy URL, and API keys only when the
// user ticked "remember"): the browser's localStorage, under "offerscope.*" keys.
#pragma once

#include <string>

namespace offerscope::web {

std::string StorageGet(const std::string& key);  // "" when missing or storage is blocked
void StorageSet(const std::string& key, const std::string& value);
void StorageRemove(const std::string& key);

}  // namespace offerscope::web
