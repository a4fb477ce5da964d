// Pictures for a screen that runs for weeks (platform/picture_cache.h, gl_images.h).
//
// Without GL, through PictureCache and a fake TextureUploads: decoding happens on the worker
// (the frame gets the placeholder and a redraw is asked for), a file replaced in place or a
// folder swapped by rename is decoded again (the old picture shown meanwhile), what a new
// version of the content no longer draws and what has not been drawn for a while is let go, the
// byte cap holds, a huge picture is scaled to the screen, a bad file gives the placeholder and
// one log line.
//
// With GL, through the EGL headless path (render_png, no display): a replaced file shows its new
// picture, a picture larger than the render is scaled to it, and an upload GL refuses (a size it
// does not take; GL_OUT_OF_MEMORY, provoked with an address-space limit) gives nullptr and says
// why, leaving no GL error behind.
#include "test_support.h"
#include "gl_images.h"
#include "picture_cache.h"
#include "platform.h"

#include "core/log.h"

#include <gtest/gtest.h>

#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

namespace fs = std::filesystem;
using namespace majlis;
using platform::Picture;
using platform::PictureCache;

namespace {

struct Rgb {
    uint8_t r, g, b;
};
constexpr Rgb kRed{255, 0, 0}, kBlue{0, 0, 255}, kGreen{0, 255, 0};

// A PNG of one colour.
void write_picture(const fs::path& path, int width, int height, Rgb c) {
    std::vector<uint8_t> rgba(size_t(width) * height * 4);
    for (size_t i = 0; i < rgba.size(); i += 4) {
        rgba[i] = c.r;
        rgba[i + 1] = c.g;
        rgba[i + 2] = c.b;
        rgba[i + 3] = 255;
    }
    ASSERT_TRUE(platform::write_png(path.string(), width, height, rgba)) << path;
}

// Writes over `path` in place (same inode) and moves its mtime on, as an editor saving it does.
void rewrite_in_place(const fs::path& path, int width, int height, Rgb c) {
    const fs::path temp = path.string() + ".new.png";
    write_picture(temp, width, height, c);
    {
        std::ifstream in(temp, std::ios::binary);
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << in.rdbuf();
    }
    fs::remove(temp);
    fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(1));
}

struct TempDir : majlis::testing::TempFolder {
    TempDir() : TempFolder("majlis-picture") {}
};

// Textures in memory: what was uploaded (size, first texel) and what is still alive.
struct FakeUploads : platform::TextureUploads {
    struct Texture {
        int width = 0, height = 0;
        Rgb first{};
    };
    std::map<intptr_t, Texture> alive;
    intptr_t next = 1;
    int uploads = 0;
    bool out_of_memory = false;  // refuse uploads as GL does when the GPU is full
    ImTextureID upload(const Picture& p, std::string& error) override {
        uploads++;
        if (out_of_memory) {
            error = "the GPU is out of memory (GL_OUT_OF_MEMORY)";
            return nullptr;
        }
        alive[next] = {p.width, p.height, {p.rgba[0], p.rgba[1], p.rgba[2]}};
        return (ImTextureID)next++;
    }
    void release(ImTextureID texture) override { EXPECT_EQ(alive.erase((intptr_t)texture), 1u) << "released twice"; }
    Texture of(ImTextureID texture) const { return alive.at((intptr_t)texture); }
};

struct CacheTest : ::testing::Test {
    TempDir dir;
    FakeUploads gpu;
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    double now = 0;

    std::string file(const std::string& name) const { return (dir.path / name).string(); }

    // One frame drawing `paths`; returns their textures.
    std::vector<ImTextureID> frame(PictureCache& cache, const std::vector<std::string>& paths) {
        std::vector<ImTextureID> out;
        for (const std::string& p : paths) out.push_back(cache.get(p, nullptr));
        cache.end_frame(now);
        now += 1;
        return out;
    }
    // Draws until the worker has decoded what was asked for and the next frame shows it.
    std::vector<ImTextureID> settle(PictureCache& cache, const std::vector<std::string>& paths) {
        frame(cache, paths);
        cache.wait_for_decodes();
        return frame(cache, paths);
    }
};

TEST_F(CacheTest, DecodedOffTheFrameThenRedrawn) {
    write_picture(file("logo.png"), 64, 32, kGreen);
    std::atomic<int> woken{0};
    PictureCache cache(gpu, log, {}, [&] { woken++; });
    ImVec2 size;
    EXPECT_EQ(cache.get(file("logo.png"), &size), nullptr);  // the frame never waits: placeholder
    cache.end_frame(0);
    cache.wait_for_decodes();
    EXPECT_EQ(woken.load(), 1);                              // the window's loop is woken
    EXPECT_TRUE(cache.pictures_decoded());                   // and draws again
    ImTextureID t = cache.get(file("logo.png"), &size);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(size.x, 64);
    EXPECT_EQ(size.y, 32);
    cache.end_frame(1);
    EXPECT_FALSE(cache.pictures_decoded());
    EXPECT_EQ(gpu.uploads, 1);
}

TEST_F(CacheTest, FileReplacedInPlaceIsDecodedAgain) {
    write_picture(file("flag.png"), 8, 8, kRed);
    PictureCache cache(gpu, log, {});
    ImTextureID red = settle(cache, {file("flag.png")})[0];
    ASSERT_NE(red, nullptr);
    EXPECT_EQ(gpu.of(red).first.r, 255);

    rewrite_in_place(file("flag.png"), 8, 8, kBlue);  // same size, same inode
    EXPECT_EQ(frame(cache, {file("flag.png")})[0], red);  // the old picture until the new is ready
    cache.wait_for_decodes();
    ImTextureID blue = frame(cache, {file("flag.png")})[0];
    ASSERT_NE(blue, nullptr);
    EXPECT_EQ(gpu.of(blue).first.b, 255);
    EXPECT_EQ(gpu.alive.size(), 1u);  // the red one was let go
}

TEST_F(CacheTest, FolderSwappedByRenameIsDecodedAgain) {
    fs::create_directories(dir.path / "event" / "images");
    fs::create_directories(dir.path / "event.new" / "images");
    write_picture(dir.path / "event" / "images" / "logo.png", 16, 16, kRed);
    write_picture(dir.path / "event.new" / "images" / "logo.png", 16, 16, kGreen);
    fs::last_write_time(dir.path / "event.new" / "images" / "logo.png",
                        fs::last_write_time(dir.path / "event" / "images" / "logo.png"));
    const std::string path = file("event/images/logo.png");
    PictureCache cache(gpu, log, {});
    ASSERT_EQ(gpu.of(settle(cache, {path})[0]).first.r, 255);
    fs::rename(dir.path / "event", dir.path / "event.old");
    fs::rename(dir.path / "event.new", dir.path / "event");  // same path, same size and mtime
    ImTextureID t = settle(cache, {path})[0];
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(gpu.of(t).first.g, 255);
}

TEST_F(CacheTest, ContentSwapLetsGoOfPicturesNoLongerDrawn) {
    for (const char* name : {"a.png", "b.png", "c.png"}) write_picture(file(name), 8, 8, kRed);
    PictureCache cache(gpu, log, {});
    settle(cache, {file("a.png"), file("b.png"), file("c.png")});
    EXPECT_EQ(gpu.alive.size(), 3u);
    frame(cache, {file("a.png")});  // without a content swap nothing goes yet
    EXPECT_EQ(gpu.alive.size(), 3u);
    cache.screen_changed();
    ImTextureID a = frame(cache, {file("a.png")})[0];
    EXPECT_NE(a, nullptr);  // still drawn: kept, not decoded again
    EXPECT_EQ(gpu.alive.size(), 1u);
    EXPECT_EQ(cache.pictures(), 1u);
    EXPECT_EQ(gpu.uploads, 3);
}

TEST_F(CacheTest, PicturesNotDrawnForAWhileAreLetGo) {
    write_picture(file("slide.png"), 8, 8, kRed);
    write_picture(file("logo.png"), 8, 8, kBlue);
    PictureCache::Limits limits;
    limits.idle_seconds = 60;
    PictureCache cache(gpu, log, limits);
    settle(cache, {file("slide.png"), file("logo.png")});
    for (int k = 0; k < 59; k++) frame(cache, {file("logo.png")});
    EXPECT_EQ(gpu.alive.size(), 2u);  // within the idle time: kept
    for (int k = 0; k < 3; k++) frame(cache, {file("logo.png")});
    EXPECT_EQ(gpu.alive.size(), 1u);
    EXPECT_EQ(cache.pictures(), 1u);
}

TEST_F(CacheTest, ByteCapHolds) {
    // 32x32 RGBA with mipmaps: 5,461 bytes; room for three.
    PictureCache::Limits limits;
    limits.max_bytes = 3 * 32 * 32 * 4 * 4 / 3 + 100;
    PictureCache cache(gpu, log, limits);
    for (int i = 0; i < 8; i++) write_picture(file(std::to_string(i) + ".png"), 32, 32, kRed);
    for (int i = 0; i < 8; i++) {  // a slideshow: one picture at a time
        ImTextureID t = settle(cache, {file(std::to_string(i) + ".png")})[0];
        EXPECT_NE(t, nullptr) << i;
        EXPECT_LE(cache.bytes(), limits.max_bytes);
        EXPECT_LE(gpu.alive.size(), 3u);
    }
    // Four on screen at once: the fourth does not fit beside the three, and says so once.
    std::vector<std::string> four;
    for (int i = 0; i < 4; i++) four.push_back(file(std::to_string(i) + ".png"));
    settle(cache, four);
    settle(cache, four);
    std::vector<ImTextureID> shown = settle(cache, four);
    EXPECT_EQ(std::count(shown.begin(), shown.end(), nullptr), 1);
    EXPECT_LE(cache.bytes(), limits.max_bytes);
    EXPECT_EQ(std::count_if(lines.begin(), lines.end(),
                            [](const std::string& l) { return l.find("no room for picture") != std::string::npos; }),
              1);
}

TEST_F(CacheTest, HugePictureScaledToTheScreen) {
    write_picture(file("banner.png"), 2400, 1200, kBlue);
    PictureCache::Limits limits;
    limits.max_side = 800;
    PictureCache cache(gpu, log, limits);
    ImVec2 size;
    frame(cache, {file("banner.png")});
    cache.wait_for_decodes();
    ImTextureID t = cache.get(file("banner.png"), &size);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(size.x, 800);
    EXPECT_EQ(size.y, 400);
    EXPECT_EQ(gpu.of(t).width, 800);
    EXPECT_EQ(gpu.of(t).first.b, 255);  // the colour survives the filter
    EXPECT_EQ(cache.bytes(), size_t(800) * 400 * 4 * 4 / 3);
}

TEST_F(CacheTest, PictureScaledForASmallerScreenIsDecodedAgainForALargerOne) {
    write_picture(file("banner.png"), 1200, 600, kBlue);
    PictureCache::Limits limits;
    limits.max_side = 640;  // windowed while the monitor was away
    PictureCache cache(gpu, log, limits);
    EXPECT_EQ(gpu.of(settle(cache, {file("banner.png")})[0]).width, 640);
    cache.set_max_side(960);  // fullscreen again
    EXPECT_EQ(gpu.of(settle(cache, {file("banner.png")})[0]).width, 960);
    cache.set_max_side(512);  // a smaller screen makes do with the larger picture
    EXPECT_EQ(gpu.of(settle(cache, {file("banner.png")})[0]).width, 960);
    EXPECT_EQ(gpu.uploads, 2);
}

TEST_F(CacheTest, BadFileGivesPlaceholderAndOneLogLine) {
    {
        std::ofstream out(file("broken.png"), std::ios::binary);
        out << "\x89PNG\r\n\x1a\n this is not a picture";
    }
    PictureCache cache(gpu, log, {});
    for (int k = 0; k < 5; k++) {
        EXPECT_EQ(frame(cache, {file("broken.png"), file("missing.png")})[0], nullptr);
        cache.wait_for_decodes();
    }
    EXPECT_EQ(gpu.uploads, 0);
    ASSERT_EQ(lines.size(), 2u);  // one for each file, not one a frame
    EXPECT_NE(lines[0].find("broken.png"), std::string::npos);
    EXPECT_NE(lines[0].find("placeholder"), std::string::npos);
    // Fixed by staff: shown.
    rewrite_in_place(file("broken.png"), 4, 4, kGreen);
    EXPECT_NE(settle(cache, {file("broken.png")})[0], nullptr);
}

TEST_F(CacheTest, GpuOutOfMemoryGivesPlaceholderAndOneLogLine) {
    write_picture(file("portrait.png"), 8, 8, kRed);
    gpu.out_of_memory = true;
    PictureCache cache(gpu, log, {});
    for (int k = 0; k < 5; k++) {
        EXPECT_EQ(frame(cache, {file("portrait.png")})[0], nullptr);
        cache.wait_for_decodes();
    }
    EXPECT_EQ(gpu.uploads, 1);  // not tried again every frame
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("out of memory"), std::string::npos) << lines[0];
}

TEST(DecodePicture, RefusesMoreThan8192x8192WorthWithoutDecoding) {
    // Only the header is read: a PNG signature and an IHDR chunk of 16385 x 4097 px (67 Mpx),
    // with no pixel data (stb_image does not check chunk CRCs).
    TempDir dir;
    const std::string path = (dir.path / "huge.png").string();
    const unsigned char header[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',  // signature
                                    0, 0, 0, 13, 'I', 'H', 'D', 'R',               // IHDR, 13 bytes
                                    0, 0, 0x40, 0x01, 0, 0, 0x10, 0x01,            // 16385 x 4097
                                    8, 6, 0, 0, 0,                                 // 8-bit RGBA
                                    0, 0, 0, 0};                                   // CRC
    std::ofstream(path, std::ios::binary).write((const char*)header, sizeof header);
    Picture p = platform::decode_picture(path, 1920);
    EXPECT_TRUE(p.rgba.empty());
    EXPECT_NE(p.error.find("too large (16385x4097 px"), std::string::npos) << p.error;
}

//----------------------------------------------------------------------------------------------
// Through GL: EGL headless, as `majlis render` draws.
//----------------------------------------------------------------------------------------------

// Draws one picture over the whole frame; before frame `replace_at` the file is replaced.
struct PictureClient : platform::FrameClient {
    std::string path;
    std::function<void()> replace;
    int replace_at = -1;
    platform::ImageTextures* images = nullptr;
    ImVec2 size{0, 0};
    bool drawn = false;
    std::function<void()> also;       // run in each frame, GL current

    void start(text::GlyphTextureHost&) override {}
    void use_images(platform::ImageTextures& i) override { images = &i; }
    void frame(const platform::FrameInfo& info) override {
        if (int(info.index) == replace_at) replace();
        if (also) also();
        ImTextureID t = images->load(path, &size);
        drawn = t != nullptr;
        if (t) ImGui::GetBackgroundDrawList()->AddImage(t, ImVec2(0, 0), info.size);
    }
    void stop() override {}
};

Rgb pixel_at(const std::string& png, int x, int y) {
    int w = 0, h = 0;
    std::vector<uint8_t> rgba;
    EXPECT_TRUE(platform::read_png(png, w, h, rgba));
    if (x >= w || y >= h) return {};
    const uint8_t* p = &rgba[(size_t(y) * w + x) * 4];
    return {p[0], p[1], p[2]};
}

TEST(GlPictures, ReplacedFileShowsItsNewPicture) {
    TempDir dir;
    const fs::path file = dir.path / "slide.png";
    write_picture(file, 16, 16, kRed);
    PictureClient client;
    client.path = file.string();
    client.replace_at = 2;
    client.replace = [&] { rewrite_in_place(file, 16, 16, kBlue); };
    Log log;
    const std::string png = (dir.path / "out.png").string();
    ASSERT_TRUE(platform::render_png(32, 32, 0, 3, client, png, log));
    ASSERT_TRUE(client.drawn);
    Rgb c = pixel_at(png, 16, 16);
    EXPECT_EQ(c.r, 0);
    EXPECT_EQ(c.b, 255);
}

TEST(GlPictures, PictureLargerThanTheRenderIsScaledToIt) {
    TempDir dir;
    const fs::path file = dir.path / "banner.png";
    write_picture(file, 1200, 600, kGreen);
    PictureClient client;
    client.path = file.string();
    Log log;
    const std::string png = (dir.path / "out.png").string();
    ASSERT_TRUE(platform::render_png(200, 100, 0, 1, client, png, log));
    ASSERT_TRUE(client.drawn);
    EXPECT_EQ(client.size.x, 200);
    EXPECT_EQ(client.size.y, 100);
    Rgb c = pixel_at(png, 100, 50);
    EXPECT_EQ(c.g, 255);
    EXPECT_EQ(c.r, 0);
}

// A solid picture of width x height for GlPictureUploads.
Picture solid(int width, int height) {
    Picture p;
    p.width = width;
    p.height = height;
    p.rgba.assign(size_t(width) * height * 4, 200);
    return p;
}

TEST(GlPictures, UploadGlRefusesGivesNullptrAndWhy) {
    TempDir dir;
    write_picture(dir.path / "ok.png", 8, 8, kGreen);
    PictureClient client;
    client.path = (dir.path / "ok.png").string();
    bool refused = false;
    std::string error;
    client.also = [&] {
        platform::GlPictureUploads gl;
        refused = gl.upload(solid(1 << 20, 1), error) == nullptr;  // wider than any GPU takes
    };
    Log log;
    const std::string png = (dir.path / "out.png").string();
    ASSERT_TRUE(platform::render_png(16, 16, 0, 1, client, png, log));  // no GL error left behind
    EXPECT_TRUE(refused);
    EXPECT_NE(error.find("GL error"), std::string::npos) << error;
    EXPECT_TRUE(client.drawn);  // the next upload works
    EXPECT_EQ(pixel_at(png, 8, 8).g, 255);
}

// GL_OUT_OF_MEMORY for real: llvmpipe allocates textures with malloc, so an address-space limit
// just above what the process uses makes a 4096 x 4096 upload fail the way a full GPU does. In a
// child process (the limit is process-wide), which prints what happened.
int upload_out_of_memory() {
    TempDir dir;
    write_picture(dir.path / "ok.png", 8, 8, kGreen);
    PictureClient client;
    client.path = (dir.path / "ok.png").string();
    bool refused = false;
    std::string error;
    client.also = [&] {
        if (refused) return;
        const Picture big = solid(4096, 4096);  // 64 MiB, before the limit
        long pages = 0;
        if (FILE* f = std::fopen("/proc/self/statm", "r")) {
            if (std::fscanf(f, "%ld", &pages) != 1) pages = 0;
            std::fclose(f);
        }
        rlimit limit{};
        limit.rlim_cur = limit.rlim_max = rlim_t(pages) * sysconf(_SC_PAGESIZE) + (32u << 20);
        setrlimit(RLIMIT_AS, &limit);
        platform::GlPictureUploads gl;
        refused = gl.upload(big, error) == nullptr;
        limit.rlim_cur = limit.rlim_max = RLIM_INFINITY;
        setrlimit(RLIMIT_AS, &limit);
    };
    Log log;
    const std::string png = (dir.path / "out.png").string();
    const bool rendered = platform::render_png(16, 16, 0, 2, client, png, log);  // and a frame after
    std::fprintf(stderr, "rendered %d, refused %d: %s\n", int(rendered), int(refused), error.c_str());
    return rendered && refused && client.drawn && pixel_at(png, 8, 8).g == 255 ? 0 : 1;
}

TEST(GlPicturesDeathTest, GpuOutOfMemoryGivesNullptrAndWhy) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(std::exit(upload_out_of_memory()), ::testing::ExitedWithCode(0),
                "rendered 1, refused 1: the GPU is out of memory \\(GL_OUT_OF_MEMORY\\)");
}

}  // namespace
