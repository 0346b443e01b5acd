// The rest of the page's platform: the URL fragment and history, the clipboard, local
// storage, file downloads and the page clock. Small on purpose: the app stays testable
// and the browser specifics stay here.
#pragma once

#include <string>

namespace offerscope::web {

std::string GetUrlFragment();              // without '#'
void ReplaceUrlFragment(const std::string& fragment);  // history.replaceState (while typing)
void PushUrlFragment(const std::string& fragment);     // history.pushState (committed change)
// True once after the user navigated (back/forward, or edited the address bar).
bool TakeUrlNavigation();
std::string PageOrigin();                  // "http://127.0.0.1:8080"

void CopyToClipboard(const std::string& text);
void DownloadFile(const std::string& name, const std::string& mime, const std::string& content);

std::string StorageGet(const std::string& key);  // localStorage; "" when missing
void StorageSet(const std::string& key, const std::string& value);
void StorageRemove(const std::string& key);

double NowMs();  // performance.now()
void OpenUrl(const std::string& url);  // new tab

}  // namespace offerscope::web
