// majlis content: what every HTTP transfer of majlis has in common (libcurl), one place for the
// schedule fetcher (schedule_fetch.h) and the players' bundle sync (fleet/sync.h):
//   - http and https only, redirects included, at most 5 of them;
//   - no signals (transfers run on worker threads), a connect timeout;
//   - `abort`: checked each time curl calls back; when set, the transfer stops at once (a
//     worker being stopped does not wait for a slow server);
//   - the user agent names majlis.
// What differs (total or stall timeouts, size limits, where the body goes) each caller adds.
#pragma once

#include <curl/curl.h>

#include <atomic>

namespace majlis::content {

// curl_global_init, once per process, before the first transfer.
void http_init_once();

// The common settings on a new easy handle; `abort` may be null (never aborted) and must
// outlive the transfer.
void http_common_options(CURL* easy, long connect_timeout_ms, const char* user_agent,
                         const std::atomic<bool>* abort);

}  // namespace majlis::content
