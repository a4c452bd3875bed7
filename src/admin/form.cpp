#include "admin/form.h"

#include "core/text.h"
#include "web/http.h"

namespace pharos::admin {

Form Form::parse(std::string_view body) {
  Form form;
  for (const std::string& pair : split(body, '&')) {
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string_view name = std::string_view(pair).substr(0, eq);
    std::string_view value =
        eq == std::string::npos ? std::string_view() : std::string_view(pair).substr(eq + 1);
    form.fields_.emplace_back(web::percent_decode(name, true), web::percent_decode(value, true));
  }
  return form;
}

std::string Form::get(std::string_view name) const {
  for (const auto& [key, value] : fields_) {
    if (key == name) return value;
  }
  return {};
}

std::vector<std::string> Form::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : fields_) {
    if (key == name) out.push_back(value);
  }
  return out;
}

bool Form::has(std::string_view name) const {
  for (const auto& field : fields_) {
    if (field.first == name) return true;
  }
  return false;
}

void FieldErrors::add(std::string field, std::string message) {
  errors_.emplace(std::move(field), std::move(message));  // the first message per field wins
}

std::optional<std::string> FieldErrors::get(std::string_view field) const {
  auto it = errors_.find(field);
  if (it == errors_.end()) return std::nullopt;
  return it->second;
}

std::string FieldErrors::html(std::string_view field) const {
  auto message = get(field);
  if (!message) return {};
  return "<p class=\"field-error\" id=\"err-" + html_escape(field) + "\">" + html_escape(*message) +
         "</p>";
}

std::string FieldErrors::summary_html() const {
  if (errors_.empty()) return {};
  std::string count = std::to_string(errors_.size());
  return "<div class=\"form-errors\" role=\"alert\">" + count +
         (errors_.size() == 1 ? " field needs" : " fields need") +
         " attention; nothing was saved.</div>";
}

namespace {

std::string open_label(std::string_view name, std::string_view label, const FieldErrors& errors) {
  std::string cls = errors.get(name) ? "field has-error" : "field";
  return "<div class=\"" + cls + "\"><label for=\"f-" + html_escape(name) + "\">" +
         html_escape(label) + "</label>";
}

}  // namespace

std::string input_field(std::string_view name, std::string_view label, std::string_view value,
                        const FieldErrors& errors, std::string_view type,
                        std::string_view extra_attributes) {
  std::string out = open_label(name, label, errors);
  out += "<input id=\"f-" + html_escape(name) + "\" type=\"" + html_escape(type) + "\" name=\"" +
         html_escape(name) + "\" value=\"" + html_escape(value) + "\"";
  if (!extra_attributes.empty()) out += " " + std::string(extra_attributes);
  out += ">" + errors.html(name) + "</div>";
  return out;
}

std::string textarea_field(std::string_view name, std::string_view label, std::string_view value,
                           const FieldErrors& errors, int rows) {
  std::string out = open_label(name, label, errors);
  out += "<textarea id=\"f-" + html_escape(name) + "\" name=\"" + html_escape(name) + "\" rows=\"" +
         std::to_string(rows) + "\">" + html_escape(value) + "</textarea>";
  out += errors.html(name) + "</div>";
  return out;
}

std::string select_field(std::string_view name, std::string_view label,
                         const std::vector<Option>& options, std::string_view selected,
                         const FieldErrors& errors) {
  std::string out = open_label(name, label, errors);
  out += "<select id=\"f-" + html_escape(name) + "\" name=\"" + html_escape(name) + "\">";
  for (const Option& option : options) {
    out += "<option value=\"" + html_escape(option.value) + "\"";
    if (option.value == selected) out += " selected";
    out += ">" + html_escape(option.label) + "</option>";
  }
  out += "</select>" + errors.html(name) + "</div>";
  return out;
}

std::string checkbox_field(std::string_view name, std::string_view label, bool checked) {
  return "<div class=\"field check\"><label><input type=\"checkbox\" name=\"" + html_escape(name) +
         "\" value=\"yes\"" + (checked ? " checked" : "") + "> " + html_escape(label) +
         "</label></div>";
}

}  // namespace pharos::admin
