#!/usr/bin/env bash
# The majlis Debian package from a configured and built folder (cmake/Packaging.cmake says what
# goes in it):
#   platform/deb/build-deb.sh BUILD_DIR [OUT_DIR]    ->  OUT_DIR/majlis_<version>_<arch>.deb
# OUT_DIR defaults to BUILD_DIR; CPack's staging folder (_CPack_Packages) goes there too, so runs
# into different OUT_DIRs do not meet. The architecture is the build's (a cross-built folder
# gives arm64): dpkg-shlibdeps is told it, so it looks up the libraries of that architecture
# (the :arm64 packages a cross-build installs). Needs dpkg-dev and file (Debian); $CPACK names
# another cpack than the one on PATH.
set -euo pipefail

build=${1:?usage: platform/deb/build-deb.sh BUILD_DIR [OUT_DIR]}
out=${2:-$build}
config="$build/CPackConfig.cmake"
[ -f "$config" ] || { echo "build-deb: $config is missing: configure and build $build first" >&2; exit 2; }
[ -x "$build/majlis" ] || { echo "build-deb: $build/majlis is missing: build it first" >&2; exit 2; }

arch=$(sed -n 's/^set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE "\(.*\)")$/\1/p' "$config")
mkdir -p "$out"
DEB_HOST_ARCH=${arch:-$(dpkg --print-architecture)} ${CPACK:-cpack} -G DEB --config "$config" \
  -B "$(cd "$out" && pwd)" >"$out/cpack.log" 2>&1 || { cat "$out/cpack.log" >&2; exit 1; }
# CPack's own line: "CPack: - package: PATH generated."
sed -n 's/^CPack: - package: \(.*\) generated\.$/\1/p' "$out/cpack.log"
