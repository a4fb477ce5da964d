// majlis platform: PNG files written a row at a time (Debian's libpng), so that writing a
// large image needs memory for one row, not for the image: `majlis render` at 16384x16384
// streams its frame band by band (headless_egl.cpp) on a 2 GB board.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace majlis::platform {

// 8-bit RGBA, rows top first. open(), then exactly `height` write_row() calls, then finish().
// Any failure (libpng error, disk full) makes the rest fail; a file not finished is removed
// when the writer goes away, so no truncated PNG is left behind.
class PngRowWriter {
public:
    PngRowWriter() = default;
    ~PngRowWriter();
    PngRowWriter(const PngRowWriter&) = delete;
    PngRowWriter& operator=(const PngRowWriter&) = delete;

    bool open(const std::string& path, int width, int height);
    // The same into a stream opened by the caller (open_memstream: a PNG in memory); the writer
    // owns it from here on and closes it in finish() or when it goes.
    bool open(std::FILE* file, int width, int height);
    bool write_row(const uint8_t* rgba);  // width * 4 bytes
    bool finish();

private:
    std::string path_;
    std::FILE* file_ = nullptr;
    void* png_ = nullptr;   // png_structp
    void* info_ = nullptr;  // png_infop
    int rows_left_ = 0;
    bool failed_ = false;
    bool finished_ = false;
};

}  // namespace majlis::platform
