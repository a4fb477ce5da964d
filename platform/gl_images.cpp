#include "gl_images.h"

#include "core/log.h"

#include <epoxy/gl.h>
#include <stb/stb_image.h>

#include <cstdint>

namespace majlis::platform {

GlImageTextures::~GlImageTextures() {
    for (auto& [path, e] : cache_)
        if (e.texture) glDeleteTextures(1, &e.texture);
}

ImTextureID GlImageTextures::load(const std::string& path, ImVec2* size) {
    auto it = cache_.find(path);
    if (it == cache_.end()) {
        Entry e;
        int channels = 0;
        unsigned char* pixels = stbi_load(path.c_str(), &e.width, &e.height, &channels, 4);
        if (!pixels) {
            log_.warning("platform", "cannot load image " + path + ": " +
                                         (stbi_failure_reason() ? stbi_failure_reason() : "unknown reason") +
                                         " (a placeholder is drawn)");
        } else {
            GLint max_size = 0;
            glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size);
            if (e.width > max_size || e.height > max_size) {
                log_.warning("platform", "image " + path + " is larger than the GPU's " +
                                             std::to_string(max_size) + " px limit (a placeholder is drawn)");
            } else {
                GLint last = 0;
                glGetIntegerv(GL_TEXTURE_BINDING_2D, &last);
                glGenTextures(1, &e.texture);
                glBindTexture(GL_TEXTURE_2D, e.texture);
                glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
                glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
                glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
                glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
                glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
                glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, e.width, e.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
                glGenerateMipmap(GL_TEXTURE_2D);  // flags are drawn much smaller than their files
                glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
                glBindTexture(GL_TEXTURE_2D, GLuint(last));
            }
            stbi_image_free(pixels);
        }
        it = cache_.emplace(path, e).first;
    }
    if (!it->second.texture) return nullptr;
    if (size) *size = ImVec2(float(it->second.width), float(it->second.height));
    return (ImTextureID)(intptr_t)it->second.texture;
}

}  // namespace majlis::platform
