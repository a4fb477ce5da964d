// majlis fleet: the hub's operators (see operators.h).
#include "fleet/operators.h"

#include "fleet/presence.h"

#include <sodium.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace majlis::fleet {

namespace {

constexpr size_t kMaxRemembered = 256;  // good headers remembered (operators x browsers)

bool sodium_ready() { return sodium_init() >= 0; }

// "name:HASH" -> name, hash; false when it is not one.
bool split_line(std::string_view line, std::string& name, std::string& hash) {
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return false;
    name = std::string(line.substr(0, colon));
    hash = std::string(line.substr(colon + 1));
    return valid_fleet_id(name) && hash.rfind("$argon2", 0) == 0 && hash.size() < crypto_pwhash_STRBYTES;
}

}  // namespace

std::string hash_password(std::string_view password) {
    if (!sodium_ready()) return "";
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return "";
    return out;
}

bool set_operator_password(const std::string& file, const std::string& name, std::string_view password,
                           std::string& error) {
    if (!valid_fleet_id(name)) {
        error = "operator name '" + name + "': 1 to 64 of A-Z a-z 0-9 _ -";
        return false;
    }
    if (password.empty()) {
        error = "an empty password";
        return false;
    }
    std::vector<std::string> lines;
    {
        std::ifstream in(file);
        std::string line, n, h;
        while (std::getline(in, line))
            if (!line.empty() && !(split_line(line, n, h) && n == name)) lines.push_back(line);
    }
    const std::string hash = hash_password(password);
    if (hash.empty()) {
        error = "cannot hash the password (out of memory?)";
        return false;
    }
    lines.push_back(name + ":" + hash);
    std::string text;
    for (const std::string& l : lines) text += l + "\n";
    const std::string temp = file + ".new";
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        error = temp + ": " + std::strerror(errno);
        return false;
    }
    ::fchmod(fd, 0600);
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0) break;
        done += size_t(n);
    }
    const bool written = done == text.size() && ::fsync(fd) == 0;
    if (::close(fd) != 0 || !written || ::rename(temp.c_str(), file.c_str()) != 0) {
        error = file + ": cannot write: " + std::strerror(errno);
        ::unlink(temp.c_str());
        return false;
    }
    return true;
}

Operators::Operators() { randombytes_buf(cache_key_.data(), cache_key_.size()); }

std::unique_ptr<Operators> Operators::load(const std::string& file, std::string& error) {
    if (!sodium_ready()) {
        error = "libsodium cannot start";
        return nullptr;
    }
    std::ifstream in(file);
    if (!in) {
        error = file + ": cannot read it (make it with: majlis passwd " + file + " NAME)";
        return nullptr;
    }
    std::unique_ptr<Operators> ops(new Operators);
    std::string line, name, hash;
    for (int number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        if (!split_line(line, name, hash)) {
            error = file + ":" + std::to_string(number) + ": not name:HASH (made by majlis passwd)";
            return nullptr;
        }
        ops->hashes_[name] = hash;
    }
    if (ops->hashes_.empty()) {
        error = file + ": no operator in it (add one with: majlis passwd " + file + " NAME)";
        return nullptr;
    }
    return ops;
}

std::optional<std::string> Operators::check(std::string_view authorization) const {
    constexpr std::string_view scheme = "Basic ";
    if (authorization.size() > 1024 || authorization.substr(0, scheme.size()) != scheme) return std::nullopt;
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(authorization.data()),
                       authorization.size(), cache_key_.data(), cache_key_.size());
    const std::string remembered(reinterpret_cast<const char*>(digest), sizeof digest);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (auto it = accepted_.find(remembered); it != accepted_.end()) return it->second;
    }
    const std::string_view b64 = authorization.substr(scheme.size());
    std::string decoded(b64.size(), '\0');
    size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(), b64.data(), b64.size(),
                          nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        return std::nullopt;
    decoded.resize(length);
    const size_t colon = decoded.find(':');
    if (colon == std::string::npos) return std::nullopt;
    const std::string name = decoded.substr(0, colon);
    const auto it = hashes_.find(name);
    // An unknown name costs the same Argon2 as a known one: the time says nothing of the names.
    const std::string& hash = it != hashes_.end() ? it->second : hashes_.begin()->second;
    const bool good = crypto_pwhash_str_verify(hash.c_str(), decoded.data() + colon + 1, decoded.size() - colon - 1) == 0 &&
                      it != hashes_.end();
    sodium_memzero(decoded.data(), decoded.size());
    if (!good) return std::nullopt;
    std::lock_guard<std::mutex> lock(mutex_);
    if (accepted_.size() >= kMaxRemembered) accepted_.clear();
    accepted_[remembered] = name;
    return name;
}

}  // namespace majlis::fleet
