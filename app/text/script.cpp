// resolve_scripts: which script each character belongs to, for shaping and font choice.
//
// The method of libraqm's _raqm_resolve_scripts and Pango's pango-script.c (UAX #24's script
// runs): Common and Inherited characters (spaces, digits, punctuation, marks) take the script
// of the text before them, leading ones the script after them, and a closing bracket takes its
// opener's script so that "(" and ")" around Arabic come from the same run. Everything comes
// from ICU's properties:
//  - pairs: Bidi_Paired_Bracket (u_getBidiPairedBracketType, u_getBidiPairedBracket) for
//    brackets; quotation marks pair by general category, an initial quote (Pi: « “ ‹ ‘) opening
//    and a final quote (Pf: » ” › ’) closing the innermost open one.
//  - Script_Extensions (uscript_getScriptExtensions): a Common or Inherited character used by
//    only some scripts keeps the text's script when that is one of them, and else takes its
//    own first one: an Arabic comma (U+060C) or tatweel (U+0640) after Latin is Arabic, and
//    does not change the script of what follows.
#include "text/text.h"

#include <hb.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <iterator>

namespace majlis::text {

namespace {

bool is_real(hb_script_t s) {
    return s != HB_SCRIPT_COMMON && s != HB_SCRIPT_INHERITED && s != HB_SCRIPT_UNKNOWN;
}

hb_script_t hb_script_of(UScriptCode code) {
    return hb_script_from_string(uscript_getShortName(code), -1);
}

// What resolve_scripts needs to know of a character, from ICU (look_up fills every field).
struct CharScript {
    char32_t cp;
    hb_script_t script;        // Script property
    enum Pair : uint8_t { kNone, kOpen, kClose } pair;
    bool quote;                // the pair is a quotation mark (Pi / Pf)
    char32_t opener;           // a closing bracket: its opening bracket
    uint8_t extensions;        // Script_Extensions of a Common/Inherited character, real
    hb_script_t extension[8];  // scripts only (the first 8, in ICU's order)
    bool extends_to(hb_script_t s) const { return std::find(extension, extension + extensions, s) != extension + extensions; }
};

CharScript look_up(char32_t cp) {
    CharScript c{};
    c.cp = cp;
    const UChar32 u = UChar32(cp);
    UErrorCode err = U_ZERO_ERROR;
    c.script = hb_script_of(uscript_getScript(u, &err));
    if (U_FAILURE(err)) c.script = HB_SCRIPT_UNKNOWN;
    if (is_real(c.script)) return c;
    switch (UBidiPairedBracketType(u_getIntPropertyValue(u, UCHAR_BIDI_PAIRED_BRACKET_TYPE))) {
    case U_BPT_OPEN: c.pair = CharScript::kOpen; break;
    case U_BPT_CLOSE: c.pair = CharScript::kClose, c.opener = char32_t(u_getBidiPairedBracket(u)); break;
    default:
        switch (u_charType(u)) {
        case U_INITIAL_PUNCTUATION: c.pair = CharScript::kOpen, c.quote = true; break;
        case U_FINAL_PUNCTUATION: c.pair = CharScript::kClose, c.quote = true; break;
        default: break;
        }
    }
    UScriptCode ext[32];
    err = U_ZERO_ERROR;
    const int n = uscript_getScriptExtensions(u, ext, 32, &err);
    for (int i = 0; U_SUCCESS(err) && i < n && c.extensions < 8; ++i) {
        const hb_script_t s = hb_script_of(ext[i]);
        if (is_real(s)) c.extension[c.extensions++] = s;
    }
    return c;
}

// The memo of resolve_scripts. Every slot starts as the answer for 0xFFFFFFFF (not a
// character, but the memo must be right for any value it is asked about).
struct ScriptMemo {
    CharScript slots[256];
    ScriptMemo() { std::fill(std::begin(slots), std::end(slots), look_up(0xFFFFFFFF)); }
};

}  // namespace

void resolve_scripts(const char32_t* cps, size_t n, std::vector<uint32_t>& scripts) {
    scripts.assign(n, HB_SCRIPT_COMMON);
    struct Open { char32_t cp; bool quote; hb_script_t script; };
    std::vector<Open> stack;
    constexpr size_t kMaxStack = 128;  // deeper nesting is not worth remembering
    hb_script_t last = HB_SCRIPT_UNKNOWN;  // unknown until the first real script
    // Letters repeat: remember what ICU said of the last character seen in each of 256 slots.
    // What ICU says of a character never changes, so the memo is kept from call to call (one
    // per thread): a paragraph asks ICU only about characters no paragraph before it had.
    // Slots by a multiplicative hash: by the low byte alone, Arabic letters (U+06xx) would
    // push out ASCII digits and punctuation (U+00xx) in the same slots, and back.
    thread_local ScriptMemo memo;
    for (size_t i = 0; i < n; ++i) {
        CharScript& m = memo.slots[(uint32_t(cps[i]) * 2654435761u) >> 24];
        if (m.cp != cps[i]) m = look_up(cps[i]);
        if (is_real(m.script)) {
            if (last == HB_SCRIPT_UNKNOWN) {
                // Leading neutrals take the first script (those of some scripts only, if it is one).
                for (size_t k = 0; k < i; ++k)
                    if (scripts[k] == HB_SCRIPT_COMMON || look_up(cps[k]).extends_to(m.script)) scripts[k] = m.script;
                for (Open& o : stack) o.script = m.script;
            }
            last = m.script;
            scripts[i] = m.script;
            continue;
        }
        hb_script_t resolved = last;
        if (m.pair == CharScript::kOpen) {
            if (stack.size() < kMaxStack) stack.push_back({cps[i], m.quote, last});
        } else if (m.pair == CharScript::kClose) {
            for (size_t k = stack.size(); k-- > 0;) {
                if (m.quote ? stack[k].quote : stack[k].cp == m.opener) {
                    resolved = stack[k].script;
                    stack.resize(k);
                    // The pair is closed: what follows continues the text around the pair
                    // ("Hello (مرحبا) 2025": the digits are Latin, not Arabic).
                    if (is_real(resolved)) last = resolved;
                    break;
                }
            }
        }
        if (m.extensions && !m.extends_to(resolved)) resolved = m.extension[0];  // not of the text's script: its own
        scripts[i] = resolved == HB_SCRIPT_UNKNOWN ? HB_SCRIPT_COMMON : resolved;
    }
}

}  // namespace majlis::text
