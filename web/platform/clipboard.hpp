// Copying text for the user (the "Copy link" button).
#pragma once

#include <string>

namespace offerscope::web {

// Asynchronous; a refusal by the browser (no permission, page not focused) is silent, and
// the text is also kept in window.__offerscopeLastCopy so a test can read what was copied.
void CopyToClipboard(const std::string& text);

}  // namespace offerscope::web
