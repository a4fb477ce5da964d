// resolve_scripts: which script each character belongs to, for shaping and font choice.
//
// The method of libraqm's _raqm_resolve_scripts and Pango's pango-script.c: Common and
// Inherited characters (spaces, digits, punctuation, marks) take the script of the text before
// them, leading ones the script after them, and a closing bracket takes its opener's script so
// that "(" and ")" around Arabic come from the same run.
#include "text/text.h"

#include <hb.h>

namespace majlis::text {

namespace {

// Index of the pair (even = opener, odd = closer) or -1. A switch: this runs for every space,
// digit and punctuation mark, and a linear scan of the table cost more than the rest of the loop.
int paired_index(char32_t c) {
    switch (c) {
    case '(': return 0;
    case ')': return 1;
    case '[': return 2;
    case ']': return 3;
    case '{': return 4;
    case '}': return 5;
    case 0x00AB: return 6;
    case 0x00BB: return 7;
    case 0x2039: return 8;
    case 0x203A: return 9;
    case 0x201C: return 10;
    case 0x201D: return 11;
    case 0x2018: return 12;
    case 0x2019: return 13;
    case 0x3008: return 14;
    case 0x3009: return 15;
    case 0x300A: return 16;
    case 0x300B: return 17;
    case 0x300C: return 18;
    case 0x300D: return 19;
    case 0xFD3E: return 20;
    case 0xFD3F: return 21;
    case 0xFF08: return 22;
    case 0xFF09: return 23;
    case 0xFF3B: return 24;
    case 0xFF3D: return 25;
    default: return -1;
    }
}

bool is_real(hb_script_t s) {
    return s != HB_SCRIPT_COMMON && s != HB_SCRIPT_INHERITED && s != HB_SCRIPT_UNKNOWN;
}

}  // namespace

void resolve_scripts(const char32_t* cps, size_t n, std::vector<uint32_t>& scripts) {
    scripts.assign(n, HB_SCRIPT_COMMON);
    hb_unicode_funcs_t* uf = hb_unicode_funcs_get_default();
    struct Open { int pair; hb_script_t script; };
    std::vector<Open> stack;
    constexpr size_t kMaxStack = 128;  // deeper nesting is not worth remembering
    hb_script_t last = HB_SCRIPT_UNKNOWN;  // unknown until the first real script
    // Letters repeat: remember the script of the last character seen in each of 256 slots,
    // filled on first use (`used` says which hold an answer, so setting up costs nothing).
    struct Memo { char32_t cp; hb_script_t script; };
    Memo memo[256];
    uint64_t used[256 / 64] = {};
    for (size_t i = 0; i < n; ++i) {
        const uint32_t slot = cps[i] & 0xFF;
        Memo& m = memo[slot];
        if (!(used[slot / 64] >> (slot % 64) & 1) || m.cp != cps[i]) {
            used[slot / 64] |= uint64_t(1) << (slot % 64);
            m = {cps[i], hb_unicode_script(uf, cps[i])};
        }
        hb_script_t s = m.script;
        if (is_real(s)) {
            if (last == HB_SCRIPT_UNKNOWN) {
                for (size_t k = 0; k < i; ++k) scripts[k] = s;  // leading neutrals
                for (Open& o : stack) o.script = s;
            }
            last = s;
            scripts[i] = s;
            continue;
        }
        const int pair = paired_index(cps[i]);
        hb_script_t resolved = last;
        if (pair >= 0 && (pair & 1) == 0) {
            if (stack.size() < kMaxStack) stack.push_back({pair, last});
        } else if (pair >= 0) {
            for (size_t k = stack.size(); k-- > 0;) {
                if (stack[k].pair == pair - 1) {
                    resolved = stack[k].script;
                    stack.resize(k);
                    // The pair is closed: what follows continues the text around the pair
                    // ("Hello (مرحبا) 2025": the digits are Latin, not Arabic).
                    if (is_real(resolved)) last = resolved;
                    break;
                }
            }
        }
        scripts[i] = resolved == HB_SCRIPT_UNKNOWN ? HB_SCRIPT_COMMON : resolved;
    }
}

}  // namespace majlis::text
