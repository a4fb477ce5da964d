#include "core/log.h"

#include <cstdio>

namespace majlis {

const char* log_level_name(LogLevel level) {
    switch (level) {
    case LogLevel::Debug: return "debug";
    case LogLevel::Info: return "info";
    case LogLevel::Warning: return "warning";
    case LogLevel::Error: return "error";
    }
    return "?";
}

Log::Log()
    : sink_([](LogLevel, std::string_view line) {
          std::fwrite(line.data(), 1, line.size(), stderr);
          std::fputc('\n', stderr);
      }) {}

Log::Log(Sink sink) : sink_(std::move(sink)) {}

Log Log::capture(std::vector<std::string>* lines) {
    return Log([lines](LogLevel, std::string_view line) { lines->emplace_back(line); });
}

void Log::write(LogLevel level, std::string_view area, std::string_view message) {
    if (level < min_level) return;
    std::string line = "majlis: ";
    line += log_level_name(level);
    line += ": ";
    line += area;
    line += ": ";
    line += message;
    std::lock_guard<std::mutex> lock(mutex_);
    sink_(level, line);
}

void Log::once(LogLevel level, std::string_view area, std::string_view message) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        std::string key(area);
        key += '\x1f';
        key += message;
        if (seen_.size() >= kMaxSeen) seen_.clear();
        if (!seen_.insert(std::move(key)).second) return;
    }
    write(level, area, message);
}

}  // namespace majlis
