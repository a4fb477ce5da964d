// majlis fleet: a player on the fleet (see agent.h).
#include "fleet/agent.h"

#include "fleet/fleet_internal.h"

#include "core/log.h"
#include "fleet/sync.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <random>

namespace majlis::fleet {

namespace {

using Clock = std::chrono::steady_clock;

// One PUT of `body`; "" when the hub took it (2xx), else why not.
std::string http_put(const std::string& url, const std::string& body, const AgentConfig& config,
                     const std::atomic<bool>& abort) {
    const detail::HttpExchange x = detail::http_exchange("PUT", url, &body, "image/png", config.connect_timeout_ms,
                                                         config.upload_timeout_ms, &abort, 0);
    if (!x.error.empty()) return x.error;
    if (x.status < 200 || x.status >= 300) return url + " answered HTTP " + std::to_string(x.status);
    return "";
}

}  // namespace

namespace detail {

namespace {
struct Received {
    std::string body;
    size_t limit = 0;
};
size_t on_body(char* data, size_t, size_t n, void* user) {
    auto* r = static_cast<Received*>(user);
    if (r->body.size() + n > r->limit) return r->limit == 0 ? n : 0;  // 0 keeps nothing; over: abort
    r->body.append(data, n);
    return n;
}
int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return user && static_cast<const std::atomic<bool>*>(user)->load() ? 1 : 0;
}
}  // namespace

HttpExchange http_exchange(const std::string& method, const std::string& url, const std::string* body,
                           const char* content_type, int connect_timeout_ms, int timeout_ms,
                           const std::atomic<bool>* abort, size_t max_body) {
    static const CURLcode ready = curl_global_init(CURL_GLOBAL_DEFAULT);
    (void)ready;
    HttpExchange x;
    CURL* easy = curl_easy_init();
    if (!easy) {
        x.error = "libcurl could not start a transfer";
        return x;
    }
    struct curl_slist* headers = nullptr;
    if (body) {
        headers = curl_slist_append(headers, (std::string("Content-Type: ") + content_type).c_str());
        headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body->data());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body->size()));
    }
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, long(connect_timeout_ms));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, long(timeout_ms));
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "majlis");
    Received received{"", max_body};
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &received);
    curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(easy, CURLOPT_XFERINFODATA, abort);
    const CURLcode code = curl_easy_perform(easy);
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &x.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(easy);
    if (code != CURLE_OK) x.error = url + ": " + curl_easy_strerror(code);
    x.body = std::move(received.body);
    return x;
}

}  // namespace detail

std::string hub_origin(std::string_view hub) {
    if (!hub.starts_with("http://") && !hub.starts_with("https://")) return "";
    const size_t authority = hub.find("://") + 3;
    const size_t end = hub.find_first_of("/?#", authority);
    const std::string_view origin = hub.substr(0, end);
    return origin.size() > authority ? std::string(origin) : "";
}

AgentPicture scale_to_width(const AgentPicture& in, int width) {
    if (in.width <= width || width < 1 || in.height < 1) return in;
    AgentPicture out;
    out.width = width;
    out.height = std::max(1, int((int64_t(in.height) * width + in.width / 2) / in.width));
    out.rgba.resize(size_t(out.width) * size_t(out.height) * 4);
    // Each output pixel is the mean of the input pixels its box covers.
    for (int y = 0; y < out.height; ++y) {
        const int y0 = int(int64_t(y) * in.height / out.height);
        const int y1 = std::max(y0 + 1, int(int64_t(y + 1) * in.height / out.height));
        for (int x = 0; x < out.width; ++x) {
            const int x0 = int(int64_t(x) * in.width / out.width);
            const int x1 = std::max(x0 + 1, int(int64_t(x + 1) * in.width / out.width));
            uint32_t sum[4] = {0, 0, 0, 0};
            for (int sy = y0; sy < y1; ++sy) {
                const uint8_t* p = &in.rgba[(size_t(sy) * size_t(in.width) + size_t(x0)) * 4];
                for (int sx = x0; sx < x1; ++sx, p += 4)
                    for (int c = 0; c < 4; ++c) sum[c] += p[c];
            }
            const uint32_t n = uint32_t((y1 - y0) * (x1 - x0));
            uint8_t* q = &out.rgba[(size_t(y) * size_t(out.width) + size_t(x)) * 4];
            for (int c = 0; c < 4; ++c) q[c] = uint8_t((sum[c] + n / 2) / n);
        }
    }
    return out;
}

ScreenAgent::ScreenAgent(AgentConfig config, BundleSync* sync, Hooks hooks, Log& log)
    : config_(std::move(config)), sync_(sync), hooks_(std::move(hooks)), log_(log), origin_(hub_origin(config_.hub)) {
    if (config_.thumbnail_spread_s > 0) {
        std::mt19937 random(std::random_device{}());
        thumbnail_delay_s_ = std::uniform_real_distribution<double>(0, config_.thumbnail_spread_s)(random);
    }
    worker_ = std::thread([this] { run(); });
    ScreenStatus first;
    first.version = config_.version;
    ScreenPresence::Callbacks callbacks;
    callbacks.on_bundle = [this](int64_t sequence, const std::string&) {
        if (sync_ && uint64_t(sequence) > sync_->status().sequence) sync_->check_now();
    };
    callbacks.on_command = [this](const std::string& command, const std::string& request) {
        {
            std::lock_guard lock(mutex_);
            refused_error_.clear();
        }
        on_command(command, request);
    };
    callbacks.on_refused = [this](const std::string& why) {
        std::lock_guard lock(mutex_);
        refused_error_ = "refused " + std::to_string(++refused_commands_) + " command(s), the last: " + why;
    };
    callbacks.on_alert = [this](std::shared_ptr<const content::Alert> alert) {
        const std::string id = alert ? alert->id : "";
        if (hooks_.alert) hooks_.alert(std::move(alert));
        std::lock_guard lock(mutex_);
        refused_control_.clear();
        if (!config_.headless) return;
        handed_alert_ = id;
        // Said at once, once the loop has given a status (none yet during construction).
        if (presence_ && !status_.mode.empty() && status_.alert != id) {
            status_.alert = id;
            presence_->update(status_);
        }
    };
    callbacks.on_live = [this](std::shared_ptr<const content::LiveChanges> changes, int64_t issued_ms) {
        {
            std::lock_guard lock(mutex_);
            handed_live_ = issued_ms;
            handed_changes_ = changes;
        }
        if (hooks_.live) hooks_.live(std::move(changes));
        std::lock_guard lock(mutex_);
        refused_control_.clear();
        if (!config_.headless) return;  // acknowledged once a frame is drawn with it (update)
        // Said at once, once the loop has given a status (none yet during construction).
        if (presence_ && !status_.mode.empty() && status_.live != issued_ms) {
            status_.live = issued_ms;
            presence_->update(status_);
        }
    };
    callbacks.on_override = [this](const content::ScreenOverride& settings, int64_t issued_ms) {
        {
            std::lock_guard lock(mutex_);
            handed_override_ = settings;
            handed_override_ms_ = issued_ms;
            refused_control_.clear();
        }
        if (hooks_.screen_override) hooks_.screen_override(settings);  // said with the loop's next update
    };
    callbacks.on_control_refused = [this](const std::string& why) {
        std::lock_guard lock(mutex_);
        refused_control_ = "refused " + std::to_string(++refused_controls_) + " control message(s), the last: " + why;
    };
    auto presence = std::make_unique<ScreenPresence>(config_.mqtt, config_.screen_id, config_.groups, first, callbacks, log_);
    std::lock_guard lock(mutex_);  // its MQTT thread reads presence_ (on_alert) from now on
    presence_ = std::move(presence);
}

ScreenAgent::~ScreenAgent() {
    std::unique_ptr<ScreenPresence> presence;
    {
        std::lock_guard lock(mutex_);  // on_alert reads presence_ on the MQTT thread
        presence = std::move(presence_);
    }
    presence.reset();  // no command arrives from here on; the offline status goes out
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    abort_ = true;
    cv_.notify_all();
    worker_.join();
}

void ScreenAgent::on_command(const std::string& command, const std::string& request) {
    log_.info("fleet", "command " + command + " (request " + request + ")");
    if (command == "reload") {
        if (hooks_.reload) hooks_.reload();
        if (sync_) sync_->check_now();
    } else if (command == "identify") {
        const std::string address = primary_address();
        if (hooks_.identify) hooks_.identify(config_.screen_id + "\n" + (address.empty() ? "no address" : address), 10);
    } else if (command == "screenshot") {
        screenshot_asked_ = true;
    }
}

void ScreenAgent::update(const Shown& shown) {
    presence_->check_alerts();  // before any lock of ours: its on_alert takes mutex_
    const auto now = Clock::now();
    // Thumbnails: the first frame's at once, each new content version's after this player's
    // delay, and every thumbnail_s.
    if (shown.content_generation != thumbnail_generation_) {
        const bool first = thumbnail_generation_ == UINT64_MAX;
        thumbnail_generation_ = shown.content_generation;
        thumbnail_at_ = first ? now : now + std::chrono::duration_cast<Clock::duration>(
                                                std::chrono::duration<double>(thumbnail_delay_s_));
    }
    if ((thumbnail_at_ && now >= *thumbnail_at_) ||
        (config_.thumbnail_s > 0 && now - last_thumbnail_ >= std::chrono::duration<double>(config_.thumbnail_s))) {
        thumbnail_at_.reset();
        last_thumbnail_ = now;
        if (!origin_.empty()) thumbnail_due_ = true;
    }
    if (last_slow_ == Clock::time_point{} || now - last_slow_ >= std::chrono::seconds(10)) {
        temperature_ = temperature_c();
        address_ = primary_address();
        last_slow_ = now;
    }
    ScreenStatus s;
    s.version = config_.version;
    s.mode = shown.mode;
    s.hall = shown.hall;
    s.lang = shown.lang;
    s.fps = shown.fps;
    s.width = shown.width;
    s.height = shown.height;
    s.rotation = shown.rotation;
    s.uptime_s = process_uptime_s();
    s.rss_mb = process_rss_mb().value_or(0);
    s.temperature_c = temperature_;
    s.address = address_;
    s.alert = shown.alert;  // a headless player's: below, under the lock
    s.power = shown.display_on ? "on" : "off";
    std::vector<std::string> errors;
    if (!shown.content_error.empty()) errors.push_back(shown.content_error);
    if (!shown.override_error.empty()) errors.push_back(shown.override_error);
    if (sync_) {
        const SyncStatus sync = sync_->status();
        s.sequence = int64_t(sync.sequence);
        s.content_version = sync.content_version;
        s.clock_offset_ms = sync.clock_offset_ms.value_or(0);
        if (!sync.last_error.empty()) errors.push_back(sync.last_error);
    }
    {
        std::lock_guard lock(mutex_);
        if (!screenshot_error_.empty()) errors.push_back(screenshot_error_);
        if (!thumbnail_error_.empty()) errors.push_back(thumbnail_error_);
        if (!refused_error_.empty()) errors.push_back(refused_error_);
        if (!refused_control_.empty()) errors.push_back(refused_control_);
        if (config_.headless) s.alert = handed_alert_;
        if (config_.headless || (shown.live && shown.live == handed_changes_)) applied_live_ = handed_live_;
        s.live = applied_live_;
        if (shown.screen_override == handed_override_) applied_override_ms_ = handed_override_ms_;
        s.override_ms = applied_override_ms_;
    }
    for (const std::string& e : errors) s.last_error += (s.last_error.empty() ? "" : "; ") + e;
    if (s.last_error.size() > 1024) s.last_error.resize(1024);  // what a status may carry
    std::lock_guard lock(mutex_);  // one status at a time with bundle_swapped()
    if (sync_) {  // a swap since the sync was read above is not undone
        const SyncStatus sync = sync_->status();
        s.sequence = int64_t(sync.sequence);
        s.content_version = sync.content_version;
    }
    presence_->update(s);
    status_ = std::move(s);
    showing_content_ = shown.content_generation > 0;
}

void ScreenAgent::bundle_swapped() {
    if (!sync_) return;
    const SyncStatus sync = sync_->status();
    std::lock_guard lock(mutex_);
    // Before the loop has shown any content, its next update (due within a second) tells the
    // sequence with what the content sets (lang and the rest).
    if (!showing_content_) return;
    status_.sequence = int64_t(sync.sequence);
    status_.content_version = sync.content_version;
    presence_->update(status_);
}

bool ScreenAgent::capture_wanted() const { return screenshot_asked_ || thumbnail_due_; }

void ScreenAgent::picture_taken(AgentPicture picture) {
    const bool screenshot = screenshot_asked_.exchange(false);
    const bool thumbnail = thumbnail_due_.exchange(false);
    if (picture.width < 1 || picture.height < 1 ||
        picture.rgba.size() != size_t(picture.width) * size_t(picture.height) * 4) {
        log_.warning("fleet", "no frame could be read for a screenshot");
        return;
    }
    if (origin_.empty()) {
        if (screenshot) log_.warning("fleet", "screenshot: no hub to send it to (--hub is not an http(s) URL)");
        return;
    }
    auto shared = std::make_shared<const AgentPicture>(std::move(picture));
    {
        std::lock_guard lock(mutex_);
        if (screenshot) waiting_screenshot_ = Upload{"screenshot", shared};
        if (thumbnail) waiting_thumbnail_ = Upload{"thumbnail", shared};
    }
    cv_.notify_all();
}

ScreenStatus ScreenAgent::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

void ScreenAgent::run() {
    for (;;) {
        Upload upload;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [&] { return stop_ || waiting_screenshot_ || waiting_thumbnail_; });
            if (stop_) return;
            std::optional<Upload>& next = waiting_screenshot_ ? waiting_screenshot_ : waiting_thumbnail_;
            upload = std::move(*next);
            next.reset();
        }
        send(upload);
    }
}

void ScreenAgent::send(const Upload& upload) {
    const AgentPicture thumbnail =
        upload.name == "thumbnail" ? scale_to_width(*upload.picture, config_.thumbnail_width) : AgentPicture();
    const AgentPicture& picture = upload.name == "thumbnail" ? thumbnail : *upload.picture;
    std::string png, error;
    if (!hooks_.encode_png || !hooks_.encode_png(picture, png)) {
        error = upload.name + ": the frame could not be encoded as PNG";
    } else {
        const std::string url = origin_ + "/screens/" + config_.screen_id + "/" + upload.name + ".png";
        if (std::string why = http_put(url, png, config_, abort_); !why.empty()) error = upload.name + ": " + why;
        else
            log_.info("fleet", upload.name + " sent (" + std::to_string(picture.width) + "x" +
                                   std::to_string(picture.height) + ", " + std::to_string(png.size()) + " bytes)");
    }
    std::lock_guard lock(mutex_);
    std::string& kept = upload.name == "thumbnail" ? thumbnail_error_ : screenshot_error_;
    if (!error.empty() && error != kept) log_.warning("fleet", error);  // once while it repeats
    kept = error;
}

}  // namespace majlis::fleet
