# Shared by cmake/mingw-w64-x86_64.cmake and cmake/mingw-w64-i686.cmake, which set
# DD_MINGW_TRIPLE and CMAKE_SYSTEM_PROCESSOR: Debian's mingw-w64 with posix threads (the EVTX
# reader uses std::thread); libraries from cmake/WindowsDeps.cmake.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_C_COMPILER ${DD_MINGW_TRIPLE}-gcc-posix)
set(CMAKE_CXX_COMPILER ${DD_MINGW_TRIPLE}-g++-posix)
set(CMAKE_RC_COMPILER ${DD_MINGW_TRIPLE}-windres)
set(CMAKE_FIND_ROOT_PATH /usr/${DD_MINGW_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# One .exe that needs no DLL beside it: the C and C++ runtimes and winpthread linked in.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")

# Tests run under Wine (ctest prefixes each test command with it).
find_program(DD_WINE NAMES wine NO_CMAKE_FIND_ROOT_PATH)
if(DD_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${DD_WINE})
endif()
