// Partial frames shown on X11 through GLX_MESA_copy_sub_buffer (damage.h tells when and why).
// A file of its own: Xlib's macros (None, Bool, Status...) stay out of the other files.
#include "damage.h"

#include <epoxy/gl.h>
#include <epoxy/glx.h>  // before GLFW's native header, which would include GL/glx.h
#define GLFW_INCLUDE_NONE
#define GLFW_EXPOSE_NATIVE_X11
#define GLFW_EXPOSE_NATIVE_GLX
#include <GLFW/glfw3.h>
#include <GLFW/glfw3native.h>

#include <algorithm>
#include <cstring>

namespace majlis::platform {

bool glx_shows_rectangles(GLFWwindow* window) {
    if (!glfwGetGLXContext(window)) return false;  // not GLX (an EGL context)
    Display* display = glfwGetX11Display();
    if (!display || !epoxy_has_glx_extension(display, DefaultScreen(display), "GLX_MESA_copy_sub_buffer")) return false;
    const char* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    if (!renderer) return false;
    for (const char* software : {"llvmpipe", "softpipe", "Software Rasterizer"})
        if (std::strstr(renderer, software)) return true;
    return false;
}

bool glx_show_rectangles(GLFWwindow* window, const PixelDamage& damage, int width, int height) {
    Display* display = glfwGetX11Display();
    const Window x_window = glfwGetX11Window(window);
    Window root = 0;
    int x = 0, y = 0;
    unsigned w = 0, h = 0, border = 0, depth = 0;
    if (!XGetGeometry(display, x_window, &root, &x, &y, &w, &h, &border, &depth) || int(w) != width ||
        int(h) != height)
        return false;
    if (!damage.scrolls.empty()) {  // the server copies overlapping areas right; none is exposed
        XGCValues values;
        values.graphics_exposures = False;
        GC gc = XCreateGC(display, x_window, GCGraphicsExposures, &values);
        for (const PixelScroll& s : damage.scrolls) {
            const PixelRect& r = s.rect;
            const PixelRect to{std::max(r.x0, r.x0 + s.dx), std::max(r.y0, r.y0 + s.dy), std::min(r.x1, r.x1 + s.dx),
                               std::min(r.y1, r.y1 + s.dy)};
            if (!to.empty())
                XCopyArea(display, x_window, x_window, gc, to.x0 - s.dx, to.y0 - s.dy, unsigned(to.x1 - to.x0),
                          unsigned(to.y1 - to.y0), to.x0, to.y0);
        }
        XFreeGC(display, gc);
    }
    const GLXWindow drawable = glfwGetGLXWindow(window);
    for (const PixelRect& r : damage.drawn)  // GL's rows go bottom-up; each copy flushes first
        glXCopySubBufferMESA(display, drawable, r.x0, height - r.y1, r.x1 - r.x0, r.y1 - r.y0);
    XFlush(display);
    return true;
}

}  // namespace majlis::platform
