// majlis fleet: the player's side of content delivery. A screen follows the bundle a hub (or
// any static HTTP server holding `majlis publish`'s output) serves: it fetches the signed
// manifest, downloads the objects it lacks, assembles the content folder in its cache, checks
// it as `majlis check` does and swaps it in atomically. The screen's LiveContent watches
// CACHE/current and takes the new version over like any edit of a folder.
//
// The cache (one per player; nothing in it is ever trusted without the signature):
//
//   CACHE/objects/<sha256>                 each file's bytes, verified against the manifest's
//                                          SHA-256 and size; read-only; shared by bundles
//   CACHE/bundles/<sequence>/              a content folder: files hard-linked from objects/
//                                          (copied where linking fails)
//   CACHE/bundles/<sequence>.manifest.json       the signed manifest of that folder, and its
//   CACHE/bundles/<sequence>.manifest.json.sig   signature, exactly as the hub served them
//   CACHE/current -> bundles/<sequence>    what the screen shows: a symlink replaced atomically
//                                          (symlink current.new, rename over current)
//   CACHE/lock                             flock()ed by the player using the cache: a second
//                                          player on the same cache is refused (own --cache each)
//
// The manifest lives beside its folder, so the single rename of `current` switches content and
// manifest together: a power cut at any moment leaves a cache whose current bundle and manifest
// agree. At start the manifest of current's bundle is verified again with the trusted key (its
// sequence is the last accepted one, so a rollback is refused after a reboot too) and current's
// files are checked for their sizes; a screen so boots from its cache while the hub is down.
//
// One check (the worker runs one at start, every poll_s seconds and at once on check_now()):
//   1. GET manifest.json with If-None-Match (the last ETag): 304, or bytes equal to the current
//      manifest's: up to date. Then GET manifest.json.sig.
//   2. verify_signed_manifest (bundle.h): signature over the raw bytes, then the manifest's
//      rules, then the sequence above the current one (an older or equal one is a rollback). A
//      signature that does not match is fetched again once after 300 ms (the hub may have been
//      between its two renames) before it counts as tampered.
//   3. the objects missing from CACHE/objects are downloaded in parallel (curl multi, at most
//      kParallelDownloads at once), each into a temp file written with O_EXCL|O_NOFOLLOW, never
//      more than the manifest's size, then its SHA-256 checked and renamed in.
//   4. CACHE/bundles/.new-XXXXXX is assembled with directory file descriptors and *at() calls
//      (mkdirat, linkat, openat with O_NOFOLLOW): no symlink is followed inside the cache, and
//      each path (already checked by bundle.h) is checked again to stay inside the folder. It
//      is loaded with content::load_event (the same LoadOptions as `majlis check`); any error
//      refuses it. Then it is renamed to bundles/<sequence>, its manifest and signature written
//      beside it, the disk synced, and current swapped.
//   5. bundles other than the current and the previous one, their manifests, objects no kept
//      manifest names, and leftovers of interrupted checks are removed.
// Whatever fails (hub unreachable, a tampered manifest, signature or object, a rollback, a path
// leaving the folder, a bundle that fails the check, a full disk) is logged with what and why
// and kept as SyncStatus::last_error; current is not touched, so the screen keeps what it had.
// A failed check (the hub down or timing out, a download cut off) is tried again sooner than the
// next poll: after 2 s, then 4, 8 ... up to poll_s (kFirstRetrySeconds, doubling), and the poll
// again once a check succeeds; a screen so catches up within seconds of a hub coming back. A hub
// that cannot be reached is logged once per outage, not at every try. A refused manifest
// is not downloaded again while the hub serves the same one (its ETag is kept); a failed object
// download is retried at the next check.
//
// Every transfer has a connect timeout and a low-speed limit (a stalled hub never hangs the
// worker); only http and https are spoken, redirects included.
#pragma once

#include "content/content.h"
#include "fleet/bundle.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace majlis {
class Log;
}

namespace majlis::fleet {

inline constexpr int kParallelDownloads = 8;
inline constexpr double kFirstRetrySeconds = 2;  // after a failed check, doubling up to poll_s

struct SyncConfig {
    // The manifest's URL, e.g. http://hub:8080/bundle/manifest.json; the signature is at the
    // same URL + ".sig" and the objects beside it: http://hub:8080/bundle/objects/<sha256>.
    std::string manifest_url;
    PublicKey trusted;                  // the publisher's key (--trust majlis.pub)
    std::string cache_dir;              // made if missing
    double poll_s = 60;                 // seconds between checks
    content::LoadOptions check;         // what `majlis check` uses (font coverage): a bundle
                                        // with errors is refused
    int connect_timeout_ms = 5000;
    int manifest_timeout_ms = 30000;    // the whole manifest or signature transfer
    int stall_timeout_s = 30;           // an object transfer slower than 1 KB/s this long fails
};

// What the presence status reports and tests read; a snapshot, copied under a lock.
struct SyncStatus {
    uint64_t sequence = 0;              // of the bundle in CACHE/current; 0: none yet
    std::string content_version;        // its content_version
    std::string last_error;             // the latest refusal or failure; "" once up to date again
    int64_t last_success_time = 0;      // Unix seconds of the last check that ended up to date
    uint64_t bytes_downloaded = 0;      // bodies received since start (manifests, signatures, objects)
    uint64_t objects_downloaded = 0;    // objects received and verified since start
    bool hub_reachable = false;         // the last request got an HTTP answer
    // The hub's clock minus this screen's, in ms, measured NTP-style on the last manifest
    // request that told the hub's time: its X-Majlis-Time header (Unix ms, `majlis hub` sends
    // it), else its Date header (whole seconds: a static server), against the middle of the
    // request's round trip. Unset until a hub told its time.
    std::optional<int64_t> clock_offset_ms;
    uint64_t checks = 0;                // checks finished since start
};

// The hub's time a response header tells (Unix ms) for the clock offset; -1 when the value is
// not one (it comes from the network: strict, fuzzed by tests/fuzz/clock_fuzz.cpp).
//   X-Majlis-Time   decimal digits only, Unix ms (at most 15 digits)
//   Date            an IMF-fixdate (RFC 9110), "Sun, 06 Dec 2026 19:55:00 GMT": whole seconds
int64_t parse_majlis_time(std::string_view value);
int64_t parse_http_date(std::string_view value);

class BundleSync {
public:
    // Reads the cache (see the top of this file); does not touch the network yet.
    BundleSync(SyncConfig config, Log& log);
    ~BundleSync();  // stops the worker (an unfinished transfer is aborted)
    BundleSync(const BundleSync&) = delete;
    BundleSync& operator=(const BundleSync&) = delete;

    // CACHE/current: the folder LiveContent watches (it may not exist before the first bundle).
    std::string content_dir() const;

    // Starts the worker: a check at once, then every poll_s seconds. Set on_swapped first.
    void start();
    // Asks the worker for a check now (MQTT announced a new sequence). Thread-safe; returns at once.
    void check_now();
    // One check on the caller's thread (tests, and the worker's own loop). True: up to date
    // afterwards (a new bundle was swapped in, or nothing was new).
    bool check();
    // Blocks until `checks` checks have finished since start (tests). False on timeout.
    bool wait_checks(uint64_t checks, int timeout_ms);

    SyncStatus status() const;

    // Called (on the checking thread) after current was swapped to a new bundle.
    std::function<void(uint64_t sequence)> on_swapped;

private:
    struct Cache;
    struct Fetched;
    void run();
    void boot();
    bool check_unlocked();
    bool download_objects(const Manifest& manifest, uint64_t& bytes, std::string& error);
    bool assemble(const Manifest& manifest, std::string& folder, std::string& error);
    bool swap_in(const Manifest& manifest, const Fetched& got, std::string& folder, std::string& error);
    void clean();
    void fail(const std::string& what);
    void set_reachable(bool reachable, const std::string& why);

    SyncConfig config_;
    Log& log_;
    std::unique_ptr<Cache> cache_;
    std::mutex check_mutex_;            // one check at a time (worker or caller)
    mutable std::mutex mutex_;          // status_, etag_, wake_
    std::condition_variable cv_;
    SyncStatus status_;
    std::optional<Manifest> current_;   // the manifest of CACHE/current
    std::string current_bytes_;         // its exact bytes
    bool current_intact_ = false;       // current's files are all there (else a repair is due)
    std::string etag_;                  // of the last manifest handled for good (304: the same)
    bool etag_refused_ = false;         // ... and that manifest was refused (a 304 keeps the error)
    bool wake_ = false;
    bool outage_logged_ = false;
    std::atomic<bool> stop_{false};
    std::thread worker_;
};

}  // namespace majlis::fleet
