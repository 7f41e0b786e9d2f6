// `dcomdoctor diff`: what changed between two snapshots of one host ("what changed since it last
// worked"). Every DCOM-relevant fact the model reads from a snapshot folder is compared: the Limits,
// Defaults and each AppID's permissions ACE by ACE, machine and AppCompat values, identities, Lsa
// values, accounts, groups, user rights, firewall, services, OS and patch level, each difference
// with the evidence of both sides. With a plant, the host is put in the plant as A and as B and the
// matrix is run for both: the predictions that change (docs/diff.md).
#pragma once

#include "model/Plant.h"
#include "support/Result.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace dd::audit {

// One difference between A and B.
struct Difference {
  std::string area;                 // "Limits", "Defaults", "AppID Acme.OPCDA.1", "accounts", "firewall", ...
  std::string what;                 // what changed, in dcomcnfg's / the command's words
  std::string before;               // the value in A ("" when absent)
  std::string after;                // the value in B ("" when absent)
  std::string evidenceA, evidenceB; // file:line (or file and registry value) of each side
};

// A prediction of the plant that is not the same with A and with B.
struct PredictionChange {
  std::string clientHost, client, serverHost, server;
  std::string direction;               // "connect" or "advise"
  uint32_t hresultA = 0, hresultB = 0; // 0 = works
  std::string stepA, stepB;            // the deciding step (docs/model.md#<id>), "" when it works
};

struct DiffResult {
  std::string hostA, hostB; // host names the snapshots state
  std::vector<Difference> differences;
  std::vector<PredictionChange> predictions;
  bool same() const { return differences.empty() && predictions.empty(); }
};

// A snapshot folder read as a host: the Windows defaults of its OS, then the folder's files (as a
// plant file naming only `snapshot = FOLDER` reads it).
Result<model::Host> loadSnapshotHost(const std::filesystem::path &folder);

// Every DCOM-relevant difference between two readings of a host, in a fixed order.
std::vector<Difference> diffHosts(const model::Host &a, const model::Host &b);

// The plant file with host `hostName`'s snapshot replaced by `folder` (the rest as it is, the plant
// file's own keys still applied over the snapshot).
Result<model::Plant> plantWithSnapshot(const std::filesystem::path &plantFile, const std::string &hostName,
                                       const std::filesystem::path &folder);

// The connect and advise predictions that differ between plant `a` and plant `b`, matched by
// names (client host, client program, server host, server ProgID); pairs only one side has are
// listed with the other side's code 0 and step "absent".
std::vector<PredictionChange> diffPredictions(const model::Plant &a, const model::Plant &b, int threads = 2);

void writeDiffText(std::ostream &out, const DiffResult &result);
nlohmann::json diffJson(const DiffResult &result);

} // namespace dd::audit
