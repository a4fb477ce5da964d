// Headless rendering: an OpenGL 3.3 core context through EGL with no display server, an FBO,
// the stock ImGui OpenGL3 renderer, and glReadPixels into a PNG (render_png) or into memory
// (render_picture: a headless player's screenshot).
//
// Memory: the frame is drawn and read back in bands of rows (at most kBandBytes each) into a
// band-sized FBO, and each band's rows go straight to the PNG (libpng writes a row at a time,
// png_stream.h). The client draws the whole frame once; each band renders the same draw data
// with ImGui's DisplayPos/DisplaySize moved onto its rows (the OpenGL3 backend builds its
// projection, viewport and scissors from them). Peak memory is a band in llvmpipe's FBO plus a
// band read back, whatever the size: `render --size 16384x16384` fits a 2 GB board (a whole
// frame would need 1 GiB in llvmpipe and 1 GiB read back). Frames of up to kBandBytes
// (4K: 32 MiB) are one band, drawn exactly as before.
//
// How the context is found (first that works wins):
//   1. EGL_MESA_platform_surfaceless: Mesa with no window system at all. Without a GPU
//      (no /dev/dri) Mesa falls back to llvmpipe, which is what CI and `majlis render` use.
//   2. EGL_EXT_platform_device: each EGLDevice in turn (e.g. NVIDIA's driver, Mesa's software device).
//   3. eglGetDisplay(EGL_DEFAULT_DISPLAY): whatever the EGL vendor picks (may need DISPLAY).
// The context is made current with EGL_NO_SURFACE (EGL_KHR_surfaceless_context) and all
// drawing goes into our own FBO.
//
// Pitfall: the GL loader inside Debian's libimgui.a (imgui_impl_opengl3_loader.h, a stripped
// gl3w) does not know EGL. ImGui_ImplOpenGL3_Init() dlopen()s "libGL.so.1" and resolves every
// function with glXGetProcAddressARB (falling back to dlsym). That still works here because
// Debian's libGL.so.1 is glvnd's: for core GL names glXGetProcAddressARB returns libGLdispatch
// entry points, and libGLdispatch forwards each call to whatever context is current on the
// thread, including one made current by glvnd's libEGL. No X connection is opened for that.
// It needs the libgl1 package (libGL.so.1) at run time even though we never use GLX; if the
// loader fails, ImGui_ImplOpenGL3_Init returns false (and prints "Failed to initialize OpenGL
// loader!") and render_png reports it.
//
// Pitfall: the renderer backend draws into whatever framebuffer is bound when
// ImGui_ImplOpenGL3_RenderDrawData() runs (it saves and restores a lot of state, but not the
// framebuffer binding), so ours is bound right before it.
//
// Pitfall: render_png() makes its own context current on the calling thread and leaves none
// current when it returns. Don't call it on the thread of a running run_window() (the window's
// GLX context would be gone from under it); use a thread of its own or a separate process.
#include "platform.h"

#include "core/log.h"
#include "damage.h"
#include "display_loop.h"
#include "gl_api.h"
#include "gl_images.h"
#include "gl_textures.h"
#include "heap.h"
#include "png_stream.h"

#include <backends/imgui_impl_opengl3.h>
#include <epoxy/gl.h>
#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

namespace majlis::platform {

static constexpr int kMaxSize = 16384;
static constexpr size_t kBandBytes = 32u << 20;  // RGBA8 rows per band: 3840x2160 is one band

// Rows per band for a frame `width` px wide: as many as fit kBandBytes, at least one.
static int band_rows(int width, int height) {
    const size_t rows = kBandBytes / ((size_t)width * 4);
    return rows < 1 ? 1 : rows > (size_t)height ? height : (int)rows;
}

// Whether `name` is one of the space-separated words of an EGL extension string.
static bool has_extension(const char* list, const char* name) {
    if (!list) return false;
    const size_t n = std::strlen(name);
    for (const char* p = list; (p = std::strstr(p, name)) != nullptr; p += n) {
        bool starts = p == list || p[-1] == ' ';
        bool ends = p[n] == ' ' || p[n] == '\0';
        if (starts && ends) return true;
    }
    return false;
}

static std::string egl_error() {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "EGL error 0x%04x", (unsigned)eglGetError());
    return buffer;
}

// Everything render_png() sets up; the destructor tears down what was set up, in reverse order,
// whichever way render_png() leaves.
struct HeadlessSession {
    Log& log;
    GlApi api = GlApi::Desktop;              // the context asked for (render_png's `api`)
    EGLDisplay display = EGL_NO_DISPLAY;
    EGLContext context = EGL_NO_CONTEXT;
    GLuint fbo = 0, color = 0;
    ImGuiContext* imgui = nullptr;
    ImGuiContext* previous_imgui = nullptr;  // the caller's ImGui context, restored at the end
    bool renderer = false;                   // ImGui_ImplOpenGL3_Init succeeded
    std::unique_ptr<GlTextureHost> textures;
    std::unique_ptr<GlImageTextures> images;
    std::unique_ptr<KeptFrame> scratch = std::make_unique<KeptFrame>();  // scrolls moved in the FBO
    FrameClient* started = nullptr;          // client.start() returned: stop() is owed

    HeadlessSession(Log& l, GlApi a) : log(l), api(a) {}
    HeadlessSession(const HeadlessSession&) = delete;
    HeadlessSession& operator=(const HeadlessSession&) = delete;
    ~HeadlessSession();
};

HeadlessSession::~HeadlessSession() {
    if (started) stop_client(*started, log);
    images.reset();    // before the context: deletes the pictures' textures
    textures.reset();  // and any glyph pages the client left behind
    scratch.reset();
    if (renderer) ImGui_ImplOpenGL3_Shutdown();
    if (imgui) {
        ImGui::DestroyContext(imgui);
        ImGui::SetCurrentContext(previous_imgui);
    }
    if (color) glDeleteRenderbuffers(1, &color);
    if (fbo) glDeleteFramebuffers(1, &fbo);
    if (context != EGL_NO_CONTEXT) {
        eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        eglDestroyContext(display, context);
    }
    if (display != EGL_NO_DISPLAY) eglTerminate(display);
    eglReleaseThread();
}

// Initializes `display` and makes a context of the session's API (OpenGL 3.3 core, or OpenGL ES
// 3.x: the highest ES 3 the driver has) current on it with no surface. On failure the display is
// terminated again and `why` says what went wrong.
static bool make_context(HeadlessSession& h, EGLDisplay display, std::string& why) {
    EGLint major = 0, minor = 0;
    if (display == EGL_NO_DISPLAY) {
        why = "no display";
        return false;
    }
    if (!eglInitialize(display, &major, &minor)) {
        why = "eglInitialize: " + egl_error();
        return false;
    }
    const char* extensions = eglQueryString(display, EGL_EXTENSIONS);
    bool ok = false;
    EGLContext context = EGL_NO_CONTEXT;
    do {
        if (!has_extension(extensions, "EGL_KHR_surfaceless_context")) {
            why = "no EGL_KHR_surfaceless_context";
            break;
        }
        const bool es = h.api == GlApi::Es3;
        if (!eglBindAPI(es ? EGL_OPENGL_ES_API : EGL_OPENGL_API)) {
            why = std::string("eglBindAPI(") + (es ? "EGL_OPENGL_ES_API" : "EGL_OPENGL_API") + "): " + egl_error();
            break;
        }
        // The config only matters for surfaces, which we never create; any one of the API will do.
        const EGLint config_attribs[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE,
                                         es ? EGL_OPENGL_ES3_BIT : EGL_OPENGL_BIT, EGL_NONE};
        EGLConfig config = nullptr;
        EGLint count = 0;
        if (!eglChooseConfig(display, config_attribs, &config, 1, &count) || count < 1) {
            if (!has_extension(extensions, "EGL_KHR_no_config_context")) {
                why = std::string("no EGL config for ") + gl_api_name(h.api);
                break;
            }
            config = EGL_NO_CONFIG_KHR;
        }
        const EGLint desktop_attribs[] = {
            EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
            EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
        const EGLint es_attribs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_NONE};
        context = eglCreateContext(display, config, EGL_NO_CONTEXT, es ? es_attribs : desktop_attribs);
        if (context == EGL_NO_CONTEXT) {
            why = std::string("eglCreateContext (") + gl_api_name(h.api) + "): " + egl_error();
            break;
        }
        if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
            why = "eglMakeCurrent: " + egl_error();
            eglDestroyContext(display, context);
            break;
        }
        ok = true;
    } while (false);
    if (!ok) {
        eglTerminate(display);
        return false;
    }
    h.display = display;
    h.context = context;
    return true;
}

// Tries the platforms in the order described at the top of this file.
static bool open_egl(HeadlessSession& h) {
    // Client extensions (EGL_NO_DISPLAY): null when the EGL library has none at all.
    const char* client = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
    auto get_platform_display =
        (PFNEGLGETPLATFORMDISPLAYEXTPROC)eglGetProcAddress("eglGetPlatformDisplayEXT");
    std::string why, tried;

    if (get_platform_display && has_extension(client, "EGL_MESA_platform_surfaceless")) {
        EGLDisplay d = get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
        if (make_context(h, d, why)) {
            h.log.debug("platform", "headless: EGL platform surfaceless (Mesa)");
            return true;
        }
        tried += " surfaceless: " + why + ";";
    }
    auto query_devices = (PFNEGLQUERYDEVICESEXTPROC)eglGetProcAddress("eglQueryDevicesEXT");
    if (get_platform_display && query_devices && has_extension(client, "EGL_EXT_platform_device")) {
        EGLDeviceEXT devices[16];
        EGLint count = 0;
        if (query_devices(16, devices, &count)) {
            for (EGLint i = 0; i < count; i++) {
                EGLDisplay d = get_platform_display(EGL_PLATFORM_DEVICE_EXT, devices[i], nullptr);
                if (make_context(h, d, why)) {
                    h.log.debug("platform", "headless: EGL device " + std::to_string(i));
                    return true;
                }
                tried += " device " + std::to_string(i) + ": " + why + ";";
            }
        }
    }
    if (make_context(h, eglGetDisplay(EGL_DEFAULT_DISPLAY), why)) {
        h.log.debug("platform", "headless: EGL default display");
        return true;
    }
    tried += " default display: " + why;
    h.log.error("platform", std::string("headless: no EGL ") + gl_api_name(h.api) + " context;" + tried);
    return false;
}

// An RGBA8 colour renderbuffer of width x height in a new FBO, left bound.
static bool make_framebuffer(HeadlessSession& h, int width, int height) {
    GLint max_renderbuffer = 0, max_viewport[2] = {0, 0};
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_renderbuffer);
    glGetIntegerv(GL_MAX_VIEWPORT_DIMS, max_viewport);
    if (width > max_renderbuffer || height > max_renderbuffer || width > max_viewport[0] ||
        height > max_viewport[1]) {
        h.log.error("platform", "headless: " + std::to_string(width) + "x" +
                                    std::to_string(height) + " exceeds this GL's limits (" +
                                    std::to_string(max_renderbuffer) + " px)");
        return false;
    }
    glGenFramebuffers(1, &h.fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, h.fbo);
    glGenRenderbuffers(1, &h.color);
    glBindRenderbuffer(GL_RENDERBUFFER, h.color);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, h.color);
    GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    if (status != GL_FRAMEBUFFER_COMPLETE) {
        h.log.error("platform", "headless: framebuffer incomplete (status " +
                                    std::to_string(status) + ", out of memory?)");
        return false;
    }
    return true;
}

// An ImGui context of our own with the OpenGL3 renderer and no platform backend.
static bool start_imgui(HeadlessSession& h, int width, int height) {
    h.previous_imgui = ImGui::GetCurrentContext();
    h.imgui = ImGui::CreateContext();
    ImGui::SetCurrentContext(h.imgui);  // CreateContext keeps a caller's context current
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini next to the PNG
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2((float)width, (float)height);
    io.DisplayFramebufferScale = ImVec2(1, 1);
    io.DeltaTime = 1.0f / 60.0f;
    // No platform backend: no mouse cursors, no mouse warping, no gamepad; the mouse stays at
    // (-FLT_MAX, -FLT_MAX), i.e. absent, so nothing is hovered.
    io.BackendPlatformName = "majlis_headless";
    io.BackendFlags &= ~(ImGuiBackendFlags_HasMouseCursors | ImGuiBackendFlags_HasSetMousePos |
                         ImGuiBackendFlags_HasGamepad);
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    if (!ImGui_ImplOpenGL3_Init(glsl_version(h.api))) {
        h.log.error("platform", "headless: ImGui OpenGL3 backend failed to start (its GL loader "
                                "needs libGL.so.1 from libgl1)");
        return false;
    }
    h.renderer = true;
    // Draw lists with more than 65,536 vertices (large text, many glyphs) are split with
    // ImDrawCmd::VtxOffset, which only happens, instead of an assert, when the renderer says
    // it honours offsets (GL >= 3.2 in imgui_impl_opengl3).
    if (!(io.BackendFlags & ImGuiBackendFlags_RendererHasVtxOffset)) {
        h.log.error("platform", "headless: the OpenGL3 renderer did not enable vertex offsets");
        return false;
    }
    return true;
}

// The client draws one whole frame into ImGui's draw data (not rendered yet), turned by the
// rotation it asks for (FrameClient::rotation; the render has none of its own). Returns what it
// changed since the frame before (damage.h), in px.
static PixelDamage build_frame(FrameClient& client, FrameInfo info) {
    const ImVec2 physical = info.size;
    const int rotate = frame_rotation(client, 0);
    info.size = logical_size(physical, rotate);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = info.size;
    io.DeltaTime = 1.0f / 60.0f;
    ImGui_ImplOpenGL3_NewFrame();  // first call builds the shader and the font texture
    ImGui::NewFrame();
    client.frame(info);
    ImGui::Render();
    rotate_draw_data(ImGui::GetDrawData(), rotate, physical);
    return damage_in_pixels(client.frame_damage(), rotate, physical);
}

// Rasterizes rows [top, top + rows) of the frame into the bottom `rows` rows of the band FBO:
// all of them, or only `damage` when the band is the whole frame and holds the one before.
// Returns the first GL error since the last check (render_imgui: not ImGui's desktop-only calls on ES).
static GLenum render_band(HeadlessSession& h, FrameClient& client, int width, int top, int rows,
                          const PixelDamage& damage = PixelDamage()) {
    ImDrawData* draw_data = ImGui::GetDrawData();
    draw_data->DisplayPos = ImVec2(0, (float)top);
    draw_data->DisplaySize = ImVec2((float)width, (float)rows);
    glBindFramebuffer(GL_FRAMEBUFFER, h.fbo);
    glViewport(0, 0, (GLsizei)width, (GLsizei)rows);
    GLenum err = GL_NO_ERROR;
    render_damaged(draw_data, client.clear_color(), damage, rows, *h.scratch, [&](ImDrawData* d) {
        const GLenum e = render_imgui(d, h.api);
        if (err == GL_NO_ERROR) err = e;
    });
    return err;
}

// Reads a band's `rows` rows back (GL's rows go bottom-up: the band's top row is the last).
static void read_band(HeadlessSession& h, int width, int rows, std::vector<uint8_t>& rgba) {
    rgba.resize((size_t)width * 4 * (size_t)rows);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, h.fbo);
    glReadBuffer(GL_COLOR_ATTACHMENT0);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glPixelStorei(GL_PACK_ROW_LENGTH, 0);
    glReadPixels(0, 0, width, rows, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
}

// Where the last frame's rows go, top first: a PNG file (render_png) or memory (render_picture).
struct RowSink {
    virtual ~RowSink() = default;
    virtual bool open(int width, int height) = 0;
    virtual bool row(const uint8_t* rgba) = 0;  // width * 4 bytes
    virtual bool finish() = 0;
    virtual std::string name() const = 0;       // for "cannot write ..."
};

struct PngSink : RowSink {
    const std::string& path;
    PngRowWriter png;  // a file not finished is removed
    explicit PngSink(const std::string& p) : path(p) {}
    bool open(int width, int height) override { return png.open(path, width, height); }
    bool row(const uint8_t* rgba) override { return png.write_row(rgba); }
    bool finish() override { return png.finish(); }
    std::string name() const override { return path; }
};

struct ScreenshotSink : RowSink {
    Screenshot& out;
    explicit ScreenshotSink(Screenshot& p) : out(p) {}
    bool open(int width, int height) override {
        out.width = width;
        out.height = height;
        out.rgba.clear();
        out.rgba.reserve((size_t)width * (size_t)height * 4);
        return true;
    }
    bool row(const uint8_t* rgba) override {
        out.rgba.insert(out.rgba.end(), rgba, rgba + (size_t)out.width * 4);
        return true;
    }
    bool finish() override { return true; }
    std::string name() const override { return "a picture in memory"; }
};

static bool render_unguarded(int width, int height, double time, int frames, FrameClient& client, RowSink& sink,
                             Log& log, GlApi api) {
    HeadlessSession h(log, api);
    if (!open_egl(h)) return false;
    log.debug("platform", "headless: " + gl_string(GL_RENDERER) + ", OpenGL " + gl_string(GL_VERSION));
    const int band = band_rows(width, height);
    if (!make_framebuffer(h, width, band)) return false;
    if (!start_imgui(h, width, height)) return false;
    h.textures = std::make_unique<GlTextureHost>(log);

    client.start(*h.textures);
    h.started = &client;  // from here on stop() is owed, whichever way we leave
    h.images = std::make_unique<GlImageTextures>(log, std::max(width, height), false);  // decoded in the frame
    client.use_images(*h.images);
    // Frame k is at time + k/60: warm-up frames lead forward to the one written (their first
    // band is rasterized, as a swap would be, so benchmarks time whole frames). A frame of one
    // band is kept in the FBO from one frame to the next, and each redraws only what the client
    // says it changed (damage.h), as the window does.
    auto frame_info = [&](int k) {
        FrameInfo info;
        info.size = ImVec2((float)width, (float)height);
        info.time = time + k / 60.0;
        info.index = (uint64_t)k;
        info.headless = true;
        return info;
    };
    const bool kept = band == height;
    for (int k = 0; k + 1 < frames; k++) {
        const PixelDamage damage = build_frame(client, frame_info(k));
        render_band(h, client, width, 0, band, kept && k > 0 ? damage : PixelDamage());
        glFinish();
        h.images->end_frame(frame_info(k).time);  // as the window does: undrawn pictures go
    }
    const PixelDamage last = build_frame(client, frame_info(frames - 1));
    if (!sink.open(width, height)) {
        log.error("platform", "cannot write " + sink.name());
        return false;
    }
    std::vector<uint8_t> rgba;
    for (int top = 0; top < height; top += band) {
        const int rows = std::min(band, height - top);
        GLenum err = render_band(h, client, width, top, rows, kept && frames > 1 ? last : PixelDamage());
        read_band(h, width, rows, rgba);
        if (err == GL_NO_ERROR) err = glGetError();
        if (err != GL_NO_ERROR) {
            log.error("platform", "headless: GL error " + std::to_string(err) + " while rendering");
            return false;
        }
        for (int r = rows - 1; r >= 0; r--) {
            if (!sink.row(&rgba[(size_t)r * (size_t)width * 4])) {
                log.error("platform", "cannot write " + sink.name());
                return false;
            }
        }
    }
    if (!sink.finish()) {
        log.error("platform", "cannot write " + sink.name());
        return false;
    }
    return true;  // ~HeadlessSession: client.stop(), then the backend, ImGui, FBO and EGL go away
}

static bool render_guarded(int width, int height, double time, int frames, FrameClient& client, RowSink& sink,
                           Log& log, GlApi api) {
    if (width < 1 || height < 1 || width > kMaxSize || height > kMaxSize) {
        log.error("platform", "render size " + std::to_string(width) + "x" +
                                  std::to_string(height) + " out of range (1.." +
                                  std::to_string(kMaxSize) + ")");
        return false;
    }
    if (frames < 1) frames = 1;
    keep_heap_compact();
    try {
        return render_unguarded(width, height, time, frames, client, sink, log, api);
    } catch (const std::exception& e) {
        log.error("platform", std::string("headless render failed: ") + e.what());
    } catch (...) {
        log.error("platform", "headless render failed (unknown exception)");
    }
    return false;
}

bool render_png(int width, int height, double time, int frames, FrameClient& client,
                const std::string& png_path, Log& log, GlApi api) {
    PngSink sink(png_path);
    return render_guarded(width, height, time, frames, client, sink, log, api);
}

bool render_picture(int width, int height, double time, int frames, FrameClient& client, Screenshot& out, Log& log) {
    ScreenshotSink sink(out);
    if (render_guarded(width, height, time, frames, client, sink, log, GlApi::Desktop)) return true;
    out = Screenshot();
    return false;
}

}  // namespace majlis::platform
