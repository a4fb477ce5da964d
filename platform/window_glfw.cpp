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
// SIGHUP (systemctl reload) calls WindowOptions::on_reload from the loop. Under systemd the loop
// reports readiness, watchdog pings and status through service.h. A screenshot (capture_wanted)
// draws the next frame and reads the kept frame before it is shown; no frame is read otherwise.
// Damage-region rendering (damage.h): the frame is kept -- in the back buffer on a software
// renderer with GLX_MESA_copy_sub_buffer (which shows only the damaged rectangles; whole frames
// are swapped, a copy there too); else in an FBO copied to the back buffer and swapped -- and
// each frame draws only what the client says it changed; everything after an expose, resize,
// monitor change, wake, a picture decoded, or a new rotation.
// Blank/wake: each turn asks the client whether the display should be on, and DisplayPower
// (display_power.h: DPMS on GLFW's X connection, or HDMI-CEC) switches it when that changes; a
// wake draws at once. While blanked the loop sleeps as the client's next_frame_in says.
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
#include "display_power.h"
#include "gl_images.h"
#include "gl_textures.h"
#include "heap.h"
#include "monitor_choice.h"
#include "service.h"
#include "signals.h"

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE  // GL comes from epoxy
#include <GLFW/glfw3.h>

#include <algorithm>
#include <csignal>
#include <deque>
#include <exception>
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

// Everything run_window() sets up; the destructor tears it down in reverse order, whichever way
// run_window() leaves.
struct WindowSession {
    Log& log;
    bool glfw = false;                   // glfwInit succeeded
    GLFWwindow* window = nullptr;
    ImGuiContext* imgui = nullptr;
    ImGuiContext* previous_imgui = nullptr;
    bool platform_backend = false, renderer = false;
    std::unique_ptr<GlTextureHost> textures;
    std::unique_ptr<GlImageTextures> images;
    int mounted = 0;                     // degrees clockwise the screen is mounted (--rotate)
    int rotate = 0;                      // the frame's: mounted, or the content's (FrameClient::rotation)
    bool pressed = false;                // a finger or the mouse button is down
    std::vector<Pointer> pointers;       // input since the last frame (physical px)
    // Fullscreen across monitor changes (see the top of this file), with WindowOptions::fullscreen.
    MonitorChoice choice;
    GLFWmonitor* monitor = nullptr;      // the fullscreen monitor, null when windowed
    int monitor_mm_width = 0;            // its physical width (0: not reported)
    bool monitors_changed = false;       // a monitor came or went: follow_monitors() is due
    bool monitor_lost = false;           // ours was disconnected: go windowed if none is left
    int windowed_width = 1280, windowed_height = 720;
    std::vector<GLFWmonitor*> unplugged_for_test;  // WindowOptions::test_monitor_events
    uint64_t simulated_frame = UINT64_MAX;         // the frame whose test events were fed
    bool redraw = true;                  // the window was resized or exposed: draw again (everything)
    // Where the last frame is kept (damage.h), and at what size and rotation it was drawn.
    bool copy_rectangles = false;        // in the back buffer, shown with glx_show_rectangles
    std::unique_ptr<KeptFrame> kept;     // else in this FBO
    int kept_width = 0, kept_height = 0, kept_rotate = 0;
    int kept_frames = 0;                 // frames drawn at that size and rotation in a row
    FrameClient* started = nullptr;      // client.start() returned: stop() is owed
    bool operator_quit = false;          // set by the key callback
    bool close_refused = false;          // the window manager asked to close (logged once)

    explicit WindowSession(Log& l) : log(l) {}
    WindowSession(const WindowSession&) = delete;
    WindowSession& operator=(const WindowSession&) = delete;
    ~WindowSession();
};

// GLFW's monitor callback has no user pointer: the one session that follows monitors, set
// while its window exists (run_window runs one window at a time). Read by on_monitor() only.
static WindowSession* g_monitor_session = nullptr;

WindowSession::~WindowSession() {
    if (g_monitor_session == this) {
        glfwSetMonitorCallback(nullptr);
        g_monitor_session = nullptr;
    }
    if (started) {
        try {
            started->stop();
        } catch (const std::exception& e) {
            log.error("platform", std::string("client stop() threw: ") + e.what());
        } catch (...) {
            log.error("platform", "client stop() threw");
        }
    }
    images.reset();    // these need the context, which is still current
    textures.reset();
    kept.reset();
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

// The kept frame as drawn, before it is shown (a screenshot): the FBO `fbo`, or the back buffer
// (0). GL's rows go bottom-up.
static Screenshot read_frame(unsigned fbo, int width, int height) {
    Screenshot picture;
    picture.width = width;
    picture.height = height;
    picture.rgba.resize((size_t)width * (size_t)height * 4);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo);
    glReadBuffer(fbo ? GL_COLOR_ATTACHMENT0 : GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glPixelStorei(GL_PACK_ROW_LENGTH, 0);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, picture.rgba.data());
    if (glGetError() != GL_NO_ERROR) return Screenshot();
    const size_t row = (size_t)width * 4;
    std::vector<uint8_t> swap(row);
    for (int top = 0, bottom = height - 1; top < bottom; ++top, --bottom) {
        uint8_t* a = &picture.rgba[(size_t)top * row];
        uint8_t* b = &picture.rgba[(size_t)bottom * row];
        std::copy(a, a + row, swap.data());
        std::copy(b, b + row, a);
        std::copy(swap.data(), swap.data() + row, b);
    }
    for (size_t i = 3; i < picture.rgba.size(); i += 4) picture.rgba[i] = 255;  // the screen is opaque
    return picture;
}

// Draws the client's frame into the kept frame, only what it changed when the kept frame is the
// last one at this size and rotation (`exposed`: the window's own reasons to draw everything),
// and shows it.
static void render_frame(WindowSession& self, FrameClient& client, const FrameInfo& info, ImVec2 physical,
                         bool exposed, Screenshot* capture) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    client.frame(info);
    ImGui::Render();
    rotate_draw_data(ImGui::GetDrawData(), self.rotate, physical);
    const int width = (int)physical.x, height = (int)physical.y;
    const bool same = width == self.kept_width && height == self.kept_height && self.rotate == self.kept_rotate;
    self.kept_frames = same ? self.kept_frames + 1 : 1;
    self.kept_width = width;
    self.kept_height = height;
    self.kept_rotate = self.rotate;
    PixelDamage damage = damage_in_pixels(client.frame_damage(), self.rotate, physical);
    if (exposed || self.kept_frames <= 2) damage = PixelDamage();  // (damage_glx: twice after a new size)
    // Into the back buffer where it keeps the frame; else into the FBO (the back buffer if the
    // driver refuses one: everything, and everything again next time).
    const bool in_fbo = !self.copy_rectangles && self.kept->bind(width, height);
    if (!in_fbo) {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        if (!self.copy_rectangles) self.kept_frames = 0;
    }
    glViewport(0, 0, (GLsizei)width, (GLsizei)height);
    render_damaged(ImGui::GetDrawData(), client.clear_color(), damage, height, ImGui_ImplOpenGL3_RenderDrawData);
    if (capture) *capture = read_frame(in_fbo ? self.kept->fbo : 0, width, height);
    if (!damage.everything && damage.rects.empty()) return;  // nothing changed: the screen shows it
    if (!damage.everything && self.copy_rectangles) {
        if (glx_show_rectangles(self.window, damage.rects, width, height)) return;
        self.redraw = true;  // being resized: swapped whole instead, and the next frame is whole
        self.kept_frames = 0;
    }
    if (in_fbo) self.kept->copy_to_window();
    glfwSwapBuffers(self.window);
}

static int run_window_unguarded(const WindowOptions& options, FrameClient& client, Log& log) {
    SignalHandlers signals;  // before anything slow: a SIGTERM during startup still quits cleanly
    WindowSession self(log);
    if (!glfwInit()) {
        log.error("platform", "cannot start GLFW: " + glfw_error());
        return 1;
    }
    self.glfw = true;
    if (!create_window(self, options)) return 1;
    if (!start_imgui(self, options.fullscreen)) return 1;
    self.textures = std::make_unique<GlTextureHost>(log);
    {
        int fb_width = 0, fb_height = 0;
        glfwGetFramebufferSize(self.window, &fb_width, &fb_height);
        // Decoded on a worker, which wakes the loop when a picture is ready.
        self.images = std::make_unique<GlImageTextures>(log, std::max(fb_width, fb_height), true,
                                                        [] { glfwPostEmptyEvent(); });
    }
    self.copy_rectangles = glx_shows_rectangles(self.window);
    if (!self.copy_rectangles) self.kept = std::make_unique<KeptFrame>();
    log.info("platform", self.copy_rectangles ? "frames kept in the back buffer, changes shown with GLX_MESA_copy_sub_buffer"
                                               : "frames kept in an FBO");
    self.mounted = self.rotate =
        (options.rotate == 90 || options.rotate == 180 || options.rotate == 270) ? options.rotate : 0;
    client.start(*self.textures);
    self.started = &client;  // from here on stop() is owed, however the loop ends
    client.use_images(*self.images);

    Service service(log);
    DisplayPower power(options.display_power, glfw_x11_display(), log);  // before the window goes
    const double start = glfwGetTime();
    double last_status = -1, last_second = -1;  // never reported
    std::deque<double> drawn;                    // when the frames of the last 5 s were drawn
    uint64_t index = 0;
    for (;;) {
        glfwPollEvents();
        simulate_monitor_events(self, options, index);
        if (self.monitors_changed) {
            follow_monitors(self);
            self.redraw = true;
        }
        if (self.operator_quit) {
            log.info("platform", "operator quit (Ctrl+Alt+Q)");
            break;
        }
        if (obey_signals(options.on_reload, log)) break;
        if (options.max_frames > 0 && index >= options.max_frames) {
            log.info("platform", "max_frames reached (" + std::to_string(index) + " frames)");
            break;
        }
        int fb_width = 0, fb_height = 0;
        glfwGetFramebufferSize(self.window, &fb_width, &fb_height);
        if (fb_width <= 0 || fb_height <= 0) {  // minimized: nothing to draw into
            service.alive(glfwGetTime(), false);
            glfwWaitEventsTimeout(0.1);
            continue;
        }
        const double now = glfwGetTime();
        service.alive(now, true);
        if (power.update(client.display_on(), now)) self.redraw = true;  // woken: show it at once
        if (options.status && now - last_status >= 1.0) {
            service.status(options.status());
            last_status = now;
        }
        if (options.on_second && now - last_second >= 1.0) {
            while (!drawn.empty() && drawn.front() < now - 5.0) drawn.pop_front();  // idle since
            LoopStats stats;
            stats.width = fb_width;
            stats.height = fb_height;
            stats.fps = double(drawn.size()) / std::min(5.0, std::max(1.0, now - start));
            stats.display_on = power.on();
            stats.display_power = power.backend();
            options.on_second(stats);
            last_second = now;
        }
        const ImVec2 physical((float)fb_width, (float)fb_height);
        self.rotate = frame_rotation(client, self.mounted);  // the content's role may turn it
        for (Pointer p : self.pointers) {
            p.pos = rotate_point_to_logical(p.pos, self.rotate, physical);
            p.time -= start;
            client.pointer(p);
        }
        const bool had_input = !self.pointers.empty();
        self.pointers.clear();
        if (self.images->pictures_decoded()) self.redraw = true;  // show them
        // Render on demand: when nothing moved and nothing is due, sleep until input arrives or
        // the client's next change (at most a quarter second, so SIGTERM is seen promptly).
        // Smoke tests (max_frames) draw every frame; the systemd watchdog asks for one regularly.
        const double wait = client.next_frame_in();
        const bool capture = options.capture_wanted && options.on_capture && options.capture_wanted();
        if (index > 0 && !had_input && !self.redraw && !capture && wait > 0 && options.max_frames == 0 &&
            !service.frame_due(now)) {
            glfwWaitEventsTimeout(std::min(wait, 0.25));
            continue;
        }
        const bool exposed = self.redraw;
        self.redraw = false;
        FrameInfo info;
        info.size = logical_size(physical, self.rotate);
        info.time = now - start;
        info.index = index++;
        info.headless = false;
        if (self.monitor && self.monitor_mm_width > 0)  // kiosk hit targets are sized in millimetres
            info.px_per_mm = physical.x / float(self.monitor_mm_width);
        self.images->set_screen_side(std::max(fb_width, fb_height));
        Screenshot picture;
        render_frame(self, client, info, physical, exposed, capture ? &picture : nullptr);
        drawn.push_back(now);
        while (drawn.front() < now - 5.0) drawn.pop_front();
        if (capture) options.on_capture(std::move(picture));
        if (options.report_now && options.report_now()) last_second = -1;  // on_second on the next turn, at once
        self.images->end_frame(now);
        service.frame_done(glfwGetTime());  // the swap returned; the first frame sends READY=1
    }
    service.stopping();
    return 0;  // ~WindowSession: client.stop(), backends, ImGui, window, GLFW; ~SignalHandlers last
}

int run_window(const WindowOptions& options, FrameClient& client, Log& log) {
    keep_heap_compact();
    try {
        return run_window_unguarded(options, client, log);
    } catch (const std::exception& e) {
        log.error("platform", std::string("window failed: ") + e.what());
    } catch (...) {
        log.error("platform", "window failed (unknown exception)");
    }
    return 1;
}

}  // namespace majlis::platform
