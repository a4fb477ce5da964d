// majlis platform: glyph atlas pages as OpenGL textures.
//
// The text engine keeps its glyph pages in memory as 8-bit coverage and hands them to a
// GlyphTextureHost (app/text/text_imgui.h). This one stores each page in a GL_R8 texture whose
// swizzle is (ONE, ONE, ONE, RED): sampled, a texel reads as white with the coverage as alpha,
// which is exactly what Dear ImGui's stock OpenGL3 shader expects of a font texture
// (colour = vertex colour * texel). No shader of our own is needed.
//
// Pitfalls:
//  - every call needs the GL context that made the host current (one host per context).
//  - ImTextureID is `void*` in Debian's imgui 1.86: the GL name is stored as
//    (ImTextureID)(intptr_t)name, and 0 (nullptr) means "no texture" (failure).
//  - destroy the host before the GL context goes away; textures still alive then are freed by
//    the destructor (a leak warning is logged).
#pragma once

#include "text/text_imgui.h"

#include <cstdint>
#include <string>
#include <unordered_map>

namespace majlis {
class Log;
}

namespace majlis::platform {

class GlTextureHost : public text::GlyphTextureHost {
public:
    explicit GlTextureHost(Log& log);
    ~GlTextureHost() override;
    GlTextureHost(const GlTextureHost&) = delete;
    GlTextureHost& operator=(const GlTextureHost&) = delete;

    // A zero-filled width x height page. Returns nullptr (and logs) when the size is invalid or
    // larger than GL_MAX_TEXTURE_SIZE.
    ImTextureID create(int width, int height) override;
    // Uploads w x h bytes of coverage at (x, y): one glTexSubImage2D, GL state saved and
    // restored around it. `stride` is the distance between rows of `alpha` in bytes (>= w): the
    // atlas passes the rectangle that changed in a frame straight out of its copy of the page
    // (stride = page width), so a frame costs one call per page however many glyphs are new.
    // Rectangles outside the page are clipped (and logged once).
    void update(ImTextureID tex, int x, int y, int w, int h, const uint8_t* alpha,
                int stride) override;
    void destroy(ImTextureID tex) override;

    size_t texture_count() const { return pages_.size(); }

private:
    struct Page {
        int width = 0, height = 0;
    };
    Log& log_;
    int max_size_ = 0;                            // GL_MAX_TEXTURE_SIZE, read once
    std::unordered_map<unsigned, Page> pages_;    // by GL texture name
};

// glGetString(name) as text, "?" when the driver gives none (the log's renderer line); the GL
// context must be current. (name: a GLenum such as GL_RENDERER.)
std::string gl_string(unsigned name);

}  // namespace majlis::platform
