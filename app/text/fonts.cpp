// FontStack, resolve_fonts, itemize_runs: which font draws which character.
//
// Chains are fixed per script (fonts/stack.toml) and checked character by character against
// the real font's cmap. A runtime FcFontSort is not used: on stock Debian `fc-match ':lang=ar'`
// puts DejaVu Sans first, whose Arabic is far from what a summit wants.
#include "text/text.h"

#include "core/log.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ot.h>
#include <hb.h>

#include <toml++/toml.h>
#include <unicode/uloc.h>

#include <algorithm>
#include <filesystem>
#include <strings.h>

namespace majlis::text {

namespace fs = std::filesystem;

namespace {

// The script a language is written in (ICU's likely subtags: "ur" -> Arab, "kk" -> Cyrl) as an
// hb_script_t, or 0 when `key` is not a language (a script key such as "Arab", or "default").
uint32_t language_script(std::string_view key) {
    if (key.empty() || key == "default" || !std::all_of(key.begin(), key.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
        return 0;
    char full[ULOC_FULLNAME_CAPACITY], script[ULOC_SCRIPT_CAPACITY];
    UErrorCode err = U_ZERO_ERROR;
    uloc_addLikelySubtags(std::string(key).c_str(), full, sizeof full, &err);
    const int32_t len = uloc_getScript(full, script, sizeof script, &err);
    if (U_FAILURE(err) || len != 4) return 0;
    return hb_script_from_string(script, 4);
}

// The nil face's font: no character is in its cmap, so HarfBuzz gives every character glyph 0
// (.notdef, which draw() draws as a box) except white space, which gets glyph 1 (nothing to
// draw); both have advances, so a line keeps its width and can be broken and aligned.
constexpr unsigned kNilUpem = 1000;
constexpr hb_codepoint_t kNilSpaceGlyph = 1;

hb_bool_t nil_nominal_glyph(hb_font_t*, void*, hb_codepoint_t cp, hb_codepoint_t* glyph, void*) {
    const bool space = cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
                       cp == 0x202F || cp == 0x205F || cp == 0x3000;
    *glyph = space ? kNilSpaceGlyph : 0;
    return space;
}

hb_position_t nil_advance(hb_font_t*, void*, hb_codepoint_t glyph, void*) {
    return glyph == kNilSpaceGlyph ? hb_position_t(kNilUpem / 4) : hb_position_t(kNilUpem * 3 / 5);
}

std::unique_ptr<Face> make_nil_face() {
    auto face = std::make_unique<Face>();
    face->family = "nil";
    face->upem = kNilUpem;
    // A face of no tables (hb_face_get_empty() would give HarfBuzz's inert font, which takes no funcs).
    hb_face_t* tables = hb_face_create_for_tables([](hb_face_t*, hb_tag_t, void*) { return hb_blob_get_empty(); },
                                                  nullptr, nullptr);
    hb_face_set_upem(tables, kNilUpem);
    hb_font_t* font = hb_font_create(tables);
    hb_face_destroy(tables);
    hb_font_funcs_t* funcs = hb_font_funcs_create();
    hb_font_funcs_set_nominal_glyph_func(funcs, nil_nominal_glyph, nullptr, nullptr);
    hb_font_funcs_set_glyph_h_advance_func(funcs, nil_advance, nullptr, nullptr);
    hb_font_funcs_make_immutable(funcs);
    hb_font_set_funcs(font, funcs, nullptr, nullptr);  // the font keeps a reference
    hb_font_funcs_destroy(funcs);
    hb_font_set_scale(font, int(kNilUpem), int(kNilUpem));
    face->hb_font = font;
    return face;
}

}  // namespace

bool Face::has(char32_t cp) const {
    hb_codepoint_t g = 0;
    return hb_font_get_nominal_glyph(hb_font, cp, &g) && g != 0;
}

FontStack::FontStack(Log& log) : log_(log), nil_(make_nil_face()), last_resort_{nil_.get()} {
    FT_Library lib = nullptr;
    if (FT_Init_FreeType(&lib) != 0) log_.error("fonts", "FreeType could not be initialised");
    ft_library_ = lib;
}

FontStack::~FontStack() {
    for (auto& f : faces_) {
        if (f->ft_face) FT_Done_Face(f->ft_face);  // first: it reads HarfBuzz's copy of the file
        hb_font_destroy(f->hb_font);
    }
    hb_font_destroy(nil_->hb_font);
    if (ft_library_) FT_Done_FreeType(ft_library_);
}

const Face* FontStack::load_face(const std::string& path, int index) {
    for (auto& f : faces_)
        if (f->path == path && f->index == index) return f.get();
    hb_blob_t* blob = hb_blob_create_from_file_or_fail(path.c_str());
    if (!blob) {
        log_.warning("fonts", "cannot read font file " + path);
        return nullptr;
    }
    // FreeType reads the same mapping of the file as HarfBuzz (not a second one of its own:
    // each would page in the tables both read, the cmap and the outlines, once more).
    unsigned int file_size = 0;
    const char* file_data = hb_blob_get_data(blob, &file_size);
    hb_face_t* hface = hb_face_create(blob, unsigned(index));
    hb_blob_destroy(blob);  // the face keeps it (and the font the face) until hb_font_destroy
    if (hb_face_get_glyph_count(hface) == 0) {
        hb_face_destroy(hface);
        log_.warning("fonts", "not a usable font: " + path);
        return nullptr;
    }
    FT_Face ft = nullptr;
    if (!ft_library_ ||
        FT_New_Memory_Face(ft_library_, reinterpret_cast<const FT_Byte*>(file_data), FT_Long(file_size), index, &ft) != 0) {
        hb_face_destroy(hface);
        log_.warning("fonts", "FreeType cannot open " + path);
        return nullptr;
    }
    auto face = std::make_unique<Face>();
    face->path = path;
    face->file_name = fs::path(path).filename().string();
    face->family = ft->family_name ? ft->family_name : "";
    face->index = index;
    face->upem = hb_face_get_upem(hface);
    hb_font_t* font = hb_font_create(hface);
    hb_face_destroy(hface);
    hb_font_set_scale(font, int(face->upem), int(face->upem));  // font units: size-independent
    hb_font_extents_t ext{};
    hb_font_get_h_extents(font, &ext);
    const float u = float(face->upem);
    face->ascender = float(ext.ascender) / u;
    face->descender = float(-ext.descender) / u;
    face->line_gap = float(ext.line_gap) / u;
    face->hb_font = font;
    face->ft_face = ft;
    faces_.push_back(std::move(face));
    return faces_.back().get();
}

// Looks a fontconfig pattern up and accepts the match only if its family is the one asked for
// (fontconfig always answers with *some* font).
const Face* FontStack::find_family(const std::string& pattern) {
    FcPattern* pat = FcNameParse(reinterpret_cast<const FcChar8*>(pattern.c_str()));
    if (!pat) return nullptr;
    FcChar8* wanted = nullptr;
    std::string wanted_family;
    if (FcPatternGetString(pat, FC_FAMILY, 0, &wanted) == FcResultMatch)
        wanted_family = reinterpret_cast<const char*>(wanted);
    FcConfigSubstitute(nullptr, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res = FcResultNoMatch;
    FcPattern* match = FcFontMatch(nullptr, pat, &res);
    FcPatternDestroy(pat);
    if (!match) return nullptr;
    const Face* face = nullptr;
    bool family_ok = wanted_family.empty();
    FcChar8* fam = nullptr;
    for (int i = 0; !family_ok && FcPatternGetString(match, FC_FAMILY, i, &fam) == FcResultMatch; ++i)
        family_ok = strcasecmp(reinterpret_cast<const char*>(fam), wanted_family.c_str()) == 0;
    FcChar8* file = nullptr;
    int index = 0;
    if (family_ok && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
        FcPatternGetInteger(match, FC_INDEX, 0, &index);
        face = load_face(reinterpret_cast<const char*>(file), index);
    }
    FcPatternDestroy(match);
    return face;
}

const TextStatus& FontStack::load(const std::string& fonts_dir) {
    if (!FcInit()) log_.error("fonts", "fontconfig could not be initialised");

    // Fonts dropped into fonts/: registered with fontconfig, loaded, kept as extra fallbacks.
    std::error_code ec;
    std::vector<std::string> dropped_files;
    for (const auto& entry : fs::directory_iterator(fonts_dir, ec)) {
        std::string ext = entry.path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
        if (ext == ".ttf" || ext == ".otf" || ext == ".ttc") dropped_files.push_back(entry.path().string());
    }
    std::sort(dropped_files.begin(), dropped_files.end());
    for (const auto& file : dropped_files) {
        FcConfigAppFontAddFile(nullptr, reinterpret_cast<const FcChar8*>(file.c_str()));
        if (const Face* f = load_face(file, 0)) {
            dropped_.push_back(f);
            log_.info("fonts", "using dropped-in font " + f->file_name + " (" + f->family + ")");
        }
    }

    const std::string stack_path = (fs::path(fonts_dir) / "stack.toml").string();
    toml::table stack;
    try {
        stack = toml::parse_file(stack_path);
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        const std::string message = stack_path + ":" + std::to_string(where.line) + ":" +
                                    std::to_string(where.column) + ": " + std::string(e.description());
        log_.error("fonts", message);
        status_.fail(TextError::StackUnreadable, message);
    }

    roles_.clear();
    if (const toml::table* roles = stack["roles"].as_table()) {
        for (const auto& [role_name, role_node] : *roles) {
            const toml::table* chains = role_node.as_table();
            if (!chains) continue;
            Role role;
            role.name = std::string(role_name.str());
            for (const auto& [script_key, list_node] : *chains) {
                std::vector<const Face*> chain;
                if (const toml::array* list = list_node.as_array()) {
                    for (const auto& item : *list) {
                        const std::string* pattern = item.as_string() ? &item.as_string()->get() : nullptr;
                        if (!pattern) continue;
                        if (const Face* f = find_family(*pattern)) {
                            if (std::find(chain.begin(), chain.end(), f) == chain.end()) chain.push_back(f);
                        } else {
                            const std::string message = "font '" + *pattern + "' (" + stack_path + ", role " +
                                                        role.name + ") not found; skipped";
                            log_.once(LogLevel::Warning, "fonts", message);
                            status_.fail(TextError::FontNotFound, message);
                        }
                    }
                }
                for (const Face* f : dropped_)
                    if (std::find(chain.begin(), chain.end(), f) == chain.end()) chain.push_back(f);
                if (script_key.str() == "default") role.fallback = chain;
                else if (const uint32_t own = language_script(script_key.str()))
                    role.by_language.push_back({std::string(script_key.str()), own, chain});
                else role.by_script.emplace_back(std::string(script_key.str()), chain);
            }
            roles_.push_back(std::move(role));
        }
    }

    // The last resort: whatever fontconfig gives for sans-serif, then any dropped font.
    last_resort_ = dropped_;
    {
        FcPattern* pat = FcNameParse(reinterpret_cast<const FcChar8*>("sans-serif"));
        FcConfigSubstitute(nullptr, pat, FcMatchPattern);
        FcDefaultSubstitute(pat);
        FcResult res;
        if (FcPattern* match = FcFontMatch(nullptr, pat, &res)) {
            FcChar8* file = nullptr;
            if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch)
                if (const Face* f = load_face(reinterpret_cast<const char*>(file), 0))
                    last_resort_.insert(last_resort_.begin(), f);
            FcPatternDestroy(match);
        }
        FcPatternDestroy(pat);
    }
    if (last_resort_.empty()) last_resort_.push_back(nil_.get());
    for (Role& role : roles_) {
        if (role.fallback.empty()) role.fallback = last_resort_;
        for (auto& [script, chain] : role.by_script)
            if (chain.empty()) chain = role.fallback;
        for (LanguageChain& l : role.by_language)
            if (l.chain.empty()) l.chain = role.fallback;
    }
    if (faces_.empty()) {
        const std::string message = "no usable font at all (" + fonts_dir + ", fontconfig): text is drawn as boxes";
        log_.error("fonts", message);
        status_.fail(TextError::NoFont, message);
    }
    return status_;
}

const Face* FontStack::face_from_file(const std::string& path) { return load_face(path, 0); }

const std::vector<const Face*>& FontStack::chain(std::string_view role_name, uint32_t script,
                                                 std::string_view lang) const {
    const Role* role = nullptr;
    for (const Role& r : roles_)
        if (r.name == role_name) role = &r;
    if (!role) {
        for (const Role& r : roles_)
            if (r.name == "body") role = &r;
    }
    if (!role && !roles_.empty()) role = &roles_.front();
    if (!role) return last_resort_;
    if (!role->by_language.empty()) {
        const std::string_view primary = lang.substr(0, lang.find_first_of("-_"));
        for (const LanguageChain& l : role->by_language)
            if (l.script == script && l.lang == primary) return l.chain;
    }
    char tag[5] = {};
    hb_tag_to_string(hb_script_to_iso15924_tag(hb_script_t(script)), tag);
    for (const auto& [key, chain] : role->by_script)
        if (key == tag) return chain;
    return role->fallback;
}

namespace {

// Characters that never choose a font: they go with their neighbour (Pango's consider_as_space).
bool follows_neighbour(hb_unicode_general_category_t gc, char32_t c) {
    switch (gc) {
    case HB_UNICODE_GENERAL_CATEGORY_SPACE_SEPARATOR:
    case HB_UNICODE_GENERAL_CATEGORY_LINE_SEPARATOR:
    case HB_UNICODE_GENERAL_CATEGORY_PARAGRAPH_SEPARATOR:
    case HB_UNICODE_GENERAL_CATEGORY_CONTROL:
        return true;
    case HB_UNICODE_GENERAL_CATEGORY_FORMAT:
        return !(c >= 0x0600 && c <= 0x0605) && c != 0x06DD && c != 0x08E2;  // Arabic number signs draw
    default:
        return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);  // variation selectors
    }
}

bool is_mark(hb_unicode_general_category_t gc) {
    return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

}  // namespace

void resolve_fonts(const FontStack& fonts, std::string_view role, std::string_view lang,
                   const char32_t* cps, size_t n, const std::vector<uint32_t>& scripts,
                   std::vector<const Face*>& faces, std::vector<uint32_t>* missing,
                   const std::vector<uint8_t>* levels) {
    faces.resize(n);
    hb_unicode_funcs_t* uf = hb_unicode_funcs_get_default();
    const std::vector<const Face*>* chain = nullptr;
    uint32_t chain_script = 0xFFFFFFFF;
    std::vector<uint8_t> follows(n);  // 1: a space or control, placed after the others
    const Face* prev = nullptr;       // the font of the last character that chose one
    // What a character does (and the chain scan, a cmap lookup per face tried) repeats for
    // every occurrence of a letter: remember it per (chain, character) in a direct-mapped table.
    // Slots are filled on first use (`used` says which hold an answer): setting up the table
    // costs nothing, and a paragraph touches only the slots of its own letters.
    enum Kind : uint8_t { kFollows, kMark, kOther };
    struct Memo {
        const std::vector<const Face*>* chain;
        char32_t cp;
        Kind kind;
        const Face* face;  // first face of the chain that has the character, or null
    };
    Memo memo[512];
    uint64_t used[512 / 64] = {};
    for (size_t i = 0; i < n; ++i) {
        if (scripts[i] != chain_script) {
            chain = &fonts.chain(role, scripts[i], lang);
            chain_script = scripts[i];
        }
        const char32_t c = cps[i];
        const uint32_t slot = (uint32_t(c) * 2654435761u) >> 23;
        Memo& m = memo[slot];
        if (!(used[slot / 64] >> (slot % 64) & 1) || m.chain != chain || m.cp != c) {
            used[slot / 64] |= uint64_t(1) << (slot % 64);
            const auto gc = hb_unicode_general_category(uf, c);
            m = {chain, c, follows_neighbour(gc, c) ? kFollows : is_mark(gc) ? kMark : kOther, nullptr};
            if (m.kind != kFollows)
                for (const Face* f : *chain)
                    if (f->has(c)) { m.face = f; break; }
        }
        if (m.kind == kFollows) {
            follows[i] = 1;
            continue;
        }
        // A mark stays in its base's font.
        const Face* chosen = m.kind == kMark && prev && prev->has(c) ? prev : m.face;
        if (!chosen) {
            chosen = chain->front();  // chains are never empty (at worst the nil face)
            if (missing) missing->push_back(uint32_t(i));
        }
        faces[i] = chosen;
        prev = chosen;
    }

    // Spaces and controls, as Pango places them. Within their run (the same script, as
    // resolve_scripts gave it, and the same bidi level): with the character before them when
    // the run goes on in that font or ends; with the character after them when they start the
    // run; else, between two fonts or alone in their run, the first font of the run's chain
    // that has them ("hello، world": the space after the Arabic comma is Latin's).
    auto same_run = [&](size_t a, size_t b) {
        return scripts[a] == scripts[b] && (!levels || (*levels)[a] == (*levels)[b]);
    };
    std::vector<const Face*> next_in_run(n);  // the next font chosen in the run, or null
    for (size_t i = n; i-- > 1;)
        if (same_run(i - 1, i)) next_in_run[i - 1] = follows[i] ? next_in_run[i] : faces[i];
    for (size_t i = 0; i < n; ++i) {
        if (!follows[i]) continue;
        const Face* before = i > 0 && same_run(i - 1, i) ? faces[i - 1] : nullptr;
        const Face* after = next_in_run[i];
        if (before && (!after || after == before)) {
            faces[i] = before;
        } else if (!before && after) {
            faces[i] = after;
        } else {
            const auto& run_chain = fonts.chain(role, scripts[i], lang);
            faces[i] = run_chain.front();  // chains are never empty (at worst the nil face)
            for (const Face* f : run_chain)
                if (f->has(cps[i])) { faces[i] = f; break; }
        }
    }
}

std::vector<TextRun> itemize_runs(size_t n, const std::vector<uint8_t>& levels,
                                  const std::vector<uint32_t>& scripts,
                                  const std::vector<const Face*>& faces) {
    std::vector<TextRun> runs;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && levels[j] == levels[i] && scripts[j] == scripts[i] && faces[j] == faces[i]) ++j;
        runs.push_back({uint32_t(i), uint32_t(j), levels[i], scripts[i], faces[i]});
        i = j;
    }
    return runs;
}

}  // namespace majlis::text
