# Cross-building majlis for arm64 (Raspberry Pi 4/5 and other 64-bit ARM boards) on a Debian 12
# amd64 machine, from Debian's own packages: the cross compilers (crossbuild-essential-arm64) and
# the :arm64 -dev packages installed beside the machine's own (multiarch: headers in /usr/include,
# libraries and .pc files in /usr/lib/aarch64-linux-gnu). .ci/cross-arm64 installs them and uses
# this file:
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake
# Programs built here run through qemu-user (qemu-aarch64-static, Debian: qemu-user-static),
# named as the emulator so that ctest and gtest's test discovery work without binfmt_misc (which a
# container often lacks). The arm64 loader and libraries are where multiarch put them (/lib, /usr/lib/
# aarch64-linux-gnu), so qemu needs no -L.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
# Debian's wrapper: pkg-config reading the arm64 .pc files only (never the machine's own).
set(PKG_CONFIG_EXECUTABLE aarch64-linux-gnu-pkg-config CACHE FILEPATH "pkg-config for arm64")

set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static)
