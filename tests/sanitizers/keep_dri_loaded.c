// Preloaded (LD_PRELOAD) into every test of the sanitizer build by ctest_env.cmake; built
// without sanitizers, so that any program can load it (Xvfb, xvfb-run's shell).
//
// Mesa unloads its DRI driver (swrast_dri.so: llvmpipe) when EGL or GLX shut down, before
// LeakSanitizer looks at what is left at exit. The few blocks the driver keeps in its globals
// (128 + 2 x 56 bytes per load) are then held by nothing and reported as leaks from
// "<unknown module>", which no suppression can name. With Mesa's drivers kept mapped (dlclose()
// of a *_dri.so does nothing) their globals still hold the blocks and nothing is reported, so
// no suppression is needed for Mesa at all. Every other dlclose() is passed on.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <string.h>

int dlclose(void* handle) {
    static int (*real_dlclose)(void*);
    if (!real_dlclose) real_dlclose = (int (*)(void*))dlsym(RTLD_NEXT, "dlclose");
    struct link_map* map = NULL;
    if (dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map && map->l_name) {
        const size_t n = strlen(map->l_name);
        if (n >= 7 && strcmp(map->l_name + n - 7, "_dri.so") == 0) return 0;
    }
    return real_dlclose(handle);
}
