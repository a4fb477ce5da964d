// PNG files through Debian's libstb.
//
// Only the declarations are included: the implementations (STB_IMAGE_IMPLEMENTATION,
// STB_IMAGE_WRITE_IMPLEMENTATION) are compiled into libstb.so, which we link. Defining them
// here would build a second copy of stb into majlis.
//
// Pitfall: stbi_flip_vertically_on_write() and friends set process-wide state inside libstb;
// never use them. Callers flip rows themselves (see headless_egl.cpp).
#include "platform.h"

#include <stb_image.h>
#include <stb_image_write.h>

#include <climits>
#include <cstring>

namespace majlis::platform {

bool write_png(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba) {
    if (width <= 0 || height <= 0 || width > INT_MAX / 4) return false;
    if (rgba.size() < (size_t)width * (size_t)height * 4) return false;
    return stbi_write_png(path.c_str(), width, height, 4, rgba.data(), width * 4) != 0;
}

bool read_png(const std::string& path, int& width, int& height, std::vector<uint8_t>& rgba) {
    int w = 0, h = 0, channels_in_file = 0;
    // Forced to 4 channels: grey, grey+alpha and RGB files all come back as RGBA.
    stbi_uc* pixels = stbi_load(path.c_str(), &w, &h, &channels_in_file, 4);
    if (!pixels) return false;
    width = w;
    height = h;
    rgba.assign(pixels, pixels + (size_t)w * (size_t)h * 4);
    stbi_image_free(pixels);
    return true;
}

}  // namespace majlis::platform
