// majlis platform: pictures (logo, flags, portraits, slides) as GL textures.
//
// PictureCache (picture_cache.h) decides what is decoded, kept and let go; this file only turns
// decoded pictures into RGBA8 textures with mipmaps (flags are drawn much smaller than their
// files) and checks that GL took them: an upload GL refuses (GL_OUT_OF_MEMORY, or any other
// error) gives the placeholder and is logged once for that version of the file.
#pragma once

#include "picture_cache.h"
#include "platform.h"

#include <functional>
#include <string>

namespace majlis {
class Log;
}

namespace majlis::platform {

// Pictures to GL textures in the current context. Render thread only.
struct GlPictureUploads : TextureUploads {
    ImTextureID upload(const Picture& picture, std::string& error) override;
    void release(ImTextureID texture) override;
};

// The ImageTextures of a window or a render. Needs the GL context it was made in; destroy it
// before the context goes. `screen_side`: the screen's longer side in px (no texture is larger,
// nor larger than GL_MAX_TEXTURE_SIZE). `background`: decode on a worker thread and call
// `on_decoded` from it when a picture is ready (the window); otherwise decode in the frame
// (renders, whose one frame must show its pictures).
class GlImageTextures : public ImageTextures {
public:
    GlImageTextures(Log& log, int screen_side, bool background, std::function<void()> on_decoded = {});
    GlImageTextures(const GlImageTextures&) = delete;
    GlImageTextures& operator=(const GlImageTextures&) = delete;

    ImTextureID load(const std::string& path, ImVec2* size) override { return cache_.get(path, size); }
    void screen_changed() override { cache_.screen_changed(); }

    // For the frame loop: after each frame; whether a picture is ready to be shown (redraw);
    // the screen's longer side when the framebuffer changes.
    void end_frame(double now) { cache_.end_frame(now); }
    bool pictures_decoded() const { return cache_.pictures_decoded(); }
    size_t pictures() const override { return cache_.pictures(); }
    void set_screen_side(int screen_side);

private:
    int gl_max_side_ = 0;
    GlPictureUploads uploads_;
    PictureCache cache_;  // after uploads_: its textures are released before uploads_ goes
};

}  // namespace majlis::platform
