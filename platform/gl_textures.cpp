#include "gl_textures.h"

#include "core/log.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <string>
#include <vector>

namespace majlis::platform {

static GLuint gl_name(ImTextureID tex) { return (GLuint)(intptr_t)tex; }
static ImTextureID im_texture(GLuint name) { return (ImTextureID)(intptr_t)name; }

// Keeps the caller's GL_TEXTURE_BINDING_2D: the host is called from inside client code, which
// must not find GL state changed under it.
struct TextureBindingBackup {
    GLint previous = 0;
    TextureBindingBackup() { glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous); }
    ~TextureBindingBackup() { glBindTexture(GL_TEXTURE_2D, (GLuint)previous); }
};

// Same for the unpack state touched by uploads (ImGui's backend sets its own every time, but
// other GL code may rely on the defaults).
struct UnpackBackup {
    GLint row_length = 0, alignment = 4, skip_rows = 0, skip_pixels = 0;
    UnpackBackup() {
        glGetIntegerv(GL_UNPACK_ROW_LENGTH, &row_length);
        glGetIntegerv(GL_UNPACK_ALIGNMENT, &alignment);
        glGetIntegerv(GL_UNPACK_SKIP_ROWS, &skip_rows);
        glGetIntegerv(GL_UNPACK_SKIP_PIXELS, &skip_pixels);
    }
    ~UnpackBackup() {
        glPixelStorei(GL_UNPACK_ROW_LENGTH, row_length);
        glPixelStorei(GL_UNPACK_ALIGNMENT, alignment);
        glPixelStorei(GL_UNPACK_SKIP_ROWS, skip_rows);
        glPixelStorei(GL_UNPACK_SKIP_PIXELS, skip_pixels);
    }
};

GlTextureHost::GlTextureHost(Log& log) : log_(log) {
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size_);
}

GlTextureHost::~GlTextureHost() {
    if (pages_.empty()) return;
    log_.warning("platform", std::to_string(pages_.size()) +
                                 " glyph texture(s) still alive when the GL context closes; freed");
    for (const auto& [name, page] : pages_) {
        GLuint n = name;
        glDeleteTextures(1, &n);
    }
}

ImTextureID GlTextureHost::create(int width, int height) {
    if (width <= 0 || height <= 0 || width > max_size_ || height > max_size_) {
        log_.error("platform", "glyph texture " + std::to_string(width) + "x" +
                                   std::to_string(height) + " refused (GL_MAX_TEXTURE_SIZE " +
                                   std::to_string(max_size_) + ")");
        return nullptr;
    }
    TextureBindingBackup binding;
    UnpackBackup unpack;
    GLuint name = 0;
    glGenTextures(1, &name);
    if (name == 0) {
        log_.error("platform", "glGenTextures failed");
        return nullptr;
    }
    glBindTexture(GL_TEXTURE_2D, name);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    // Red channel = coverage; read as (1, 1, 1, coverage) so ImGui's shader tints it. One
    // channel at a time: OpenGL ES 3 has no GL_TEXTURE_SWIZZLE_RGBA (desktop GL only).
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_R, GL_ONE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_G, GL_ONE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_B, GL_ONE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_A, GL_RED);
    // Zero-filled explicitly: glTexImage2D(nullptr) leaves contents undefined, and linear
    // filtering samples the texels around each glyph.
    std::vector<uint8_t> zeros((size_t)width * (size_t)height, 0);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glPixelStorei(GL_UNPACK_SKIP_ROWS, 0);
    glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);  // R8 rows are not 4-byte multiples
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE,
                 zeros.data());
    if (GLenum err = glGetError(); err != GL_NO_ERROR) {
        log_.error("platform", "glTexImage2D failed (GL error " + std::to_string(err) + ")");
        glDeleteTextures(1, &name);
        return nullptr;
    }
    pages_[name] = Page{width, height};
    return im_texture(name);
}

void GlTextureHost::update(ImTextureID tex, int x, int y, int w, int h, const uint8_t* alpha,
                           int stride) {
    auto it = pages_.find(gl_name(tex));
    if (it == pages_.end()) {
        log_.once(LogLevel::Error, "platform", "glyph texture update: unknown texture");
        return;
    }
    if (!alpha || w <= 0 || h <= 0) return;
    if (stride < w) {
        log_.once(LogLevel::Error, "platform", "glyph texture update: stride smaller than width");
        return;
    }
    // Clip to the page, moving the source pointer along (never trust the caller's rectangle:
    // GL would reject the whole upload).
    const Page& page = it->second;
    int x0 = std::max(x, 0), y0 = std::max(y, 0);
    int x1 = std::min(x + w, page.width), y1 = std::min(y + h, page.height);
    if (x0 != x || y0 != y || x1 != x + w || y1 != y + h)
        log_.once(LogLevel::Warning, "platform", "glyph texture update outside the page, clipped");
    if (x1 <= x0 || y1 <= y0) return;
    const uint8_t* src = alpha + (size_t)(y0 - y) * (size_t)stride + (size_t)(x0 - x);

    TextureBindingBackup binding;
    UnpackBackup unpack;
    glBindTexture(GL_TEXTURE_2D, gl_name(tex));
    glPixelStorei(GL_UNPACK_ROW_LENGTH, stride);  // in pixels; one byte per R8 pixel
    glPixelStorei(GL_UNPACK_SKIP_ROWS, 0);
    glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage2D(GL_TEXTURE_2D, 0, x0, y0, x1 - x0, y1 - y0, GL_RED, GL_UNSIGNED_BYTE, src);
}

void GlTextureHost::destroy(ImTextureID tex) {
    auto it = pages_.find(gl_name(tex));
    if (it == pages_.end()) {
        if (tex) log_.once(LogLevel::Error, "platform", "glyph texture destroy: unknown texture");
        return;
    }
    GLuint name = it->first;
    glDeleteTextures(1, &name);
    pages_.erase(it);
}

std::string gl_string(unsigned name) {
    const GLubyte* s = glGetString(name);
    return s ? (const char*)s : "?";
}

}  // namespace majlis::platform
