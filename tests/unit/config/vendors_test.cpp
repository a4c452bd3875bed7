#include "config/vendors.h"

#include <gtest/gtest.h>

#include "support/config_assertions.h"

namespace pharos {
namespace {

using testing::HasMarkedErrors;

TEST(VendorsConfigTest, ReadsEveryKeyWithDefaults) {
  auto loaded = parse_config(R"(page: { name: Acme }
components:
  - { id: cdn, name: CDN, depends_on: "vendor:cloudflare/CDN/Cache" }
vendors:
  - slug: cloudflare
    name: Cloudflare
    url: https://www.cloudflarestatus.com
    format: statuspage
    interval: 5m
    timeout: 20s
    components: [ "CDN/Cache", DNS ]
    public: true
  - { slug: github, url: "https://www.githubstatus.com/history.atom" }
)",
                             "pharos.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.describe();
  const auto& v = loaded.config.vendors;
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].slug, "cloudflare");
  EXPECT_EQ(v[0].name, "Cloudflare");
  EXPECT_EQ(v[0].format, VendorFormat::kStatuspage);
  EXPECT_EQ(v[0].interval, std::chrono::minutes(5));
  EXPECT_EQ(v[0].timeout, std::chrono::seconds(20));
  EXPECT_EQ(v[0].components, (std::vector<std::string>{"CDN/Cache", "DNS"}));
  EXPECT_EQ(v[1].name, "github") << "the slug names a vendor without a name";
  EXPECT_EQ(v[1].format, VendorFormat::kAuto);
  EXPECT_EQ(v[1].interval, std::chrono::minutes(2));
  EXPECT_TRUE(v[0].is_public);
  EXPECT_FALSE(v[1].is_public) << "vendors stay off the public page unless asked";
}

TEST(VendorsConfigTest, ReportsEachBadFieldWithItsPlace) {
  const std::string yaml = R"(page: { name: Acme }
vendors:
  - { slug: Cloud Flare, url: "https://x.example" }
  # ^ vendors[0].slug: lower-case letters
  - { slug: gh, url: "ftp://x.example", format: xml }
  # ^ vendors[1].url: http:// or https://
  # ^ vendors[1].format: statuspage
  - { slug: gh, url: "https://x.example", interval: 1s }
  # ^ vendors[2].slug: listed twice
  # ^ vendors[2].interval: at least 10s
  - { slug: ok, url: "https://x.example", colour: red }
  # ^ vendors[3].colour
  - just-a-string
  # ^ vendors[4]: expected a mapping
  - { slug: pub, url: "https://x.example", public: maybe }
  # ^ vendors[5].public: expected true or false
)";
  auto loaded = parse_config(yaml, "pharos.yaml");
  EXPECT_TRUE(HasMarkedErrors(loaded, yaml));
  EXPECT_EQ(loaded.errors.size(), 8u) << loaded.describe();
}

TEST(VendorsConfigTest, ChecksVendorDependenciesAgainstTheVendors) {
  const std::string yaml = R"(page: { name: Acme }
components:
  - { id: a, name: A, depends_on: "vendor:nobody/cdn" }
  # ^ components[0].depends_on: unknown vendor 'nobody'
  # ^ components[0].depends_on: cloudflare, github
  - { id: b, name: B, depends_on: "vendor:cloudflare/Workers" }
  # ^ components[1].depends_on: does not list component 'Workers'
  - { id: c, name: C, depends_on: "vendor:cloudflare" }
  # ^ components[2].depends_on: vendor:<slug>/<component>
  - { id: d, name: D, depends_on: "vendor:github/Actions" }
vendors:
  - { slug: cloudflare, url: "https://www.cloudflarestatus.com", components: [CDN] }
  - { slug: github, url: "https://www.githubstatus.com" }
)";
  auto loaded = parse_config(yaml, "pharos.yaml");
  EXPECT_TRUE(HasMarkedErrors(loaded, yaml));
  EXPECT_EQ(loaded.errors.size(), 3u)
      << "a vendor without a components list accepts any: " << loaded.describe();
}

TEST(VendorsConfigTest, FormatNamesRoundTrip) {
  for (auto f :
       {VendorFormat::kAuto, VendorFormat::kStatuspage, VendorFormat::kInstatus,
        VendorFormat::kIncidentIo, VendorFormat::kAtom, VendorFormat::kRss, VendorFormat::kHtml}) {
    EXPECT_EQ(parse_vendor_format(to_string(f)), f);
  }
  EXPECT_FALSE(parse_vendor_format("xml").has_value());
}

}  // namespace
}  // namespace pharos
