# Writes OUTPUT: a C++ file defining pharos::site::FUNCTION() with the bytes of INPUT.
file(READ ${INPUT} text)
get_filename_component(name ${INPUT} NAME)
file(WRITE ${OUTPUT} "// Generated from ${name} by embed_text.cmake. Do not edit.\n"
  "#include <string_view>\n"
  "namespace pharos::site {\n"
  "std::string_view ${FUNCTION}() {\n"
  "  static constexpr char kText[] = R\"pharostext(${text})pharostext\";\n"
  "  return {kText, sizeof(kText) - 1};\n"
  "}\n"
  "}  // namespace pharos::site\n")
