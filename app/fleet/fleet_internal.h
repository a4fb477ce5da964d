// majlis fleet: what the fleet's .cpp files share that is not part of any API.
#pragma once

#include <cerrno>
#include <cstddef>
#include <unistd.h>

namespace majlis::fleet::detail {

// Writes all n bytes to fd, through short writes and EINTR. False on any error (errno says).
inline bool write_all(int fd, const char* p, size_t n) {
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= size_t(w);
    }
    return true;
}

}  // namespace majlis::fleet::detail
