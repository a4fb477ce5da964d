// The kiosk's document reader (kiosk_internal.h): the body in the visitor's language (else along
// the event's fallback chain), its table of contents (beside the text on a wide screen, above it
// otherwise; tap to jump), text size − / + keeping the place, lists with their markers, Arabic
// bodies justified, and strong and emphasis spans inside one layout. Each block is one layout,
// kept in the kiosk's State from frame to frame, so scrolling only moves where it is drawn.
#include "screens/kiosk_internal.h"

#include <algorithm>
#include <cmath>

namespace majlis::screens::kiosk {

struct BlockText {
    std::string text;
    std::vector<std::pair<uint32_t, uint32_t>> strong, emph;
    bool all_strong = false;
};

namespace {

// A document body in `lang`, else along the event's fallback chain, else any; `shown` gets its
// language (the reader lays it out in that language).
const content::DocumentBody* body_for(const content::Event& ev, const content::Document& doc,
                                      const std::string& lang, std::string* shown) {
    auto find = [&](const std::string& l) -> const content::DocumentBody* {
        auto it = doc.body.find(l);
        if (it == doc.body.end()) return nullptr;
        if (shown) *shown = l;
        return &it->second;
    };
    if (auto* b = find(lang)) return b;
    for (const std::string& l : ev.languages.fallback)
        if (auto* b = find(l)) return b;
    if (auto* b = find(ev.languages.default_lang)) return b;
    if (doc.body.empty()) return nullptr;
    if (shown) *shown = doc.body.begin()->first;
    return &doc.body.begin()->second;
}

//-----------------------------------------------------------------------------
// Emphasis and strong spans inside one layout (see Styled in kiosk_internal.h)
//-----------------------------------------------------------------------------

bool in_ranges(const std::vector<std::pair<uint32_t, uint32_t>>& ranges, uint32_t b) {
    for (const auto& r : ranges)
        if (b >= r.first && b < r.second) return true;
    return false;
}

void build_styled(Styled& out, const std::vector<std::pair<uint32_t, uint32_t>>& strong,
                  const std::vector<std::pair<uint32_t, uint32_t>>& emph) {
    const text::Layout& b = *out.base;
    for (text::Layout* l : {&out.plain, &out.strong, &out.emph}) {
        l->width = b.width;
        l->height = b.height;
        l->size_px = b.size_px;
        l->lines.clear();
    }
    for (const text::Line& line : b.lines) {
        text::Line parts[3];
        for (text::Line& p : parts) {
            p = line;
            p.runs.clear();
        }
        for (const text::GlyphRun& run : line.runs) {
            text::GlyphRun r[3];
            for (text::GlyphRun& x : r) {
                x = run;
                x.glyphs.clear();
            }
            for (const text::Glyph& g : run.glyphs) {
                const int which = in_ranges(strong, g.cluster) ? 1 : in_ranges(emph, g.cluster) ? 2 : 0;
                r[which].glyphs.push_back(g);
            }
            for (int i = 0; i < 3; ++i)
                if (!r[i].glyphs.empty()) parts[i].runs.push_back(std::move(r[i]));
        }
        out.plain.lines.push_back(std::move(parts[0]));
        out.strong.lines.push_back(std::move(parts[1]));
        out.emph.lines.push_back(std::move(parts[2]));
    }
}

//-----------------------------------------------------------------------------
// Blocks
//-----------------------------------------------------------------------------

BlockText block_text(const content::Block& b) {
    BlockText t;
    bool any_plain = false;
    for (const content::Span& s : b.spans) {
        const uint32_t start = uint32_t(t.text.size());
        t.text += s.text;
        const uint32_t end = uint32_t(t.text.size());
        if (s.strong) t.strong.push_back({start, end});
        else if (s.emphasis) t.emph.push_back({start, end});
        if (!s.strong && s.text.find_first_not_of(" \t\n") != std::string::npos) any_plain = true;
    }
    t.all_strong = !any_plain && !t.strong.empty();
    if (t.all_strong) t.strong.clear();
    return t;
}

// The reader's entry for block `b`, made again if the block is not the one it was made from
// (content reloaded: compared by value, an address may be reused by the new content).
void refresh_reader_block(Kiosk::State::ReaderBlock& rb, const content::Block& b) {
    const auto same_span = [](const content::Span& x, const content::Span& y) {
        return x.strong == y.strong && x.emphasis == y.emphasis && x.text == y.text;
    };
    if (rb.text && rb.kind == b.kind && rb.level == b.level && rb.ordered == b.ordered && rb.number == b.number &&
        std::equal(rb.spans.begin(), rb.spans.end(), b.spans.begin(), b.spans.end(), same_span))
        return;
    rb = {};
    rb.spans = b.spans;
    rb.kind = b.kind;
    rb.level = b.level;
    rb.ordered = b.ordered;
    rb.number = b.number;
    rb.text = std::make_shared<const BlockText>(block_text(b));
}

// Draws a layout with its strong and emphasis spans (see [Emphasis and strong spans]).
void draw_styled(Ctx& c, const ShownText& l, const BlockText& bt, float x0, float y) {
    if (bt.strong.empty() && bt.emph.empty()) {
        c.text_at(l, x0, y);
        return;
    }
    auto it = c.s.styled.find(l.layout.get());
    if (it == c.s.styled.end()) {
        if (c.s.styled.size() > 512) c.s.styled.clear();
        Styled st;
        st.base = l;
        build_styled(st, bt.strong, bt.emph);
        it = c.s.styled.emplace(l.layout.get(), std::move(st)).first;
    }
    const Styled& st = it->second;
    const float x = std::round(c.rtl ? c.k.W - x0 - l->width : x0);
    const ImVec2 pos(x, std::round(y));
    c.eng.draw(st.plain, c.dl, pos, l.color);
    c.eng.draw(st.emph, c.dl, pos, c.p.emphasis);
    const float bold = std::max(0.75f, l->size_px / 32.0f);  // synthetic bold: drawn twice
    c.eng.draw(st.strong, c.dl, pos, l.color);
    c.eng.draw(st.strong, c.dl, ImVec2(pos.x + bold, pos.y), l.color);
    if (c.p.high_contrast) {  // one colour: emphasis is underlined
        const float t = std::max(1.0f, l->size_px / 18.0f);
        for (const text::Line& line : st.emph.lines) {
            float a = 0, b = -1;
            auto flush = [&] {
                if (b > a) c.dl->AddRectFilled(ImVec2(pos.x + line.x + a, std::round(pos.y + line.baseline + line.descent * 0.35f)),
                                               ImVec2(pos.x + line.x + b, std::round(pos.y + line.baseline + line.descent * 0.35f) + t),
                                               c.p.fg);
            };
            for (const text::GlyphRun& run : line.runs)
                for (const text::Glyph& g : run.glyphs) {
                    const float g0 = g.x, g1 = g.x + g.advance;
                    if (b >= a && g0 <= b + l->size_px * 0.4f) b = std::max(b, g1);
                    else {
                        flush();
                        a = g0;
                        b = g1;
                    }
                }
            flush();
        }
    }
}

}  // namespace

//-----------------------------------------------------------------------------
// Reader
//-----------------------------------------------------------------------------

void draw_reader(Ctx& c, const content::Document& doc) {
    const Metrics& k = c.k;
    const content::Event& ev = c.ev;
    State& s = c.s;
    const float scale = float(s.text_pct) / 100.0f;

    // Header: title, and text size − / + at the end.
    const float tb = k.btn;  // text size buttons, square
    const float extras = 2 * tb + k.pad;
    draw_header(c, ev.text(doc.title, c.lang), extras);
    {
        const float y0 = k.pad, y1 = k.pad + tb;
        const float xa = k.W - k.edge - extras, xb = xa + tb + k.pad;
        const std::string letter = phrase(c.ev, c.lang, i18n::Phrase::TextSizeLetter);
        for (int i = 0; i < 2; ++i) {
            const float x = i == 0 ? xa : xb;
            const Target id = target(i == 0 ? Target::Kind::TextSmaller : Target::Kind::TextLarger);
            const bool enabled = i == 0 ? s.text_pct > kTextPctMin : s.text_pct < kTextPctMax;
            c.panel(x, y0, x + tb, y1, c.pressed(id));
            const ImU32 ic = enabled ? c.p.fg : (c.p.high_contrast ? c.p.fg : c.p.line);
            ShownText l = c.lay(letter, c.style(tb * (i == 0 ? 0.34f : 0.5f), "heading", ic));
            const float sign = tb * 0.22f, gapx = tb * 0.05f;
            const float wsum = l->width + gapx + sign;
            const float lx = x + (tb - wsum) / 2;
            c.text_at(l, lx, (y0 + y1) / 2 - l->height * 0.55f);
            const float sx = lx + l->width + gapx, sy = (y0 + y1) / 2 - tb * 0.02f, st = std::max(2.0f, tb * 0.05f);
            c.dl->AddLine(c.P(sx, sy), c.P(sx + sign, sy), ic, st);
            if (i == 1) c.dl->AddLine(c.P(sx + sign / 2, sy - sign / 2), c.P(sx + sign / 2, sy + sign / 2), ic, st);
            c.hit(id, x, y0, x + tb, y1);
        }
    }

    std::string body_lang = c.lang;
    const content::DocumentBody* body = body_for(ev, doc, c.lang, &body_lang);
    const std::vector<content::Block> no_blocks;
    const std::vector<content::Block>& blocks = body ? body->blocks : no_blocks;

    // Contents: headings of levels 1-3.
    struct TocEntry { int block; int level; std::string text; };
    std::vector<TocEntry> toc;
    int min_level = 9;
    for (size_t i = 0; i < blocks.size(); ++i)
        if (blocks[i].kind == content::Block::Kind::Heading && blocks[i].level <= 3) {
            std::string t;
            for (const content::Span& sp : blocks[i].spans) t += sp.text;
            toc.push_back({int(i), blocks[i].level, t});
            min_level = std::min(min_level, blocks[i].level);
        }

    // Panes: contents beside the text when the screen is wide, above it otherwise.
    const bool side_toc = !k.portrait && !toc.empty();
    const float toc_w = side_toc ? std::clamp(0.28f * k.W, 40.0f * k.u, 70.0f * k.u) : 0;
    const float main_x0 = toc_w, main_x1 = k.W;
    const float col_w = std::min(main_x1 - main_x0 - 2 * k.margin, 44.0f * k.body);  // ~70 characters
    const float x0 = main_x0 + (main_x1 - main_x0 - col_w) / 2, x1 = x0 + col_w;
    const float body_px = k.body * scale;

    auto block_style = [&](const content::Block& b, const BlockText& bt, float width) {
        TextLook st = c.style(body_px, bt.all_strong ? "heading" : "body", c.p.fg, width);
        st.lang = body_lang;
        if (b.kind == content::Block::Kind::Heading) {
            const float f = b.level <= 1 ? 1.6f : b.level == 2 ? 1.3f : b.level == 3 ? 1.12f : 1.0f;
            st.size_px = std::round(body_px * f);
            st.font_role = "heading";
        }
        st.line_spacing = b.kind == content::Block::Kind::Heading ? 1.0f : 1.12f;
        // Arabic-script bodies are set justified, as in print (kashida; see text/justify.cpp),
        // unless the document says `justify = false`.
        if (doc.justify && b.kind != content::Block::Kind::Heading && is_rtl_language(body_lang))
            st.align = text::Align::Justify;
        return st;
    };

    std::vector<Item> items;
    std::vector<int> item_of_block(blocks.size(), -1);

    // Title (unless the text has its own), the badge, the QR code of its URL.
    {
        const bool own_title = std::any_of(blocks.begin(), blocks.end(), [](const content::Block& b) {
            return b.kind == content::Block::Kind::Heading && b.level == 1;
        });
        if (!own_title) {
            TextLook ts = c.style(body_px * 1.9f, "heading", c.p.fg, col_w);
            ShownText t = c.label(ev.text(doc.title, c.lang), ts);
            items.push_back({t->height + k.gap, [&c, t, x0](float y) { c.text_at(t, x0, y); }});
        }
        if (doc.illustrative) {
            Badge b = make_badge(c, std::round(k.small * scale), col_w);
            items.push_back({b.h + 2 * k.gap, [&c, b, x0](float y) { draw_badge(c, b, x0, y); }});
        }
        add_qr(c, items, doc.url, x0, x1);
    }

    // The table of contents, as a pane of its own or at the top of the text.
    int current_heading = -1;  // the section at the top of the view (set below, before the side pane)
    auto toc_items = [&](std::vector<Item>& out, float tx0, float tx1) {
        for (const TocEntry& e : toc) {
            const float indent = float(e.level - min_level) * 3.0f * k.u;
            TextLook st = c.style(k.small * 1.15f, e.level == min_level ? "heading" : "body", c.p.fg,
                                     tx1 - tx0 - indent - 2 * k.pad, 2);
            st.lang = body_lang;
            ShownText l = c.label(e.text, st);
            const float h = std::max(k.touch, l->height + 1.6f * k.pad);
            const Target id = target(Target::Kind::Contents, e.block);
            const bool cur = e.block == current_heading && side_toc;
            out.push_back({h + 0.3f * k.pad, [&c, l, h, id, tx0, tx1, indent, cur](float y) {
                               const Metrics& k = c.k;
                               if (c.pressed(id)) c.fill(tx0, y, tx1, y + h, c.p.pressed, 0.6f * k.u);
                               else if (cur) c.fill(tx0, y, tx1, y + h, c.p.card, 0.6f * k.u);
                               if (cur) c.fill(tx0, y, tx0 + 0.6f * k.u, y + h, c.p.accent);
                               c.text_at(l, tx0 + k.pad + indent, y + (h - l->height) / 2);
                               c.hit(id, tx0, y, tx1, y + h);
                           }});
        }
    };
    if (!side_toc && !toc.empty()) {
        items.push_back(section_title(c, phrase(c.ev, c.lang, i18n::Phrase::Contents), x0, x1));
        toc_items(items, x0, x1);
        items.push_back({2 * k.gap, [&c, x0, x1](float y) { c.fill(x0, y + c.k.gap, x1, y + c.k.gap + 1, c.p.line); }});
    }

    // The body: one layout per block, kept in s.reader_blocks from frame to frame.
    const std::string key = doc.id + "|" + body_lang + "|" + std::to_string(blocks.size());
    const bool same_doc = key == s.reader_key;  // the jump or anchor was asked for in this document
    s.reader_key = key;
    if (!same_doc) s.reader_blocks.clear();
    s.reader_blocks.resize(blocks.size());
    const float indent_w = 2.2f * body_px;
    for (size_t i = 0; i < blocks.size(); ++i) {
        const content::Block& b = blocks[i];
        State::ReaderBlock& rb = s.reader_blocks[i];
        refresh_reader_block(rb, b);
        const std::shared_ptr<const BlockText> bt = rb.text;
        if (bt->text.empty()) continue;
        const bool heading = b.kind == content::Block::Kind::Heading;
        const bool list = b.kind == content::Block::Kind::ListItem;
        const float indent = (list || (b.kind == content::Block::Kind::Paragraph && b.level > 0)) ? float(b.level) * indent_w : 0;
        const TextLook st = block_style(b, *bt, col_w - indent);
        if (!rb.layout || !(rb.style == st)) {
            rb.layout = c.lay(bt->text, st);
            rb.style = st;
        }
        const ShownText l = rb.layout;
        const float before = heading ? st.size_px * (i == 0 ? 0.2f : 0.9f) : 0;
        const float after = heading ? st.size_px * 0.35f : list ? body_px * 0.3f : body_px * 0.7f;
        ShownText marker;
        if (list) {
            TextLook ms = c.style(body_px, "body", c.p.muted, indent_w * 0.9f, 1);
            ms.lang = body_lang;
            ms.dir = c.rtl ? text::Direction::RTL : text::Direction::LTR;
            ms.align = text::Align::End;  // against the text
            if (!rb.marker || !(rb.marker_style == ms)) {
                const std::string m = b.ordered ? std::to_string(b.number) + "." : (b.level % 2 ? "\u2022" : "\u25E6");
                rb.marker = c.lay(m, ms);
                rb.marker_style = ms;
            }
            marker = rb.marker;
        }
        item_of_block[i] = int(items.size());
        items.push_back({before + l->height + after, [&c, l, bt, marker, x0, indent, indent_w, before](float y) {
                             if (marker) {
                                 const float mx0 = x0 + indent - indent_w * 0.9f - 0.25f * indent_w * 0.1f;
                                 const float dy = l->lines.empty() || marker->lines.empty()
                                                      ? 0
                                                      : l->lines[0].baseline - marker->lines[0].baseline;
                                 c.text_at(marker, mx0 - indent_w * 0.1f, y + before + dy);
                             }
                             draw_styled(c, l, *bt, x0 + indent, y + before);
                         }});
    }

    // Where each block is (content px), for jumps, anchoring and the contents' highlight.
    const float pad = 2.5f * k.u;
    s.block_y.assign(blocks.size(), -1);
    s.block_h.assign(blocks.size(), 0);
    {
        float y = pad;
        std::vector<float> item_y(items.size());
        for (size_t i = 0; i < items.size(); ++i) {
            item_y[i] = y;
            y += items[i].h;
        }
        for (size_t b = 0; b < blocks.size(); ++b)
            if (item_of_block[b] >= 0) {
                s.block_y[b] = item_y[size_t(item_of_block[b])];
                s.block_h[b] = items[size_t(item_of_block[b])].h;
            }
    }
    if (!same_doc) {
        s.jump_block = -1;
        s.anchor.reset();
    }
    if (s.jump_block >= 0 && size_t(s.jump_block) < s.block_y.size() && s.block_y[size_t(s.jump_block)] >= 0) {
        s.top().scroll[0] = s.block_y[size_t(s.jump_block)] - pad;
        s.fling.active = false;
    }
    s.jump_block = -1;
    if (s.anchor && size_t(s.anchor->block) < s.block_y.size() && s.block_y[size_t(s.anchor->block)] >= 0)
        s.top().scroll[0] = s.block_y[size_t(s.anchor->block)] + s.anchor->frac * s.block_h[size_t(s.anchor->block)];
    s.anchor.reset();

    const float top = k.header_h;
    {
        float content = 2 * pad;
        for (const Item& it : items) content += it.h;
        const float at = std::clamp(s.top().scroll[0], 0.0f, std::max(0.0f, content - (k.H - top))) + 3.0f * k.u;
        current_heading = toc.empty() ? -1 : toc.front().block;
        for (const TocEntry& e : toc)
            if (s.block_y[size_t(e.block)] >= 0 && s.block_y[size_t(e.block)] <= at) current_heading = e.block;
    }
    if (side_toc) {
        std::vector<Item> ti;
        ti.push_back(section_title(c, phrase(c.ev, c.lang, i18n::Phrase::Contents), k.margin * 0.75f, toc_w - k.gap));
        toc_items(ti, k.margin * 0.5f, toc_w - k.gap);
        c.fill(0, top, toc_w, k.H, c.p.high_contrast ? c.p.bg : c.p.card);
        if (c.p.high_contrast) c.fill(toc_w - c.p.border, top, toc_w, k.H, c.p.fg);
        run_pane(c, 1, 0, toc_w, top, k.H, ti, 1.0f * k.u);
    }
    run_pane(c, 0, main_x0, main_x1, top, k.H, items, pad);
}

}  // namespace majlis::screens::kiosk
