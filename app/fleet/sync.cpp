// majlis fleet: the player's sync (see sync.h for the cache and the order of work).
//
// Index of this file
//   [SECTION] HTTP (libcurl: one easy handle per small GET, a multi handle for objects)
//   [SECTION] The cache on disk (directory descriptors, *at() calls, never a symlink followed)
//   [SECTION] BundleSync (boot, the worker, one check, swap, cleaning)
#include "fleet/sync.h"

#include "content/http.h"
#include "core/log.h"
#include "fleet/fleet_internal.h"

#include <curl/curl.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <filesystem>
#include <set>
#include <vector>

namespace majlis::fleet {

namespace fs = std::filesystem;

namespace {

std::string errno_text(int e) { return std::strerror(e); }

//-----------------------------------------------------------------------------
// [SECTION] HTTP
//-----------------------------------------------------------------------------

// What a transfer is told to respect, and where it counts what it received.
struct Transfer {
    const std::atomic<bool>* stop = nullptr;  // set: abort as soon as curl calls back
    uint64_t* bytes = nullptr;                // body bytes received (added to)
};

// The settings every transfer has (content/http.h), and a stall timeout.
void common_options(CURL* easy, const SyncConfig& config, Transfer& transfer) {
    content::http_common_options(easy, long(config.connect_timeout_ms), "majlis-player", transfer.stop);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, long(config.stall_timeout_s));
}

// A transport failure (no HTTP answer at all) versus an answer.
bool is_unreachable(CURLcode code) {
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_COULDNT_CONNECT:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_SSL_CONNECT_ERROR:
            return true;
        default:
            return false;
    }
}

// A small GET into memory: the manifest, its signature.
struct Answer {
    bool answered = false;   // an HTTP status came back (else `error` says why not)
    bool unreachable = false;
    long status = 0;
    std::string body, etag, error;
    // The server's time from the final response's headers (Unix ms; -1: not told), and the
    // server's clock minus ours against the middle of the round trip (when told).
    int64_t majlis_time_ms = -1, date_ms = -1;
    std::optional<int64_t> clock_offset_ms;
};

int64_t unix_ms_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}


struct MemoryBody {
    std::string* out;
    size_t limit;
    bool too_big = false;
    Transfer* transfer;
};

size_t on_memory_body(char* data, size_t, size_t n, void* user) {
    auto* body = static_cast<MemoryBody*>(user);
    if (body->out->size() + n > body->limit) {
        body->too_big = true;
        return 0;  // CURLE_WRITE_ERROR
    }
    body->out->append(data, n);
    *body->transfer->bytes += n;
    return n;
}

// The ETag and the server's time of the final response (a redirect's headers come first; a
// status line starts over).
size_t on_header(char* data, size_t, size_t n, void* user) {
    auto* a = static_cast<Answer*>(user);
    std::string_view line(data, n);
    if (line.starts_with("HTTP/")) {
        a->etag.clear();
        a->majlis_time_ms = a->date_ms = -1;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon > 32) return n;
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    std::string_view v = line.substr(colon + 1);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
    if (name == "etag") a->etag = std::string(v.substr(0, 256));
    else if (name == "x-majlis-time") a->majlis_time_ms = parse_majlis_time(v);
    else if (name == "date") a->date_ms = parse_http_date(v);
    return n;
}

Answer http_get(const std::string& url, const std::string& if_none_match, size_t limit, const SyncConfig& config,
                Transfer& transfer) {
    Answer a;
    CURL* easy = curl_easy_init();
    if (!easy) {
        a.error = "libcurl could not start a transfer";
        return a;
    }
    common_options(easy, config, transfer);
    MemoryBody body{&a.body, limit, false, &transfer};
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, long(config.manifest_timeout_ms));
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_memory_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &a);
    struct curl_slist* headers = nullptr;
    if (!if_none_match.empty()) {
        headers = curl_slist_append(headers, ("If-None-Match: " + if_none_match).c_str());
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    }
    const int64_t sent = unix_ms_now();
    const CURLcode code = curl_easy_perform(easy);
    const int64_t received = unix_ms_now();
    if (code == CURLE_OK) {
        a.answered = true;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &a.status);
        const int64_t hub = a.majlis_time_ms >= 0 ? a.majlis_time_ms : a.date_ms;
        if (hub >= 0) a.clock_offset_ms = hub - (sent + (received - sent) / 2);
    } else if (body.too_big) {
        a.error = url + ": more than " + std::to_string(limit) + " bytes";
    } else {
        a.unreachable = is_unreachable(code);
        a.error = url + ": " + curl_easy_strerror(code);
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(easy);
    return a;
}

// The folder of the manifest's URL, with its trailing '/': where objects/ is.
std::string base_of(const std::string& manifest_url) {
    const size_t query = manifest_url.find_first_of("?#");
    const std::string path = manifest_url.substr(0, query);
    const size_t slash = path.rfind('/');
    return slash == std::string::npos ? path + "/" : path.substr(0, slash + 1);
}

//-----------------------------------------------------------------------------
// [SECTION] The cache on disk
//-----------------------------------------------------------------------------

using detail::write_all;

// A small file of the cache (a manifest, a signature), bounded; never through a symlink.
bool read_at(int dir_fd, const std::string& name, size_t limit, std::string& out) {
    const int fd = ::openat(dir_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st {};
    bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && uint64_t(st.st_size) <= limit;
    if (ok) {
        out.resize(size_t(st.st_size));
        size_t got = 0;
        while (ok && got < out.size()) {
            const ssize_t r = ::read(fd, out.data() + got, out.size() - got);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) ok = false;
            else got += size_t(r);
        }
    }
    ::close(fd);
    return ok;
}

// Writes `name` in `dir_fd` whole or not at all: NAME.new (O_EXCL|O_NOFOLLOW), then renamed.
bool write_at(int dir_fd, const std::string& name, std::string_view bytes, std::string& error) {
    const std::string tmp = name + ".new";
    ::unlinkat(dir_fd, tmp.c_str(), 0);
    const int fd = ::openat(dir_fd, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0444);
    if (fd < 0) {
        error = "cannot write " + tmp + ": " + errno_text(errno);
        return false;
    }
    bool ok = write_all(fd, bytes.data(), bytes.size());
    const int e = errno;
    ok = ::close(fd) == 0 && ok;
    if (ok && ::renameat(dir_fd, tmp.c_str(), dir_fd, name.c_str()) == 0) return true;
    error = "cannot write " + name + ": " + errno_text(ok ? errno : e);
    ::unlinkat(dir_fd, tmp.c_str(), 0);
    return false;
}

// A subfolder of `dir_fd`, made if missing, opened without following a symlink (-1: it is not
// a folder, or cannot be made).
int open_subdir(int dir_fd, const std::string& name, std::string& error) {
    if (::mkdirat(dir_fd, name.c_str(), 0755) != 0 && errno != EEXIST) {
        error = "cannot make " + name + ": " + errno_text(errno);
        return -1;
    }
    const int fd = ::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) error = name + " is not a folder (" + errno_text(errno) + ")";
    return fd;
}

// The names in a folder (its own descriptor stays open).
std::vector<std::string> list_at(int dir_fd) {
    std::vector<std::string> names;
    const int fd = ::openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return names;
    DIR* dir = ::fdopendir(fd);
    if (!dir) {
        ::close(fd);
        return names;
    }
    while (const dirent* e = ::readdir(dir)) {
        const std::string name = e->d_name;
        if (name != "." && name != "..") names.push_back(name);
    }
    ::closedir(dir);
    return names;
}

bool is_regular_of_size(int dir_fd, const std::string& name, uint64_t size) {
    struct stat st {};
    return ::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
           uint64_t(st.st_size) == size;
}

std::string bundle_name(uint64_t sequence) { return std::to_string(sequence); }
std::string manifest_name(uint64_t sequence) { return bundle_name(sequence) + ".manifest.json"; }
std::string sig_name(uint64_t sequence) { return manifest_name(sequence) + ".sig"; }

// "bundles/<sequence>" -> sequence; 0 for anything else.
uint64_t sequence_of_link(std::string_view target) {
    constexpr std::string_view kPrefix = "bundles/";
    if (!target.starts_with(kPrefix)) return 0;
    target.remove_prefix(kPrefix.size());
    if (target.empty() || target.size() > 19) return 0;
    uint64_t n = 0;
    for (char c : target) {
        if (c < '0' || c > '9') return 0;
        n = n * 10 + uint64_t(c - '0');
    }
    return n <= kMaxSequence ? n : 0;
}

uint64_t parse_sequence_name(const std::string& name) { return sequence_of_link("bundles/" + name); }

// Copies an object into a new file `name` of `dir_fd` (where a hard link is not possible).
bool copy_object(int objects_fd, const std::string& sha, int dir_fd, const std::string& name) {
    const int in = ::openat(objects_fd, sha.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (in < 0) return false;
    const int out = ::openat(dir_fd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0444);
    bool ok = out >= 0;
    std::vector<char> buf(64 * 1024);
    while (ok) {
        const ssize_t r = ::read(in, buf.data(), buf.size());
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) ok = false;
        if (r <= 0) break;
        ok = write_all(out, buf.data(), size_t(r));
    }
    const int e = errno;
    if (out >= 0 && ::close(out) != 0) ok = false;
    ::close(in);
    errno = e;
    return ok;
}

int64_t unix_now() { return int64_t(std::time(nullptr)); }

}  // namespace

int64_t parse_majlis_time(std::string_view v) {
    int64_t ms = -1;
    if (v.empty() || v.size() > 15 || v.find_first_not_of("0123456789") != std::string_view::npos) return -1;
    std::from_chars(v.data(), v.data() + v.size(), ms);
    return ms;
}

// The middle of the Date's second, since the server rounded down.
int64_t parse_http_date(std::string_view v) {
    if (v.size() != 29 || !v.ends_with(" GMT")) return -1;
    const std::string text(v);
    std::tm tm{};
    const char* end = ::strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (!end || *end) return -1;
    const time_t t = ::timegm(&tm);
    return t < 0 ? -1 : int64_t(t) * 1000 + 500;
}

// The cache's folders, held open: everything below the cache's own folder is reached through
// these descriptors and never through a symlink. The cache's folder itself may be a symlink
// (an operator's choice, e.g. onto a data partition).
struct BundleSync::Cache {
    std::string root;
    int root_fd = -1, objects_fd = -1, bundles_fd = -1, lock_fd = -1;
    std::string error;  // why it cannot be used ("" when it can)

    explicit Cache(std::string dir) : root(std::move(dir)) {
        std::error_code ec;
        fs::create_directories(root, ec);
        root_fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (root_fd < 0) {
            error = "cannot open the cache " + root + ": " + errno_text(errno);
            return;
        }
        // One player per cache: a second one would swap current under the first.
        lock_fd = ::openat(root_fd, "lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (lock_fd < 0 || ::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
            error = "the cache " + root + " is in use by another player (" + errno_text(errno) +
                    "); give each player its own --cache";
            return;
        }
        std::string why;
        objects_fd = open_subdir(root_fd, "objects", why);
        if (objects_fd >= 0) bundles_fd = open_subdir(root_fd, "bundles", why);
        if (bundles_fd < 0) error = "cache " + root + ": " + why;
    }
    ~Cache() {
        for (int fd : {bundles_fd, objects_fd, lock_fd, root_fd})
            if (fd >= 0) ::close(fd);
    }
    bool ok() const { return error.empty(); }
    std::string path(const std::string& rel) const { return root + "/" + rel; }

    // Removes `name` in bundles/, a folder with everything in it or a file; a symlink is
    // removed itself, never followed.
    void remove_in_bundles(const std::string& name) const {
        std::error_code ec;
        fs::remove_all(fs::path(root) / "bundles" / name, ec);
    }
};

// A manifest and its signature as fetched.
struct BundleSync::Fetched {
    std::string manifest, sig, etag;
};

namespace {

// One object being downloaded into objects/.tmp-<sha> (never more bytes than the manifest says).
struct Download {
    const ManifestFile* file = nullptr;
    std::string tmp;
    int fd = -1;
    uint64_t written = 0;
    bool too_big = false;
    int write_errno = 0;
    CURL* easy = nullptr;
    Transfer transfer;
};

size_t on_object_body(char* data, size_t, size_t n, void* user) {
    auto* d = static_cast<Download*>(user);
    if (d->written + n > d->file->size) {
        d->too_big = true;
        return 0;
    }
    if (!write_all(d->fd, data, n)) {
        d->write_errno = errno ? errno : EIO;
        return 0;
    }
    d->written += n;
    *d->transfer.bytes += n;
    return n;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] BundleSync
//-----------------------------------------------------------------------------

BundleSync::BundleSync(SyncConfig config, Log& log) : config_(std::move(config)), log_(log) {
    content::http_init_once();
    cache_ = std::make_unique<Cache>(config_.cache_dir);
    if (!cache_->ok()) {
        log_.error("sync", cache_->error);
        status_.last_error = cache_->error;
        return;
    }
    boot();
}

BundleSync::~BundleSync() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    if (worker_.joinable()) worker_.join();
}

std::string BundleSync::content_dir() const { return config_.cache_dir + "/current"; }

SyncStatus BundleSync::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

void BundleSync::start() {
    if (worker_.joinable()) return;
    worker_ = std::thread([this] { run(); });
}

void BundleSync::check_now() {
    {
        std::lock_guard lock(mutex_);
        wake_ = true;
    }
    cv_.notify_all();
}

bool BundleSync::wait_checks(uint64_t checks, int timeout_ms) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return status_.checks >= checks; });
}

void BundleSync::run() {
    double retry_s = 0;  // after a failed check: 2, 4, 8 ... s up to poll_s; 0 after a good one
    for (;;) {
        if (stop_) return;
        retry_s = check() ? 0 : std::min(config_.poll_s, retry_s > 0 ? retry_s * 2 : kFirstRetrySeconds);
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, std::chrono::duration<double>(retry_s > 0 ? retry_s : config_.poll_s),
                     [&] { return stop_.load() || wake_; });
        wake_ = false;
    }
}

// A refusal or failure: logged when it differs from the last one (a hub serving the same bad
// object is not logged at every poll), and kept for the status.
void BundleSync::fail(const std::string& what) {
    std::lock_guard lock(mutex_);
    if (status_.last_error != what) log_.error("sync", what + "; the screen keeps what it shows");
    status_.last_error = what;
}

// The hub answered or not; an outage is logged when it starts and when it ends, not at every poll.
void BundleSync::set_reachable(bool reachable, const std::string& why) {
    std::lock_guard lock(mutex_);
    status_.hub_reachable = reachable;
    if (!reachable) {
        if (!outage_logged_) {
            const std::string showing = status_.sequence ? "the cached bundle " + std::to_string(status_.sequence)
                                                         : "nothing yet (no bundle in the cache)";
            log_.warning("sync", "hub unreachable (" + why + "); showing " + showing + ", trying again in " +
                                     std::to_string(int(std::min(config_.poll_s, kFirstRetrySeconds))) +
                                     " s, then less and less often, at least every " +
                                     std::to_string(int(config_.poll_s)) + " s");
            outage_logged_ = true;
        }
        status_.last_error = "hub unreachable: " + why;
    } else if (outage_logged_) {
        log_.info("sync", "hub reachable again");
        outage_logged_ = false;
    }
}

// The cache as the last run left it: current's manifest verified again, its files looked at.
void BundleSync::boot() {
    Cache& c = *cache_;
    char target[256];
    const ssize_t n = ::readlinkat(c.root_fd, "current", target, sizeof target - 1);
    if (n < 0) {
        if (errno != ENOENT) log_.warning("sync", c.path("current") + " is not a link to a bundle; ignored");
    } else {
        const uint64_t seq = sequence_of_link(std::string_view(target, size_t(n)));
        std::string manifest, sig;
        ManifestResult verified;
        if (seq == 0) {
            verified.error = ManifestError::Malformed;
            verified.message = "current points to '" + std::string(target, size_t(n)) + "', not to a bundle";
        } else if (!read_at(c.bundles_fd, manifest_name(seq), kMaxManifestBytes, manifest) ||
                   !read_at(c.bundles_fd, sig_name(seq), 4096, sig)) {
            verified.error = ManifestError::Malformed;
            verified.message = "its manifest or signature is missing";
        } else {
            verified = verify_signed_manifest(manifest, sig, config_.trusted, 0);
            if (verified.ok() && verified.manifest->sequence != seq) {
                verified.error = ManifestError::Malformed;
                verified.message = "its manifest is sequence " + std::to_string(verified.manifest->sequence);
            }
        }
        if (!verified.ok()) {
            // Never show what the trusted key did not sign: the link goes, the hub will refill it.
            const std::string what = "cached bundle " + std::to_string(seq) + " refused (" +
                                     manifest_error_name(verified.error) + ": " + verified.message + ")";
            log_.error("sync", what + "; removed, waiting for the hub");
            ::unlinkat(c.root_fd, "current", 0);
            status_.last_error = what;
        } else {
            current_ = std::move(*verified.manifest);
            current_bytes_ = std::move(manifest);
            const int dir = ::openat(c.bundles_fd, bundle_name(seq).c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            current_intact_ = dir >= 0;
            for (size_t i = 0; current_intact_ && i < current_->files.size(); ++i)
                current_intact_ = is_regular_of_size(dir, current_->files[i].path, current_->files[i].size);
            if (dir >= 0) ::close(dir);
            if (!current_intact_)
                log_.warning("sync", "cached bundle " + std::to_string(seq) + " is incomplete; it is assembled again "
                                     "when the hub can be reached");
            status_.sequence = seq;
            status_.content_version = current_->content_version;
            log_.info("sync", "showing cached bundle " + std::to_string(seq) + " (content version " +
                                  current_->content_version.substr(0, 12) + ")");
        }
    }
    clean();
}

bool BundleSync::check() {
    std::lock_guard guard(check_mutex_);
    const bool ok = check_unlocked();
    {
        std::lock_guard lock(mutex_);
        ++status_.checks;
        if (ok) {
            status_.last_error.clear();
            status_.last_success_time = unix_now();
        }
    }
    cv_.notify_all();
    return ok;
}

bool BundleSync::check_unlocked() {
    if (!cache_->ok()) {
        fail(cache_->error);
        return false;
    }
    uint64_t bytes = 0;
    Transfer transfer{&stop_, &bytes};
    struct CountBytes {  // whatever happens below, what was received counts
        BundleSync& self;
        uint64_t& bytes;
        ~CountBytes() {
            std::lock_guard lock(self.mutex_);
            self.status_.bytes_downloaded += bytes;
        }
    } count{*this, bytes};

    std::string etag;
    bool etag_refused = false;
    {
        std::lock_guard lock(mutex_);
        etag = etag_;
        etag_refused = etag_refused_;
    }
    // The manifest handled last is remembered by its ETag, and whether it was refused.
    auto handled = [&](const std::string& new_etag, bool refused) {
        std::lock_guard lock(mutex_);
        etag_ = new_etag;
        etag_refused_ = refused;
    };
    const std::string& url = config_.manifest_url;
    // 1. The manifest (If-None-Match) and its signature.
    enum class Got { Failed, NotModified, UpToDate, New };
    auto fetch = [&](const std::string& if_none_match, Fetched& out) -> Got {
        Answer m = http_get(url, if_none_match, kMaxManifestBytes, config_, transfer);
        if (!m.answered) {
            if (m.unreachable) set_reachable(false, m.error);
            else fail("manifest: " + m.error);
            return Got::Failed;
        }
        set_reachable(true, "");
        if (m.clock_offset_ms) {
            std::lock_guard lock(mutex_);
            status_.clock_offset_ms = m.clock_offset_ms;
        }
        if (m.status == 304) return Got::NotModified;
        if (m.status != 200) {
            fail("manifest: " + url + " answered HTTP " + std::to_string(m.status));
            return Got::Failed;
        }
        out.manifest = std::move(m.body);
        out.etag = std::move(m.etag);
        if (current_ && current_intact_ && out.manifest == current_bytes_) return Got::UpToDate;
        Answer s = http_get(url + ".sig", "", 4096, config_, transfer);
        if (!s.answered) {
            if (s.unreachable) set_reachable(false, s.error);
            else fail("signature: " + s.error);
            return Got::Failed;
        }
        if (s.status != 200) {
            fail("signature: " + url + ".sig answered HTTP " + std::to_string(s.status));
            return Got::Failed;
        }
        out.sig = std::move(s.body);
        return Got::New;
    };
    // Not modified: as the last time (a refusal stays the last error, not logged again).
    auto settled = [&](Got result, const Fetched& f) {
        if (result == Got::NotModified) return !etag_refused;
        handled(f.etag, false);
        return true;
    };
    Fetched got;
    Got result = fetch(etag, got);
    if (result == Got::Failed) return false;
    if (result != Got::New) return settled(result, got);
    // The manifest already in the cache (its folder incomplete): verified at boot, repaired below.
    const bool repair = current_ && got.manifest == current_bytes_;
    ManifestResult verified;
    if (repair) {
        verified.manifest = *current_;
    } else {
        const uint64_t last = current_ ? current_->sequence : 0;
        verified = verify_signed_manifest(got.manifest, got.sig, config_.trusted, last);
        if (verified.error == ManifestError::BadSignature) {
            // The hub may have been between renaming the signature and the manifest: once more.
            {
                std::unique_lock lock(mutex_);
                cv_.wait_for(lock, std::chrono::milliseconds(300), [&] { return stop_.load(); });
            }
            Fetched again;
            etag_refused = false;
            result = fetch("", again);
            if (result == Got::Failed) return false;
            if (result != Got::New) return settled(result, again);
            got = std::move(again);
            verified = verify_signed_manifest(got.manifest, got.sig, config_.trusted, last);
        }
        if (!verified.ok()) {
            fail("manifest from " + url + " refused: " + manifest_error_name(verified.error) + ": " + verified.message);
            handled(got.etag, true);  // the same bytes are not fetched again; a new manifest is
            return false;
        }
    }
    const Manifest& manifest = *verified.manifest;
    const std::string seq = std::to_string(manifest.sequence);

    // 2. The objects it lacks, then 3. the folder, checked, then 4. the swap.
    std::string error;
    if (!download_objects(manifest, bytes, error)) {
        if (!stop_) fail("bundle " + seq + ": " + error);
        return false;
    }
    std::string folder;
    if (!assemble(manifest, folder, error)) {
        fail("bundle " + seq + " refused: " + error);
        return false;
    }
    const content::LoadResult loaded = content::load_event(cache_->path("bundles/" + folder), config_.check);
    if (!loaded.ok()) {
        std::string first;
        for (const auto& d : loaded.diagnostics)
            if (d.severity == content::Severity::Error) {
                first = d.format();
                break;
            }
        cache_->remove_in_bundles(folder);
        fail("bundle " + seq + " refused: it fails majlis check with " + std::to_string(loaded.errors()) +
             " error(s), the first: " + first);
        handled(got.etag, true);
        return false;
    }
    if (!swap_in(manifest, got, folder, error)) {
        if (!repair) cache_->remove_in_bundles(folder);
        fail("bundle " + seq + ": " + error);
        return false;
    }
    current_ = manifest;
    current_bytes_ = got.manifest;
    current_intact_ = true;
    handled(got.etag, false);
    {
        // With the new sequence, not after it: a status read in between showed the new bundle
        // with the error of the failed check before it (check() clears it again).
        std::lock_guard lock(mutex_);
        status_.sequence = manifest.sequence;
        status_.content_version = manifest.content_version;
        status_.last_error.clear();
    }
    log_.info("sync", std::string(repair ? "repaired" : "swapped in") + " bundle " + seq + " (content version " +
                          manifest.content_version.substr(0, 12) + ", " + std::to_string(bytes) + " bytes fetched)");
    clean();
    if (on_swapped) on_swapped(manifest.sequence);
    return true;
}

// Downloads the objects `manifest` names that objects/ lacks, at most kParallelDownloads at
// once; each is written to objects/.tmp-<sha>, bounded by its size, hashed, then renamed in.
bool BundleSync::download_objects(const Manifest& manifest, uint64_t& bytes, std::string& error) {
    Cache& c = *cache_;
    Transfer transfer{&stop_, &bytes};
    std::deque<const ManifestFile*> wanted;
    std::set<std::string> seen;
    for (const ManifestFile& f : manifest.files) {
        if (!seen.insert(f.sha256).second) continue;
        if (is_regular_of_size(c.objects_fd, f.sha256, f.size)) continue;
        ::unlinkat(c.objects_fd, f.sha256.c_str(), 0);  // a wrong size or a symlink: never trusted
        wanted.push_back(&f);
    }
    if (wanted.empty()) return true;
    const std::string base = base_of(config_.manifest_url) + "objects/";
    CURLM* multi = curl_multi_init();
    if (!multi) {
        error = "libcurl could not start downloads";
        return false;
    }
    std::vector<std::unique_ptr<Download>> active;
    auto finish = [&](Download& d, bool keep) {
        curl_multi_remove_handle(multi, d.easy);
        curl_easy_cleanup(d.easy);
        d.easy = nullptr;
        if (d.fd >= 0) ::close(d.fd);
        d.fd = -1;
        if (!keep) ::unlinkat(c.objects_fd, d.tmp.c_str(), 0);
    };
    // The first failure stops the rest (the next check tries again).
    auto settle = [&](Download& d, CURLcode code) -> bool {
        const ManifestFile& f = *d.file;
        const std::string what = "object " + f.sha256.substr(0, 12) + " (" + f.path + ")";
        long status = 0;
        curl_easy_getinfo(d.easy, CURLINFO_RESPONSE_CODE, &status);
        if (d.too_big) {
            error = what + " refused: the hub sent more than its " + std::to_string(f.size) + " bytes";
        } else if (d.write_errno) {
            error = "cannot write " + what + " into the cache: " + errno_text(d.write_errno) +
                    (d.write_errno == ENOSPC ? " (disk full)" : "");
        } else if (code != CURLE_OK) {
            if (is_unreachable(code)) set_reachable(false, std::string(curl_easy_strerror(code)));
            error = what + ": " + curl_easy_strerror(code);
        } else if (status != 200) {
            error = what + ": HTTP " + std::to_string(status);
        } else if (d.written != f.size) {
            error = what + " refused: " + std::to_string(d.written) + " bytes, the manifest says " +
                    std::to_string(f.size);
        } else if (::fsync(d.fd) != 0) {
            error = "cannot write " + what + " into the cache: " + errno_text(errno);
        }
        if (error.empty()) {
            std::string hash_error;
            const auto sha = sha256_file_hex(c.path("objects/" + d.tmp), hash_error);
            if (!sha) error = "cannot read " + what + " back: " + hash_error;
            else if (*sha != f.sha256) error = what + " refused: tampered (its SHA-256 is " + *sha + ")";
        }
        if (!error.empty()) {
            finish(d, false);
            return false;
        }
        ::fchmod(d.fd, 0444);
        finish(d, true);
        if (::renameat(c.objects_fd, d.tmp.c_str(), c.objects_fd, f.sha256.c_str()) != 0) {
            error = "cannot keep " + what + ": " + errno_text(errno);
            ::unlinkat(c.objects_fd, d.tmp.c_str(), 0);
            return false;
        }
        std::lock_guard lock(mutex_);
        ++status_.objects_downloaded;
        return true;
    };
    bool ok = true;
    while (ok && (!wanted.empty() || !active.empty())) {
        if (stop_) {
            error = "stopped";
            ok = false;
            break;
        }
        while (!wanted.empty() && active.size() < size_t(kParallelDownloads)) {
            auto d = std::make_unique<Download>();
            d->file = wanted.front();
            wanted.pop_front();
            d->transfer = transfer;
            d->tmp = ".tmp-" + d->file->sha256;
            ::unlinkat(c.objects_fd, d->tmp.c_str(), 0);
            d->fd = ::openat(c.objects_fd, d->tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
            if (d->fd < 0) {
                error = "cannot write into " + c.path("objects") + ": " + errno_text(errno);
                ok = false;
                break;
            }
            d->easy = curl_easy_init();
            if (!d->easy) {
                ::close(d->fd);
                ::unlinkat(c.objects_fd, d->tmp.c_str(), 0);
                error = "libcurl could not start a download";
                ok = false;
                break;
            }
            common_options(d->easy, config_, d->transfer);
            const std::string object_url = base + d->file->sha256;
            curl_easy_setopt(d->easy, CURLOPT_URL, object_url.c_str());
            curl_easy_setopt(d->easy, CURLOPT_WRITEFUNCTION, on_object_body);
            curl_easy_setopt(d->easy, CURLOPT_WRITEDATA, d.get());
            curl_easy_setopt(d->easy, CURLOPT_PRIVATE, d.get());
            curl_multi_add_handle(multi, d->easy);
            active.push_back(std::move(d));
        }
        if (!ok) break;
        int running = 0;
        curl_multi_perform(multi, &running);
        while (CURLMsg* msg = [&] {
            int left = 0;
            return curl_multi_info_read(multi, &left);
        }()) {
            if (msg->msg != CURLMSG_DONE) continue;
            Download* d = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &d);
            const CURLcode code = msg->data.result;
            if (!settle(*d, code)) ok = false;
            active.erase(std::find_if(active.begin(), active.end(), [&](const auto& p) { return p.get() == d; }));
            if (!ok) break;
        }
        if (ok && !active.empty()) curl_multi_poll(multi, nullptr, 0, 100, nullptr);
    }
    for (auto& d : active) finish(*d, false);
    curl_multi_cleanup(multi);
    return ok;
}

// bundles/.new-XXXXXX: every file hard-linked (or copied) from objects/, through directory
// descriptors opened without following symlinks. `folder` is its name in bundles/.
bool BundleSync::assemble(const Manifest& manifest, std::string& folder, std::string& error) {
    Cache& c = *cache_;
    std::string made = c.path("bundles/.new-XXXXXX");
    if (!::mkdtemp(made.data())) {
        error = "cannot make a folder in " + c.path("bundles") + ": " + errno_text(errno);
        return false;
    }
    folder = fs::path(made).filename().string();
    const int top = ::openat(c.bundles_fd, folder.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (top < 0) {
        error = "cannot open " + made + ": " + errno_text(errno);
        c.remove_in_bundles(folder);
        return false;
    }
    ::fchmod(top, 0755);  // mkdtemp's 0700 would hide it from a display running as another user
    const fs::path inside = fs::path("/bundle");
    bool ok = true;
    for (const ManifestFile& f : manifest.files) {
        // bundle.h checked the path; it must also land inside the folder as the kernel walks it.
        const fs::path where = (inside / f.path).lexically_normal();
        const auto [end, unused] = std::mismatch(inside.begin(), inside.end(), where.begin(), where.end());
        if (end != inside.end() || where == inside || !check_bundle_path(f.path).empty()) {
            error = "path '" + f.path + "' leaves the bundle's folder";
            ok = false;
            break;
        }
        std::vector<std::string> parts;
        for (size_t start = 0;;) {
            const size_t slash = f.path.find('/', start);
            parts.push_back(f.path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
            if (slash == std::string::npos) break;
            start = slash + 1;
        }
        int dir = ::dup(top);
        for (size_t i = 0; ok && i + 1 < parts.size(); ++i) {
            std::string why;
            const int next = open_subdir(dir, parts[i], why);
            ::close(dir);
            dir = next;
            if (next < 0) {
                error = "cannot make the folder of '" + f.path + "': " + why;
                ok = false;
            }
        }
        if (!ok) break;
        const std::string& leaf = parts.back();
        if (::linkat(c.objects_fd, f.sha256.c_str(), dir, leaf.c_str(), 0) != 0) {
            const int e = errno;
            if (e == EEXIST || !copy_object(c.objects_fd, f.sha256, dir, leaf)) {
                error = "cannot place '" + f.path + "': " + errno_text(e == EEXIST ? e : errno) +
                        (errno == ENOSPC ? " (disk full)" : "");
                ok = false;
            }
        }
        ::close(dir);
        if (!ok) break;
    }
    ::close(top);
    if (!ok) c.remove_in_bundles(folder);
    return ok;
}

// bundles/.new-XXXXXX becomes bundles/<sequence> (exchanged with a broken folder of the same
// sequence being repaired), its manifest and signature are written beside it, the disk is
// synced, and current is pointed at it by one rename.
bool BundleSync::swap_in(const Manifest& manifest, const Fetched& got, std::string& folder, std::string& error) {
    Cache& c = *cache_;
    const std::string name = bundle_name(manifest.sequence);
    if (::renameat2(c.bundles_fd, folder.c_str(), c.bundles_fd, name.c_str(), RENAME_NOREPLACE) != 0) {
        if (errno != EEXIST && errno != ENOTEMPTY) {
            error = "cannot rename " + folder + ": " + errno_text(errno);
            return false;
        }
        if (::renameat2(c.bundles_fd, folder.c_str(), c.bundles_fd, name.c_str(), RENAME_EXCHANGE) != 0) {
            error = "cannot replace bundles/" + name + ": " + errno_text(errno);
            return false;
        }
        c.remove_in_bundles(folder);  // the old one, exchanged
    }
    folder = name;
    if (!write_at(c.bundles_fd, sig_name(manifest.sequence), got.sig, error) ||
        !write_at(c.bundles_fd, manifest_name(manifest.sequence), got.manifest, error))
        return false;
    ::syncfs(c.root_fd);
    ::unlinkat(c.root_fd, "current.new", 0);
    const std::string target = "bundles/" + name;
    if (::symlinkat(target.c_str(), c.root_fd, "current.new") != 0 ||
        ::renameat(c.root_fd, "current.new", c.root_fd, "current") != 0) {
        error = "cannot swap " + c.path("current") + ": " + errno_text(errno);
        ::unlinkat(c.root_fd, "current.new", 0);
        return false;
    }
    ::fsync(c.root_fd);
    return true;
}

// Keeps the current bundle and the newest one before it, with their manifests and the objects
// they name; everything else in bundles/ and objects/ goes (old bundles, refused ones, leftovers
// of an interrupted check).
void BundleSync::clean() {
    Cache& c = *cache_;
    std::set<std::string> keep_bundles, keep_objects;
    auto keep = [&](uint64_t seq, const Manifest& m) {
        keep_bundles.insert(bundle_name(seq));
        keep_bundles.insert(manifest_name(seq));
        keep_bundles.insert(sig_name(seq));
        for (const ManifestFile& f : m.files) keep_objects.insert(f.sha256);
    };
    if (current_) {
        keep(current_->sequence, *current_);
        uint64_t previous = 0;
        for (const std::string& name : list_at(c.bundles_fd)) {
            const uint64_t seq = parse_sequence_name(name);
            if (seq && seq < current_->sequence && seq > previous) previous = seq;
        }
        std::string bytes;
        if (previous && read_at(c.bundles_fd, manifest_name(previous), kMaxManifestBytes, bytes)) {
            ManifestResult m = parse_manifest(bytes);
            if (m.ok()) keep(previous, *m.manifest);
        }
    }
    for (const std::string& name : list_at(c.bundles_fd))
        if (!keep_bundles.count(name)) c.remove_in_bundles(name);
    for (const std::string& name : list_at(c.objects_fd))
        if (!keep_objects.count(name)) ::unlinkat(c.objects_fd, name.c_str(), 0);
}

}  // namespace majlis::fleet
