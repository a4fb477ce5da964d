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
#include <functional>
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
    float px_per_mm = 0;  // of the monitor, when it reports its physical size; 0: unknown
};

// Pictures as GL textures (RGBA8) for the frame being drawn (picture_cache.h tells how). load()
// never decodes in a window's frame: until a picture is ready it gives nullptr (the screen
// draws a placeholder) and the window draws again when it is. A file replaced on disk (or its
// folder swapped) is loaded again; no texture is larger than the screen; pictures no longer
// drawn are let go. A file that cannot be shown gives nullptr and is logged once.
struct ImageTextures {
    virtual ~ImageTextures() = default;
    virtual ImTextureID load(const std::string& path, ImVec2* size) = 0;
    // What is on screen changed as a whole (a new version of the content, a kiosk visitor gone):
    // the pictures the next frame does not draw go.
    virtual void screen_changed() {}
    virtual size_t pictures() const { return 0; }  // pictures held now (benchmarks, tests)
};

// What a frame changed since the frame before it (damage-region rendering): everything
// (the default, always right), or only these rectangles, in the frame's logical px (as the
// client drew it: before any rotation), none when nothing changed. A platform that keeps the last
// frame redraws only the rectangles, and everything anyway for a first frame, a new size or
// rotation, and after the window was exposed.
struct Damage {
    bool everything = true;
    std::vector<ImVec4> rects;  // x0, y0, x1, y1 (as ImDrawCmd::ClipRect), when !everything
    // Pixels that moved (a scrolling ticker): what the last frame showed in `rect` is shown
    // moved by `by` (whole px), within the rect, before the rectangles above are drawn; what
    // comes in at its edge must be among them. Whole px: a rect that is not moves nothing.
    struct Scroll {
        ImVec4 rect;
        ImVec2 by;
    };
    std::vector<Scroll> scrolls;
};

// A touch or mouse event in the frame's coordinates (rotation already undone).
struct Pointer {
    enum class Kind { Down, Move, Up };
    Kind kind = Kind::Down;
    ImVec2 pos;
    double time = 0;      // seconds, the same clock as FrameInfo::time
};

struct FrameClient {
    virtual ~FrameClient() = default;
    virtual void start(text::GlyphTextureHost& textures) = 0;  // GL context current
    virtual void use_images(ImageTextures& images) {}          // right after start()
    virtual void frame(const FrameInfo& info) = 0;  // between ImGui::NewFrame and ImGui::Render
    virtual void stop() = 0;                        // before the GL context goes away
    virtual ImVec4 clear_color() const { return ImVec4(0, 0, 0, 1); }
    // Render on demand: seconds until the next frame is needed if no input arrives (0: draw
    // continuously, e.g. during an animation). The window sleeps in between.
    virtual double next_frame_in() const { return 0; }
    virtual void pointer(const Pointer& event) {}   // before the frame it affects
    // What the last frame() changed since the one before it, asked right after frame(). A
    // client that does not say otherwise is redrawn whole, so nothing can go stale.
    virtual Damage frame_damage() const { return {}; }
    // Whether the physical display should be on (a fleet's blank/wake). The window asks each
    // turn of its loop and switches the display's power when the answer changes
    // (display_power.h: DPMS, HDMI-CEC); the client keeps drawing what a blank screen shows.
    virtual bool display_on() const { return true; }
    // The rotation the content wants the screen drawn at (0, 90, 180, 270 clockwise; a role
    // given by the content, app/content/screens_config.h), or -1: the window's own
    // (WindowOptions::rotate; headless renders: none). Asked before each frame.
    virtual int rotation() const { return -1; }
};

// The rotation a frame is drawn at: the client's when it says one, else `own`.
int frame_rotation(const FrameClient& client, int own);

// A frame as the screen shows it (a screenshot): 8-bit RGBA, rows top first, in physical px
// (a mounting's rotation already applied). Empty (0 x 0) when it could not be read.
struct Screenshot {
    int width = 0, height = 0;
    std::vector<uint8_t> rgba;
};

// What the loop measured, about once a second (WindowOptions::on_second).
struct LoopStats {
    int width = 0, height = 0;  // the screen's physical px (headless: the screenshot size)
    double fps = 0;             // frames drawn per second over the last 5 s; render on demand
                                // draws none while nothing changes (headless: always 0)
    bool display_on = true;         // the display's power as last switched (FrameClient::display_on)
    std::string display_power;      // how it is switched: "dpms", "cec" or "none"
};

// Which OpenGL a context speaks: desktop OpenGL 3.3 core (PCs), or OpenGL ES 3 (boards with
// no desktop GL: a Raspberry Pi 4/5, most ARM GPUs). What is drawn is the same on both
// (gl_api.h tells how).
enum class GlApi { Desktop, Es3 };

struct WindowOptions {
    // What shows the frames (`--platform`): "glfw" (run_window: X11 or Wayland through GLFW, the
    // default), "kms" (run_window_sdl: SDL2 straight on KMS/DRM, a board with no X and no
    // compositor) or "sdl" (run_window_sdl with the video driver SDL picks: x11 under Xvfb, tests).
    std::string platform = "glfw";
    GlApi gl = GlApi::Desktop;  // the window's context (SDL2; GLFW's is desktop GL)
    bool fullscreen = true;    // borderless fullscreen on `monitor`, cursor hidden
    int width = 1280, height = 720;  // window size when not fullscreen
    int monitor = 0;           // 0 = primary
    int rotate = 0;            // 0, 90, 180, 270: the screen is mounted turned clockwise by this
    uint64_t max_frames = 0;   // > 0: close after this many frames (smoke tests)
    std::string title = "majlis";
    // How the display's power is switched for FrameClient::display_on (display_power.h):
    // "auto" (HDMI-CEC where an adapter answers, else DPMS where the X server has it, else
    // none), "cec", "dpms" or "none".
    std::string display_power = "auto";
    // Under systemd (service.h): called from the frame loop about once a second; what it
    // returns is the unit's STATUS= line (e.g. the content version shown).
    std::function<std::string()> status;
    // SIGHUP (`systemctl reload majlis`): called from the frame loop (the signal handler only
    // sets a flag), e.g. to reload the content folder. Unset: SIGHUP is logged and ignored.
    std::function<void()> on_reload;
    // Screenshots (a fleet's `screenshot` command, thumbnails). capture_wanted is asked once per
    // turn of the loop; when it says yes, the next frame is drawn even if nothing changed, read
    // back from the back buffer after rendering and before the swap (glReadPixels: only when
    // asked), and given to on_capture on the loop's thread, which hands it on (a PNG is encoded
    // elsewhere: that takes longer than a frame). Headless: one frame of the client is rendered
    // offscreen at width x height (EGL, as render_png does), only then. A frame that cannot be
    // read is given as an empty Screenshot.
    std::function<bool()> capture_wanted;
    std::function<void(Screenshot)> on_capture;
    // About once a second, from the loop (the screen's size and frame rate for its status).
    std::function<void(const LoopStats&)> on_second;
    // The window's loop asks it after each frame is swapped: true calls on_second at once, before
    // the loop waits again, not up to a second later (a fleet player acknowledges the alert a
    // frame first showed as soon as it is on screen). Headless draws no frame and never asks.
    std::function<bool()> report_now;
    // Tests only: before frame `frame`, monitor `monitor` (its index in GLFW's list) counts as
    // unplugged (connected = false) or plugged back in, fed through the same handler as
    // GLFW's monitor callback; an unplugged monitor stays out of the window's list until then.
    struct MonitorEvent {
        uint64_t frame = 0;
        int monitor = 0;
        bool connected = false;
    };
    std::vector<MonitorEvent> test_monitor_events;
};

// Opens the window and runs frames until the operator quits (Ctrl+Alt+Q, or SIGTERM/SIGINT)
// or max_frames is reached. Visitors cannot close it. Returns a process exit code.
int run_window(const WindowOptions& options, FrameClient& client, Log& log);
// The same through SDL2 (options.platform "kms" or "sdl"; window_sdl.cpp). Without a DRM device
// (kms) it logs why and returns 1.
int run_window_sdl(const WindowOptions& options, FrameClient& client, Log& log);

// The display without a window (`majlis --headless`: a player on a machine with no screen, the
// fleet's tests and benchmarks): no GL context, nothing drawn. Runs until SIGTERM or SIGINT,
// calls options.status, on_reload and on_second as the window does (systemd's READY at once,
// WATCHDOG while the loop turns). When options.capture_wanted says so, `client` (may be null:
// no screenshots) is rendered once offscreen at options.width x height for on_capture; the
// other options are the window's and are ignored. Content, sync and presence run on their own
// threads. Returns a process exit code.
int run_headless(const WindowOptions& options, FrameClient* client, Log& log);

// Renders one frame offscreen (EGL, no display needed; Mesa's llvmpipe without a GPU) at
// width x height and writes it to `png_path`. `frames` > 1 renders that many frames first
// (time advancing by 1/60 s) and writes the last. `api`: the GL the context speaks (`majlis
// render --gl es` draws as a board with GLES only would). Returns false (and logs why) on failure.
bool render_png(int width, int height, double time, int frames, FrameClient& client,
                const std::string& png_path, Log& log, GlApi api = GlApi::Desktop);
// The same frame into memory (a headless player's screenshot). False (logged) on failure.
bool render_picture(int width, int height, double time, int frames, FrameClient& client, Screenshot& out,
                    Log& log);

// Turns a frame's draw data by `degrees` (90, 180, 270 clockwise) for a screen of
// `physical` px: the client draws in the turned (logical) size. rotate_point maps the other
// way, from physical to logical (pointer input).
void rotate_draw_data(ImDrawData* draw_data, int degrees, ImVec2 physical);
// A rectangle (x0, y0, x1, y1: a clip rect, a frame's damage) turned as rotate_draw_data turns
// the frame (degrees not 90, 180 or 270: as it is).
ImVec4 rotate_rect_to_physical(ImVec4 rect, int degrees, ImVec2 physical);
ImVec2 rotate_point_to_logical(ImVec2 p, int degrees, ImVec2 physical);
ImVec2 logical_size(ImVec2 physical, int degrees);

// PNG files (8-bit RGBA): write_png through libpng (png_stream.h streams rows), read_png
// through stb_image (Debian's libstb).
bool write_png(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba);
bool encode_png(int width, int height, const std::vector<uint8_t>& rgba, std::string& out);  // in memory
bool read_png(const std::string& path, int& width, int& height, std::vector<uint8_t>& rgba);

}  // namespace majlis::platform
