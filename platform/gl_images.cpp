#include "gl_images.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace majlis::platform {

static std::string gl_error_text(GLenum err) {
    if (err == GL_OUT_OF_MEMORY) return "the GPU is out of memory (GL_OUT_OF_MEMORY)";
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "GL error 0x%04x", unsigned(err));
    return buffer;
}

ImTextureID GlPictureUploads::upload(const Picture& p, std::string& error) {
    // Errors left by others are not this upload's (bounded: a lost context repeats its error).
    for (int i = 0; i < 8 && glGetError() != GL_NO_ERROR; i++) {
    }
    GLint last = 0, alignment = 4;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &last);
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &alignment);
    GLuint texture = 0;
    glGenTextures(1, &texture);
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, p.width, p.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, p.rgba.data());
    GLenum err = glGetError();
    if (err == GL_NO_ERROR) {
        glGenerateMipmap(GL_TEXTURE_2D);  // the mipmaps need memory too
        err = glGetError();
    }
    glPixelStorei(GL_UNPACK_ALIGNMENT, alignment);
    glBindTexture(GL_TEXTURE_2D, GLuint(last));
    if (err != GL_NO_ERROR || texture == 0) {
        error = texture == 0 ? "glGenTextures failed" : gl_error_text(err);
        if (texture) glDeleteTextures(1, &texture);
        return nullptr;
    }
    return (ImTextureID)(intptr_t)texture;
}

void GlPictureUploads::release(ImTextureID texture) {
    GLuint name = GLuint((intptr_t)texture);
    if (name) glDeleteTextures(1, &name);
}

static PictureCache::Limits limits(int side, bool background) {
    PictureCache::Limits l;
    l.max_side = side;
    l.background = background;
    return l;
}

GlImageTextures::GlImageTextures(Log& log, int screen_side, bool background, std::function<void()> on_decoded)
    : gl_max_side_([] {
          GLint max_size = 0;
          glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size);
          return std::max(1, int(max_size));
      }()),
      cache_(uploads_, log, limits(std::min(std::max(1, screen_side), gl_max_side_), background),
             std::move(on_decoded)) {}

void GlImageTextures::set_screen_side(int screen_side) {
    cache_.set_max_side(std::min(std::max(1, screen_side), gl_max_side_));
}

}  // namespace majlis::platform
