// majlis fleet: what the fleet's .cpp files share that is not part of any API.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unistd.h>

namespace majlis::fleet::detail {

// Writes all n bytes to fd, through short writes and EINTR. False on any error (errno says).
inline bool write_all(int fd, const char* p, size_t n) {
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= size_t(w);
    }
    return true;
}

// One HTTP exchange through libcurl (the player's uploads, `majlis alert`): `body` (nullptr:
// none) sent with `content_type`; the answer's body kept up to `max_body` bytes (0: dropped; a
// longer one fails the exchange). http and https only; `abort` (may be null) set ends it.
// error is "" when an answer came (whatever its status).
struct HttpExchange {
    long status = 0;
    std::string body;
    std::string error;
};
HttpExchange http_exchange(const std::string& method, const std::string& url, const std::string* body,
                           const char* content_type, int connect_timeout_ms, int timeout_ms,
                           const std::atomic<bool>* abort, size_t max_body);

inline int64_t unix_ms_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A fresh random id of 2 x `bytes` lowercase hex digits (request and message ids).
inline std::string random_hex(size_t bytes) {
    static thread_local std::mt19937_64 engine{std::random_device{}()};
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < bytes; ++i) {
        auto b = unsigned(engine() & 0xff);
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

using json = nlohmann::json;

constexpr int64_t kMaxSafeInteger = (int64_t(1) << 53);  // what every JSON reader keeps exact

inline std::string dump(const json& j) {
    // Strings from the app may hold broken UTF-8 (an error message): replaced, never thrown.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The strict, bounded JSON the fleet's payloads are read with (presence.h, control.h).
// Reads known fields of a JSON object one by one; the first problem is kept in `error`.
struct FieldReader {
    const json& object;
    std::string error;

    const json* find(const char* key, bool required) {
        auto it = object.find(key);
        if (it == object.end()) {
            if (required && error.empty()) error = std::string("\"") + key + "\" is missing";
            return nullptr;
        }
        return &*it;
    }
    void fail(const char* key, const char* what) {
        if (error.empty()) error = std::string("\"") + key + "\" " + what;
    }
    void string(const char* key, std::string& out, size_t max, bool required = false) {
        const json* v = find(key, required);
        if (!v) return;
        if (!v->is_string()) return fail(key, "is not a string");
        const auto& s = v->get_ref<const std::string&>();
        if (s.size() > max) return fail(key, "is too long");
        out = s;
    }
    void integer(const char* key, int64_t& out, int64_t lo, int64_t hi, bool required = false) {
        const json* v = find(key, required);
        if (!v) return;
        if (v->is_number_unsigned()) {
            uint64_t u = v->get<uint64_t>();
            if (u > uint64_t(hi) || (lo > 0 && u < uint64_t(lo))) return fail(key, "is out of range");
            out = int64_t(u);
        } else if (v->is_number_integer()) {
            int64_t i = v->get<int64_t>();
            if (i < lo || i > hi) return fail(key, "is out of range");
            out = i;
        } else {
            fail(key, "is not an integer");
        }
    }
    void integer(const char* key, int& out, int lo, int hi) {
        int64_t wide = out;
        integer(key, wide, lo, hi);
        out = int(wide);
    }
    void number(const char* key, double& out, double lo, double hi) {
        const json* v = find(key, false);
        if (!v) return;
        if (!v->is_number()) return fail(key, "is not a number");
        double d = v->get<double>();
        if (!std::isfinite(d) || d < lo || d > hi) return fail(key, "is out of range");
        out = d;
    }
    void boolean(const char* key, bool& out, bool required) {
        const json* v = find(key, required);
        if (!v) return;
        if (!v->is_boolean()) return fail(key, "is not true or false");
        out = v->get<bool>();
    }
};

// The payload as a JSON object, bounded; nullopt with the reason otherwise.
inline std::optional<json> parse_object(std::string_view payload, size_t max, std::string* error) {
    auto refuse = [&](const std::string& why) -> std::optional<json> {
        if (error) *error = why;
        return std::nullopt;
    };
    if (payload.size() > max) return refuse("payload of " + std::to_string(payload.size()) + " bytes (at most " + std::to_string(max) + ")");
    json j = json::parse(payload.begin(), payload.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return refuse("not JSON");
    if (!j.is_object()) return refuse("not a JSON object");
    return j;
}

template <typename T>
std::optional<T> finish(FieldReader& reader, T value, std::string* error) {
    if (!reader.error.empty()) {
        if (error) *error = reader.error;
        return std::nullopt;
    }
    return value;
}


}  // namespace majlis::fleet::detail
