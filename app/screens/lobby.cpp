// The lobby screen (first version): event header with clock and date in the event's time zone,
// and the day's agenda with the current session highlighted and past ones dimmed.
//
// Everything scales from the screen's size; in a right-to-left language the layout mirrors
// (the time column moves to the right, text aligns right), as a native Arabic screen would.
#include "screens/screens.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace majlis::screens {

namespace {

ImU32 to_imgui(content::Color c, float alpha = 1.0f) {
    return IM_COL32(c.r, c.g, c.b, int(float(c.a) * alpha));
}

std::string hhmm(int minute_of_day) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minute_of_day / 60 % 24, minute_of_day % 60);
    return buf;
}

// A horizontal band [x0, x0 + w) of the screen, mirrored in right-to-left languages.
struct Mirror {
    float screen_w;
    bool rtl;
    float x(float x0, float w) const { return rtl ? screen_w - x0 - w : x0; }
};

}  // namespace

bool is_rtl_language(std::string_view lang) {
    const std::string_view primary = lang.substr(0, lang.find_first_of("-_"));
    for (std::string_view l : {"ar", "fa", "ur", "he", "ps", "ug", "ckb", "sd", "yi", "dv"})
        if (primary == l) return true;
    return false;
}

void draw_lobby(const ScreenFrame& f) {
    const content::Event& ev = f.event;
    const content::Theme& theme = ev.theme;
    ImDrawList* dl = f.draw_list;
    const float W = f.size.x, H = f.size.y;
    const float unit = std::min(W, H) / 100.0f;  // 1 % of the shorter side
    const bool rtl = is_rtl_language(f.lang);
    const Mirror m{W, rtl};
    const float margin = 4 * unit;

    dl->AddRectFilled(ImVec2(0, 0), f.size, to_imgui(theme.background));

    // Header: the event's name at the start, clock and date at the end.
    const float header_h = 14 * unit;
    dl->AddRectFilled(ImVec2(0, header_h - 0.4f * unit), ImVec2(W, header_h), to_imgui(theme.accent));
    text::Style clock_style;
    clock_style.font_role = "heading";
    clock_style.size_px = std::round(7 * unit);
    clock_style.lang = f.lang;
    clock_style.dir = text::Direction::LTR;  // 10:30 reads left to right in every language
    clock_style.color = to_imgui(theme.foreground);
    char clock[16];
    std::snprintf(clock, sizeof clock, "%02d:%02d", f.now.minute_of_day / 60, f.now.minute_of_day % 60);
    auto clock_layout = f.engine.layout(clock, clock_style);
    const float clock_w = clock_layout->width;
    f.engine.draw(*clock_layout, dl, ImVec2(m.x(W - margin - clock_w, clock_w), (header_h - clock_layout->height) / 2), 0);

    text::Style name_style;
    name_style.font_role = "heading";
    name_style.size_px = std::round(4.2f * unit);
    name_style.lang = f.lang;
    name_style.color = to_imgui(theme.foreground);
    name_style.max_width = W - 3 * margin - clock_w;
    name_style.max_lines = 2;
    auto name_layout = f.engine.layout(ev.text(ev.name, f.lang), name_style);
    f.engine.draw(*name_layout, dl, ImVec2(m.x(margin, name_style.max_width), (header_h - name_layout->height) / 2), 0);

    // The day's agenda: time column, then title and hall; now highlighted, past dimmed.
    const content::Day* day = content::today(ev, f.now);
    float y = header_h + 3 * unit;
    if (!day) return;
    text::Style row_style;
    row_style.size_px = std::round(3.2f * unit);
    row_style.lang = f.lang;
    text::Style hall_style = row_style;
    hall_style.size_px = std::round(2.4f * unit);
    text::Style time_style = row_style;
    time_style.dir = text::Direction::LTR;
    const float time_w = 22 * unit;
    const float text_x = margin + time_w + 2 * unit;
    const float text_w = W - text_x - margin;
    row_style.max_width = hall_style.max_width = text_w;
    row_style.max_lines = 1;
    hall_style.max_lines = 1;
    const bool today_is_now = day->date == f.now.date;
    for (const content::Session& s : day->sessions) {
        const bool past = today_is_now ? s.end.value <= f.now.minute_of_day : day->date < f.now.date;
        const bool current = today_is_now && s.start.value <= f.now.minute_of_day && f.now.minute_of_day < s.end.value;
        const ImU32 color = past ? to_imgui(theme.muted, 0.8f) : to_imgui(theme.foreground);
        row_style.color = time_style.color = color;
        hall_style.color = to_imgui(theme.muted, past ? 0.6f : 1.0f);
        auto title = f.engine.layout(ev.text(s.title, f.lang), row_style);
        const content::Hall* hall = ev.hall(s.hall);
        auto hall_layout = f.engine.layout(hall ? ev.text(hall->name, f.lang) : s.hall, hall_style);
        const float row_h = title->height + hall_layout->height + 1.5f * unit;
        if (y + row_h > H - margin) break;  // the rest does not fit: never draw half a row
        if (current) {
            dl->AddRectFilled(ImVec2(margin * 0.5f, y - 0.6f * unit), ImVec2(W - margin * 0.5f, y + row_h - 0.6f * unit),
                              to_imgui(theme.accent, 0.18f), unit);
            const float bar_x = m.x(margin * 0.5f, 0.8f * unit);
            dl->AddRectFilled(ImVec2(bar_x, y - 0.6f * unit), ImVec2(bar_x + 0.8f * unit, y + row_h - 0.6f * unit),
                              to_imgui(theme.accent));
        }
        auto time_layout = f.engine.layout(hhmm(s.start.value) + "\u2013" + hhmm(s.end.value), time_style);
        f.engine.draw(*time_layout, dl, ImVec2(m.x(margin, time_layout->width), y), 0);
        f.engine.draw(*title, dl, ImVec2(m.x(text_x, text_w), y), 0);
        f.engine.draw(*hall_layout, dl, ImVec2(m.x(text_x, text_w), y + title->height), 0);
        y += row_h;
    }
}

void draw_operator_marker(const ScreenFrame& f) {
    // A small amber triangle in the bottom corner: staff know to run `majlis check`; visitors
    // see nothing that reads as an error.
    const float s = std::min(f.size.x, f.size.y) / 100.0f * 1.6f;
    const bool rtl = is_rtl_language(f.lang);
    const float x = rtl ? s * 0.8f : f.size.x - s * 0.8f;
    const float y = f.size.y - s * 0.8f;
    const float dir = rtl ? 1.0f : -1.0f;
    f.draw_list->AddTriangleFilled(ImVec2(x, y), ImVec2(x + dir * s, y), ImVec2(x, y - s), IM_COL32(230, 160, 30, 200));
}

}  // namespace majlis::screens
