# Cross-compiles a 32-bit dcomdoctor.exe (for 32-bit plant PCs); needs Debian's
# g++-mingw-w64-i686-posix (not installed by scripts/install-deps.sh, not built by CI):
#   cmake -S . -B build-windows32 -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-i686.cmake \
#     -DDCOMDOCTOR_TESTS=OFF -DDD_WINDOWS_DEPS=$PWD/build-windows/deps
set(CMAKE_SYSTEM_PROCESSOR x86)
set(DD_MINGW_TRIPLE i686-w64-mingw32)
include(${CMAKE_CURRENT_LIST_DIR}/mingw-w64-common.cmake)
