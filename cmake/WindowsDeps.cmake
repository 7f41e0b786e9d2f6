# The libraries of the Windows build, made from Debian's packages (the mingw-w64 compiler cannot
# use /usr/include as a whole: it holds glibc's headers). scripts/windows-deps.sh fetches what is
# not installed as headers. Defines the same targets find_package gives on Linux.
set(DD_DEBIAN_INCLUDE /usr/include CACHE PATH "Debian's include folder (header-only libraries)")
set(DD_WINDOWS_DEPS ${PROJECT_SOURCE_DIR}/build-windows/deps CACHE PATH
    "Where scripts/windows-deps.sh put the pugixml source package")
set(DD_DEPS_INCLUDE ${CMAKE_BINARY_DIR}/deps/include)

# Header-only libraries: their folders copied beside the build (only them, not glibc's headers).
foreach(dir fmt CLI nlohmann toml++)
  if(NOT EXISTS ${DD_DEBIAN_INCLUDE}/${dir})
    message(FATAL_ERROR "${DD_DEBIAN_INCLUDE}/${dir} is missing: run scripts/install-deps.sh --windows")
  endif()
  file(COPY ${DD_DEBIAN_INCLUDE}/${dir} DESTINATION ${DD_DEPS_INCLUDE})
endforeach()

function(dd_header_library target)
  add_library(${target} INTERFACE IMPORTED GLOBAL)
  target_include_directories(${target} SYSTEM INTERFACE ${DD_DEPS_INCLUDE})
  target_compile_definitions(${target} INTERFACE ${ARGN})
endfunction()
dd_header_library(fmt::fmt FMT_HEADER_ONLY=1)
dd_header_library(nlohmann_json::nlohmann_json)
dd_header_library(tomlplusplus::tomlplusplus TOML_HEADER_ONLY=1)
dd_header_library(CLI11::CLI11)

# pugixml: compiled from its Debian source package.
file(GLOB DD_PUGIXML_CPP ${DD_WINDOWS_DEPS}/pugixml-*/src/pugixml.cpp)
if(NOT DD_PUGIXML_CPP)
  message(FATAL_ERROR "no pugixml source in ${DD_WINDOWS_DEPS}: run scripts/windows-deps.sh")
endif()
list(GET DD_PUGIXML_CPP 0 DD_PUGIXML_CPP)
get_filename_component(DD_PUGIXML_SRC ${DD_PUGIXML_CPP} DIRECTORY)
add_library(dd_pugixml STATIC ${DD_PUGIXML_CPP})
target_include_directories(dd_pugixml SYSTEM PUBLIC ${DD_PUGIXML_SRC})
target_compile_options(dd_pugixml PRIVATE -w)
add_library(pugixml::pugixml ALIAS dd_pugixml)

# GoogleTest: built from the source libgtest-dev ships.
if(DCOMDOCTOR_TESTS)
  set(gtest_force_shared_crt ON CACHE BOOL "" FORCE)
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
  add_subdirectory(/usr/src/googletest ${CMAKE_BINARY_DIR}/googletest EXCLUDE_FROM_ALL SYSTEM)
  foreach(lib gtest gtest_main)
    if(NOT TARGET GTest::${lib})
      add_library(GTest::${lib} ALIAS ${lib})
    endif()
  endforeach()
endif()
