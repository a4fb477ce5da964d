// majlis content: image checks through Debian's libstb (stb_image).
//
// Only the declarations are included: the implementation is compiled into libstb.so (never
// define STB_IMAGE_IMPLEMENTATION here). stbi_info_from_memory reads the header only, which is
// what keeps `check` fast; a file whose end looks cut off (no PNG IEND chunk, no JPEG end
// marker near the end) is decoded in full to tell a damaged image from a merely unusual one.
#include "content/load_detail.h"

#include <stb/stb_image.h>

#include <cstdio>
#include <cstring>
#include <fstream>

namespace majlis::content::detail {
namespace {

bool is_png(const std::string& d) { return d.size() >= 8 && std::memcmp(d.data(), "\x89PNG\r\n\x1a\n", 8) == 0; }
bool is_jpeg(const std::string& d) { return d.size() >= 3 && std::memcmp(d.data(), "\xFF\xD8\xFF", 3) == 0; }

bool looks_complete(const std::string& d) {
    if (is_png(d)) return d.size() >= 20 && std::memcmp(d.data() + d.size() - 8, "IEND", 4) == 0;
    // JPEG: the end-of-image marker, allowing a little padding after it.
    const size_t tail = std::min<size_t>(d.size(), 1024);
    for (size_t i = d.size() - tail; i + 1 < d.size(); ++i)
        if ((unsigned char)d[i] == 0xFF && (unsigned char)d[i + 1] == 0xD9) return true;
    return false;
}

}  // namespace

std::optional<std::string> check_image(const std::filesystem::path& file, const std::string& rel) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const uint64_t size = fs::file_size(file, ec);
    if (ec) return "cannot read file " + quote(rel);
    if (size > kMaxImageBytes)
        return "image " + quote(rel) + " too large (" + format_size(size) + ", at most " +
            format_limit(kMaxImageBytes) + ")";

    std::string data;
    {
        std::ifstream in(file, std::ios::binary);
        if (!in) return "cannot read file " + quote(rel);
        data.resize((size_t)size);
        in.read(data.data(), (std::streamsize)size);
        if ((uint64_t)in.gcount() != size) return "cannot read file " + quote(rel);
    }
    if (!is_png(data) && !is_jpeg(data)) return quote(rel) + " is not a PNG or JPEG image";

    const auto* bytes = reinterpret_cast<const stbi_uc*>(data.data());
    const int len = (int)data.size();
    int w = 0, h = 0, channels = 0;
    if (!stbi_info_from_memory(bytes, len, &w, &h, &channels) || w <= 0 || h <= 0)
        return "image " + quote(rel) + " cannot be decoded";
    if (w > kMaxImageSide || h > kMaxImageSide) {
        char buf[96];
        std::snprintf(buf, sizeof buf, " too large (%d×%d px, at most %d px a side)", w, h, kMaxImageSide);
        return "image " + quote(rel) + buf;
    }
    if (!looks_complete(data)) {
        stbi_uc* pixels = stbi_load_from_memory(bytes, len, &w, &h, &channels, 0);
        if (!pixels) return "image " + quote(rel) + " cannot be decoded";
        stbi_image_free(pixels);
    }
    return std::nullopt;
}

}  // namespace majlis::content::detail
