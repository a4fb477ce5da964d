// The painter: what every screen draws with, written once — the palette, the colour helpers,
// cards and pills, the direction icons (chevrons and arrows) and the initials of a name. Plain structs and free
// functions in Dear ImGui's manner; the screens (lobby, kiosk, loop) keep their own layout code
// and call these for the things they share.
//
// Direction. Screens lay out in logical coordinates (x from the reading start) and mirror once
// on the way to the draw list; an icon that means a direction cannot be mirrored that way,
// because a chevron drawn in logical coordinates points wherever the code's numbers say. So the
// icons here take the screen direction they point (Toward), and screens ask for it by meaning:
// toward_reading_end for "next" and "more" (› in left-to-right, ‹ in right-to-left),
// toward_reading_start for "back" (← in left-to-right, → in right-to-left).
//
// QR codes. A session, document or person with a URL (content.h) shows it as a QR code on
// the kiosk and in the loop, beside a short caption (qr_caption). Encoded by Nayuki's
// qrcodegen (Debian libqrcodegencpp-dev; the reference encoder, no other dependencies) and drawn
// as filled rectangles through the draw list like every other shape: the dark modules on a white
// square with the 4-module quiet zone the standard requires, also in high contrast and on dark
// themes (a camera needs dark on light). Error correction M at least (raised when the same
// version allows). Each URL is encoded once and kept between frames (qr_code).
//
// Size. A phone reads a code from about ten times its width, so the rule is: the code's width
// (its modules, without the quiet zone) >= scanning distance / 10 on the glass, from the screen's
// px_per_mm: 100 mm on a kiosk (read from 1 m: kKioskScanMm), 300 mm on a wall (the loop, read
// from 3 m: kWallScanMm). Modules are whole px (rounded up from the rule) and the square's corner
// is put on a whole px, so every module is a crisp square for a camera and for zbarimg. Where the
// screen has less room than the rule asks, the modules shrink to the whole px that fit (at least
// 2 px); below that no code is drawn.
//
// Initials. The letters of a portrait placeholder are grapheme clusters (UAX #29, ICU's
// character BreakIterator): a letter keeps its combining marks (e + U+0301, an Arabic letter
// with its harakat) and a flag keeps both regional indicators.
#pragma once

#include "content/content.h"
#include "screens/screens.h"
#include "text/text.h"

#include <imgui.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace majlis::screens::paint {

//-----------------------------------------------------------------------------
// Colours
//-----------------------------------------------------------------------------

ImU32 rgba(content::Color c, float alpha = 1.0f);            // alpha multiplies the colour's own
content::Color mix(content::Color a, content::Color b, float t);  // t = 0: a, 1: b; opaque
ImU32 with_alpha(ImU32 c, float alpha);                       // multiplies c's alpha

// The colours of every screen, from the event's theme. High contrast: black ground, white text
// and lines, yellow accent; nothing dimmed, nothing translucent; boxes outlined.
struct Palette {
    bool high_contrast = false;
    ImU32 bg, fg, muted, accent;
    ImU32 on_accent;      // text on an accent fill: the theme's background or foreground,
                          // whichever stands out more from the accent
    ImU32 card;           // panels, cards, buttons' grounds
    ImU32 pressed;        // a button under the finger (kiosk)
    ImU32 now_row;        // the session on now in a list (kiosk's agenda)
    ImU32 highlight;      // the session on now in the lobby's agenda (stronger: seen from afar)
    ImU32 line;           // separators between rows (kiosk)
    ImU32 rule;           // thin rules under headings (lobby)
    ImU32 track;          // progress bars' tracks
    ImU32 avatar;         // the lobby's initials circle
    ImU32 past, past_muted;  // dimmed text of sessions that are over
    ImU32 emphasis;       // emphasised words in a document
    float border = 0;     // outline width of boxes in high contrast (0 otherwise)
};
// `u`: 1 % of the screen's shorter side (the outline width scales with it).
Palette make_palette(const content::Theme& theme, bool high_contrast, float u);

//-----------------------------------------------------------------------------
// Cards and pills (screen coordinates: a screen mirrors its box first)
//-----------------------------------------------------------------------------

// A card or button ground: the card colour, the pressed colour under a finger, the accent when
// selected; in high contrast outlined in the foreground (twice as thick when pressed).
enum class CardState { Normal, Pressed, Selected };
void draw_card(ImDrawList* dl, ImVec2 min, ImVec2 max, const Palette& p, float rounding,
               CardState state = CardState::Normal);

// A pill (a badge: "Now", "Next ›"): filled with the accent (its label then in on_accent) or
// outlined in it, `outline` px wide (its label in the accent).
void draw_pill(ImDrawList* dl, ImVec2 min, ImVec2 max, const Palette& p, bool filled, float rounding,
               float outline = 0);

//-----------------------------------------------------------------------------
// Direction icons (screen coordinates)
//-----------------------------------------------------------------------------

enum class Toward { Left, Right };
inline Toward toward_reading_end(bool rtl) { return rtl ? Toward::Left : Toward::Right; }
inline Toward toward_reading_start(bool rtl) { return rtl ? Toward::Right : Toward::Left; }

// A chevron: two strokes meeting at the tip. points[1] is the tip, `half_w` to the `toward`
// side of `centre`; points[0] and [2] the ends of the arms, `half_h` above and below.
struct Chevron {
    ImVec2 points[3];
};
Chevron chevron(ImVec2 centre, float half_w, float half_h, Toward toward);
void draw_chevron(ImDrawList* dl, const Chevron& c, ImU32 colour, float thickness);

// An arrow: a shaft `2 * half_len` long through `centre` and a head at the `toward` end.
struct Arrow {
    ImVec2 shaft[2];  // tail, tip
    Chevron head;
};
Arrow arrow(ImVec2 centre, float half_len, Toward toward);
void draw_arrow(ImDrawList* dl, const Arrow& a, ImU32 colour, float thickness);

//-----------------------------------------------------------------------------
// Live changes (content::Session::live): the badges every screen puts on a changed session
//-----------------------------------------------------------------------------
// A session changed live (content/live_changes.h) carries badges: "Cancelled", "Delayed 20 min",
// "Moved to Sarazm Hall", "Hall full", in that order, and its time is the new one with the
// bundle's beside it ("was 10:00"). The words are the phrase catalogue's; the grounds are drawn
// here, the labels by the screen (its own text placement and mirroring). A cancelled session
// is shown dimmed with its title struck through, and is never "now" or "next"
// (content::now_next).

enum class LiveBadgeKind { Cancelled, Delayed, Moved, Full };
struct LiveBadge {
    LiveBadgeKind kind = LiveBadgeKind::Delayed;
    std::string text;        // in the frame's language (English where it has no catalogue)
};
// The badges of `session` in `lang`; none when nothing changed.
std::vector<LiveBadge> live_badges(const content::Event& event, const content::Session& session, std::string_view lang);
// "was 10:00": the start the bundle gave a delayed session; "" when it is not delayed.
std::string was_time(const content::Event& event, const content::Session& session, std::string_view lang);

// The badge's ground (screen coordinates) and the colour of its label: a delay or a move in
// amber, full and cancelled in red (high contrast: the accent, cancelled outlined).
// `alpha` multiplies the colours (the loop's crossfade).
void draw_live_badge(ImDrawList* dl, ImVec2 min, ImVec2 max, const Palette& p, const LiveBadge& badge,
                     float rounding, float alpha = 1.0f);
ImU32 live_badge_label(const Palette& p, LiveBadgeKind kind);
// A line through each line of a text placed at `top_left` (a cancelled title), at the height
// of lower-case letters' middle, `thickness` px.
void draw_strike(ImDrawList* dl, const text::Layout& text, ImVec2 top_left, ImU32 colour, float thickness);

// A session's badges and "was 10:00" laid out for a screen: each label one line (cut with an
// ellipsis only when wider than the row), flowed from the reading start `gap` apart, wrapping
// when the next would not fit. The screen draws each: draw_live_badge for the ground of
// labels[i] with i < badges.size(), then the label `pad` in from its start; "was 10:00" last,
// without a ground. `look`: the size and language (badges in the heading role, "was" in body,
// colours chosen here).
struct BadgeRow {
    std::vector<LiveBadge> badges;
    std::vector<ShownText> labels;   // one per badge, then "was 10:00" when delayed
    std::vector<ImVec2> at;          // logical offsets of each (x from the reading start)
    std::vector<float> widths;       // of each ground (the label and its pads; "was": the label)
    float pad = 0, row_h = 0, h = 0; // h: the height used; 0 when there is nothing to show
    explicit operator bool() const { return !labels.empty(); }
};
BadgeRow badge_row(text::TextEngine& engine, const content::Event& event, const content::Session& session,
                   const TextLook& look, const Palette& p, float max_w, float gap);

// For tests: while set, draw_live_badge appends each badge it draws (with a draw list).
void record_live_badges(std::vector<LiveBadge>* out);

//-----------------------------------------------------------------------------
// QR codes (see the opening comment)
//-----------------------------------------------------------------------------

inline constexpr float kKioskScanMm = 1000, kWallScanMm = 3000;  // scanning distances
inline constexpr int kQrQuietModules = 4;                         // on each side
inline constexpr int kQrMinModulePx = 2;

struct QrModules {
    int size = 0;                 // modules per side (21..177), without the quiet zone
    std::vector<uint8_t> dark;    // size * size, row by row: 1 = dark
};
// A URL's code, fitted: `side` px square with its quiet zone, `module_px` px a module. Empty
// (side 0) when the URL is empty, cannot be encoded, or the room is too small.
struct QrCode {
    std::shared_ptr<const QrModules> modules;
    int module_px = 0;
    float side = 0;
    explicit operator bool() const { return modules && module_px > 0; }
};
// The code of `url` for reading from `distance_mm` on a screen of `px_per_mm`, at most
// `max_side` px square. Encodes once per URL (per thread, bounded); later frames look it up.
QrCode qr_code(const std::string& url, float px_per_mm, float distance_mm, float max_side);
// Draws it with its top-left corner at `top_left` (screen px, rounded to whole px); `alpha`
// multiplies its colours (the loop's crossfade).
void draw_qr(ImDrawList* dl, ImVec2 top_left, const QrCode& code, float alpha = 1.0f);
// The caption beside a code: the URL without its scheme and "www." ("dushanbe2025.tj/agenda").
std::string qr_caption(std::string_view url);
// For tests: how many URLs this thread has encoded (a frame drawn again encodes none).
size_t qr_encodings();
// For tests: while set, draw_qr appends the square it draws and the draw list's clip rectangle
// then (screen px).
struct DrawnQr {
    ImVec2 min, max, clip_min, clip_max;
};
void record_qr_codes(std::vector<DrawnQr>* out);

//-----------------------------------------------------------------------------
// Names
//-----------------------------------------------------------------------------

// The initials of a name: the first grapheme cluster of its first and of its last word ("ЭР",
// "SM"; one word: one letter; no letters: ""). Words are separated by white space and hyphens;
// format characters (bidi marks and isolates) and controls are not letters. When the first
// letter joins to what follows (Arabic, Syriac, N'Ko...), a zero-width non-joiner keeps the two
// apart so that each shows whole; read right to left, the two then read in the name's order.
std::string initials(std::string_view name);

}  // namespace majlis::screens::paint
