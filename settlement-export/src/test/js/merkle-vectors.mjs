// Golden vectors from @openzeppelin/merkle-tree itself, for PayoutMerkleTreeTest.
// stdin: {"leaves": [["0xaddress", "amount"], ...], "proofs": [index, ...]}
// stdout: {"root": "0x...", "proofs": {"index": ["0x...", ...]}}
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const { leaves, proofs } = JSON.parse(input);
  const tree = StandardMerkleTree.of(leaves, ['address', 'uint256']);
  const out = { root: tree.root, proofs: {} };
  for (const i of proofs) {
    out.proofs[i] = tree.getProof(i);
  }
  process.stdout.write(JSON.stringify(out));
});
