# Strict warnings for our own targets only (third-party headers are included as system headers).
function(pharos_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wsign-conversion -Wnon-virtual-dtor -Wold-style-cast)
  if(PHAROS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# pharos_include_root(TARGET FOLDER PUBLIC|PRIVATE): makes src/FOLDER's headers includable as
# "FOLDER/…" by TARGET (and, PUBLIC, by whatever links it), and by nothing else. The root is a
# build-tree folder holding one symlink, <root>/FOLDER → src/FOLDER; src/ itself is never on an
# include path, so including a module the target does not link fails to compile.
function(pharos_include_root target folder scope)
  set(root ${CMAKE_BINARY_DIR}/include/${folder})
  file(MAKE_DIRECTORY ${root})
  file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${folder} ${root}/${folder} SYMBOLIC)
  target_include_directories(${target} ${scope} ${root})
endfunction()

# pharos_module(NAME SOURCES... DEPS ... PRIVATE_DEPS ...): the library pharos_NAME for src/NAME.
# DEPS are the modules (and libraries) its headers use: they reach whoever links it. PRIVATE_DEPS
# are used by its .cpp files only. A module sees the headers of itself and of what it links.
function(pharos_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(pharos_${name} STATIC ${ARG_SOURCES})
  pharos_include_root(pharos_${name} ${name} PUBLIC)
  target_link_libraries(pharos_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  pharos_warnings(pharos_${name})
endfunction()
