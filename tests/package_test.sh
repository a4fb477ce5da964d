#!/usr/bin/env bash
# The Debian package (cmake/Packaging.cmake, platform/deb/) as a venue gets it:
#   tests/package_test.sh BUILD_DIR VERSION CONFIGURED_DATA_DIR
# builds the .deb from the built folder (platform/deb/build-deb.sh), reads its control fields and
# maintainer scripts, extracts it into a clean root (dpkg-deb -x: nothing is installed on this
# machine) and runs the extracted binary there: --version, `check` and a `render` of the packaged
# demo, with the data folder it finds beside itself (bin/../share/majlis) and not the source tree
# the build was configured with -- and the order of that rule: --data, then $MAJLIS_DATA_DIR, then
# beside the binary, then the configured folder. The packaged units: the package's paths, and
# `systemd-analyze verify` (Debian: systemd) silent on them. Takes a few seconds (CPack strips the
# binary and runs dpkg-shlibdeps). Needs dpkg-dev and file (Debian).
set -euo pipefail

build=$(cd "${1:?usage: package_test.sh BUILD_DIR VERSION CONFIGURED_DATA_DIR}" && pwd)
version=${2:?}
configured_data=${3:?}
source=$(cd "$(dirname "$0")/.." && pwd)

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
expect_contains() {  # WHAT TEXT NEEDLE
    case "$2" in *"$3"*) ;; *) fail "$1: '$3' not in:"$'\n'"$2" ;; esac
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/majlis-package-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The package, built as a venue or CI builds it.
"$source/platform/deb/build-deb.sh" "$build" "$tmp/out" >/dev/null
debs=("$tmp"/out/majlis_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { echo "FAIL: no single .deb in $tmp/out: ${debs[*]}" >&2; exit 1; }
deb=${debs[0]}
arch=$(dpkg --print-architecture)
[ "$(basename "$deb")" = "majlis_${version}_${arch}.deb" ] || fail "package file $(basename "$deb")"

# Control fields: Depends holds the libraries the binary links (dpkg-shlibdeps) and what it only
# opens at run time (the fonts of fonts/stack.toml, Mesa's drivers).
[ "$(dpkg-deb -f "$deb" Package)" = majlis ] || fail "Package: $(dpkg-deb -f "$deb" Package)"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version: $(dpkg-deb -f "$deb" Version)"
[ "$(dpkg-deb -f "$deb" Architecture)" = "$arch" ] || fail "Architecture: $(dpkg-deb -f "$deb" Architecture)"
depends=$(dpkg-deb -f "$deb" Depends)
for dep in libharfbuzz0b libfribidi0 libicu libglfw3 libsystemd0 fonts-noto-core fonts-hosny-amiri \
    fonts-dejavu-core libgl1-mesa-dri libegl-mesa0 adduser; do
    expect_contains Depends "$depends" "$dep"
done
# Each family fonts/stack.toml names comes from a package the package depends on.
families=$(grep -v '^ *#' "$source/fonts/stack.toml" | grep -o '"[^"]*"' | tr -d '"' | cut -d: -f1 | sort -u)
while IFS= read -r family; do
    [ -n "$family" ] || continue
    file=$(fc-match -f '%{file}' "$family")
    owner=$( [ -n "$file" ] && dpkg -S "$file" 2>/dev/null | cut -d: -f1 | head -n 1 || true)
    [ -n "$owner" ] || { fail "no installed package has the font '$family' of fonts/stack.toml"; continue; }
    expect_contains "Depends (font $family)" "$depends" "$owner"
done <<<"$families"

# Maintainer scripts: present, executable, valid sh; postinst makes the system user.
mkdir "$tmp/control"
dpkg-deb -e "$deb" "$tmp/control"
for script in postinst prerm postrm; do
    [ -x "$tmp/control/$script" ] || { fail "maintainer script $script missing or not executable"; continue; }
    sh -n "$tmp/control/$script" || fail "$script is not valid sh"
done
expect_contains postinst "$(cat "$tmp/control/postinst")" "adduser --system --group --home /var/lib/majlis"

# The files, extracted into a clean root.
root="$tmp/root"
dpkg-deb -x "$deb" "$root"
for f in usr/bin/majlis usr/share/majlis/fonts/stack.toml usr/share/majlis/assets/dushanbe-2025/event.toml \
    usr/share/majlis/assets/i18n/en.toml usr/share/majlis/assets/dashboard/index.html usr/share/doc/majlis/README.md; do
    [ -f "$root/$f" ] || fail "$f is not in the package"
done
expect_contains "the packaged binary" "$(file -b "$root/usr/bin/majlis")" ", stripped"

# Every unit of platform/systemd/, with the package's paths; systemd-analyze verify says nothing
# about it (pointed at the extracted binary: verify checks that the command exists).
for src in "$source"/platform/systemd/*.service; do
    unit="$root/usr/lib/systemd/system/$(basename "$src")"
    [ -f "$unit" ] || { fail "$(basename "$src") is not in the package"; continue; }
    ! grep -n '/opt/\|/srv/' "$unit" || fail "$(basename "$src") keeps paths of the hand-made install"
    expect_contains "$(basename "$src")" "$(grep '^ExecStart=' "$unit")" "/usr/bin/majlis "
    mkdir -p "$tmp/verify"
    sed "s|/usr/bin/majlis |$root/usr/bin/majlis |" "$unit" >"$tmp/verify/$(basename "$src")"
    # (Commands of other packages a venue installs, e.g. cage, need not be on this machine.)
    said=$(systemd-analyze verify "$tmp/verify/$(basename "$src")" 2>&1 |
           grep -v '^[^ ]*: Command /usr/bin/[a-z0-9-]* is not executable: No such file or directory$' || true)
    [ -z "$said" ] || fail "systemd-analyze verify $(basename "$src") said: $said"
done

# The extracted binary, with no flag and no $MAJLIS_DATA_DIR: its own data, not the source tree's.
majlis() { env -u MAJLIS_DATA_DIR -u DISPLAY -u WAYLAND_DISPLAY "$root/usr/bin/majlis" "$@"; }
data_help() { grep -e '--data' || true; }  # the --help line saying which data folder is the default
[ "$(majlis --version)" = "majlis $version" ] || fail "--version says '$(majlis --version)'"
expect_contains "--help" "$(majlis --help | data_help)" "here $root/usr/share/majlis)"
out=$(majlis check "$root/usr/share/majlis/assets/dushanbe-2025" 2>&1) || fail "check of the packaged demo: $out"
expect_contains "check of the packaged demo" "$out" "0 errors, 0 warnings"
out=$(majlis render --screen lobby --at 2025-10-09T10:45 --size 640x360 -o "$tmp/lobby.png" 2>&1) ||
    fail "render of the packaged demo: $out"
! grep -E '(error|warning):' <<<"$out" || fail "render of the packaged demo complained"
expect_contains "the rendered lobby" "$(file -b "$tmp/lobby.png")" "PNG image data, 640 x 360"

# The order of the rule: --data and $MAJLIS_DATA_DIR win over the folder beside the binary...
out=$(majlis --data "$tmp/nowhere" check "$root/usr/share/majlis/assets/dushanbe-2025" 2>&1) && fail "--data ignored"
expect_contains "--data" "$out" "$tmp/nowhere/fonts/stack.toml"
expect_contains "\$MAJLIS_DATA_DIR" "$(MAJLIS_DATA_DIR="$tmp/elsewhere" "$root/usr/bin/majlis" --help | data_help)" \
    "here $tmp/elsewhere)"
# ...and without fonts/stack.toml there, the binary goes back to the folder it was configured with.
rm "$root/usr/share/majlis/fonts/stack.toml"
expect_contains "no data beside the binary" "$(majlis --help | data_help)" "here $configured_data)"

if [ "$failures" -ne 0 ]; then
    echo "package_test: $failures failure(s)" >&2
    exit 1
fi
echo "package_test: $(basename "$deb") passed ($(dpkg-deb -f "$deb" Installed-Size) KiB installed)"
