// majlis platform: pictures (logo, flags, portraits) as GL textures.
#pragma once

#include "platform.h"

#include <string>
#include <unordered_map>

namespace majlis {
class Log;
}

namespace majlis::platform {

// Decodes PNG/JPEG with stb_image (Debian's libstb) into RGBA8 textures, once per path.
// Needs the GL context it was made in; destroy it before the context goes.
class GlImageTextures : public ImageTextures {
public:
    explicit GlImageTextures(Log& log) : log_(log) {}
    ~GlImageTextures() override;
    GlImageTextures(const GlImageTextures&) = delete;
    GlImageTextures& operator=(const GlImageTextures&) = delete;
    ImTextureID load(const std::string& path, ImVec2* size) override;

private:
    struct Entry {
        unsigned texture = 0;   // 0: failed (remembered, so the failure is logged once)
        int width = 0, height = 0;
    };
    Log& log_;
    std::unordered_map<std::string, Entry> cache_;
};

}  // namespace majlis::platform
