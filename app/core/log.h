// majlis core: the log.
//
// One Log is made by the app and handed to whatever needs to report (there is no global log).
// Lines go to a sink (stderr by default) in a plain, greppable format:
//
//     majlis: warning: text: no font covers U+1F600 GRINNING FACE
//     ^^^^^^  ^^^^^^^  ^^^^  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
//     program level    area  message
//
// `once()` reports a message only the first time it is seen (a missing glyph drawn every frame
// must not flood the log); the number of distinct messages remembered is bounded.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace majlis {

enum class LogLevel { Debug, Info, Warning, Error };

const char* log_level_name(LogLevel level);  // "debug", "info", "warning", "error"

class Log {
public:
    using Sink = std::function<void(LogLevel, std::string_view line)>;

    Log();                                  // writes to stderr
    explicit Log(Sink sink);                // writes to `sink` (tests capture lines this way)

    void write(LogLevel level, std::string_view area, std::string_view message);
    void once(LogLevel level, std::string_view area, std::string_view message);  // deduplicated

    void debug(std::string_view area, std::string_view m) { write(LogLevel::Debug, area, m); }
    void info(std::string_view area, std::string_view m) { write(LogLevel::Info, area, m); }
    void warning(std::string_view area, std::string_view m) { write(LogLevel::Warning, area, m); }
    void error(std::string_view area, std::string_view m) { write(LogLevel::Error, area, m); }

    LogLevel min_level = LogLevel::Info;    // lines below this level are dropped

    // A Log that collects lines into a vector (for tests that check messages word for word).
    static Log capture(std::vector<std::string>* lines);

private:
    Sink sink_;
    std::mutex mutex_;
    std::unordered_set<std::string> seen_;  // for once(); cleared when it grows past kMaxSeen
    static constexpr std::size_t kMaxSeen = 4096;
};

}  // namespace majlis
