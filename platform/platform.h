// majlis platform: windows, GL context, input and headless rendering.
//
// Everything that knows GLFW, EGL or OpenGL lives in platform/. The rest of majlis draws into
// Dear ImGui draw lists through a FrameClient and never touches GL:
//
//     platform (window or headless)                  client (screens, text engine)
//     ---------------------------------------------  ----------------------------------------
//     create GL context, ImGui context + backends
//     make a GlyphTextureHost (GL_R8 pages) -------> client.start(textures)   engine created here
//     per frame: poll input, ImGui::NewFrame ------> client.frame(info)       draw into ImDrawLists
//                ImGui::Render, backend renders      (atlas flushed at the end of frame())
//     shutdown ------------------------------------> client.stop()            engine destroyed here
//
// The window and the headless path run the very same client code, so a PNG rendered headless
// is what the screen shows.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

namespace majlis {
class Log;
namespace text {
struct GlyphTextureHost;
}
}  // namespace majlis

namespace majlis::platform {

struct FrameInfo {
    ImVec2 size;          // framebuffer size in px
    double time = 0;      // seconds since start (headless: as requested)
    uint64_t index = 0;   // frame number, from 0
    bool headless = false;
};

struct FrameClient {
    virtual ~FrameClient() = default;
    virtual void start(text::GlyphTextureHost& textures) = 0;  // GL context current
    virtual void frame(const FrameInfo& info) = 0;  // between ImGui::NewFrame and ImGui::Render
    virtual void stop() = 0;                        // before the GL context goes away
    virtual ImVec4 clear_color() const { return ImVec4(0, 0, 0, 1); }
};

struct WindowOptions {
    bool fullscreen = true;    // borderless fullscreen on `monitor`, cursor hidden
    int width = 1280, height = 720;  // window size when not fullscreen
    int monitor = 0;           // 0 = primary
    uint64_t max_frames = 0;   // > 0: close after this many frames (smoke tests)
    std::string title = "majlis";
};

// Opens the window and runs frames until the operator quits (Ctrl+Alt+Q, or SIGTERM/SIGINT)
// or max_frames is reached. Visitors cannot close it. Returns a process exit code.
int run_window(const WindowOptions& options, FrameClient& client, Log& log);

// Renders one frame offscreen (EGL, no display needed; Mesa's llvmpipe without a GPU) at
// width x height and writes it to `png_path`. `frames` > 1 renders that many frames first
// (time advancing by 1/60 s) and writes the last. Returns false (and logs why) on failure.
bool render_png(int width, int height, double time, int frames, FrameClient& client,
                const std::string& png_path, Log& log);

// PNG files (8-bit RGBA), through stb_image / stb_image_write from Debian's libstb.
bool write_png(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba);
bool read_png(const std::string& path, int& width, int& height, std::vector<uint8_t>& rgba);

}  // namespace majlis::platform
