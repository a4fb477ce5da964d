// majlis platform: the pictures of the event (logo, flags, portraits, slides) between the files
// and the GPU, for a screen that runs for weeks while staff replace files and whole folders.
//
//   files ──stat──> PictureFile (path, device, inode, size, mtime): which version is wanted
//         ──worker thread──> decode_picture(): stb_image, scaled down to the screen (stb_image_resize)
//         ──render thread, in a frame──> TextureUploads::upload() (GL in gl_images.cpp)
//
// - Never in the frame: get() returns at once. A picture not ready yet gives nullptr (the screen
//   draws its placeholder) and is decoded on one worker thread; when it is done the worker calls
//   `on_decoded` (the window wakes its loop) and pictures_decoded() asks for a redraw, whose
//   frame uploads it. Renders (`majlis render`) decode in the frame instead
//   (Limits::background = false): a PNG must show its pictures in its one frame.
// - Versions: a picture is known by its path *and* its file's identity, looked up (stat) each
//   time it is drawn, so a file replaced in place, renamed over, or a whole folder swapped is
//   decoded again. Until the new version is ready the old one stays on screen; a new version
//   that cannot be decoded gives the placeholder.
// - Size: no texture is larger than the screen (Limits::max_side, its longer side, and the GPU's
//   own limit); larger pictures are scaled down when decoded, keeping their aspect. Files of more
//   than kMaxSourcePixels are not decoded at all (256 MiB of RGBA: content's check allows
//   8192 x 8192, but a file may be replaced after the check).
// - Memory: the textures together stay under Limits::max_bytes (128 MiB by default: about a
//   dozen full-screen pictures at 1080p, three at 4K; RGBA8 with mipmaps counts w*h*4*4/3).
//   To make room, the pictures drawn longest ago go first; those on screen (drawn in this frame
//   or the one before) are never let go, and a picture that does not fit beside them gets the
//   placeholder (tried again when a texture is let go). Finished decodes are taken in once a
//   frame, at its first get(), so what is on screen is known when room is made.
// - Letting go: after screen_changed() (a new version of the content, a kiosk visitor gone), the
//   pictures the next frame does not draw; and any picture not drawn for Limits::idle_seconds
//   (the loop comes back to its slides well within that).
// - Failures (unreadable, not an image, too large, the GPU out of memory) give the placeholder
//   and are logged once per file version: the same version is not tried again, a new one is.
//
// Not thread-safe: one render thread calls everything but the worker's own part. No GL here:
// tested with a fake TextureUploads (tests/picture_test.cpp).
#pragma once

#include <imgui.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace majlis {
class Log;
}

namespace majlis::platform {

constexpr int64_t kMaxSourcePixels = int64_t(8192) * 8192;

// Which version of a file: any replacement changes one of these (stat(2)). All zero: missing.
struct PictureFile {
    uint64_t device = 0, inode = 0, size = 0;
    int64_t mtime_ns = 0, ctime_ns = 0;
    bool operator==(const PictureFile&) const = default;
};
PictureFile identify_picture(const std::string& path);

// A decoded picture, RGBA8, rows top first.
struct Picture {
    int width = 0, height = 0;
    bool scaled = false;         // smaller than the file
    std::vector<uint8_t> rgba;
    std::string error;           // non-empty: not decoded, and why
};

// Decodes a PNG or JPEG and scales it down, keeping its aspect, so that neither side is larger
// than max_side px (sRGB-correct, alpha-weighted filtering).
Picture decode_picture(const std::string& path, int max_side);

// Where pictures become textures: GL (gl_images.cpp) or a fake in tests. Render thread only.
struct TextureUploads {
    virtual ~TextureUploads() = default;
    virtual ImTextureID upload(const Picture& picture, std::string& error) = 0;  // null: failed, error says why
    virtual void release(ImTextureID texture) = 0;
};

class PictureCache {
public:
    struct Limits {
        int max_side = 4096;                 // px: the screen's longer side
        size_t max_bytes = size_t(128) << 20;
        double idle_seconds = 600;
        bool background = true;              // decode on the worker (false: in the frame)
    };

    PictureCache(TextureUploads& uploads, Log& log, Limits limits, std::function<void()> on_decoded = {});
    ~PictureCache();  // stops the worker, releases every texture
    PictureCache(const PictureCache&) = delete;
    PictureCache& operator=(const PictureCache&) = delete;

    // In a frame: the picture's texture and size, or nullptr (not ready yet, or failed).
    ImTextureID get(const std::string& path, ImVec2* size);
    // After each frame, `now` in seconds: lets go of what is no longer drawn.
    void end_frame(double now);
    // What is on screen changed as a whole (a new version of the content, a kiosk visitor
    // gone): the next frame decides what is kept.
    void screen_changed() { drop_undrawn_ = true; }
    // A decode finished since the last frame: draw again to show it.
    bool pictures_decoded() const;
    // The screen's longer side changed (pictures scaled for a smaller screen are decoded again).
    void set_max_side(int max_side) { limits_.max_side = max_side; }

    size_t bytes() const { return bytes_; }          // of the textures held
    size_t pictures() const { return entries_.size(); }
    void wait_for_decodes();                          // tests: until the worker is idle

private:
    struct Entry {
        PictureFile file;             // the version shown (texture) or that failed
        ImTextureID texture = nullptr;
        ImVec2 size{0, 0};
        size_t bytes = 0;
        int decoded_for = 0;          // max_side when it was decoded
        bool scaled = false;
        bool failed = false;          // `file` failed (logged): placeholder until another version
        bool no_room = false;         // `file` did not fit (logged): placeholder while drawn
        bool decoding = false;        // a decode of `wanted` is on its way
        PictureFile wanted;
        uint64_t drawn_frame = 0;
        double drawn_at = 0;
    };
    struct Job {
        std::string path;
        PictureFile file;
        int max_side = 0;
    };
    struct Done {
        Job job;
        Picture picture;
    };

    bool up_to_date(const Entry& e, const PictureFile& file) const;
    void request(const std::string& path, Entry& e, const PictureFile& file);
    void collect();                           // applies finished decodes, once a frame
    void apply(const std::string& path, Entry& e, Done& done);
    bool make_room(size_t bytes, const Entry* keep);
    void release(Entry& e);
    void work();

    TextureUploads& uploads_;
    Log& log_;
    Limits limits_;
    std::function<void()> on_decoded_;
    std::unordered_map<std::string, Entry> entries_;
    size_t bytes_ = 0;
    uint64_t frame_ = 1;                      // the frame being drawn
    uint64_t collected_frame_ = 0;            // collect() ran in this frame
    bool released_ = false;                   // a texture was let go in this frame
    bool drop_undrawn_ = false;

    // The worker, started with the first job. jobs_ and done_ under mutex_.
    std::thread worker_;
    mutable std::mutex mutex_;
    std::condition_variable wake_, idle_;
    std::deque<Job> jobs_;
    std::vector<Done> done_;
    bool busy_ = false, stopping_ = false;
};

}  // namespace majlis::platform
