// majlis fleet: the hub's operators (see operators.h).
#include "fleet/operators.h"

#include "core/log.h"
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

Operators::Operators(std::string file, Log& log) : file_(std::move(file)), log_(log) {
    randombytes_buf(cache_key_.data(), cache_key_.size());
}

Operators::FileStamp Operators::stamp_of(const std::string& file) {
    struct stat st {};
    FileStamp stamp;
    if (::stat(file.c_str(), &st) != 0) return stamp;
    stamp.inode = st.st_ino;
    stamp.size = st.st_size;
    stamp.mtime = st.st_mtim;
    return stamp;
}

std::shared_ptr<const Operators::Hashes> Operators::read_file(const std::string& file, std::string& error) {
    std::ifstream in(file);
    if (!in) {
        error = file + ": cannot read it (make it with: majlis passwd " + file + " NAME)";
        return nullptr;
    }
    auto hashes = std::make_shared<Hashes>();
    std::string line, name, hash;
    for (int number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        if (!split_line(line, name, hash)) {
            error = file + ":" + std::to_string(number) + ": not name:HASH (made by majlis passwd)";
            return nullptr;
        }
        (*hashes)[name] = hash;
    }
    if (hashes->empty()) {
        error = file + ": no operator in it (add one with: majlis passwd " + file + " NAME)";
        return nullptr;
    }
    return hashes;
}

std::unique_ptr<Operators> Operators::load(const std::string& file, std::string& error, Log& log) {
    if (!sodium_ready()) {
        error = "libsodium cannot start";
        return nullptr;
    }
    std::unique_ptr<Operators> ops(new Operators(file, log));
    ops->stamp_ = stamp_of(file);  // before reading: a change while reading is read again
    ops->looked_ = std::chrono::steady_clock::now();
    ops->hashes_ = read_file(file, error);
    if (!ops->hashes_) return nullptr;
    return ops;
}

void Operators::reread_if_changed() const {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        if (now - looked_ < kRecheck) return;
        looked_ = now;
        const FileStamp stamp = stamp_of(file_);
        if (stamp == stamp_) return;
        stamp_ = stamp;  // a broken file is told once, not at every check
    }
    // Read outside the lock (checks go on with the list they have); two threads that both saw
    // the change read the same file.
    std::string error;
    std::shared_ptr<const Hashes> hashes = read_file(file_, error);
    std::lock_guard<std::mutex> lock(mutex_);
    if (!hashes) {
        log_.warning("hub", error + "; the " + std::to_string(hashes_->size()) + " operator(s) read before are kept");
        return;
    }
    hashes_ = std::move(hashes);
    accepted_.clear();  // an operator removed, or given a new password, is out at once
    log_.info("hub", file_ + " read again: " + std::to_string(hashes_->size()) + " operator(s)");
}

std::optional<Operators::Credentials> Operators::parse_basic(std::string_view authorization) {
    constexpr std::string_view scheme = "Basic ";
    if (authorization.size() > 1024 || authorization.substr(0, scheme.size()) != scheme) return std::nullopt;
    if (!sodium_ready()) return std::nullopt;
    const std::string_view b64 = authorization.substr(scheme.size());
    // Only the alphabet's bytes: Debian's libsodium (1.0.18) decodes some bytes above 0x7F as if
    // they were base64 digits (the operators fuzz target found "b3BzOnNlc2F\xF4ZQ==" taken as
    // "ops:sesae"), so another header than the one its credentials make would pass.
    if (b64.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != std::string_view::npos)
        return std::nullopt;
    std::string decoded(b64.size(), '\0');
    size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(), b64.data(), b64.size(),
                          nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
        sodium_memzero(decoded.data(), decoded.size());
        return std::nullopt;
    }
    decoded.resize(length);
    const size_t colon = decoded.find(':');
    std::optional<Credentials> out;
    if (colon != std::string::npos) out = Credentials{decoded.substr(0, colon), decoded.substr(colon + 1)};
    sodium_memzero(decoded.data(), decoded.size());
    return out;
}

std::optional<std::string> Operators::check(std::string_view authorization) const {
    reread_if_changed();
    std::optional<Credentials> credentials = parse_basic(authorization);
    if (!credentials) return std::nullopt;
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(authorization.data()),
                       authorization.size(), cache_key_.data(), cache_key_.size());
    const std::string remembered(reinterpret_cast<const char*>(digest), sizeof digest);
    std::shared_ptr<const Hashes> hashes;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (auto it = accepted_.find(remembered); it != accepted_.end()) {
            sodium_memzero(credentials->password.data(), credentials->password.size());
            return it->second;
        }
        hashes = hashes_;
    }
    const auto it = hashes->find(credentials->name);
    // An unknown name costs the same Argon2 as a known one: the time says nothing of the names.
    const std::string& hash = it != hashes->end() ? it->second : hashes->begin()->second;
    const std::string& password = credentials->password;
    const bool good = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0 && it != hashes->end();
    sodium_memzero(credentials->password.data(), credentials->password.size());
    if (!good) return std::nullopt;
    std::lock_guard<std::mutex> lock(mutex_);
    if (hashes != hashes_) return credentials->name;  // the file changed meanwhile: not remembered
    if (accepted_.size() >= kMaxRemembered) accepted_.clear();
    accepted_[remembered] = credentials->name;
    return credentials->name;
}

}  // namespace majlis::fleet
