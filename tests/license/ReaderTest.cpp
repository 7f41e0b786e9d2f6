// The IIS and COM+ readers: real IIS files from public sources (named in the fixtures), the
// examples' files, and bad input with its file:line.
#include "model/complus/ComPlusCatalog.h"
#include "model/iis/IisConfig.h"
#include "model/snapshot/TextLines.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace dd::model;

std::string dir() { return std::string(DCOMDOCTOR_SOURCE_DIR) + "/tests/license/fixtures/"; }
std::string example(const std::string &name) {
  return std::string(DCOMDOCTOR_SOURCE_DIR) + "/examples/license/" + name;
}

std::vector<uint8_t> bytes(const std::string &path) {
  auto b = snapshot::readFileBytes(path);
  EXPECT_TRUE(b) << path;
  return b ? *b : std::vector<uint8_t>{};
}
std::span<const uint8_t> text(const std::string &s) { return {reinterpret_cast<const uint8_t *>(s.data()), s.size()}; }

// Excerpts of real MetaBase.xml files quoted in public code (sources in the fixture's comment).
TEST(Metabase, ReadsTheRealExcerpts) {
  auto b = bytes(dir() + "iis6-metabase-excerpts.xml");
  auto c = iis::parseMetabase(b, "MetaBase.xml");
  ASSERT_TRUE(c) << c.error().str();
  EXPECT_EQ(c->version, iis::IisVersion::Iis6);
  ASSERT_EQ(c->nodes.size(), 7u);
  const iis::Node *root = c->findNode("/LM/W3SVC/1/ROOT");
  ASSERT_TRUE(root);
  ASSERT_TRUE(root->anonymousEnabled);
  EXPECT_FALSE(root->anonymousEnabled->value); // AuthFlags="AuthNTLM"
  EXPECT_EQ(root->appPoolId->value, "DefaultAppPool");
  EXPECT_EQ(root->appRoot->value, "/LM/W3SVC/1/ROOT");
  EXPECT_EQ(root->line, 36u);
  const iis::Node *site = c->findNode("/LM/W3SVC/1962875481/root");
  ASSERT_TRUE(site && site->anonymousEnabled);
  EXPECT_TRUE(site->anonymousEnabled->value); // "AuthAnonymous | AuthNTLM"
  EXPECT_EQ(site->physicalPath->value, "C:\\inetpub\\MSHSCA13");
  // The chain down to a directory below the site root, outermost first.
  auto chain = c->chain("/LM/W3SVC/1962875481/root/aspnet_client");
  ASSERT_EQ(chain.size(), 4u);
  EXPECT_EQ(chain[0]->path, "/LM/W3SVC");
  EXPECT_EQ(chain[3]->path, "/LM/W3SVC/1962875481/root/aspnet_client");
  // Nothing in these excerpts sets an anonymous user, a password or an ASP value.
  for (const auto &n : c->nodes) {
    EXPECT_FALSE(n.anonymousUserName);
    EXPECT_FALSE(n.anonymousUserPass);
    EXPECT_FALSE(n.aspSessionTimeout);
  }
}

TEST(Metabase, ReadsTheExampleWithPasswordsAsDigestsOnly) {
  auto b = bytes(example("stale-root-password/MetaBase.xml"));
  auto c = iis::parseMetabase(b, "MetaBase.xml");
  ASSERT_TRUE(c) << c.error().str();
  const iis::Node *svc = c->findNode("/LM/W3SVC");
  const iis::Node *root = c->findNode("/LM/W3SVC/1/ROOT");
  ASSERT_TRUE(svc && root && svc->anonymousUserPass && root->anonymousUserPass);
  EXPECT_NE(svc->anonymousUserPass->value.digest, root->anonymousUserPass->value.digest);
  EXPECT_EQ(svc->anonymousUserName->value, "IUSR_WIS01");
  EXPECT_EQ(svc->aspSessionTimeout->value, 20);
  EXPECT_EQ(svc->logonMethod->value, iis::LogonMethod::NetworkCleartext);
  ASSERT_EQ(c->pools.size(), 1u);
  EXPECT_EQ(c->pools[0].name, "DefaultAppPool");
  EXPECT_EQ(c->pools[0].identityType, "NetworkService");
}

TEST(Metabase, CustomElementsAndErrorsWithLines) {
  std::string ok =
      "<configuration><MBProperty>\n<IIsWebService Location=\"/LM/W3SVC\">\n"
      "<Custom Name=\"AspRunOnEndAnonymously\" Value=\"FALSE\"/>\n</IIsWebService></MBProperty></configuration>";
  auto c = iis::parseMetabase(text(ok), "m.xml");
  ASSERT_TRUE(c) << c.error().str();
  ASSERT_TRUE(c->nodes[0].aspRunOnEndAnonymously);
  EXPECT_FALSE(c->nodes[0].aspRunOnEndAnonymously->value);
  EXPECT_EQ(c->nodes[0].aspRunOnEndAnonymously->line, 3u);

  std::string bad = "<configuration><MBProperty>\n\n<IIsWebService Location=\"/LM/W3SVC\" AspSessionTimeout=\"abc\"/>"
                    "</MBProperty></configuration>";
  auto e = iis::parseMetabase(text(bad), "m.xml");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().str(), "m.xml:3: AspSessionTimeout=\"abc\" at /LM/W3SVC: expected a number of minutes");
  auto e2 =
      iis::parseMetabase(text("<configuration>\n<MBProperty>\n<IIsWebService Location=\"/LM/W3SVC\" LogonMethod=\"7\"/>"
                              "</MBProperty></configuration>"),
                         "m.xml");
  ASSERT_FALSE(e2);
  EXPECT_EQ(e2.error().line, 3u);
  auto e3 = iis::parseMetabase(text("<configuration>\n<MBProperty>\n<x></y>"), "m.xml");
  ASSERT_FALSE(e3);
  EXPECT_EQ(e3.error().line, 3u);
  EXPECT_NE(e3.error().message.find("not well-formed XML"), std::string::npos);
  EXPECT_FALSE(iis::parseMetabase(text("<configuration/>"), "m.xml"));
  EXPECT_FALSE(iis::parseMetabase(text("<configuration><MBProperty><K Location=\"/LM/W3SVC\" AuthFlags=\"AuthMagic\"/>"
                                       "</MBProperty></configuration>"),
                                  "m.xml"));
}

// The default applicationhost.config of IIS Express, from a public repository (fixture comment).
TEST(ApplicationHost, ReadsTheRealIisExpressConfig) {
  auto b = bytes(dir() + "iisexpress-applicationhost.config");
  auto c = iis::parseApplicationHost(b, "applicationhost.config");
  ASSERT_TRUE(c) << c.error().str();
  EXPECT_EQ(c->version, iis::IisVersion::Iis7);
  ASSERT_EQ(c->pools.size(), 5u);
  EXPECT_EQ(c->pools[0].name, "Clr4IntegratedAppPool");
  EXPECT_EQ(c->pools[0].identityType, "ApplicationPoolIdentity"); // the default
  ASSERT_EQ(c->applications.size(), 2u);
  EXPECT_EQ(c->applications[1].site, "RFID_WebSite");
  EXPECT_EQ(c->applications[1].siteId, 2u);
  EXPECT_EQ(c->applications[1].pool, "Clr4IntegratedAppPool");
  EXPECT_EQ(c->defaultPool, "Clr4IntegratedAppPool");
  const iis::Node &server = c->nodes[0];
  EXPECT_EQ(server.path, "");
  ASSERT_TRUE(server.anonymousUserName);
  EXPECT_EQ(server.anonymousUserName->value, ""); // userName="": the pool identity
  EXPECT_EQ(server.anonymousUserName->line, 74u);
  EXPECT_TRUE(server.anonymousEnabled->value);
  EXPECT_FALSE(server.anonymousUserPass);
  EXPECT_FALSE(server.aspRunOnEndAnonymously); // not written: the default applies
  ASSERT_EQ(c->nodes.size(), 2u);              // the server level and <location path="">
  EXPECT_EQ(c->nodes[1].keyType, "location");
}

TEST(ApplicationHost, LocationsSessionTimeoutAndErrors) {
  auto b = bytes(example("iis7-pool-identity/applicationHost.config"));
  auto c = iis::parseApplicationHost(b, "applicationHost.config");
  ASSERT_TRUE(c) << c.error().str();
  EXPECT_EQ(c->nodes[0].aspSessionTimeout->value, 20);
  auto chain = c->chain("Default Web Site/Wonderware");
  ASSERT_EQ(chain.size(), 2u);
  EXPECT_TRUE(chain[1]->aspRunOnEndAnonymously->value);
  EXPECT_EQ(c->findPool("WIS")->identityType, "ApplicationPoolIdentity");

  auto e = iis::parseApplicationHost(text("<configuration>\n<system.webServer>\n<asp>\n<session "
                                          "timeout=\"twenty\"/></asp></system.webServer></configuration>"),
                                     "a.config");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().str(), "a.config:4: asp session timeout=\"twenty\": expected hh:mm:ss");
  auto e2 = iis::parseApplicationHost(text("<configuration>\n<system.webServer><security><authentication>\n<"
                                           "anonymousAuthentication logonMethod=\"Magic\"/>"
                                           "</authentication></security></system.webServer></configuration>"),
                                      "a.config");
  ASSERT_FALSE(e2);
  EXPECT_EQ(e2.error().line, 3u);
  EXPECT_FALSE(iis::parseApplicationHost(text("<notconfig/>"), "a.config"));
}

TEST(ComPlusCatalog, ReadsTheFormat) {
  auto b = bytes(example("role-not-assigned/complus-catalog.txt"));
  auto c = complus::parseComPlusCatalog(b, "complus-catalog.txt");
  ASSERT_TRUE(c) << c.error().str();
  ASSERT_EQ(c->applications.size(), 1u);
  const auto &app = c->applications[0];
  EXPECT_EQ(app.name, "Wonderware SuiteVoyager");
  EXPECT_TRUE(app.accessChecksEnabled.value);
  EXPECT_EQ(app.accessChecksLevel.value, 1);
  EXPECT_EQ(app.authentication.value, 2);
  EXPECT_EQ(app.identity.value, "Interactive User");
  ASSERT_EQ(app.roles.size(), 3u);
  EXPECT_EQ(app.findRole("releaselicense")->members[0].sid, "S-1-1-0");
  EXPECT_EQ(app.assignments.size(), 2u);
  EXPECT_EQ(c->applicationOf("WIS.LicenseRelease.1"), &app);
  EXPECT_EQ(c->applicationOf("{5E1C8D2A-7B3F-4A61-9C0E-2D4B6F8A1C3E}"), &app);
}

TEST(ComPlusCatalog, ErrorsNameTheLine) {
  auto parse = [](const std::string &s) { return complus::parseComPlusCatalog(text(s), "c.txt"); };
  auto e = parse("application | A | AccessChecksLevel | 1\nrole | B | R\n");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().line, 2u);
  EXPECT_NE(e.error().message.find("application \"B\" is not declared"), std::string::npos);
  EXPECT_EQ(parse("application | A | AccessChecksLevel | 2\n").error().line, 1u);
  EXPECT_EQ(parse("# c\n\nbogus | A\n").error().line, 3u);
  EXPECT_EQ(parse("application | A\nrole | A | R\nmember | A | R | Everyone | S-1-x\n").error().line, 3u);
  EXPECT_EQ(parse("application | A\ncomponent-role | A | C | R\n").error().line, 2u);
  EXPECT_EQ(parse("application | A\nrole | A\n").error().line, 2u);
  EXPECT_EQ(parse("application | A | ApplicationAccessChecksEnabled | maybe\n").error().line, 1u);
  // Method and interface assignments, members without a SID column.
  auto ok = parse("application | A\nrole | A | R\nmember | A | R | IUSR_X\ncomponent | A | C.1\n"
                  "interface-role | A | C.1 | IRelease | R\nmethod-role | A | C.1 | IRelease | Release | R\n");
  ASSERT_TRUE(ok) << ok.error().str();
  EXPECT_EQ(ok->applications[0].assignments[1].method, "Release");
  EXPECT_EQ(ok->applications[0].roles[0].members[0].sid, "");
}

} // namespace
