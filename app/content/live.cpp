// majlis content: live content. The folder is watched with inotify and checked by its signature
// every poll_ms; after changes settle a worker thread loads and validates it, and a version
// without errors replaces the current one in a single pointer swap that the render thread picks
// up between frames.
//
// Index of this file
//   [SECTION] What counts as a change (names and events)
//   [SECTION] The folder's signature (what polling compares)
//   [SECTION] Watches (the folder, its subfolders, and its parent for whole-folder swaps)
//   [SECTION] LiveContent (construction, the worker loop, reload, swap, wait_idle)
//
// How a change travels:
//   1. A relevant inotify event (see kDirMask; names of temporary files are ignored), or a
//      signature that differs from the one taken before the last load, bumps changes_seen_ and
//      (re)starts the settle timer.
//   2. When the folder has been quiet for settle_ms (longer while a file that was modified has
//      not been closed yet, up to kWriterHoldMs: a `cp` that stalls mid-file), the worker syncs
//      its watches, takes the signature, loads the folder, and then reads inotify and the
//      signature again: if anything changed while it was loading, the result is dropped (it may
//      hold half a file) and it waits again. But max_wait_ms after the first change it waited
//      for, the reload is due whatever happens, and its result counts (a writer that never
//      pauses does not starve reloading; half a file fails validation like any broken save).
//   3. A result without errors is swapped in under mutex_ (generation_ + 1, on_change); one with
//      errors leaves the old version up, sets broken_, and its diagnostics are logged once.
//   4. changes_done_ catches up with the changes that load covered; wait_idle() waits for that.
//   reload_now() counts as one change whose reload is due at once (no settle time).
//
// Failures: if inotify cannot be set up, or poll or read fail on it while running, the worker
// closes it and goes on with the signature alone (watching() = Polling, logged once, sticky).
// The worker never ends before the destructor; only an eventfd that cannot be made leaves
// nothing watching (Stopped).
//
// A schedule URL (schedule_fetch.h): a second thread, the fetcher, saves the export into the
// folder; the new copy is a change like any other, and a fetch that brings a new copy or a new
// problem asks for a reload at once (reload_now). It runs only when the folder's changes are
// followed: a player's bundle cache gets the hub's copy inside the bundle.
#include "content/content.h"
#include "content/schedule_fetch.h"

#include "core/log.h"

#include <dirent.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <set>
#include <thread>

namespace majlis::content {
namespace {

//-----------------------------------------------------------------------------
// [SECTION] What counts as a change
//-----------------------------------------------------------------------------

// Events on the folder and each subfolder. IN_MODIFY is there so that a file being written
// (a `cp` in progress, a slow network copy) keeps pushing the reload back until it is closed.
constexpr uint32_t kDirMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
                              IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB | IN_MODIFY | IN_ONLYDIR;
// Events on the folder's parent: only those naming the folder count (it was swapped whole:
// moved away, moved in, replaced by a new symlink, deleted, created).
constexpr uint32_t kParentMask = IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ONLYDIR;

constexpr int kWriterHoldMs = 5000;   // the longest a file left open for writing holds a reload
constexpr int kRetryWatchMs = 1000;   // how often to look for a folder that is not there
constexpr int kMaxDepth = 16;         // subfolders watched at most this deep
constexpr size_t kMaxWatches = 4096;  // and at most this many

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// Temporary and hidden files: rsync's `.name.XXXXXX`, editors' swap files and backups, partial
// downloads. Changes to them are not changes to the content (their rename to the real name is).
bool ignored_name(std::string_view name) {
    if (name.empty()) return false;
    return name[0] == '.' || ends_with(name, "~") || ends_with(name, ".swp") || ends_with(name, ".tmp") ||
           ends_with(name, ".part");
}

std::string errno_text(int err) { return std::strerror(err); }

//-----------------------------------------------------------------------------
// [SECTION] The folder's signature
//-----------------------------------------------------------------------------
// A hash of what the folder holds as stat(2) sees it: the folder itself (device and inode, so a
// folder swapped in is a change), and below it, in name order, each entry's name and type, and
// for files their inode, size, mode, modification and change time. Contents are not read, so checking
// costs one readdir per folder and one lstat per entry. Folders contribute no times: their
// mtime moves when a temporary file comes and goes, which is not a change. Temporary names are
// left out as inotify leaves them out; the same depth and size limits apply.

struct Signature {
    uint64_t h = 1469598103934665603ull;  // FNV-1a
    size_t entries = 0;
    void add(const void* p, size_t n) {
        const auto* b = static_cast<const unsigned char*>(p);
        for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
    }
    template <class T> void add(const T& v) { add(&v, sizeof v); }
    void add(std::string_view s) {
        add(s.data(), s.size());
        add(uint8_t(0));
    }
};

void sign_tree(const std::string& path, int depth, Signature& sig) {
    if (depth >= kMaxDepth) return;
    DIR* d = opendir(path.c_str());
    if (!d) {
        sig.add(std::string_view("(unreadable)"));
        return;
    }
    std::vector<std::string> names;
    while (dirent* e = readdir(d)) {
        std::string_view name = e->d_name;
        if (name != "." && name != ".." && !ignored_name(name)) names.emplace_back(name);
    }
    closedir(d);
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
        if (++sig.entries > kMaxWatches * 16) return;
        const std::string full = path + "/" + name;
        struct stat st {};
        sig.add(std::string_view(name));
        if (lstat(full.c_str(), &st) != 0) continue;  // gone meanwhile: the next check sees it
        sig.add(uint32_t(st.st_mode));
        sig.add(uint64_t(st.st_ino));
        if (S_ISDIR(st.st_mode)) {
            sign_tree(full, depth + 1, sig);
        } else {
            sig.add(int64_t(st.st_size));
            sig.add(int64_t(st.st_mtim.tv_sec));
            sig.add(int64_t(st.st_mtim.tv_nsec));
            sig.add(int64_t(st.st_ctim.tv_sec));  // rsync --times --inplace keeps size and mtime
            sig.add(int64_t(st.st_ctim.tv_nsec));
        }
    }
}

uint64_t folder_signature(const std::string& root) {
    Signature sig;
    struct stat st {};
    if (stat(root.c_str(), &st) != 0) return 0;  // not there (0: no folder)
    sig.add(uint64_t(st.st_dev));
    sig.add(uint64_t(st.st_ino));
    sign_tree(root, 0, sig);
    return sig.h;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Watches
//-----------------------------------------------------------------------------

struct LiveContent::Watches {
    int fd = -1;
    std::string root;                  // the folder, absolute (as configured: may be a symlink)
    std::string parent, base;          // its parent folder and its name there
    int parent_wd = -1;
    std::map<int, std::string> dirs;   // watch -> folder relative to root ("" = root)
    std::set<std::pair<int, std::string>> writing;  // (watch, name) modified and not yet closed
    std::vector<std::string> logged;   // the diagnostics last logged (each set logged once)
    bool limit_reported = false;
    uint64_t signature = 0;            // folder_signature(root) before the last load
    int read_error = 0;                // drain: read(2) failed with this errno (inotify is broken)

    explicit Watches(const std::string& dir) {
        namespace fs = std::filesystem;
        std::error_code ec;
        fs::path p = fs::absolute(fs::path(dir), ec);
        if (ec) p = fs::path(dir);
        p = p.lexically_normal();
        while (p.has_relative_path() && p.filename().empty()) p = p.parent_path();  // "dir/"
        root = p.string();
        parent = p.has_parent_path() ? p.parent_path().string() : std::string("/");
        base = p.filename().string();
    }

    bool root_watched() const {
        for (const auto& [wd, rel] : dirs)
            if (rel.empty()) return true;
        return false;
    }

    // Watches the folder as it is now: adds what is new (a subfolder, a folder swapped in) and
    // drops watches of folders no longer there. inotify_add_watch on a folder already watched
    // returns the same watch, so this is cheap to repeat before every load.
    void sync(Log& log) {
        if (fd < 0) return;
        std::map<int, std::string> fresh;
        int pwd = base.empty() ? -1 : inotify_add_watch(fd, parent.c_str(), kParentMask);
        add_tree(root, "", 0, fresh, log);
        for (const auto& [wd, rel] : dirs)
            if (!fresh.count(wd) && wd != pwd) inotify_rm_watch(fd, wd);
        if (parent_wd >= 0 && parent_wd != pwd && !fresh.count(parent_wd)) inotify_rm_watch(fd, parent_wd);
        dirs = std::move(fresh);
        parent_wd = pwd;
        for (auto it = writing.begin(); it != writing.end();)
            it = dirs.count(it->first) ? std::next(it) : writing.erase(it);
    }

    void add_tree(const std::string& path, const std::string& rel, int depth, std::map<int, std::string>& fresh,
                  Log& log) {
        if (fresh.size() >= kMaxWatches) return;
        // The folder itself may be a symlink (swapped by replacing the link); below it, only
        // real folders are watched (the loader refuses links that leave the folder anyway).
        int wd = inotify_add_watch(fd, path.c_str(), kDirMask | (rel.empty() ? 0 : IN_DONT_FOLLOW));
        if (wd < 0) {
            if ((errno == ENOSPC || errno == ENOMEM) && !limit_reported) {
                limit_reported = true;
                log.warning("content", "cannot watch " + path + ": " + errno_text(errno) +
                                           " (raise fs.inotify.max_user_watches); changes there are seen only "
                                           "by the periodic check");
            }
            return;
        }
        fresh[wd] = rel;
        if (depth >= kMaxDepth) return;
        DIR* d = opendir(path.c_str());
        if (!d) return;
        std::vector<std::string> subdirs;
        while (dirent* e = readdir(d)) {
            std::string_view name = e->d_name;
            if (name == "." || name == ".." || ignored_name(name)) continue;
            bool is_dir = e->d_type == DT_DIR;
            if (e->d_type == DT_UNKNOWN) {
                std::error_code ec;
                is_dir = std::filesystem::symlink_status(path + "/" + std::string(name), ec).type() ==
                         std::filesystem::file_type::directory;
            }
            if (is_dir) subdirs.emplace_back(name);
        }
        closedir(d);
        for (const std::string& name : subdirs)
            add_tree(path + "/" + name, rel.empty() ? name : rel + "/" + name, depth + 1, fresh, log);
    }

    // Reads every event queued now (never blocks). Returns how many were changes to the content;
    // `structural` is set when folders appeared, vanished or were swapped (watches to sync).
    uint64_t drain(bool& structural) {
        uint64_t changes = 0;
        if (fd < 0) return 0;
        alignas(inotify_event) char buf[16384];
        for (;;) {
            ssize_t n = read(fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno != EAGAIN) read_error = errno;
            if (n <= 0) break;
            for (ssize_t at = 0; at + (ssize_t)sizeof(inotify_event) <= n;) {
                const auto* ev = reinterpret_cast<const inotify_event*>(buf + at);
                at += sizeof(inotify_event) + ev->len;
                std::string_view name = ev->len ? std::string_view(ev->name) : std::string_view();
                changes += classify(*ev, name, structural) ? 1 : 0;
            }
        }
        return changes;
    }

    bool classify(const inotify_event& ev, std::string_view name, bool& structural) {
        if (ev.mask & IN_Q_OVERFLOW) {  // events were lost: assume everything changed
            structural = true;
            writing.clear();
            return true;
        }
        if (ev.wd == parent_wd && parent_wd >= 0) {
            if (name != base) return false;
            structural = true;
            return true;
        }
        auto it = dirs.find(ev.wd);
        if (it == dirs.end()) return false;  // a watch already dropped (its IN_IGNORED, late events)
        if (ev.mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT)) {
            structural = true;
            if (ev.mask & IN_IGNORED) dirs.erase(it);
            return true;
        }
        if (ignored_name(name)) return false;
        if ((ev.mask & IN_ISDIR) && (ev.mask & (IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE)))
            structural = true;
        if (!(ev.mask & IN_ISDIR)) {
            std::pair<int, std::string> key(ev.wd, std::string(name));
            if (ev.mask & IN_MODIFY)
                writing.insert(std::move(key));
            else if (ev.mask & (IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO))
                writing.erase(key);
        }
        return true;
    }
};

//-----------------------------------------------------------------------------
// [SECTION] LiveContent
//-----------------------------------------------------------------------------

// Watches and the signature are set up before the first load, so nothing changed during it goes
// unseen.
LiveContent::LiveContent(Config config, Log& log) : config_(std::move(config)), log_(log) {
    watches_ = std::make_unique<Watches>(config_.dir);
    config_.settle_ms = std::max(config_.settle_ms, 0);
    config_.max_wait_ms = std::max(config_.max_wait_ms, config_.settle_ms);
    config_.poll_ms = std::max(config_.poll_ms, 10);
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wake_fd_ < 0) {
        watching_ = Watching::Stopped;
        log_.error("content", "cannot watch " + config_.dir + ": eventfd: " + errno_text(errno) +
                                  "; changes will not be picked up until restart");
    } else if (!config_.use_inotify) {
        stop_inotify("not used");
    } else {
        inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (inotify_fd_ < 0) stop_inotify(std::string("inotify_init1: ") + errno_text(errno));
    }
    watches_->fd = inotify_fd_;
    watches_->sync(log_);
    watches_->signature = folder_signature(watches_->root);

    std::error_code missing;
    if (!config_.missing_note.empty() && !std::filesystem::exists(config_.dir, missing)) {
        log_.info("content", config_.missing_note);
    } else {
        LoadResult first;
        try {
            first = load_event(config_.dir, config_.options);
        } catch (const std::exception& e) {
            first = LoadResult{};
            first.diagnostics.push_back(
                Diagnostic{SourcePos{}, Severity::Error, std::string("cannot load: ") + e.what()});
        }
        apply(std::move(first), true);
    }

    if (wake_fd_ >= 0) worker_ = std::thread(&LiveContent::run, this);
    if (wake_fd_ >= 0 && config_.follow_changes) fetcher_ = std::thread(&LiveContent::fetch_schedules, this);
}

// The fetcher: every few seconds it reads event.toml's schedule source (cheap); a URL it has not
// fetched yet is fetched at once, the same URL again after its poll interval (±10 %). Each kind
// of failure is logged once until a fetch works again.
void LiveContent::fetch_schedules() {
    using Clock = std::chrono::steady_clock;
    constexpr int kSourceCheckMs = 5000;
    std::mt19937 random(std::random_device{}());
    std::uniform_real_distribution<double> jitter(0.9, 1.1);
    std::string fetched_url, failing;
    Clock::time_point due = Clock::now();
    FetchOptions options;
    options.abort = &stop_;
    while (!stop_) {
        const std::optional<ScheduleSource> source = schedule_source(config_.dir);
        if (source && (source->url != fetched_url || Clock::now() >= due)) {
            const FetchResult r = fetch_schedule(config_.dir, source->url, options);
            if (stop_) break;
            fetched_url = source->url;
            const int poll_ms = config_.schedule_poll_ms > 0 ? config_.schedule_poll_ms : source->poll_s * 1000;
            due = Clock::now() + std::chrono::milliseconds(int64_t(poll_ms * jitter(random)));
            if (r.kind == FetchResult::Failed) {
                if (r.problem_kind != failing)
                    log_.warning("content", "schedule: " + r.problem + "; keeping the copy fetched before");
                failing = r.problem_kind;
            } else {
                if (!failing.empty()) log_.info("content", "schedule: " + source->url + " fetched again");
                else if (r.kind == FetchResult::Fetched) log_.info("content", "schedule: fetched " + source->url);
                failing.clear();
            }
            if (r.kind == FetchResult::Fetched || r.problem_changed) reload_now();
        }
        const auto next = std::min(due, Clock::now() + std::chrono::milliseconds(kSourceCheckMs));
        std::unique_lock<std::mutex> lock(mutex_);
        fetcher_cv_.wait_until(lock, source ? next : Clock::now() + std::chrono::milliseconds(kSourceCheckMs),
                               [&] { return stop_.load(); });
    }
}

// Sticky: inotify is not tried again until restart (a failing inotify could fail again and
// again); the signature check every poll_ms carries on alone.
void LiveContent::stop_inotify(const std::string& why) {
    if (inotify_fd_ >= 0) close(inotify_fd_);
    inotify_fd_ = -1;
    if (watches_) {
        watches_->fd = -1;
        watches_->dirs.clear();
        watches_->writing.clear();
        watches_->parent_wd = -1;
        watches_->read_error = 0;
    }
    watching_ = Watching::Polling;
    char every[32];
    std::snprintf(every, sizeof every, "%g s", config_.poll_ms / 1000.0);
    log_.error("content", "watching " + config_.dir + ": inotify " + why + "; checking the folder every " + every +
                              " instead (changes show later; the operator's marker stays on until restart)");
}

LiveContent::~LiveContent() {
    stop_ = true;
    if (wake_fd_ >= 0) {
        uint64_t one = 1;
        ssize_t n = write(wake_fd_, &one, sizeof one);
        (void)n;
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
    }
    idle_cv_.notify_all();
    fetcher_cv_.notify_all();
    if (fetcher_.joinable()) fetcher_.join();
    if (worker_.joinable()) worker_.join();
    if (inotify_fd_ >= 0) close(inotify_fd_);
    if (wake_fd_ >= 0) close(wake_fd_);
}

std::shared_ptr<const Event> LiveContent::current() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return current_;
}

std::vector<Diagnostic> LiveContent::last_diagnostics() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return diagnostics_;
}

// The worker: wait for events (or the settle deadline, or the next signature check, or a stop,
// sync or reload_now through wake_fd_), read them, and reload once the folder has been quiet long
// enough or the longest wait is over.
void LiveContent::run() {
    using Clock = std::chrono::steady_clock;
    using std::chrono::milliseconds;
    Watches& w = *watches_;
    bool pending = false;
    bool asked_now = false;  // reload_now(): due at once
    Clock::time_point first_change = Clock::now(), last_change = first_change;
    Clock::time_point next_check = Clock::now() + milliseconds(config_.poll_ms);
    bool poll_failed = false;

    auto note = [&](bool structural, uint64_t changes) {
        if (structural) w.sync(log_);
        if (changes && config_.follow_changes) {
            changes_seen_ += changes;
            last_change = Clock::now();
            if (!pending) first_change = last_change;
            pending = true;
        }
    };
    // The signature check: a change when the folder differs from what the last load read.
    auto check = [&] {
        next_check = Clock::now() + milliseconds(config_.poll_ms);
        const uint64_t sig = folder_signature(w.root);
        if (sig == w.signature) return;
        w.signature = sig;
        note(w.fd >= 0, 1);
    };
    // The longest wait is over: reload whatever the folder holds.
    auto overdue = [&] { return Clock::now() >= first_change + milliseconds(config_.max_wait_ms); };
    // When the pending reload is due: settle_ms after the last change, longer while a file that
    // was modified has not been closed; at the latest max_wait_ms after the first change.
    auto due = [&] {
        // Already past (not now(): `Clock::now() >= due()` below may call now() first, and then
        // a later now() from here is never reached; clang evaluates that way, gcc the other).
        if (asked_now) return Clock::time_point{};
        int quiet = config_.settle_ms;
        if (!w.writing.empty()) quiet = std::max(quiet, kWriterHoldMs);
        return std::min(last_change + milliseconds(quiet), first_change + milliseconds(config_.max_wait_ms));
    };
    auto until = [](Clock::time_point t) {
        auto left = std::chrono::ceil<milliseconds>(t - Clock::now()).count();
        return left < 0 ? 0 : (int)std::min<int64_t>(left, 1 << 30);
    };

    while (!stop_) {
        int timeout = until(next_check);
        if (pending) timeout = std::min(timeout, until(due()));
        if (w.fd >= 0 && !w.root_watched()) timeout = std::min(timeout, kRetryWatchMs);

        pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {w.fd, POLLIN, 0}};
        int r = poll(fds, w.fd >= 0 ? 2 : 1, timeout);
        if (r < 0 && errno != EINTR) {  // then on as if it had timed out (no revents)
            const int err = errno;
            if (w.fd >= 0) {
                stop_inotify("failed (poll: " + errno_text(err) + ")");
            } else {  // the eventfd alone: wait a little, the checks and reloads go on
                if (!poll_failed) log_.error("content", "watching " + config_.dir + ": poll: " + errno_text(err));
                poll_failed = true;
                std::this_thread::sleep_for(milliseconds(std::clamp(timeout, 10, 100)));
            }
        }
        if (fds[0].revents & (POLLERR | POLLNVAL)) {  // never busy-loop on a dead fd
            watching_ = Watching::Stopped;
            log_.error("content", "watching " + config_.dir + " stopped: its wake-up fd failed; changes are "
                                                              "no longer picked up until restart");
            std::lock_guard<std::mutex> lock(mutex_);
            idle_cv_.notify_all();
            break;
        }
        if (w.fd >= 0 && (fds[1].revents & (POLLERR | POLLNVAL))) stop_inotify("failed (poll: error on its fd)");
        if (fds[0].revents & POLLIN) {
            uint64_t v;
            ssize_t n = read(wake_fd_, &v, sizeof v);
            (void)n;
        }
        if (stop_) break;
        if (reload_asked_.exchange(false)) {
            asked_now = true;
            if (!pending) first_change = Clock::now();
            pending = true;
        }

        // Everything queued, and everything the folder holds, before a wait_idle() asked is
        // read before it is answered.
        uint64_t asked = sync_asked_.load();
        bool structural = false;
        uint64_t changes = w.drain(structural);
        if (w.read_error) stop_inotify("failed (read: " + errno_text(w.read_error) + ")");
        note(structural, changes);
        if (w.fd >= 0 && !w.root_watched()) {  // the folder was missing: has it come (back)?
            w.sync(log_);
            if (w.root_watched()) note(false, 1);
        }
        if (asked != sync_done_.load() || Clock::now() >= next_check) check();
        if (asked != sync_done_.load()) {
            std::lock_guard<std::mutex> lock(mutex_);
            sync_done_ = asked;
            idle_cv_.notify_all();
        }

        if (pending && Clock::now() >= due()) {  // after this round's events moved it
            const bool keep = overdue();
            asked_now = false;
            if (reload(keep)) {
                pending = false;
            } else {  // changed while loading: settle again (after a kept result, a new longest wait)
                last_change = Clock::now();
                if (keep) first_change = last_change;
            }
        }
    }
}

// One load. The changes seen before it are the ones it covers; if any arrive while it runs, the
// result is dropped unseen (a file may have been caught half-written) and the caller waits
// again, unless `keep`: then the result counts and the changes stay pending for the next one.
bool LiveContent::reload(bool keep) {
    Watches& w = *watches_;
    w.sync(log_);
    w.signature = folder_signature(w.root);
    const uint64_t covered = changes_seen_.load();
    LoadResult result;
    try {
        result = load_event(config_.dir, config_.options);
    } catch (const std::exception& e) {
        result = LoadResult{};
        result.diagnostics.push_back(Diagnostic{SourcePos{}, Severity::Error, std::string("cannot load: ") + e.what()});
    }
    if (stop_) return true;
    bool structural = false;
    uint64_t changes = w.drain(structural);
    if (w.read_error) stop_inotify("failed (read: " + errno_text(w.read_error) + ")");
    if (structural) w.sync(log_);
    if (folder_signature(w.root) != w.signature) changes = std::max<uint64_t>(changes, 1);
    if (!config_.follow_changes) changes = 0;
    changes_seen_ += changes;
    if (changes && !keep) return false;
    apply(std::move(result), false);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        changes_done_ = covered;
    }
    idle_cv_.notify_all();
    return changes == 0;
}

// Swap in a good version, or keep the old one and report. Diagnostics are logged when their set
// differs from the last one logged: a folder that stays broken across retries is reported once.
void LiveContent::apply(LoadResult result, bool initial) {
    std::vector<std::string> lines;
    for (const Diagnostic& d : result.diagnostics) lines.push_back(d.format());
    const bool fresh_report = lines != watches_->logged;
    watches_->logged = lines;

    if (result.ok()) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            current_ = result.event;
            diagnostics_ = result.diagnostics;
        }
        const bool was_broken = broken_.exchange(false);
        const uint64_t gen = ++generation_;
        if (fresh_report)
            for (const Diagnostic& d : result.diagnostics)
                (d.severity == Severity::Error ? log_.error("content", d.format()) : log_.warning("content", d.format()));
        if (!initial) {
            log_.info("content", config_.dir + ": " + (was_broken ? "fixed; " : "") + "loaded version " +
                                     std::to_string(gen));
            if (on_change) on_change();
        }
        return;
    }

    bool had;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        diagnostics_ = result.diagnostics;
        had = current_ != nullptr;
    }
    broken_ = true;
    if (!fresh_report) return;
    size_t errors = 0;
    for (const Diagnostic& d : result.diagnostics) {
        if (d.severity == Severity::Error) {
            ++errors;
            log_.error("content", d.format());
        } else {
            log_.warning("content", d.format());
        }
    }
    if (errors == 0) log_.error("content", config_.dir + ": could not be loaded");
    if (had)
        log_.warning("content", config_.dir + ": has errors; still showing version " +
                                    std::to_string(generation_.load()));
}

void LiveContent::reload_now() {
    if (!worker_.joinable()) return;
    ++changes_seen_;  // before the wake: the reload the worker starts covers it
    reload_asked_ = true;
    uint64_t one = 1;
    ssize_t n = write(wake_fd_, &one, sizeof one);
    (void)n;
}

bool LiveContent::wait_idle(int timeout_ms) {
    if (!worker_.joinable() || watching() == Watching::Stopped) return true;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(timeout_ms, 0));
    const uint64_t ticket = ++sync_asked_;
    uint64_t one = 1;
    ssize_t n = write(wake_fd_, &one, sizeof one);
    (void)n;
    std::unique_lock<std::mutex> lock(mutex_);
    const auto over = [&] { return stop_.load() || watching() == Watching::Stopped; };
    if (!idle_cv_.wait_until(lock, deadline, [&] { return sync_done_.load() >= ticket || over(); })) return false;
    const uint64_t seen = changes_seen_.load();
    return idle_cv_.wait_until(lock, deadline, [&] { return changes_done_.load() >= seen || over(); });
}

}  // namespace majlis::content
