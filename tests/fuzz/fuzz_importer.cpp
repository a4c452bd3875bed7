// libFuzzer entry points for the importer's parsers. Arbitrary bytes must never crash, hang or
// read out of bounds; errors are fine. The first byte chooses whether --date/--tz are given, so
// both the "needs an option" and the "resolves the time" paths are explored.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "importer/general_reader.h"
#include "importer/html_text.h"
#include "importer/import_json.h"
#include "importer/importer.h"
#include "importer/page_facts.h"
#include "importer/page_lines.h"
#include "importer/page_timeline.h"
#include "importer/parsers.h"
#include "importer/prose_times.h"
#include "importer/time_text.h"
#include "importer/vocabulary.h"

using namespace pharos;
using namespace pharos::importer;

namespace {

ImportOptions options_for(uint8_t choice) {
  ImportOptions o;
  o.source_name = "fuzz";
  if (choice & 1) o.date = date::year_month_day{date::year{2024}, date::month{2}, date::day{16}};
  if (choice & 2) o.zone = *TimeZone::locate((choice & 4) ? "Europe/Dublin" : "America/Chicago");
  if (choice & 8) o.vendor = "fuzz";
  return o;
}

void consume(const Result<ImportedIncident>& r) {
  if (r.ok()) (void)boost::json::serialize(to_json(*r));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  ImportOptions options = options_for(data[0]);
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
#if defined(FUZZ_TARGET_aggregator)
  consume(parse_aggregator(split_lines(text), PageHints{}, options));
#elif defined(FUZZ_TARGET_statuspage_page)
  consume(parse_statuspage_page(split_lines(text), PageHints{}, options));
#elif defined(FUZZ_TARGET_instatus)
  consume(parse_instatus(split_lines(text), PageHints{}, options));
#elif defined(FUZZ_TARGET_statuspage_json)
  auto list = parse_statuspage_json(text, options);
  if (list.ok()) {
    for (const auto& i : *list) (void)boost::json::serialize(to_json(i));
  }
#elif defined(FUZZ_TARGET_feed)
  auto feed = parse_statuspage_feed(text, options);
  if (feed.ok()) {
    for (const auto& i : *feed) (void)boost::json::serialize(to_json(i));
  }
#elif defined(FUZZ_TARGET_html)
  auto html = html_to_lines(text);
  consume(parse_aggregator(html.lines, html.hints, options));
  consume(parse_statuspage_page(html.lines, html.hints, options));
  consume(parse_instatus(html.lines, html.hints, options));
#elif defined(FUZZ_TARGET_general)
  // The layout-independent reader and its pieces, on text and on the text of HTML.
  consume(read_general(split_lines(text), PageHints{}, options));
  auto lines = split_lines(text);
  auto page = classify_lines(lines);  // points into `lines`
  (void)read_page_facts(page);
  (void)read_timeline(page);
  (void)find_prose_span(text);
  (void)find_prose_length(text);
  (void)status_from_wording(text);
  (void)parse_duration_minutes(text);
  (void)spell_numeric_dates(text);
  auto html = html_to_lines(text);
  consume(read_general(html.lines, html.hints, options));
#elif defined(FUZZ_TARGET_time_text)
  if (auto stamp = find_stamp(text)) {
    std::string warning;
    (void)resolve_stamp(*stamp, options, 2024, &warning);
  }
  (void)is_stamp_line(text);
  (void)parse_report(text, options);
#endif
  return 0;
}
