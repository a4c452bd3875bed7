# Writes OUTPUT: a C++ file defining pharos::site::stylesheet() with the bytes of INPUT.
file(READ ${INPUT} css)
file(WRITE ${OUTPUT} "// Generated from web/static/pharos.css by embed_css.cmake. Do not edit.\n"
  "#include \"site/site_builder.h\"\n"
  "namespace pharos::site {\n"
  "std::string_view stylesheet() {\n"
  "  static constexpr char kCss[] = R\"pharoscss(${css})pharoscss\";\n"
  "  return {kCss, sizeof(kCss) - 1};\n"
  "}\n"
  "}  // namespace pharos::site\n")
