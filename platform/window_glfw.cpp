// The on-screen window: GLFW, an OpenGL 3.3 core context, ImGui's GLFW + OpenGL3 backends.
//
// Fullscreen is GLFW's "windowed full screen" (a.k.a. borderless full screen): a full screen
// window on the chosen monitor whose requested mode is the monitor's current video mode, so
// the mode is never switched, there is no border, and window managers and compositors treat it
// as full screen (_NET_WM_STATE_FULLSCREEN, compositor bypass).
//
// Who may quit (a lobby display must survive visitors):
//   - the operator chord Ctrl+Alt+Q (by key position: GLFW_KEY_Q is the key where US QWERTY has
//     Q, whatever the keyboard layout, so it also works with an Arabic or Russian layout active);
//   - SIGTERM / SIGINT (systemd stop, Ctrl+C in a terminal);
//   - WindowOptions::max_frames (smoke tests).
// The window manager's close (title-bar button, Alt+F4) is refused.
//
// Monitors come and go (the TV switched off at night and on in the morning, a cable pulled):
// GLFW's monitor callback marks the change, and the loop then follows MonitorChoice
// (monitor_choice.h): fullscreen on the wanted monitor when it is connected, else on the
// primary; windowed, still drawing, while none is connected; fullscreen again as soon as one
// is. A monitor pointer is never used after its disconnect event (GLFW frees the monitor right
// after the callback); the monitor's physical size is read once, when going fullscreen on it.
// The loop -- signals, systemd, render on demand, screenshots, blank/wake, damage-region rendering
// -- is display_loop.h's, which the SDL2 backend (window_sdl.cpp) runs too; this file is the
// window's DisplayBackend. Where it keeps the frame (damage.h): in the back buffer on a software
// renderer with GLX_MESA_copy_sub_buffer (which shows only the damaged rectangles; whole frames
// are swapped, a copy there too); else in the loop's FBO, copied to the back buffer and swapped.
// Blank/wake uses DPMS on GLFW's X connection (display_power.h), or HDMI-CEC.
//
// Pitfalls:
//  - callbacks of our own are installed *before* ImGui_ImplGlfw_InitForOpenGL(): the backend
//    saves the callbacks it finds and calls them from its own, so both see the events.
//  - the GLFW backend sets the cursor mode every frame from ImGui's wanted cursor, which would
//    show the hidden cursor again: ImGuiConfigFlags_NoMouseCursorChange stops that.
//  - a fullscreen GLFW window iconifies itself when it loses focus (GLFW_AUTO_ICONIFY), which
//    would blank a signage screen after a stray notification: turned off.
//  - GLFW's error callback has no user pointer; rather than a global, errors are fetched with
//    glfwGetError() right where a call failed. The monitor callback has none either, and there
//    a global is unavoidable: g_monitor_session.
#include "platform.h"

#include "core/log.h"
#include "damage.h"
#include "display_loop.h"
#include "display_power.h"
#include "gl_textures.h"
#include "monitor_choice.h"
#include "signals.h"

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE  // GL comes from epoxy
#include <GLFW/glfw3.h>

#include <algorithm>
#include <csignal>
#include <memory>
#include <string>
#include <vector>

namespace majlis::platform {

static std::string glfw_error() {
    const char* description = nullptr;
    int code = glfwGetError(&description);
    if (code == GLFW_NO_ERROR) return "no GLFW error reported";
    return description ? description : "GLFW error " + std::to_string(code);
}

// Everything run_window() sets up, and the loop's DisplayBackend (display_loop.h); the destructor
// tears it down in reverse order, whichever way run_window() leaves.
struct WindowSession final : DisplayBackend {
    Log& log;
    const WindowOptions& options;
    bool glfw = false;                   // glfwInit succeeded
    GLFWwindow* window = nullptr;
    ImGuiContext* imgui = nullptr;
    ImGuiContext* previous_imgui = nullptr;
    bool platform_backend = false, renderer = false;
    bool pressed = false;                // a finger or the mouse button is down
    // Fullscreen across monitor changes (see the top of this file), with WindowOptions::fullscreen.
    MonitorChoice choice;
    GLFWmonitor* monitor = nullptr;      // the fullscreen monitor, null when windowed
    int monitor_mm_width = 0;            // its physical width (0: not reported)
    bool monitors_changed = false;       // a monitor came or went: follow_monitors() is due
    bool monitor_lost = false;           // ours was disconnected: go windowed if none is left
    int windowed_width = 1280, windowed_height = 720;
    std::vector<GLFWmonitor*> unplugged_for_test;  // WindowOptions::test_monitor_events
    uint64_t simulated_frame = UINT64_MAX;         // the frame whose test events were fed
    bool close_refused = false;          // the window manager asked to close (logged once)

    WindowSession(Log& l, const WindowOptions& o) : log(l), options(o) {}
    WindowSession(const WindowSession&) = delete;
    WindowSession& operator=(const WindowSession&) = delete;
    ~WindowSession() override;

    // DisplayBackend (display_loop.h). Pointer input, the operator's chord and exposes come from
    // GLFW's callbacks, which glfwPollEvents calls; monitor changes are followed here.
    void poll(uint64_t frame) override;
    void wait(double seconds) override { glfwWaitEventsTimeout(seconds); }
    void wake() override { glfwPostEmptyEvent(); }
    ImVec2 framebuffer_size() override {
        int w = 0, h = 0;
        glfwGetFramebufferSize(window, &w, &h);
        return ImVec2(float(w), float(h));
    }
    double now() override { return glfwGetTime(); }
    float px_per_mm(ImVec2 physical) override {
        return monitor && monitor_mm_width > 0 ? physical.x / float(monitor_mm_width) : 0;
    }
    void new_frame() override { ImGui_ImplGlfw_NewFrame(); }
    void swap() override { glfwSwapBuffers(window); }
    bool shows_rectangles() override { return glx_shows_rectangles(window); }
    bool show_rectangles(const PixelDamage& damage, int width, int height) override {
        return glx_show_rectangles(window, damage, width, height);
    }
    _XDisplay* x_display() override { return glfw_x11_display(); }
};

// GLFW's monitor callback has no user pointer: the one session that follows monitors, set
// while its window exists (run_window runs one window at a time). Read by on_monitor() only.
static WindowSession* g_monitor_session = nullptr;

WindowSession::~WindowSession() {
    if (g_monitor_session == this) {
        glfwSetMonitorCallback(nullptr);
        g_monitor_session = nullptr;
    }
    if (renderer) ImGui_ImplOpenGL3_Shutdown();
    if (platform_backend) ImGui_ImplGlfw_Shutdown();
    if (imgui) {
        ImGui::DestroyContext(imgui);
        ImGui::SetCurrentContext(previous_imgui);
    }
    if (window) glfwDestroyWindow(window);
    if (glfw) glfwTerminate();
}

static WindowSession& session_of(GLFWwindow* w) {
    return *(WindowSession*)glfwGetWindowUserPointer(w);
}

static void on_key(GLFWwindow* w, int key, int scancode, int action, int mods) {
    const int chord = GLFW_MOD_CONTROL | GLFW_MOD_ALT;
    if (action == GLFW_PRESS && key == GLFW_KEY_Q && (mods & chord) == chord)
        session_of(w).operator_quit = true;
}

// Touch screens on X11 arrive as the left mouse button; both become Pointer events.
static void on_mouse_button(GLFWwindow* w, int button, int action, int mods) {
    if (button != GLFW_MOUSE_BUTTON_LEFT) return;
    WindowSession& self = session_of(w);
    double x = 0, y = 0;
    glfwGetCursorPos(w, &x, &y);
    self.pressed = action == GLFW_PRESS;
    self.pointers.push_back({self.pressed ? Pointer::Kind::Down : Pointer::Kind::Up,
                             ImVec2(float(x), float(y)), glfwGetTime()});
}

static void on_cursor(GLFWwindow* w, double x, double y) {
    WindowSession& self = session_of(w);
    if (self.pressed) self.pointers.push_back({Pointer::Kind::Move, ImVec2(float(x), float(y)), glfwGetTime()});
}

static void on_needs_redraw(GLFWwindow* w) { session_of(w).redraw = true; }
static void on_resize(GLFWwindow* w, int, int) { session_of(w).redraw = true; }

static void on_close_request(GLFWwindow* w) {
    glfwSetWindowShouldClose(w, GLFW_FALSE);  // visitors cannot close the display
    WindowSession& self = session_of(w);
    if (!self.close_refused)
        self.log.info("platform", "window close request ignored (the operator quits with Ctrl+Alt+Q)");
    self.close_refused = true;
}

// The monitors connected now, the primary first (GLFW's order), less those a test unplugged.
static std::vector<GLFWmonitor*> connected_monitors(const WindowSession& self) {
    int count = 0;
    GLFWmonitor** list = glfwGetMonitors(&count);
    std::vector<GLFWmonitor*> connected;
    for (int i = 0; list && i < count; ++i)
        if (std::find(self.unplugged_for_test.begin(), self.unplugged_for_test.end(), list[i]) ==
            self.unplugged_for_test.end())
            connected.push_back(list[i]);
    return connected;
}

static std::string monitor_name(GLFWmonitor* monitor) {
    const char* name = glfwGetMonitorName(monitor);
    return name ? name : "";
}

// The monitor to be fullscreen on among those connected now (MonitorChoice); null: none.
static GLFWmonitor* pick_monitor(WindowSession& self, int& index) {
    std::vector<GLFWmonitor*> monitors = connected_monitors(self);
    std::vector<std::string> names;
    for (GLFWmonitor* m : monitors) names.push_back(monitor_name(m));
    index = self.choice.pick(names);
    if (index < 0) return nullptr;
    if (self.choice.fell_back)
        self.log.warning("platform", "monitor " + std::to_string(self.choice.wanted) +
                                         (self.choice.wanted_name.empty() ? "" : " (" + self.choice.wanted_name + ")") +
                                         " not connected (" + std::to_string(monitors.size()) +
                                         " connected), using the primary one");
    return monitors[size_t(index)];
}

// GLFW calls this from glfwPollEvents when a monitor is connected or disconnected. A
// disconnected monitor is freed when this returns: it is forgotten here, and the loop then
// runs follow_monitors(). Tests feed synthetic events through it (simulate_monitor_events).
static void on_monitor(GLFWmonitor* monitor, int event) {
    WindowSession* self = g_monitor_session;
    if (!self) return;
    const std::string name = monitor_name(monitor);
    if (event == GLFW_DISCONNECTED) {
        self->log.warning("platform", "monitor " + name + " disconnected");
        if (monitor == self->monitor) {
            self->monitor = nullptr;
            self->monitor_lost = true;
        }
    } else {
        self->log.info("platform", "monitor " + name + " connected");
    }
    self->monitors_changed = true;
}

// Fullscreen on the monitor MonitorChoice picks now; windowed (at the window size of the
// options) when none is connected.
static void follow_monitors(WindowSession& self) {
    self.monitors_changed = false;
    int index = -1;
    GLFWmonitor* target = pick_monitor(self, index);
    if (target && target == self.monitor) return;
    const GLFWvidmode* mode = target ? glfwGetVideoMode(target) : nullptr;
    if (target && !mode)
        self.log.warning("platform", "monitor " + monitor_name(target) + " has no video mode (" + glfw_error() + ")");
    if (!mode) {
        if (self.monitor_lost) {  // (GLFW itself has already made the window windowed)
            glfwSetWindowMonitor(self.window, nullptr, 0, 0, self.windowed_width, self.windowed_height, 0);
            self.log.warning("platform", "no monitor connected: windowed until one is");
        }
        self.monitor_lost = false;
        return;
    }
    glfwSetWindowMonitor(self.window, target, 0, 0, mode->width, mode->height, mode->refreshRate);
    self.monitor = target;
    self.monitor_lost = false;
    int mm_height = 0;
    glfwGetMonitorPhysicalSize(target, &self.monitor_mm_width, &mm_height);
    self.log.info("platform", "fullscreen on monitor " + std::to_string(index) + " (" + monitor_name(target) +
                                  ", " + std::to_string(mode->width) + "x" + std::to_string(mode->height) + ")");
}

// WindowOptions::test_monitor_events due before frame `index`, fed through on_monitor() as
// GLFW would (an unplugged monitor also leaves the list that connected_monitors() returns).
static void simulate_monitor_events(WindowSession& self, const WindowOptions& options, uint64_t index) {
    if (index == self.simulated_frame) return;
    self.simulated_frame = index;
    for (const WindowOptions::MonitorEvent& e : options.test_monitor_events) {
        if (e.frame != index) continue;
        int count = 0;
        GLFWmonitor** list = glfwGetMonitors(&count);
        if (!list || e.monitor < 0 || e.monitor >= count) continue;
        GLFWmonitor* m = list[e.monitor];
        auto& hidden = self.unplugged_for_test;
        hidden.erase(std::remove(hidden.begin(), hidden.end(), m), hidden.end());
        if (!e.connected) hidden.push_back(m);
        // GLFW makes a window windowed before it reports its monitor gone.
        if (!e.connected && glfwGetWindowMonitor(self.window) == m)
            glfwSetWindowMonitor(self.window, nullptr, 0, 0, self.windowed_width, self.windowed_height, 0);
        on_monitor(m, e.connected ? GLFW_CONNECTED : GLFW_DISCONNECTED);
    }
}

void WindowSession::poll(uint64_t frame) {
    glfwPollEvents();
    simulate_monitor_events(*this, options, frame);
    if (monitors_changed) {
        follow_monitors(*this);
        redraw = true;
    }
}

static bool create_window(WindowSession& self, const WindowOptions& options) {
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);

    GLFWmonitor* monitor = nullptr;
    int monitor_index = 0;
    self.windowed_width = options.width > 0 ? options.width : 1280;
    self.windowed_height = options.height > 0 ? options.height : 720;
    int width = self.windowed_width, height = self.windowed_height;
    const GLFWvidmode* mode = nullptr;
    if (options.fullscreen) {
        self.choice.wanted = options.monitor;
        monitor = pick_monitor(self, monitor_index);
        mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
        if (!mode) {
            self.log.warning("platform", monitor ? "monitor has no video mode (" + glfw_error() +
                                                       "), windowed until a monitor is connected"
                                                 : "no monitor connected, windowed until one is");
            monitor = nullptr;
        }
        glfwWindowHint(GLFW_AUTO_ICONIFY, GLFW_FALSE);
    }
    if (monitor) {
        width = mode->width;
        height = mode->height;
        glfwWindowHint(GLFW_RED_BITS, mode->redBits);  // = current mode: no mode switch
        glfwWindowHint(GLFW_GREEN_BITS, mode->greenBits);
        glfwWindowHint(GLFW_BLUE_BITS, mode->blueBits);
        glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
    }
    self.window = glfwCreateWindow(width, height, options.title.c_str(), monitor, nullptr);
    if (!self.window) {
        self.log.error("platform", "cannot create an OpenGL 3.3 core window: " + glfw_error());
        return false;
    }
    glfwSetWindowUserPointer(self.window, &self);
    glfwSetKeyCallback(self.window, on_key);
    glfwSetWindowCloseCallback(self.window, on_close_request);
    glfwSetWindowRefreshCallback(self.window, on_needs_redraw);
    glfwSetFramebufferSizeCallback(self.window, on_resize);
    glfwSetMouseButtonCallback(self.window, on_mouse_button);  // ImGui's backend chains to these
    glfwSetCursorPosCallback(self.window, on_cursor);
    if (monitor) {
        self.monitor = monitor;
        int mm_height = 0;
        glfwGetMonitorPhysicalSize(monitor, &self.monitor_mm_width, &mm_height);
    }
    if (options.fullscreen) {
        glfwSetInputMode(self.window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
        g_monitor_session = &self;
        glfwSetMonitorCallback(on_monitor);
    }
    glfwMakeContextCurrent(self.window);
    glfwSwapInterval(1);  // vsync: one frame per refresh, no tearing

    int fb_width = 0, fb_height = 0;
    glfwGetFramebufferSize(self.window, &fb_width, &fb_height);
    std::string where = monitor ? " on monitor " + std::to_string(monitor_index) + " (fullscreen)"
                                : " (windowed)";
    self.log.info("platform", "window " + std::to_string(fb_width) + "x" +
                                  std::to_string(fb_height) + where);
    self.log.debug("platform", "OpenGL " + gl_string(GL_VERSION) + ", " + gl_string(GL_RENDERER));
    return true;
}

static bool start_imgui(WindowSession& self, bool hide_cursor) {
    self.previous_imgui = ImGui::GetCurrentContext();
    self.imgui = ImGui::CreateContext();
    ImGui::SetCurrentContext(self.imgui);  // CreateContext keeps a caller's context current
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini in the working directory
    io.LogFilename = nullptr;
    if (hide_cursor) io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    if (!ImGui_ImplGlfw_InitForOpenGL(self.window, true)) {
        self.log.error("platform", "ImGui GLFW backend failed to start");
        return false;
    }
    self.platform_backend = true;
    if (!ImGui_ImplOpenGL3_Init("#version 330 core")) {
        self.log.error("platform", "ImGui OpenGL3 backend failed to start");
        return false;
    }
    self.renderer = true;
    if (!(io.BackendFlags & ImGuiBackendFlags_RendererHasVtxOffset))
        self.log.warning("platform", "renderer without vertex offsets: large draw lists will fail");
    return true;
}

static int run_window_unguarded(const WindowOptions& options, FrameClient& client, Log& log) {
    SignalHandlers signals;  // before anything slow: a SIGTERM during startup still quits cleanly
    WindowSession self(log, options);
    if (!glfwInit()) {
        log.error("platform", "cannot start GLFW: " + glfw_error());
        return 1;
    }
    self.glfw = true;
    if (!create_window(self, options)) return 1;
    if (!start_imgui(self, options.fullscreen)) return 1;
    return run_display_loop(options, client, self, log);  // then ~WindowSession: backends, ImGui, window, GLFW
}

int run_window(const WindowOptions& options, FrameClient& client, Log& log) {
    return run_window_guarded([&] { return run_window_unguarded(options, client, log); }, log);
}

}  // namespace majlis::platform
