// majlis content: a schedule export fetched from its URL (`[schedule] url = "https://..."` in
// event.toml) into the content folder, where the loader reads it like any file.
//
// The loader never touches the network. The fetched copy lives in the folder itself:
//
//   DIR/fetched/schedule-<16 hex of the URL's XXH3>   the last good export, as the server sent it
//   DIR/fetched/.schedule-<hex>.etag                 its ETag (If-None-Match on the next fetch)
//   DIR/fetched/.schedule-<hex>.problem              why the last fetch failed (absent: it worked)
//
// so that everything that follows the folder follows the schedule: live reload sees the new
// copy (it is written whole: a hidden .NAME.new, then renamed), `check` validates it like any edit, and the
// hub's bundle carries fetched/schedule-<hex> to the players like any file (names starting with
// '.' stay out of bundles and do not count as changes), whose loader then finds it without
// fetching. A new URL has a new name, so a copy of another URL is never shown.
//
// One fetch (fetch_schedule): GET with If-None-Match, http and https only, at most 5 redirects,
// a timeout, the body at most kMaxScheduleBytes (the parser's limit). 304: nothing changes. 200:
// the export is parsed alone (parse_schedule); with errors it is refused, else written. Any
// failure (unreachable, an HTTP error status, too large, a malformed export, a folder that
// cannot be written) keeps the copy there is, and writes the problem file, which the loader
// turns into a warning on event.toml's `url` ("the last fetch failed: ...; showing the copy
// fetched before"): `check`, the log and the hub's dashboard show it. A good fetch (200 or 304)
// removes it.
//
// Who fetches: LiveContent, on its own thread, when it follows the folder's changes (a local
// content folder, the hub's); a player's bundle cache is not fetched into (the hub did).
// `majlis check DIR` fetches once before it loads. The interval is [schedule] `poll` ("5m",
// at least 30 s, at most 1 day; default 5 min), each wait drawn within ±10 % so that screens
// started together do not poll in step.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace majlis::content {

constexpr int kDefaultSchedulePollS = 300;
constexpr int kMinSchedulePollS = 30;
constexpr int kMaxSchedulePollS = 24 * 3600;

// A poll interval as event.toml writes it: "90s", "5m", "1h" (a positive integer and a unit),
// in seconds; nullopt when malformed or outside kMinSchedulePollS..kMaxSchedulePollS.
std::optional<int> parse_poll(std::string_view text);

// The fetched copy's path inside the content folder ("fetched/schedule-0123456789abcdef").
std::string fetched_schedule_path(const std::string& url);
// The problem file's path ("fetched/.schedule-<hex>.problem").
std::string fetch_problem_path(const std::string& url);

// What event.toml's [schedule] asks to fetch: its `url` (when it names no `file`) and `poll`
// (seconds; the default when absent or malformed: the loader reports that). nullopt: nothing
// to fetch (no event.toml, unreadable, no url).
struct ScheduleSource {
    std::string url;
    int poll_s = kDefaultSchedulePollS;
};
std::optional<ScheduleSource> schedule_source(const std::string& dir);

struct FetchOptions {
    int connect_timeout_ms = 10000;
    int timeout_ms = 60000;  // the whole transfer
    const std::atomic<bool>* abort = nullptr;  // set: the transfer stops soon (a shutdown)
};

struct FetchResult {
    enum Kind { Fetched, NotModified, Failed };
    Kind kind = Failed;
    std::string problem;  // Failed: why, one line ("HTTP 500", "...: Couldn't connect to server")
    // Failed: the kind of problem, for logging each once ("connect", "http 500", "malformed")
    std::string problem_kind;
    bool problem_changed = false;  // the problem file was written or removed
};

// One fetch of `url` into `dir` (see above). Never throws (std::bad_alloc aside).
FetchResult fetch_schedule(const std::string& dir, const std::string& url, const FetchOptions& options = {});

}  // namespace majlis::content
