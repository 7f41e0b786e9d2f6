// COM rights: dcomcnfg's words and the old-style EXECUTE-only ACE rule.
#include "winsec/ComRights.h"

#include <gtest/gtest.h>

using namespace dd::winsec::com;

TEST(ComRights, OldStyleExecuteOnlyGrantsEverythingOfItsKind) {
  EXPECT_EQ(effectiveComRights(Execute, PermissionKind::Launch), 0x1Fu);
  EXPECT_EQ(effectiveComRights(Execute, PermissionKind::Access), 0x7u);
  EXPECT_EQ(effectiveLaunchRights(0x1), 0x1Fu);
  EXPECT_EQ(effectiveAccessRights(0x1), 0x7u);
}

TEST(ComRights, NewStyleMasksAreTakenAsWritten) {
  EXPECT_EQ(effectiveComRights(0xB, PermissionKind::Launch), 0xBu);
  EXPECT_EQ(effectiveComRights(0x3, PermissionKind::Access), 0x3u);
  EXPECT_EQ(effectiveComRights(0x1F, PermissionKind::Launch), 0x1Fu);
  // Without EXECUTE it is not the old format either: nothing is added.
  EXPECT_EQ(effectiveComRights(0x0, PermissionKind::Launch), 0x0u);
  EXPECT_EQ(effectiveComRights(0x4, PermissionKind::Access), 0x4u);
}

TEST(ComRights, DcomcnfgWords) {
  EXPECT_EQ(describeComRights(0x1F, PermissionKind::Launch),
            "Local Launch, Remote Launch, Local Activation, Remote Activation");
  EXPECT_EQ(describeComRights(0xB, PermissionKind::Launch), "Local Launch, Local Activation");
  EXPECT_EQ(describeComRights(0x7, PermissionKind::Access), "Local Access, Remote Access");
  EXPECT_EQ(describeComRights(0x3, PermissionKind::Access), "Local Access");
  EXPECT_EQ(describeComRights(0x1, PermissionKind::Access), "none");
  EXPECT_EQ(describeComRights(0x18, PermissionKind::Access), "none"); // activation is not access
  EXPECT_STREQ(kindName(PermissionKind::Launch), "launch");
}
