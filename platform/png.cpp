// PNG files: written by Debian's libpng a row at a time (PngRowWriter, png_stream.h), read by
// Debian's libstb.
//
// Only stb's declarations are included: the implementation (STB_IMAGE_IMPLEMENTATION) is
// compiled into libstb.so, which we link. Defining it here would build a second copy of stb
// into majlis.
//
// Pitfall: libpng reports errors by longjmp() to the setjmp() of the function that called it.
// Each function below that calls libpng sets its own jump point and keeps no C++ object with a
// destructor alive across the calls, so the jump skips nothing.
#include "platform.h"
#include "png_stream.h"

#include <png.h>
#include <stb_image.h>

#include <climits>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>

namespace majlis::platform {

namespace {
// Errors longjmp out (png_jmpbuf); warnings (e.g. about a profile) are not ours to print.
void png_error_fn(png_structp png, png_const_charp) { png_longjmp(png, 1); }
void png_warning_fn(png_structp, png_const_charp) {}
}  // namespace

PngRowWriter::~PngRowWriter() {
    if (png_) {
        png_structp png = static_cast<png_structp>(png_);
        png_infop info = static_cast<png_infop>(info_);
        png_destroy_write_struct(&png, info ? &info : nullptr);
    }
    if (file_) std::fclose(file_);
    if (!finished_ && !path_.empty()) std::remove(path_.c_str());
}

bool PngRowWriter::open(const std::string& path, int width, int height) {
    if (file_ || width <= 0 || height <= 0 || width > INT_MAX / 4) return false;
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) return false;
    path_ = path;
    return open(file, width, height);
}

bool PngRowWriter::open(std::FILE* file, int width, int height) {
    if (!file) return false;
    if (file_ || width <= 0 || height <= 0 || width > INT_MAX / 4) {
        std::fclose(file);
        return false;
    }
    file_ = file;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, png_error_fn, png_warning_fn);
    if (!png) return !(failed_ = true);
    png_ = png;
    png_infop info = png_create_info_struct(png);
    if (!info) return !(failed_ = true);
    info_ = info;
    if (setjmp(png_jmpbuf(png))) return !(failed_ = true);
    png_init_io(png, file_);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGB_ALPHA,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    // Two row filters to choose from, not libpng's five (trying them all took 40 % of a large
    // render's time): Up and Sub are what pay off on flat screens with text.
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB | PNG_FILTER_UP);
    png_write_info(png, info);
    rows_left_ = height;
    return true;
}

bool PngRowWriter::write_row(const uint8_t* rgba) {
    if (!png_ || failed_ || rows_left_ <= 0) return false;
    png_structp png = static_cast<png_structp>(png_);
    if (setjmp(png_jmpbuf(png))) return !(failed_ = true);
    png_write_row(png, rgba);
    rows_left_--;
    return true;
}

bool PngRowWriter::finish() {
    if (!png_ || failed_ || rows_left_ != 0 || finished_) return false;
    png_structp png = static_cast<png_structp>(png_);
    if (setjmp(png_jmpbuf(png))) return !(failed_ = true);
    png_write_end(png, static_cast<png_infop>(info_));
    const bool closed = std::fclose(file_) == 0;  // disk full shows here
    file_ = nullptr;
    finished_ = closed;
    failed_ = !closed;
    return closed;
}

bool write_png(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba) {
    if (width <= 0 || height <= 0 || width > INT_MAX / 4) return false;
    if (rgba.size() < (size_t)width * (size_t)height * 4) return false;
    PngRowWriter png;
    if (!png.open(path, width, height)) return false;
    for (int y = 0; y < height; y++)
        if (!png.write_row(&rgba[(size_t)y * (size_t)width * 4])) return false;
    return png.finish();
}

bool encode_png(int width, int height, const std::vector<uint8_t>& rgba, std::string& out) {
    if (width <= 0 || height <= 0 || width > INT_MAX / 4) return false;
    if (rgba.size() < (size_t)width * (size_t)height * 4) return false;
    char* bytes = nullptr;
    size_t size = 0;
    bool ok = false;
    {
        PngRowWriter png;  // closes the stream (finish or its end) before the bytes are read
        ok = png.open(open_memstream(&bytes, &size), width, height);
        for (int y = 0; ok && y < height; y++) ok = png.write_row(&rgba[(size_t)y * (size_t)width * 4]);
        ok = ok && png.finish();
    }
    if (ok) out.assign(bytes, size);
    std::free(bytes);
    return ok;
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
