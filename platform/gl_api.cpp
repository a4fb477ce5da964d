#include "gl_api.h"

#include <backends/imgui_impl_opengl3.h>
#include <epoxy/gl.h>

namespace majlis::platform {

const char* glsl_version(GlApi api) { return api == GlApi::Es3 ? "#version 300 es" : "#version 330 core"; }

const char* gl_api_name(GlApi api) { return api == GlApi::Es3 ? "OpenGL ES 3" : "OpenGL 3.3 core"; }

unsigned render_imgui(ImDrawData* draw_data, GlApi api) {
    GLenum first = glGetError();
    ImGui_ImplOpenGL3_RenderDrawData(draw_data);
    if (api == GlApi::Es3) {
        // Bounded: a lost context raises its error again and again.
        for (int i = 0; i < 8 && glGetError() != GL_NO_ERROR; i++) {
        }
    } else if (first == GL_NO_ERROR) {
        first = glGetError();
    }
    return first;
}

}  // namespace majlis::platform
