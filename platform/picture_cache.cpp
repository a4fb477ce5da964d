#include "picture_cache.h"

#include "core/log.h"

// Declarations only: the implementations are compiled into Debian's libstb.so.
#include <stb/stb_image.h>
#include <stb/stb_image_resize.h>

#include <sys/stat.h>

#include <algorithm>
#include <cmath>

namespace majlis::platform {

PictureFile identify_picture(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return {};
    PictureFile f;
    f.device = uint64_t(st.st_dev);
    f.inode = uint64_t(st.st_ino);
    f.size = uint64_t(st.st_size);
    f.mtime_ns = int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    f.ctime_ns = int64_t(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
    return f;
}

static std::string stb_reason() {
    const char* why = stbi_failure_reason();
    return why ? why : "unknown reason";
}

Picture decode_picture(const std::string& path, int max_side) {
    Picture p;
    int w = 0, h = 0, channels = 0;
    if (!stbi_info(path.c_str(), &w, &h, &channels) || w <= 0 || h <= 0) {
        p.error = "cannot decode it (" + stb_reason() + ")";
        return p;
    }
    if (int64_t(w) * h > kMaxSourcePixels) {
        p.error = "too large (" + std::to_string(w) + "x" + std::to_string(h) + " px, at most 8192x8192 worth)";
        return p;
    }
    unsigned char* pixels = stbi_load(path.c_str(), &w, &h, &channels, 4);
    if (!pixels) {
        p.error = "cannot decode it (" + stb_reason() + ")";
        return p;
    }
    max_side = std::max(1, max_side);
    const int longer = std::max(w, h);
    if (longer > max_side) {
        const double scale = double(max_side) / longer;
        p.width = std::clamp(int(std::lround(w * scale)), 1, max_side);
        p.height = std::clamp(int(std::lround(h * scale)), 1, max_side);
        p.scaled = true;
        p.rgba.resize(size_t(p.width) * p.height * 4);
        // Alpha channel 3: colours are weighted by their alpha while filtering (no dark fringes).
        if (!stbir_resize_uint8_srgb(pixels, w, h, 0, p.rgba.data(), p.width, p.height, 0, 4, 3, 0)) {
            p.error = "cannot scale it down";
            p.rgba.clear();
        }
    } else {
        p.width = w;
        p.height = h;
        p.rgba.assign(pixels, pixels + size_t(w) * h * 4);
    }
    stbi_image_free(pixels);
    return p;
}

PictureCache::PictureCache(TextureUploads& uploads, Log& log, Limits limits, std::function<void()> on_decoded)
    : uploads_(uploads), log_(log), limits_(limits), on_decoded_(std::move(on_decoded)) {}

PictureCache::~PictureCache() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
    for (auto& [path, e] : entries_) release(e);
}

bool PictureCache::up_to_date(const Entry& e, const PictureFile& file) const {
    if (!(e.file == file)) return false;
    if (e.failed || e.no_room) return true;  // logged once; tried again for another version
    return e.texture && !(e.scaled && e.decoded_for < limits_.max_side);
}

ImTextureID PictureCache::get(const std::string& path, ImVec2* size) {
    collect();
    const PictureFile file = identify_picture(path);
    Entry& e = entries_[path];
    e.drawn_frame = frame_;
    if (!up_to_date(e, file) && !(e.decoding && e.wanted == file)) request(path, e, file);
    if (!e.texture) return nullptr;  // until it is ready the old version, if any, is drawn
    if (size) *size = e.size;
    return e.texture;
}

void PictureCache::request(const std::string& path, Entry& e, const PictureFile& file) {
    e.decoding = true;
    e.wanted = file;
    Job job{path, file, limits_.max_side};
    if (!limits_.background) {
        Done done{job, decode_picture(path, job.max_side)};
        apply(path, e, done);
        return;
    }
    {
        std::lock_guard lock(mutex_);
        // A version still waiting for the worker is replaced by the newer one.
        jobs_.erase(std::remove_if(jobs_.begin(), jobs_.end(), [&](const Job& j) { return j.path == path; }),
                    jobs_.end());
        jobs_.push_back(std::move(job));
        if (!worker_.joinable()) worker_ = std::thread(&PictureCache::work, this);
    }
    wake_.notify_one();
}

void PictureCache::work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
        if (stopping_) return;
        Job job = std::move(jobs_.front());
        jobs_.pop_front();
        busy_ = true;
        lock.unlock();
        Picture picture = decode_picture(job.path, job.max_side);
        lock.lock();
        done_.push_back({std::move(job), std::move(picture)});
        if (on_decoded_) {
            lock.unlock();
            on_decoded_();
            lock.lock();
        }
        busy_ = false;
        if (jobs_.empty()) idle_.notify_all();
    }
}

bool PictureCache::pictures_decoded() const {
    std::lock_guard lock(mutex_);
    return !done_.empty();
}

void PictureCache::wait_for_decodes() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [&] { return jobs_.empty() && !busy_; });
}

void PictureCache::collect() {
    if (collected_frame_ == frame_) return;
    collected_frame_ = frame_;
    std::vector<Done> done;
    {
        std::lock_guard lock(mutex_);
        if (done_.empty()) return;
        done.swap(done_);
    }
    for (Done& d : done)
        if (auto it = entries_.find(d.job.path); it != entries_.end()) apply(it->first, it->second, d);
}

void PictureCache::apply(const std::string& path, Entry& e, Done& done) {
    if (!e.decoding || !(e.wanted == done.job.file)) return;  // a newer version was asked for since
    e.decoding = false;
    release(e);  // the version shown until now
    e.file = done.job.file;
    e.decoded_for = done.job.max_side;
    const Picture& p = done.picture;
    std::string error = p.error;
    const size_t bytes = size_t(p.width) * size_t(p.height) * 4 * 4 / 3;  // with mipmaps
    if (error.empty() && !make_room(bytes, &e)) {
        // Not sticky: tried again once it has not been drawn for a frame (end_frame lets it go).
        e.no_room = true;
        log_.once(LogLevel::Warning, "platform",
                  "no room for picture " + path + " beside the ones on screen (" +
                      std::to_string(limits_.max_bytes >> 20) + " MiB of pictures at most; a placeholder is drawn)");
        return;
    }
    ImTextureID texture = error.empty() ? uploads_.upload(p, error) : nullptr;
    if (!texture) {
        e.failed = true;
        log_.warning("platform", "cannot show picture " + path + ": " + (error.empty() ? "upload failed" : error) +
                                     " (a placeholder is drawn)");
        return;
    }
    e.texture = texture;
    e.size = ImVec2(float(p.width), float(p.height));
    e.bytes = bytes;
    e.scaled = p.scaled;
    bytes_ += bytes;
}

bool PictureCache::make_room(size_t bytes, const Entry* keep) {
    if (bytes > limits_.max_bytes) return false;
    while (bytes_ + bytes > limits_.max_bytes) {
        // The picture drawn longest ago; not one drawn in this frame or the one before (on screen).
        Entry* oldest = nullptr;
        for (auto& [path, x] : entries_)
            if (&x != keep && x.texture && x.drawn_frame + 1 < frame_ &&
                (!oldest || x.drawn_frame < oldest->drawn_frame))
                oldest = &x;
        if (!oldest) return false;
        release(*oldest);  // drawn again later: decoded again
    }
    return true;
}

void PictureCache::release(Entry& e) {
    if (e.texture) {
        uploads_.release(e.texture);
        released_ = true;
    }
    bytes_ -= e.bytes;
    e.texture = nullptr;
    e.bytes = 0;
    e.failed = false;
    e.no_room = false;
}

void PictureCache::end_frame(double now) {
    collect();  // when nothing was drawn in this frame
    const bool room_made = released_;
    released_ = false;
    for (auto it = entries_.begin(); it != entries_.end();) {
        Entry& e = it->second;
        const bool drawn = e.drawn_frame == frame_;
        if (drawn) e.drawn_at = now;
        if (!drawn && (drop_undrawn_ || e.no_room || now - e.drawn_at > limits_.idle_seconds)) {
            release(e);
            it = entries_.erase(it);
        } else {
            if (room_made) e.no_room = false;  // tried again: what it waited for may be gone
            ++it;
        }
    }
    drop_undrawn_ = false;
    ++frame_;
}

}  // namespace majlis::platform
