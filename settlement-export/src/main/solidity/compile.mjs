// Compiles the contracts with the pinned solc-js (no compiler download) and writes one JSON
// per contract (abi, bytecode, compiler version) for the Java code to deploy and call.
// Usage: node compile.mjs <outDir>
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const here = path.dirname(new URL(import.meta.url).pathname);
const moduleRoot = path.resolve(here, "../../..");
const solc = require(path.join(moduleRoot, "node_modules/solc"));
const outDir = process.argv[2];
if (!outDir) {
  console.error("usage: node compile.mjs <outDir>");
  process.exit(2);
}
const sources = {};
for (const f of ["BCT.sol", "RewardDistributor.sol", "FoundingTeamVesting.sol"]) {
  sources[f] = { content: fs.readFileSync(path.join(here, f), "utf8") };
}
const input = {
  language: "Solidity",
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "cancun",
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
  },
};
function findImports(p) {
  const candidate = path.join(moduleRoot, "node_modules", p);
  if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, "utf8") };
  return { error: "not found: " + p };
}
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors || []).filter((e) => e.severity === "error");
for (const e of output.errors || []) console.error(e.formattedMessage);
if (errors.length) process.exit(1);
fs.mkdirSync(outDir, { recursive: true });
for (const [file, contracts] of Object.entries(output.contracts)) {
  for (const [name, c] of Object.entries(contracts)) {
    if (!sources[file] || name !== path.basename(file, ".sol")) continue;
    const artifact = { contractName: name, compiler: "solc-js " + solc.version(), abi: c.abi, bytecode: "0x" + c.evm.bytecode.object };
    fs.writeFileSync(path.join(outDir, name + ".json"), JSON.stringify(artifact, null, 1));
    console.log("compiled " + name + " (" + c.evm.bytecode.object.length / 2 + " bytes)");
  }
}
