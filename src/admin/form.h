#pragma once
// HTML forms: parsing an application/x-www-form-urlencoded body, collecting errors per field,
// and rendering inputs that show the entered value and their error next to them.
//
// Worked scenario (the composer): the name is empty and component "api" got an unknown status →
// errors {"name": "Give the incident a name.", "component.api": "Unknown status."}; the page is
// rendered again with every entered value kept and each message under its own field; nothing was
// saved. Fields are rendered with the value the person typed, escaped, never with a default.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pharos::admin {

class Form {
 public:
  // Parses "a=1&b=x+y&b=%3C"; names and values are percent-decoded ('+' is a space).
  static Form parse(std::string_view body);

  // The first value of `name`, or empty.
  std::string get(std::string_view name) const;
  // Every value of `name`, in order.
  std::vector<std::string> all(std::string_view name) const;
  bool has(std::string_view name) const;
  // Every field, in order.
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

// Messages for people, one per field name.
class FieldErrors {
 public:
  void add(std::string field, std::string message);
  bool empty() const { return errors_.empty(); }
  std::size_t size() const { return errors_.size(); }
  // The message for `field`, or nullopt.
  std::optional<std::string> get(std::string_view field) const;
  // <p class="field-error" id="err-FIELD">message</p>, or empty.
  std::string html(std::string_view field) const;
  // A short summary box at the top of a form ("2 fields need attention"), or empty.
  std::string summary_html() const;

 private:
  std::map<std::string, std::string, std::less<>> errors_;
};

struct Option {
  std::string value;
  std::string label;
};

// <label>…<input type=TYPE name=NAME value=VALUE>…</label> plus its error; everything escaped.
std::string input_field(std::string_view name, std::string_view label, std::string_view value,
                        const FieldErrors& errors, std::string_view type = "text",
                        std::string_view extra_attributes = "");
std::string textarea_field(std::string_view name, std::string_view label, std::string_view value,
                           const FieldErrors& errors, int rows = 8);
std::string select_field(std::string_view name, std::string_view label,
                         const std::vector<Option>& options, std::string_view selected,
                         const FieldErrors& errors);
std::string checkbox_field(std::string_view name, std::string_view label, bool checked);

}  // namespace pharos::admin
