// majlis platform: desktop OpenGL 3.3 core and OpenGL ES 3 side by side (platform.h: GlApi).
//
// PCs get a desktop OpenGL 3.3 core context; boards with no desktop GL (a Raspberry Pi 4/5,
// most ARM GPUs) get OpenGL ES 3 (`--platform kms`, `majlis render --gl es`). Everything drawn
// is the same on both, with no shader of our own:
//   - ImGui's renderer compiles its GLSL "#version 330 core" or "#version 300 es" shaders
//     (glsl_version), which compute the same colours;
//   - the glyph pages are GL_R8 textures read through a per-channel swizzle (ES 3 has the four
//     GL_TEXTURE_SWIZZLE_R/G/B/A but not desktop GL's GL_TEXTURE_SWIZZLE_RGBA), uploaded with
//     GL_UNPACK_ROW_LENGTH (core in ES 3, unlike ES 2); pictures are RGBA8 with mipmaps; the
//     headless FBO is an RGBA8 renderbuffer read back with glReadPixels(GL_RGBA): all core in both.
//
// Pitfalls of Debian's libimgui.a (imgui 1.86 built for desktop GL, with its own loader):
//  - its loader dlopen()s libGL.so.1 and resolves every function through glvnd's
//    glXGetProcAddressARB: the entry points are libGLdispatch's, which forward each call to the
//    context current on the thread, an EGL ES context too (headless_egl.cpp says more).
//  - ImGui_ImplOpenGL3_RenderDrawData also touches desktop-only state: glGetIntegerv and
//    glPolygonMode(GL_POLYGON_MODE), glIsEnabled/glDisable(GL_PRIMITIVE_RESTART). On ES these
//    raise GL_INVALID_ENUM / GL_INVALID_OPERATION and change nothing (ES has no polygon modes
//    and no variable restart index), so render_imgui() drops the errors the draw raises on ES;
//    they would otherwise read as the frame's own (a failed render, a screenshot refused).
//  - large draw lists (over 65,536 vertices) are split with glDrawElementsBaseVertex, which the
//    backend uses from GL 3.2 / ES 3.2 on only: on an ES 3.0 or 3.1 driver (a Raspberry Pi's
//    V3D says 3.1) ImGui does not enable vertex offsets and a screen must stay under that.
#pragma once

#include "platform.h"

namespace majlis::platform {

// ImGui_ImplOpenGL3_Init's argument for the API: "#version 330 core" or "#version 300 es".
const char* glsl_version(GlApi api);
// "OpenGL 3.3 core" or "OpenGL ES 3", for the log and errors.
const char* gl_api_name(GlApi api);

// ImGui_ImplOpenGL3_RenderDrawData(draw_data) into the bound framebuffer. Returns the first GL
// error raised before it, or (desktop GL) by it; on ES those it raises are dropped (see above).
unsigned render_imgui(ImDrawData* draw_data, GlApi api);

}  // namespace majlis::platform
