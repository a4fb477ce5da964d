// The display through SDL2 (WindowOptions::platform "kms" or "sdl"): a board with no X and no
// compositor draws straight to the screen through KMS/DRM (SDL's kmsdrm video driver: the DRM
// device for the mode and page flips, GBM buffers, an EGL context, and evdev for touch screens
// and keyboards); "sdl" lets SDL pick its video driver (x11 or wayland under a desktop, or
// $SDL_VIDEODRIVER), which is how this backend is tested here, under Xvfb.
//
// What differs from the GLFW window is only how the window, its GL context and its events come
// about; the loop is display_loop.h's. Here:
//   - the display: MonitorChoice over SDL's display names (--monitor, else the primary), shown
//     fullscreen in the mode it shows now (sdl_display.h: no mode switch; its largest mode when it
//     reports none). Under kms the window is the whole display. Displays connected later are not
//     followed (SDL 2.26's kmsdrm lists the connectors once, at start): a board shows on the display
//     connected when it started, and systemd's restart picks up another one.
//   - the GL context: OpenGL ES 3 on kms (gl_api.h; a board's GPU often has no desktop GL) unless
//     desktop GL is asked for, desktop OpenGL 3.3 core elsewhere unless ES is asked for; vsync on.
//   - input: touches, the mouse and the operator's chord through PointerMapper and operator_chord
//     (sdl_display.h). A close request from a window manager is refused, as in the GLFW window.
//   - signals: SDL's own SIGINT/SIGTERM handlers are turned off (SDL_HINT_NO_SIGNAL_HANDLERS):
//     ours (signals.h) quit the loop.
//   - blank/wake: HDMI-CEC where an adapter answers (a Raspberry Pi's HDMI port); DPMS is X11's and
//     is not used here (display_power.h: no X connection).
//   - a picture decoded on a worker wakes SDL_WaitEventTimeout with an event of our own.
// Without a DRM device (no /dev/dri/card*, or no permission: the user must be in the video and
// render groups, and in input for touch and keys) SDL's video does not start: run_window_sdl
// logs SDL's reason with that advice and returns 1, having touched nothing.
#include "platform.h"

#include "core/log.h"
#include "display_loop.h"
#include "gl_api.h"
#include "gl_textures.h"
#include "monitor_choice.h"
#include "sdl_display.h"
#include "signals.h"

#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <epoxy/gl.h>
#include <SDL2/SDL.h>

#include <string>
#include <vector>

namespace majlis::platform {

namespace {

std::string sdl_error() {
    const char* e = SDL_GetError();
    return e && *e ? e : "no SDL error reported";
}

struct SdlSession final : DisplayBackend {
    Log& log;
    bool video = false;                  // SDL's video subsystem started
    SDL_Window* window = nullptr;
    SDL_GLContext context = nullptr;
    ImGuiContext* imgui = nullptr;
    ImGuiContext* previous_imgui = nullptr;
    bool platform_backend = false, renderer = false;
    int display = -1;                    // the display fullscreen on, -1 when windowed
    Uint32 wake_event = (Uint32)-1;      // our event: a picture was decoded
    PointerMapper mapper;
    bool close_refused = false;          // the window manager asked to close (logged once)

    explicit SdlSession(Log& l) : log(l) {}
    SdlSession(const SdlSession&) = delete;
    SdlSession& operator=(const SdlSession&) = delete;
    ~SdlSession() override {
        if (renderer) ImGui_ImplOpenGL3_Shutdown();
        if (platform_backend) ImGui_ImplSDL2_Shutdown();
        if (imgui) {
            ImGui::DestroyContext(imgui);
            ImGui::SetCurrentContext(previous_imgui);
        }
        if (context) SDL_GL_DeleteContext(context);
        if (window) SDL_DestroyWindow(window);
        if (video) SDL_Quit();  // all of SDL, its D-Bus connection (screensaver, input methods) too
    }

    void handle(const SDL_Event& e) {
        ImGui_ImplSDL2_ProcessEvent(&e);
        if (operator_chord(e)) operator_quit = true;
        if (e.type == SDL_QUIT || (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE)) {
            if (!close_refused)  // visitors cannot close the display
                log.info("platform", "window close request ignored (the operator quits with Ctrl+Alt+Q)");
            close_refused = true;
        }
        if (e.type == SDL_WINDOWEVENT &&
            (e.window.event == SDL_WINDOWEVENT_EXPOSED || e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
             e.window.event == SDL_WINDOWEVENT_RESTORED))
            redraw = true;
        int w = 0, h = 0;
        SDL_GetWindowSize(window, &w, &h);
        if (std::optional<Pointer> p = mapper.map(e, ImVec2(float(w), float(h)), framebuffer_size(), now()))
            pointers.push_back(*p);
    }

    void poll(uint64_t) override {
        SDL_Event e;
        while (SDL_PollEvent(&e)) handle(e);
    }
    void wait(double seconds) override {
        SDL_Event e;
        if (SDL_WaitEventTimeout(&e, std::max(1, int(seconds * 1000)))) handle(e);
    }
    void wake() override {
        SDL_Event e{};
        e.type = wake_event;
        SDL_PushEvent(&e);  // thread-safe
    }
    ImVec2 framebuffer_size() override {
        int w = 0, h = 0;
        SDL_GL_GetDrawableSize(window, &w, &h);
        return ImVec2(float(w), float(h));
    }
    double now() override { return double(SDL_GetPerformanceCounter()) / double(SDL_GetPerformanceFrequency()); }
    float px_per_mm(ImVec2) override {
        float ddpi = 0;
        if (display < 0 || SDL_GetDisplayDPI(display, &ddpi, nullptr, nullptr) != 0 || !(ddpi > 0)) return 0;
        return ddpi / 25.4f;
    }
    void new_frame() override { ImGui_ImplSDL2_NewFrame(); }
    void swap() override { SDL_GL_SwapWindow(window); }
};

// SDL's video on the driver the platform asks for; false (logged, with what to check) if it
// does not start.
bool start_video(SdlSession& self, const WindowOptions& options) {
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    const bool kms = options.platform == "kms";
    if (kms) SDL_SetHint(SDL_HINT_VIDEODRIVER, "kmsdrm");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        self.log.error("platform", kms ? "--platform kms: no display through KMS/DRM (" + sdl_error() +
                                             "); it needs a DRM device (/dev/dri/card*) that no X server or "
                                             "compositor holds, and a user in the video, render and input groups"
                                       : "SDL video did not start: " + sdl_error());
        return false;
    }
    self.video = true;
    self.wake_event = SDL_RegisterEvents(1);
    self.log.info("platform", std::string("SDL video driver ") + SDL_GetCurrentVideoDriver());
    return true;
}

// The display and its mode (sdl_display.h), the window on it, and its GL context.
bool open_sdl_window(SdlSession& self, const WindowOptions& options) {
    const bool es = self.api == GlApi::Es3;
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, es ? SDL_GL_CONTEXT_PROFILE_ES : SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, es ? 0 : 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, es ? 0 : SDL_GL_CONTEXT_FORWARD_COMPATIBLE_FLAG);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);

    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
    int x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED;
    int width = options.width > 0 ? options.width : 1280, height = options.height > 0 ? options.height : 720;
    VideoMode mode, current;
    if (options.fullscreen) {
        MonitorChoice choice;
        choice.wanted = options.monitor;
        std::vector<std::string> names;
        for (int i = 0, n = SDL_GetNumVideoDisplays(); i < n; i++) {
            const char* name = SDL_GetDisplayName(i);
            names.push_back(name ? name : "");
        }
        self.display = choice.pick(names);
        if (self.display < 0) {
            self.log.error("platform", "no display connected (" + sdl_error() + ")");
            return false;
        }
        if (choice.fell_back)
            self.log.warning("platform", "monitor " + std::to_string(options.monitor) + " not connected (" +
                                             std::to_string(names.size()) + " connected), using the primary one");
        SDL_DisplayMode m{};
        if (SDL_GetDesktopDisplayMode(self.display, &m) == 0) current = {m.w, m.h, m.refresh_rate};
        std::vector<VideoMode> modes;
        for (int i = 0, n = SDL_GetNumDisplayModes(self.display); i < n; i++)
            if (SDL_GetDisplayMode(self.display, i, &m) == 0) modes.push_back({m.w, m.h, m.refresh_rate});
        mode = choose_video_mode(current, modes);
        if (mode.width <= 0) {
            self.log.error("platform", "display " + std::to_string(self.display) + " (" + names[size_t(self.display)] +
                                           ") reports no video mode");
            return false;
        }
        x = y = SDL_WINDOWPOS_UNDEFINED_DISPLAY(self.display);
        width = mode.width;
        height = mode.height;
        flags |= mode == current ? SDL_WINDOW_FULLSCREEN_DESKTOP : SDL_WINDOW_FULLSCREEN;
    }
    self.window = SDL_CreateWindow(options.title.c_str(), x, y, width, height, flags);
    if (!self.window) {
        self.log.error("platform", std::string("cannot create an ") + gl_api_name(self.api) + " window: " + sdl_error());
        return false;
    }
    if (options.fullscreen && !(mode == current)) {  // a mode switch: SDL_WINDOW_FULLSCREEN takes the window's mode
        SDL_DisplayMode m{SDL_PIXELFORMAT_UNKNOWN, mode.width, mode.height, mode.refresh, nullptr};
        SDL_SetWindowDisplayMode(self.window, &m);
    }
    if (options.fullscreen) SDL_ShowCursor(SDL_DISABLE);
    self.context = SDL_GL_CreateContext(self.window);
    if (!self.context) {
        self.log.error("platform", std::string("cannot create an ") + gl_api_name(self.api) + " context: " + sdl_error());
        return false;
    }
    SDL_GL_MakeCurrent(self.window, self.context);
    SDL_GL_SetSwapInterval(1);  // vsync: one frame per refresh, no tearing
    const ImVec2 size = self.framebuffer_size();
    self.log.info("platform", "window " + std::to_string(int(size.x)) + "x" + std::to_string(int(size.y)) +
                                  (self.display >= 0 ? " on display " + std::to_string(self.display) + " (fullscreen" +
                                                           (mode.refresh > 0 ? ", " + std::to_string(mode.refresh) + " Hz)" : ")")
                                                     : std::string(" (windowed)")));
    self.log.debug("platform", gl_string(GL_VERSION) + ", " + gl_string(GL_RENDERER));
    return true;
}

bool start_sdl_imgui(SdlSession& self, bool hide_cursor) {
    self.previous_imgui = ImGui::GetCurrentContext();
    self.imgui = ImGui::CreateContext();
    ImGui::SetCurrentContext(self.imgui);  // CreateContext keeps a caller's context current
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini in the working directory
    io.LogFilename = nullptr;
    if (hide_cursor) io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    if (!ImGui_ImplSDL2_InitForOpenGL(self.window, self.context)) {
        self.log.error("platform", "ImGui SDL2 backend failed to start");
        return false;
    }
    self.platform_backend = true;
    if (!ImGui_ImplOpenGL3_Init(glsl_version(self.api))) {
        self.log.error("platform", "ImGui OpenGL3 backend failed to start (its GL loader needs libGL.so.1 from libgl1)");
        return false;
    }
    self.renderer = true;
    if (!(io.BackendFlags & ImGuiBackendFlags_RendererHasVtxOffset))
        self.log.warning("platform", "renderer without vertex offsets (below GL 3.2 / ES 3.2): large draw lists will fail");
    return true;
}

int run_window_sdl_unguarded(const WindowOptions& options, FrameClient& client, Log& log) {
    SignalHandlers signals;  // before anything slow: a SIGTERM during startup still quits cleanly
    SdlSession self(log);
    self.api = options.gl;
    if (!start_video(self, options)) return 1;
    if (!open_sdl_window(self, options)) return 1;
    if (!start_sdl_imgui(self, options.fullscreen)) return 1;
    return run_display_loop(options, client, self, log);  // then ~SdlSession: backends, ImGui, window, SDL
}

}  // namespace

int run_window_sdl(const WindowOptions& options, FrameClient& client, Log& log) {
    return run_window_guarded([&] { return run_window_sdl_unguarded(options, client, log); }, log);
}

}  // namespace majlis::platform
