// majlis content: `majlis check DIR`, the loader's diagnostics for people and scripts.
//
//     agenda.toml:14:8: error: unknown hall 'sarazn' (did you mean 'sarazm'?)
//     participants.toml:5:1: warning: missing translation 'tg' of title (shown in 'en')
//     assets/dushanbe-2025: 1 error, 1 warning
//
// One diagnostic a line (Diagnostic::format), then a summary line naming the folder as given.
// Exit code: 0 valid (warnings allowed), 1 errors, 2 the folder could not be read.
//
// A folder whose event.toml names a schedule URL is fetched into first (schedule_fetch.h): a
// failure keeps the copy fetched before, and the loader's warning on `url` says why.
#include "content/content.h"
#include "content/schedule_fetch.h"

#include <cstdio>

namespace majlis::content {

int check_command(const std::string& dir, const LoadOptions& options, std::FILE* out) {
    if (const std::optional<ScheduleSource> source = schedule_source(dir)) fetch_schedule(dir, source->url);
    const LoadResult r = load_event(dir, options);
    const size_t errors = r.errors(), warnings = r.warnings();
    if (out) {
        for (const Diagnostic& d : r.diagnostics) std::fprintf(out, "%s\n", d.format().c_str());
        std::fprintf(out, "%s: %zu error%s, %zu warning%s\n", dir.c_str(), errors, errors == 1 ? "" : "s", warnings,
                     warnings == 1 ? "" : "s");
        std::fflush(out);
    }
    if (!r.readable) return 2;
    return errors > 0 ? 1 : 0;
}

}  // namespace majlis::content
