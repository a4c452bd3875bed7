# Strict warnings for our own targets only (third-party headers are included as system headers).
function(pharos_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wsign-conversion -Wnon-virtual-dtor -Wold-style-cast)
  if(PHAROS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# pharos_module(NAME SOURCES... DEPS ...): a library for one src/ folder.
function(pharos_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(pharos_${name} STATIC ${ARG_SOURCES})
  target_include_directories(pharos_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(pharos_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  pharos_warnings(pharos_${name})
endfunction()
