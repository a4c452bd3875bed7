#include "notify/email/mime.h"

#include "notify/crypto.h"

namespace pharos::notify {
namespace {

bool is_plain_ascii(const std::string& s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || u < 0x20) return false;
  }
  return true;
}

std::string wrapped_base64(const std::string& text) {
  std::string encoded = base64(text);
  std::string out;
  for (size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
  return out;
}

std::string part(const std::string& boundary, const char* type, const std::string& body) {
  return "--" + boundary + "\r\nContent-Type: " + type +
         "; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + wrapped_base64(body);
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

std::string encode_header(const std::string& text) {
  if (is_plain_ascii(text)) return text;
  return "=?UTF-8?B?" + base64(text) + "?=";
}

std::string message_id_for(const std::string& delivery_id, const std::string& from) {
  std::string local;
  for (char c : delivery_id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.';
    local += ok ? c : '.';
  }
  auto at = from.find('@');
  std::string domain = at == std::string::npos ? "pharos.invalid" : from.substr(at + 1);
  return local + ".pharos@" + domain;
}

std::string build_mail(const MailHeaders& h, const TextMessage& m) {
  std::string boundary = "pharos-" + message_id_for(h.message_id, "").substr(0, 40) + "-alt";
  std::string out;
  out += "From: " + h.from + "\r\n";
  out += "To: " + join(h.to) + "\r\n";
  out += "Subject: " + encode_header(m.subject) + "\r\n";
  out += "Date: " + format_rfc822(h.date) + "\r\n";
  out += "Message-ID: <" + h.message_id + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  if (!h.unsubscribe_url.empty()) {
    out += "List-Unsubscribe: <" + h.unsubscribe_url + ">\r\n";
    out += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  }
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  out += part(boundary, "text/plain", m.plain);
  out += part(boundary, "text/html", m.html);
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace pharos::notify
