// layout_to_json: the layout as `majlis layout --json` prints it (scripted by tests and tools).
#include "text/text.h"

#include <hb.h>
#include <nlohmann/json.hpp>

#include <cmath>

namespace majlis::text {

namespace {
double round3(float v) { return std::round(double(v) * 1000.0) / 1000.0; }
}  // namespace

std::string layout_to_json(const Layout& layout) {
    nlohmann::ordered_json lines = nlohmann::ordered_json::array();
    for (const Line& line : layout.lines) {
        nlohmann::ordered_json runs = nlohmann::ordered_json::array();
        for (const GlyphRun& run : line.runs) {
            char tag[5] = {};
            hb_tag_to_string(hb_script_to_iso15924_tag(hb_script_t(run.script)), tag);
            nlohmann::ordered_json glyphs = nlohmann::ordered_json::array();
            for (const Glyph& g : run.glyphs)
                glyphs.push_back({{"id", g.id}, {"cluster", g.cluster}, {"x", round3(g.x)},
                                  {"y", round3(g.y)}, {"advance", round3(g.advance)}});
            runs.push_back({{"dir", run.rtl() ? "rtl" : "ltr"}, {"level", run.level}, {"script", tag},
                            {"font", run.face ? run.face->file_name : ""}, {"glyphs", std::move(glyphs)}});
        }
        lines.push_back({{"start", line.start}, {"end", line.end}, {"width", round3(line.width)},
                         {"x", round3(line.x)}, {"baseline", round3(line.baseline)},
                         {"dir", line.rtl ? "rtl" : "ltr"}, {"ellipsized", line.ellipsized},
                         {"runs", std::move(runs)}});
    }
    nlohmann::ordered_json out;
    out["lines"] = std::move(lines);
    out["width"] = round3(layout.width);
    out["height"] = round3(layout.height);
    out["truncated"] = layout.truncated;
    return out.dump();
}

}  // namespace majlis::text
