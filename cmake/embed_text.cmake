# Writes OUTPUT: a C++ file defining NAMESPACE::FUNCTION() (NAMESPACE defaults to pharos::site)
# with the bytes of INPUT, so the binary carries its static texts without reading the source tree.
if(NOT NAMESPACE)
  set(NAMESPACE pharos::site)
endif()
file(READ ${INPUT} text)
get_filename_component(name ${INPUT} NAME)
file(WRITE ${OUTPUT} "// Generated from ${name} by embed_text.cmake. Do not edit.\n"
  "#include <string_view>\n"
  "namespace ${NAMESPACE} {\n"
  "std::string_view ${FUNCTION}() {\n"
  "  static constexpr char kText[] = R\"pharostext(${text})pharostext\";\n"
  "  return {kText, sizeof(kText) - 1};\n"
  "}\n"
  "}  // namespace ${NAMESPACE}\n")
