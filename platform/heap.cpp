#include "heap.h"

#include <cstdlib>  // defines __GLIBC__ when the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace majlis::platform {

void keep_heap_compact() {
#if defined(__GLIBC__)
    // A fixed threshold also stops glibc raising it. glibc raised the trim threshold with it
    // (to twice the mmap threshold) for every large block freed before this call, and above
    // that threshold the top of the heap is never given back: set it again too.
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_TRIM_THRESHOLD, 512 * 1024);
#endif
}

void return_free_memory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

}  // namespace majlis::platform
