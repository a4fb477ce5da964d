#include "display_loop.h"

#include "core/log.h"
#include "display_power.h"
#include "gl_api.h"
#include "gl_images.h"
#include "gl_textures.h"
#include "heap.h"
#include "service.h"
#include "signals.h"

#include <backends/imgui_impl_opengl3.h>
#include <epoxy/gl.h>

#include <algorithm>
#include <deque>
#include <exception>
#include <memory>
#include <string>
#include <vector>

namespace majlis::platform {

namespace {

// What the loop sets up on the backend's context; the destructor stops the client and lets the
// textures go, in that order, whichever way the loop ends.
struct LoopSession {
    Log& log;
    std::unique_ptr<GlTextureHost> textures;
    std::unique_ptr<GlImageTextures> images;
    FrameClient* started = nullptr;  // client.start() returned: stop() is owed
    // Where the last frame is kept (damage.h), and at what size and rotation it was drawn.
    bool copy_rectangles = false;        // in the back buffer, shown with show_rectangles
    std::unique_ptr<KeptFrame> kept;     // else in this FBO
    std::unique_ptr<KeptFrame> scratch = std::make_unique<KeptFrame>();  // for scrolls moved in it
    int kept_width = 0, kept_height = 0, kept_rotate = 0;
    int kept_frames = 0;                 // frames drawn at that size and rotation in a row
    int mounted = 0;  // degrees clockwise the screen is mounted (--rotate)
    int rotate = 0;   // the frame's: mounted, or the content's (FrameClient::rotation)

    explicit LoopSession(Log& l) : log(l) {}
    LoopSession(const LoopSession&) = delete;
    LoopSession& operator=(const LoopSession&) = delete;
    ~LoopSession() {
        if (started) stop_client(*started, log);
        images.reset();  // these need the context, which is still current
        textures.reset();
        kept.reset();
        scratch.reset();
    }
};

// The kept frame as drawn, before it is shown (a screenshot): the FBO `fbo`, or the back buffer
// (0). GL's rows go bottom-up.
Screenshot read_kept_frame(unsigned fbo, int width, int height) {
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
// last one at this size and rotation (`exposed`: the backend's own reasons to draw everything),
// and shows it.
void draw_frame(LoopSession& self, DisplayBackend& backend, FrameClient& client, const FrameInfo& info,
                  ImVec2 physical, bool exposed, Screenshot* capture) {
    ImGui_ImplOpenGL3_NewFrame();
    backend.new_frame();
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
    if (capture) damage = PixelDamage();  // (a back buffer whose moves the window made is not the frame)
    // Into the back buffer where it keeps the frame; else into the FBO (the back buffer if the
    // driver refuses one: everything, and everything again next time).
    const bool in_fbo = !self.copy_rectangles && self.kept->bind(width, height);
    if (!in_fbo) {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        if (!self.copy_rectangles) {
            self.kept_frames = 0;
            damage = PixelDamage();  // the back buffer holds no frame to draw a part of
        }
    }
    glViewport(0, 0, (GLsizei)width, (GLsizei)height);
    // A window that shows rectangles moves the scrolled pixels on the screen itself (an X
    // server's copy, no pixel through llvmpipe): its back buffer then holds the frame less what
    // moved, and only what is drawn is ever copied from it (never swapped whole until a frame is
    // drawn whole).
    PixelDamage drawing = damage;
    if (self.copy_rectangles) drawing.scrolls.clear();
    render_damaged(ImGui::GetDrawData(), client.clear_color(), drawing, height, *self.scratch,
                   [&](ImDrawData* d) { render_imgui(d, backend.api); });
    if (capture) *capture = read_kept_frame(in_fbo ? self.kept->fbo : 0, width, height);
    if (!damage.everything && damage.rects.empty()) return;  // nothing changed: the screen shows it
    if (!damage.everything && self.copy_rectangles) {
        if (!backend.show_rectangles(damage, width, height)) {
            backend.redraw = true;  // being resized: the next frame is drawn whole
            self.kept_frames = 0;
        }
        return;
    }
    if (in_fbo) self.kept->copy_to_window();
    backend.swap();
}

}  // namespace

int run_display_loop(const WindowOptions& options, FrameClient& client, DisplayBackend& backend, Log& log) {
    LoopSession self(log);
    self.textures = std::make_unique<GlTextureHost>(log);
    {
        const ImVec2 size = backend.framebuffer_size();
        // Decoded on a worker, which wakes the loop when a picture is ready.
        self.images = std::make_unique<GlImageTextures>(log, std::max(int(size.x), int(size.y)), true,
                                                        [&backend] { backend.wake(); });
    }
    self.copy_rectangles = backend.shows_rectangles();
    if (!self.copy_rectangles) self.kept = std::make_unique<KeptFrame>();
    log.info("platform", self.copy_rectangles ? "frames kept in the back buffer, changes shown with GLX_MESA_copy_sub_buffer"
                                               : "frames kept in an FBO");
    self.mounted = self.rotate =
        (options.rotate == 90 || options.rotate == 180 || options.rotate == 270) ? options.rotate : 0;
    client.start(*self.textures);
    self.started = &client;  // from here on stop() is owed, however the loop ends
    client.use_images(*self.images);

    Service service(log);
    DisplayPower power(options.display_power, backend.x_display(), log);  // before the window goes
    const double start = backend.now();
    double last_status = -1, last_second = -1;  // never reported
    std::deque<double> drawn;                    // when the frames of the last 5 s were drawn
    uint64_t index = 0;
    for (;;) {
        backend.poll(index);
        if (backend.operator_quit) {
            log.info("platform", "operator quit (Ctrl+Alt+Q)");
            break;
        }
        if (obey_signals(options.on_reload, log)) break;
        if (options.max_frames > 0 && index >= options.max_frames) {
            log.info("platform", "max_frames reached (" + std::to_string(index) + " frames)");
            break;
        }
        const ImVec2 physical = backend.framebuffer_size();
        const int fb_width = int(physical.x), fb_height = int(physical.y);
        if (fb_width <= 0 || fb_height <= 0) {  // minimized: nothing to draw into
            service.alive(backend.now(), false);
            backend.wait(0.1);
            continue;
        }
        const double now = backend.now();
        service.alive(now, true);
        if (power.update(client.display_on(), now)) backend.redraw = true;  // woken: show it at once
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
        self.rotate = frame_rotation(client, self.mounted);  // the content's role may turn it
        for (Pointer p : backend.pointers) {
            p.pos = rotate_point_to_logical(p.pos, self.rotate, physical);
            p.time -= start;
            client.pointer(p);
        }
        const bool had_input = !backend.pointers.empty();
        backend.pointers.clear();
        if (self.images->pictures_decoded()) backend.redraw = true;  // show them
        // Render on demand: when nothing moved and nothing is due, sleep until input arrives or
        // the client's next change (at most a quarter second, so SIGTERM is seen promptly).
        // Smoke tests (max_frames) draw every frame; the systemd watchdog asks for one regularly.
        const double wait = client.next_frame_in();
        const bool capture = options.capture_wanted && options.on_capture && options.capture_wanted();
        if (index > 0 && !had_input && !backend.redraw && !capture && wait > 0 && options.max_frames == 0 &&
            !service.frame_due(now)) {
            backend.wait(std::min(wait, 0.25));
            continue;
        }
        const bool exposed = backend.redraw;
        backend.redraw = false;
        FrameInfo info;
        info.size = logical_size(physical, self.rotate);
        info.time = now - start;
        info.index = index++;
        info.headless = false;
        info.px_per_mm = backend.px_per_mm(physical);  // kiosk hit targets are sized in millimetres
        self.images->set_screen_side(std::max(fb_width, fb_height));
        Screenshot picture;
        draw_frame(self, backend, client, info, physical, exposed, capture ? &picture : nullptr);
        drawn.push_back(now);
        while (drawn.front() < now - 5.0) drawn.pop_front();
        if (capture) options.on_capture(std::move(picture));
        if (options.report_now && options.report_now()) last_second = -1;  // on_second on the next turn, at once
        self.images->end_frame(now);
        service.frame_done(backend.now());  // the swap returned; the first frame sends READY=1
    }
    service.stopping();
    return 0;  // ~LoopSession: client.stop(), the textures; the backend's teardown follows
}

int run_window_guarded(const std::function<int()>& open_and_loop, Log& log) {
    keep_heap_compact();
    try {
        return open_and_loop();
    } catch (const std::exception& e) {
        log.error("platform", std::string("window failed: ") + e.what());
    } catch (...) {
        log.error("platform", "window failed (unknown exception)");
    }
    return 1;
}

void stop_client(FrameClient& client, Log& log) {
    try {
        client.stop();
    } catch (const std::exception& e) {
        log.error("platform", std::string("client stop() threw: ") + e.what());
    } catch (...) {
        log.error("platform", "client stop() threw");
    }
}

}  // namespace majlis::platform
