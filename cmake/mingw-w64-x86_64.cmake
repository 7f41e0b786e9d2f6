# Cross-compiles dcomdoctor.exe for 64-bit Windows (Windows 7 / Server 2008 R2 and later):
#   cmake -S . -B build-windows -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake
# (`./run windows` does this and runs the tests under Wine).
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(DD_MINGW_TRIPLE x86_64-w64-mingw32)
include(${CMAKE_CURRENT_LIST_DIR}/mingw-w64-common.cmake)
