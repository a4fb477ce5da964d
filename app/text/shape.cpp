// shape_run: one run through HarfBuzz, with the paragraph around it as context.
#include "text/text_internal.h"

#include <hb.h>

namespace majlis::text {

ShapeBuffer::ShapeBuffer() : buffer_(hb_buffer_create()) {}
ShapeBuffer::~ShapeBuffer() { hb_buffer_destroy(buffer_); }

void shape_run(const char32_t* cps, size_t n, uint32_t start, uint32_t end, const Face& face,
               uint32_t script, bool rtl, std::string_view lang, bool context_after,
               std::vector<ShapedGlyph>& out, ShapeBuffer* reuse) {
    out.clear();
    if (start >= end || end > n) return;
    // A reused buffer is reset (it is then exactly as hb_buffer_create leaves it) rather than
    // recreated: a fresh buffer reallocates its glyph arrays on every run.
    hb_buffer_t* buf = reuse ? reuse->hb_buffer() : hb_buffer_create();
    hb_buffer_reset(buf);
    // Passing the whole paragraph and the run's offset lets HarfBuzz see the letters around the
    // run (pre- and post-context), so Arabic joining survives run and line boundaries.
    const size_t text_len = context_after ? n : end;
    hb_buffer_add_utf32(buf, reinterpret_cast<const uint32_t*>(cps), int(text_len), start,
                        int(end - start));
    hb_buffer_set_direction(buf, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, hb_script_t(script));
    hb_buffer_set_language(buf, hb_language_from_string(lang.data(), int(lang.size())));
    // Asking for the tatweel flag changes no other flag (checked with hb-shape --show-flags).
    unsigned flags = HB_BUFFER_FLAG_PRODUCE_SAFE_TO_INSERT_TATWEEL;
    if (start == 0) flags |= HB_BUFFER_FLAG_BOT;
    if (end == text_len) flags |= HB_BUFFER_FLAG_EOT;
    hb_buffer_set_flags(buf, hb_buffer_flags_t(flags));
    hb_shape(face.hb_font, buf, nullptr, 0);
    unsigned count = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &count);
    const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &count);
    out.resize(count);
    for (unsigned i = 0; i < count; ++i) {
        ShapedGlyph& g = out[i];
        g.id = info[i].codepoint;
        g.cluster = info[i].cluster;
        g.x_advance = pos[i].x_advance;
        g.x_offset = pos[i].x_offset;
        g.y_offset = pos[i].y_offset;
        const hb_glyph_flags_t glyph_flags = hb_glyph_info_get_glyph_flags(&info[i]);
        g.unsafe_to_break = glyph_flags & HB_GLYPH_FLAG_UNSAFE_TO_BREAK;
        g.safe_to_insert_tatweel = glyph_flags & HB_GLYPH_FLAG_SAFE_TO_INSERT_TATWEEL;
    }
    if (reuse) hb_buffer_clear_contents(buf);  // keep no copy of the text around
    else hb_buffer_destroy(buf);
}

}  // namespace majlis::text
