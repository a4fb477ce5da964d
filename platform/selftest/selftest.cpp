// majlis_platform_selftest: proves the platform layer end to end without the rest of majlis.
//
//     majlis_platform_selftest [--gl es] OUT.png headless (EGL, no display): render, read back, check;
//                                               --gl es: through OpenGL ES 3 (platform/gl_api.h)
//     majlis_platform_selftest --window [--fullscreen] [--frames N] [--monitor I] [--sigterm-at K]
//                              [--unplug-at K --replug-at M] [--picture FILE]
//                              [--platform glfw|sdl|kms] [--gl es] [--compare]
//                                               the same client in a window (needs a display);
//                                               N = 0: until Ctrl+Alt+Q or SIGTERM
//
// --platform: the backend (WindowOptions::platform; sdl under Xvfb is SDL2's x11 driver), --gl es
// its context in OpenGL ES 3. --compare takes a screenshot of the third frame (capture_wanted:
// the frame as the loop drew it, before it is shown) and compares it with the same client
// rendered headless (render_picture) at the window's size: every pixel within 3 levels.
//
// --unplug-at / --replug-at (with --fullscreen) unplug the monitor before frame K and plug it
// back before frame M through the window's monitor handler (WindowOptions::test_monitor_events):
// frames before K are fullscreen with the monitor's density, frames K..M-1 windowed (the
// options' 1280x720) with no density (no monitor is used once unplugged), frames from M
// fullscreen on it again.
//
// --picture draws FILE every frame and asks for no redraw of its own (render on demand): the
// first frame gets the placeholder (pictures are never decoded in a frame), the worker's
// finished decode wakes the loop, and the next frame shows it (an Expose may add a frame
// before); then SIGTERM. If the redraw never comes, SIGALRM ends the test after 20 s.
//
// The headless frame (256 x 256, dark blue background):
//   - a 64 x 64 glyph page made through the GlyphTextureHost, uploaded in two halves from a
//     buffer with a wider stride (padding filled with junk that must never show), drawn 1:1 at
//     (16, 16) tinted yellow: texels of coverage 255 come out yellow, 128 half yellow, 0 blue;
//   - a red rectangle at (100, 16)-(140, 56);
//   - 20,000 one-pixel quads (80,000 vertices: more than 16-bit indices reach) in a 200 x 100
//     grid at (16, 120); the last one is magenta. Drawing them needs the renderer's vertex
//     offsets (ImGuiBackendFlags_RendererHasVtxOffset) and the magenta pixel proves the draw
//     command after the split was rendered.
#include "platform.h"

#include "core/log.h"
#include "text/text_imgui.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <unistd.h>

using namespace majlis;

namespace {

constexpr int kSize = 256;
constexpr int kPage = 64;
constexpr int kQuads = 20000;
constexpr ImU32 kYellow = IM_COL32(255, 255, 0, 255);
constexpr ImU32 kRed = IM_COL32(255, 0, 0, 255);
constexpr ImU32 kGreen = IM_COL32(0, 255, 0, 255);
constexpr ImU32 kMagenta = IM_COL32(255, 0, 255, 255);

int failures = 0;

void check(bool ok, const std::string& what) {
    if (!ok) {
        std::fprintf(stderr, "selftest: FAIL: %s\n", what.c_str());
        failures++;
    }
}

// Coverage of the test page: a border of 0, the top half of the inside 255, the bottom half 128.
uint8_t page_texel(int x, int y) {
    if (x < 8 || x >= 56 || y < 8 || y >= 56) return 0;
    return y < 32 ? 255 : 128;
}

struct TestClient : platform::FrameClient {
    text::GlyphTextureHost* host = nullptr;
    ImTextureID page = nullptr;
    bool page_created = false;
    int starts = 0, stops = 0, frames = 0;
    std::vector<double> times;
    std::vector<uint64_t> indices;
    std::vector<ImVec2> sizes;
    std::vector<float> densities;   // FrameInfo::px_per_mm
    bool all_headless = true, none_headless = true;
    ImVec2 last_size;
    bool vtx_offset_flag = false;   // the renderer announced vertex offsets
    bool vtx_offset_used = false;   // a draw command of the background list starts past vertex 0
    int max_vertices = 0;
    int sigterm_at = -1;            // --window: raise(SIGTERM) in this frame
    std::string picture;            // --picture
    platform::ImageTextures* images = nullptr;
    std::vector<bool> picture_shown;  // per frame

    void start(text::GlyphTextureHost& textures) override {
        starts++;
        host = &textures;
        page = textures.create(kPage, kPage);
        page_created = page != nullptr;
        if (!page) return;
        // Stride 80: columns 64..79 are junk that a stride-ignoring upload would show.
        const int stride = 80;
        std::vector<uint8_t> buffer((size_t)stride * kPage, 0xEE);
        for (int y = 0; y < kPage; y++)
            for (int x = 0; x < kPage; x++) buffer[(size_t)y * stride + x] = page_texel(x, y);
        textures.update(page, 0, 0, kPage, 32, buffer.data(), stride);
        textures.update(page, 0, 32, kPage, 32, buffer.data() + 32 * stride, stride);
    }

    void frame(const platform::FrameInfo& info) override {
        frames++;
        times.push_back(info.time);
        indices.push_back(info.index);
        sizes.push_back(info.size);
        densities.push_back(info.px_per_mm);
        (info.headless ? none_headless : all_headless) = false;
        last_size = info.size;
        vtx_offset_flag = (ImGui::GetIO().BackendFlags & ImGuiBackendFlags_RendererHasVtxOffset) != 0;

        ImDrawList* dl = ImGui::GetBackgroundDrawList();
        if (page)
            dl->AddImage(page, ImVec2(16, 16), ImVec2(16 + kPage, 16 + kPage), ImVec2(0, 0),
                         ImVec2(1, 1), kYellow);
        dl->AddRectFilled(ImVec2(100, 16), ImVec2(140, 56), kRed);
        for (int i = 0; i < kQuads; i++) {
            float x = 16.0f + (float)(i % 200), y = 120.0f + (float)(i / 200);
            dl->AddRectFilled(ImVec2(x, y), ImVec2(x + 1, y + 1), i == kQuads - 1 ? kMagenta : kGreen);
        }
        max_vertices = std::max(max_vertices, dl->VtxBuffer.Size);
        for (const ImDrawCmd& cmd : dl->CmdBuffer)
            if (cmd.VtxOffset > 0) vtx_offset_used = true;

        if (sigterm_at >= 0 && (int)info.index == sigterm_at) std::raise(SIGTERM);
        if (!picture.empty()) {
            ImVec2 size;
            ImTextureID t = images ? images->load(picture, &size) : nullptr;
            if (t) dl->AddImage(t, ImVec2(0, 0), size);
            picture_shown.push_back(t != nullptr);
            if (t) std::raise(SIGTERM);
        }
    }

    void use_images(platform::ImageTextures& i) override { images = &i; }
    double next_frame_in() const override { return picture.empty() ? 0 : 1000; }

    void stop() override {
        stops++;
        if (host && page) host->destroy(page);
        page = nullptr;
    }

    ImVec4 clear_color() const override { return ImVec4(0.0f, 0.0f, 0.5f, 1.0f); }
};

// A log that prints and counts warnings and errors.
struct CountingLog {
    int problems = 0;
    Log log{[this](LogLevel level, std::string_view line) {
        std::fprintf(stderr, "%.*s\n", (int)line.size(), line.data());
        if (level >= LogLevel::Warning) problems++;
    }};
};

struct Rgba {
    int r, g, b, a;
};

Rgba pixel(const std::vector<uint8_t>& rgba, int width, int x, int y) {
    const uint8_t* p = &rgba[((size_t)y * width + x) * 4];
    return {p[0], p[1], p[2], p[3]};
}

void expect_pixel(const std::vector<uint8_t>& rgba, int width, int x, int y, Rgba want,
                  const char* what) {
    Rgba got = pixel(rgba, width, x, y);
    const int tolerance = 3;  // 0.5 * 255 may round either way; blending may be off by one
    bool ok = std::abs(got.r - want.r) <= tolerance && std::abs(got.g - want.g) <= tolerance &&
              std::abs(got.b - want.b) <= tolerance && std::abs(got.a - want.a) <= tolerance;
    char message[200];
    std::snprintf(message, sizeof message, "%s at (%d,%d): got %d,%d,%d,%d want %d,%d,%d,%d", what,
                  x, y, got.r, got.g, got.b, got.a, want.r, want.g, want.b, want.a);
    check(ok, message);
}

int headless(const std::string& png_path, platform::GlApi api) {
    CountingLog out;
    const Rgba blue{0, 0, 128, 255};

    // 1. The frame, three times (frames advance by 1/60 s from the requested time).
    TestClient client;
    bool rendered = platform::render_png(kSize, kSize, 10.0, 3, client, png_path, out.log, api);
    check(rendered, "render_png returned false");
    check(client.starts == 1 && client.stops == 1, "start/stop called once each");
    check(client.page_created, "64x64 page created");
    check(client.frames == 3, "three frames rendered");
    if (client.frames == 3) {
        check(client.indices[0] == 0 && client.indices[2] == 2, "frame indices 0, 1, 2");
        check(std::fabs(client.times[0] - 10.0) < 1e-9 &&
                  std::fabs(client.times[2] - (10.0 + 2.0 / 60.0)) < 1e-9,
              "frame times 10, 10+1/60, 10+2/60");
    }
    check(client.all_headless, "FrameInfo::headless set");
    check(client.last_size.x == kSize && client.last_size.y == kSize, "FrameInfo::size");
    check(client.vtx_offset_flag, "ImGuiBackendFlags_RendererHasVtxOffset set");
    check(client.max_vertices > 70000, "more than 70,000 vertices in one draw list");
    check(client.vtx_offset_used, "a draw command with VtxOffset > 0");

    int width = 0, height = 0;
    std::vector<uint8_t> rgba;
    if (!platform::read_png(png_path, width, height, rgba)) {
        check(false, "read_png " + png_path);
    } else {
        check(width == kSize && height == kSize, "PNG size 256x256");
        if (width == kSize && height == kSize) {
            expect_pixel(rgba, width, 2, 2, blue, "clear colour (top-left corner)");
            expect_pixel(rgba, width, 250, 250, blue, "clear colour (bottom-right corner)");
            expect_pixel(rgba, width, 16 + 32, 16 + 20, {255, 255, 0, 255}, "page coverage 255, tinted");
            expect_pixel(rgba, width, 16 + 32, 16 + 44, {128, 128, 64, 255}, "page coverage 128, blended");
            expect_pixel(rgba, width, 16 + 4, 16 + 4, blue, "page coverage 0 (border)");
            expect_pixel(rgba, width, 16 + 60, 16 + 20, blue, "page right border (stride junk must not show)");
            expect_pixel(rgba, width, 120, 36, {255, 0, 0, 255}, "red rectangle");
            expect_pixel(rgba, width, 16, 120, {0, 255, 0, 255}, "first quad");
            expect_pixel(rgba, width, 16 + 198, 120 + 99, {0, 255, 0, 255}, "quad 19,998");
            expect_pixel(rgba, width, 16 + 199, 120 + 99, {255, 0, 255, 255}, "last quad (after the vertex offset)");
            expect_pixel(rgba, width, 16 + 100, 120 + 100, blue, "below the quads");
        }
    }
    check(out.problems == 0, "no warnings or errors logged");

    // 2. Again in the same process, another size: EGL, ImGui and its loader start a second time.
    TestClient small;
    std::string small_path = png_path + ".small.png";
    check(platform::render_png(40, 20, 0.0, 1, small, small_path, out.log, api), "second render_png");
    if (platform::read_png(small_path, width, height, rgba)) {
        check(width == 40 && height == 20, "second PNG is 40x20");
        if (width == 40 && height == 20) expect_pixel(rgba, width, 39, 19, blue, "second PNG (page border over the background)");
    } else {
        check(false, "read_png " + small_path);
    }
    std::remove(small_path.c_str());

    // 3. Refused sizes: false, an error logged, and the client never started.
    std::vector<std::string> lines;
    Log quiet = Log::capture(&lines);
    TestClient refused;
    check(!platform::render_png(0, 10, 0, 1, refused, small_path, quiet), "0x10 refused");
    check(!platform::render_png(16385, 10, 0, 1, refused, small_path, quiet), "16385x10 refused");
    check(refused.starts == 0, "refused render does not start the client");
    check(lines.size() == 2, "one error line per refused render");

    if (failures) {
        std::fprintf(stderr, "selftest: %d check(s) failed\n", failures);
        return 1;
    }
    std::printf("selftest: headless OK (%s)\n", png_path.c_str());
    return 0;
}

int window(int argc, char** argv) {
    platform::WindowOptions options;
    options.fullscreen = false;
    options.max_frames = 5;
    options.title = "majlis platform selftest";
    TestClient client;
    int unplug_at = -1, replug_at = -1;
    bool compare = false;
    for (int i = 2; i < argc; i++) {
        std::string a = argv[i];
        if (a == "--fullscreen") options.fullscreen = true;
        else if (a == "--platform" && i + 1 < argc) options.platform = argv[++i];
        else if (a == "--gl" && i + 1 < argc) options.gl = std::strcmp(argv[++i], "es") == 0 ? platform::GlApi::Es3 : platform::GlApi::Desktop;
        else if (a == "--compare") compare = true;
        else if (a == "--frames" && i + 1 < argc) options.max_frames = std::strtoull(argv[++i], nullptr, 10);
        else if (a == "--monitor" && i + 1 < argc) options.monitor = std::atoi(argv[++i]);
        else if (a == "--sigterm-at" && i + 1 < argc) client.sigterm_at = std::atoi(argv[++i]);
        else if (a == "--unplug-at" && i + 1 < argc) unplug_at = std::atoi(argv[++i]);
        else if (a == "--replug-at" && i + 1 < argc) replug_at = std::atoi(argv[++i]);
        else if (a == "--picture" && i + 1 < argc) client.picture = argv[++i];
        else {
            std::fprintf(stderr, "selftest: unknown argument %s\n", a.c_str());
            return 2;
        }
    }
    if (unplug_at >= 0) options.test_monitor_events.push_back({uint64_t(unplug_at), 0, false});
    if (replug_at >= 0) options.test_monitor_events.push_back({uint64_t(replug_at), 0, true});
    if (!client.picture.empty()) {
        options.max_frames = 0;  // until the picture is shown
        alarm(20);
    }
    platform::Screenshot shot;
    if (compare) {
        options.capture_wanted = [&] { return client.frames == 2 && shot.width == 0; };
        options.on_capture = [&](platform::Screenshot s) { shot = std::move(s); };
    }
    Log log;
    int code = options.platform == "glfw" ? platform::run_window(options, client, log)
                                          : platform::run_window_sdl(options, client, log);
    check(code == 0, "run_window returned " + std::to_string(code));
    if (compare) {
        check(shot.width > 0 && shot.height > 0, "a screenshot of the third frame");
        TestClient headless_client;
        platform::Screenshot rendered;
        check(platform::render_picture(shot.width, shot.height, 0.0, 1, headless_client, rendered, log),
              "render_picture at the window's size");
        if (shot.width > 0 && rendered.width == shot.width && rendered.height == shot.height) {
            int worst = 0, worst_x = 0, worst_y = 0;
            for (int y = 0; y < shot.height; y++)
                for (int x = 0; x < shot.width; x++)
                    for (int c = 0; c < 4; c++) {
                        const size_t i = ((size_t)y * shot.width + x) * 4 + c;
                        const int d = std::abs(int(shot.rgba[i]) - int(rendered.rgba[i]));
                        if (d > worst) worst = d, worst_x = x, worst_y = y;
                    }
            check(worst <= 3, "the window's frame is the render: a channel off by " + std::to_string(worst) + " at (" +
                                  std::to_string(worst_x) + "," + std::to_string(worst_y) + ")");
            std::printf("selftest: the window's frame against the render: largest difference %d\n", worst);
        }
    }
    check(client.starts == 1 && client.stops == 1, "start/stop called once each");
    check(client.none_headless, "FrameInfo::headless false in a window");
    check(client.vtx_offset_flag, "ImGuiBackendFlags_RendererHasVtxOffset set");
    // --frames 0 runs until the operator quits (Ctrl+Alt+Q) or a signal: no count to check.
    if (client.sigterm_at >= 0 || options.max_frames > 0) {
        int expected = client.sigterm_at >= 0 ? client.sigterm_at + 1 : (int)options.max_frames;
        check(client.frames == expected, "frames rendered: " + std::to_string(client.frames) +
                                             ", expected " + std::to_string(expected));
    }
    if (!client.picture.empty())
        check(client.picture_shown.size() >= 2 && !client.picture_shown[0] && client.picture_shown.back(),
              "picture: placeholder in frame 0, then shown (" + std::to_string(client.picture_shown.size()) +
                  " frames, shown in the first: " + (client.picture_shown.empty() || !client.picture_shown[0] ? "no" : "yes") +
                  ")");
    if (unplug_at >= 0 && options.fullscreen && !client.sizes.empty()) {
        const ImVec2 full = client.sizes[0];
        for (size_t k = 0; k < client.sizes.size(); k++) {
            const bool unplugged = int(k) >= unplug_at && (replug_at < 0 || int(k) < replug_at);
            const ImVec2 want = unplugged ? ImVec2(float(options.width), float(options.height)) : full;
            char what[160];
            std::snprintf(what, sizeof what, "frame %zu (%s): size %gx%g (want %gx%g), %g px/mm", k,
                          unplugged ? "unplugged" : "plugged", client.sizes[k].x, client.sizes[k].y, want.x,
                          want.y, client.densities[k]);
            check(client.sizes[k].x == want.x && client.sizes[k].y == want.y &&
                      (unplugged ? client.densities[k] == 0 : client.densities[k] > 0),
                  what);
        }
    }
    if (failures) return 1;
    std::printf("selftest: window OK (%d frames, %gx%g)\n", client.frames, client.last_size.x,
                client.last_size.y);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 2 && std::strcmp(argv[1], "--window") == 0) return window(argc, argv);
    const bool es = argc == 4 && std::strcmp(argv[1], "--gl") == 0 && std::strcmp(argv[2], "es") == 0;
    if ((argc != 2 && !es) || argv[argc - 1][0] == '-') {
        std::fprintf(stderr, "usage: majlis_platform_selftest [--gl es] OUT.png\n"
                             "       majlis_platform_selftest --window [--fullscreen] [--frames N] "
                             "[--monitor I] [--sigterm-at K]\n");
        return 2;
    }
    return headless(argv[argc - 1], es ? platform::GlApi::Es3 : platform::GlApi::Desktop);
}
