package io.bootcloud.dev.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootcloud.core.UserException;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.rules.PayoutMerkleTree;
import io.bootcloud.rules.RootApproval;
import io.bootcloud.settlement.batch.ApprovalSignatures;
import io.bootcloud.settlement.chain.ChainClient;
import io.bootcloud.settlement.chain.RewardDistributorContract;
import io.bootcloud.settlement.chain.TeamVestingContract;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * BCT and RewardDistributor on a real anvil chain: §7 allocation, M-of-N EIP-712 approvals
 * checked on-chain, timelock, guardian revocation, cumulative claims with proofs from the Java
 * Merkle tree, and every refusal by its custom error.
 */
class RewardDistributorAnvilTest {

  private static final BigInteger UNIT = BigInteger.TEN.pow(18);
  private static final long TIMELOCK = 3600;
  private static Anvil anvil;
  private static ChainClient chain;
  private static List<Credentials> keys;
  private static RewardDistributorContract distributor;
  private static List<Credentials> signers;
  private static Credentials guardian;
  private static Credentials anyone;

  @BeforeAll
  static void deploy() throws IOException {
    anvil = Anvil.start(null, Duration.ZERO);
    chain = new ChainClient(anvil.rpcUrl(), Anvil.CHAIN_ID);
    keys = DevChainKeys.forChain(Anvil.CHAIN_ID);
    signers = new ArrayList<>(keys.subList(1, 4));
    signers.sort(Comparator.comparing(c -> Numeric.toBigInt(c.getAddress())));
    guardian = keys.get(4);
    anyone = keys.get(5);
    Credentials deployer = keys.get(0);
    distributor = RewardDistributorContract.deploy(chain, deployer,
        Map.of("early_users", keys.get(1).getAddress(), "foundation", keys.get(2).getAddress(),
            "private_placement", keys.get(3).getAddress(), "founding_team", keys.get(3).getAddress()),
        deployer.getAddress(), guardian.getAddress(), signers.stream().map(Credentials::getAddress).toList(), 2,
        TIMELOCK, 1_767_225_600L, RulesetLoader.loadDefault().miningCapUnits());
  }

  @AfterAll
  static void stop() {
    chain.close();
    anvil.close();
  }

  private static String wallet(int i) {
    return "0x" + "%040x".formatted(0xbee00L + i);
  }

  private static List<String> approvals(long day, String root, BigInteger total, String manifest,
      List<Credentials> by) {
    RootApproval a = new RootApproval(Anvil.CHAIN_ID, distributor.address(), day, root, total, manifest);
    return by.stream().map(k -> ApprovalSignatures.sign(a, k)).toList();
  }

  private static void advance(long seconds) throws IOException {
    HttpService http = new HttpService(anvil.rpcUrl());
    new Request<>("evm_increaseTime", List.of(seconds), http, Response.class).send();
    new Request<>("evm_mine", List.of(), http, Response.class).send();
  }

  @Test
  void allocatesPerWhitepaperAndSettlesCumulativeDays() throws IOException {
    // §7: 87,000,000 BCT; 52% (45,240,000) funds the distributor; 8% + 10% + 15% + 15% to the holders.
    assertThat(distributor.funded()).isEqualTo(BigInteger.valueOf(45_240_000L).multiply(UNIT));
    assertThat(distributor.tokenBalance(keys.get(1).getAddress())).isEqualTo(BigInteger.valueOf(6_960_000L).multiply(UNIT));
    assertThat(distributor.tokenBalance(keys.get(2).getAddress())).isEqualTo(BigInteger.valueOf(8_700_000L).multiply(UNIT));
    // The founding team's 15% goes to its vesting contract, not to its holder.
    assertThat(distributor.tokenBalance(keys.get(3).getAddress())).isEqualTo(BigInteger.valueOf(13_050_000L).multiply(UNIT));
    List<RewardDistributorContract.Allocation> lines = distributor.allocations();
    assertThat(lines).extracting(RewardDistributorContract.Allocation::line).containsExactly("mining", "early_users",
        "foundation", "private_placement", "founding_team");
    assertThat(lines).extracting(a -> a.amount().divide(UNIT).longValueExact())
        .containsExactly(45_240_000L, 6_960_000L, 8_700_000L, 13_050_000L, 13_050_000L);
    String vesting = lines.get(4).holder();
    assertThat(vesting).isNotEqualTo(keys.get(3).getAddress());
    assertThat(distributor.tokenBalance(vesting)).isEqualTo(BigInteger.valueOf(13_050_000L).multiply(UNIT));
    assertThat(new TeamVestingContract(chain, vesting).beneficiary()).isEqualTo(keys.get(3).getAddress());
    assertThat(distributor.totalSupply()).isEqualTo(BigInteger.valueOf(87_000_000L).multiply(UNIT));

    long day1 = 20_454; // 2026-01-01
    List<PayoutMerkleTree.Leaf> leaves1 = List.of(new PayoutMerkleTree.Leaf(wallet(1), BigInteger.valueOf(700)),
        new PayoutMerkleTree.Leaf(wallet(2), BigInteger.valueOf(200)),
        new PayoutMerkleTree.Leaf(wallet(3), BigInteger.valueOf(100)));
    PayoutMerkleTree tree1 = PayoutMerkleTree.of(leaves1);
    BigInteger total1 = BigInteger.valueOf(1000);
    String manifest1 = "0x" + "11".repeat(32);

    // The Java EIP-712 digest is the contract's own.
    RootApproval approval = new RootApproval(Anvil.CHAIN_ID, distributor.address(), day1, tree1.root(), total1,
        manifest1);
    assertThat(distributor.approvalDigest(day1, tree1.root(), total1, manifest1))
        .isEqualTo(Numeric.toHexString(approval.digest()));
    assertThat(ApprovalSignatures.recover(approval, ApprovalSignatures.sign(approval, signers.get(0)))).isEqualTo(signers.get(0).getAddress());

    // Refusals, each by its error.
    List<String> two = approvals(day1, tree1.root(), total1, manifest1, signers.subList(0, 2));
    expectRevert(RewardDistributorContract.postRootData(day1, tree1.root(), total1, manifest1, two.subList(0, 1)),
        "NotEnoughApprovals");
    expectRevert(RewardDistributorContract.postRootData(day1, tree1.root(), total1, manifest1,
        List.of(two.get(1), two.get(0))), "SignerNotAscending");
    expectRevert(RewardDistributorContract.postRootData(day1, tree1.root(), total1, manifest1,
        List.of(two.get(0), two.get(0))), "SignerNotAscending");
    expectRevert(RewardDistributorContract.postRootData(day1, tree1.root(), total1, manifest1,
        approvals(day1, tree1.root(), total1, manifest1, List.of(anyone, signers.get(0)))), "NotASigner");
    expectRevert(RewardDistributorContract.postRootData(day1, tree1.root(), total1.add(BigInteger.ONE), manifest1, two),
        "NotASigner"); // approvals of another total recover to other addresses
    // Approvals signed for another chain id or another contract (EIP-712 domain) recover to other addresses.
    RootApproval otherChain = new RootApproval(1, distributor.address(), day1, tree1.root(), total1, manifest1);
    expectRevert(RewardDistributorContract.postRootData(day1, tree1.root(), total1, manifest1,
        signers.subList(0, 2).stream().map(k -> ApprovalSignatures.sign(otherChain, k)).toList()), "NotASigner");
    RootApproval otherContract = new RootApproval(Anvil.CHAIN_ID, "0x" + "12".repeat(20), day1, tree1.root(), total1,
        manifest1);
    expectRevert(RewardDistributorContract.postRootData(day1, tree1.root(), total1, manifest1,
        signers.subList(0, 2).stream().map(k -> ApprovalSignatures.sign(otherContract, k)).toList()), "NotASigner");
    String zero = "0x" + "0".repeat(64);
    expectRevert(RewardDistributorContract.postRootData(day1, zero, total1, manifest1,
        approvals(day1, zero, total1, manifest1, signers.subList(0, 2))), "ZeroRoot");
    BigInteger tooMuch = distributor.funded().add(BigInteger.ONE);
    expectRevert(RewardDistributorContract.postRootData(day1, tree1.root(), tooMuch, manifest1,
        approvals(day1, tree1.root(), tooMuch, manifest1, signers.subList(0, 2))), "AboveFunded");

    // Post, revoke by the guardian, post again, wait out the timelock, accept by anyone.
    distributor.send(anyone, RewardDistributorContract.postRootData(day1, tree1.root(), total1, manifest1, two));
    assertThat(distributor.pending().root()).isEqualTo(tree1.root());
    expectRevert(RewardDistributorContract.postRootData(day1, tree1.root(), total1, manifest1, two), "RootPending");
    expectRevert(RewardDistributorContract.acceptRootData(), "TimelockRunning");
    assertThatThrownBy(() -> distributor.send(anyone, RewardDistributorContract.revokeRootData()))
        .hasMessageContaining("NotGuardian");
    distributor.send(guardian, RewardDistributorContract.revokeRootData());
    assertThat(distributor.pending().postedAt()).isZero();
    List<String> allThree = approvals(day1, tree1.root(), total1, manifest1, signers);
    distributor.send(anyone, RewardDistributorContract.postRootData(day1, tree1.root(), total1, manifest1, allThree));
    advance(TIMELOCK);
    distributor.send(anyone, RewardDistributorContract.acceptRootData());
    assertThat(distributor.current().day()).isEqualTo(day1);
    assertThat(distributor.current().cumulativeTotal()).isEqualTo(total1);

    // Anyone claims for a wallet; tokens go to the wallet; a second claim has nothing left.
    distributor.send(anyone, RewardDistributorContract.claimData(wallet(1), BigInteger.valueOf(700),
        tree1.proof(wallet(1))));
    assertThat(distributor.tokenBalance(wallet(1))).isEqualTo(BigInteger.valueOf(700));
    expectRevert(RewardDistributorContract.claimData(wallet(1), BigInteger.valueOf(700), tree1.proof(wallet(1))),
        "NothingToClaim");
    expectRevert(RewardDistributorContract.claimData(wallet(2), BigInteger.valueOf(201), tree1.proof(wallet(2))),
        "InvalidProof");

    // Day 2: cumulative amounts grow; an earlier or equal day is refused; one claim collects both days.
    long day2 = day1 + 1;
    PayoutMerkleTree tree2 = PayoutMerkleTree.of(List.of(
        new PayoutMerkleTree.Leaf(wallet(1), BigInteger.valueOf(1000)),
        new PayoutMerkleTree.Leaf(wallet(2), BigInteger.valueOf(500)),
        new PayoutMerkleTree.Leaf(wallet(3), BigInteger.valueOf(100)),
        new PayoutMerkleTree.Leaf(wallet(4), BigInteger.valueOf(400))));
    BigInteger total2 = BigInteger.valueOf(2000);
    String manifest2 = "0x" + "22".repeat(32);
    expectRevert(RewardDistributorContract.postRootData(day1, tree2.root(), total2, manifest2,
        approvals(day1, tree2.root(), total2, manifest2, signers.subList(1, 3))), "DayNotAfter");
    BigInteger lower = BigInteger.valueOf(999);
    expectRevert(RewardDistributorContract.postRootData(day2, tree2.root(), lower, manifest2,
        approvals(day2, tree2.root(), lower, manifest2, signers.subList(1, 3))), "CumulativeDecreased");
    distributor.send(anyone, RewardDistributorContract.postRootData(day2, tree2.root(), total2, manifest2,
        approvals(day2, tree2.root(), total2, manifest2, signers.subList(1, 3))));
    advance(TIMELOCK);
    distributor.send(anyone, RewardDistributorContract.acceptRootData());
    distributor.send(anyone, RewardDistributorContract.claimData(wallet(1), BigInteger.valueOf(1000),
        tree2.proof(wallet(1))));
    distributor.send(anyone, RewardDistributorContract.claimData(wallet(2), BigInteger.valueOf(500),
        tree2.proof(wallet(2))));
    assertThat(distributor.tokenBalance(wallet(1))).isEqualTo(BigInteger.valueOf(1000));
    assertThat(distributor.tokenBalance(wallet(2))).isEqualTo(BigInteger.valueOf(500));
    assertThat(distributor.claimed(wallet(2))).isEqualTo(BigInteger.valueOf(500));
    // An old day's proof no longer verifies against the new root.
    expectRevert(RewardDistributorContract.claimData(wallet(3), BigInteger.valueOf(100), tree1.proof(wallet(3))),
        "InvalidProof");

    // Paused: no claims; the guardian may pause, only the owner unpauses.
    distributor.send(guardian, FunctionData.pause());
    expectRevert(RewardDistributorContract.claimData(wallet(4), BigInteger.valueOf(400), tree2.proof(wallet(4))),
        "EnforcedPause");
    distributor.send(keys.get(0), FunctionData.unpause());
    distributor.send(anyone, RewardDistributorContract.claimData(wallet(4), BigInteger.valueOf(400),
        tree2.proof(wallet(4))));
    assertThat(distributor.tokenBalance(wallet(4))).isEqualTo(BigInteger.valueOf(400));
    assertThat(distributor.funded()).isEqualTo(BigInteger.valueOf(45_240_000L).multiply(UNIT));
  }

  /** A policy whose cap is below the §7 mining line funds the distributor with the cap; one above it is refused. */
  @Test
  void theDistributorIsFundedWithThePolicysMiningCap() throws IOException {
    Credentials deployer = keys.get(5);
    Map<String, String> holders = Map.of("early_users", keys.get(1).getAddress(), "foundation",
        keys.get(2).getAddress(), "private_placement", keys.get(3).getAddress(), "founding_team",
        keys.get(3).getAddress());
    List<String> signerAddresses = signers.stream().map(Credentials::getAddress).toList();
    BigInteger cap = BigInteger.valueOf(1_000_000L).multiply(UNIT);
    RewardDistributorContract small = RewardDistributorContract.deploy(chain, deployer, holders,
        deployer.getAddress(), guardian.getAddress(), signerAddresses, 2, TIMELOCK, 1_767_225_600L, cap);
    assertThat(small.funded()).isEqualTo(cap);
    // 45,240,000 - 1,000,000 BCT of the mining line stay with the deployer.
    assertThat(small.tokenBalance(deployer.getAddress())).isEqualTo(BigInteger.valueOf(44_240_000L).multiply(UNIT));

    long nonce = chain.web3j().ethGetTransactionCount(deployer.getAddress(),
        org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send().getTransactionCount().longValueExact();
    BigInteger aboveTheLine = BigInteger.valueOf(45_240_000L).multiply(UNIT).add(BigInteger.ONE);
    assertThatThrownBy(() -> RewardDistributorContract.deploy(chain, deployer, holders, deployer.getAddress(),
        guardian.getAddress(), signerAddresses, 2, TIMELOCK, 1_767_225_600L, aboveTheLine))
        .isInstanceOf(UserException.class).hasMessageContaining("at most the §7 mining line")
        .hasMessageContaining("nothing was deployed");
    assertThat(chain.web3j().ethGetTransactionCount(deployer.getAddress(),
        org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send().getTransactionCount().longValueExact())
        .isEqualTo(nonce);
  }

  private static void expectRevert(String data, String error) {
    assertThatThrownBy(() -> distributor.send(anyone, data)).isInstanceOf(ChainClient.ChainException.class)
        .hasMessageContaining(error);
  }

  /** Calls without arguments the contract exposes for administration. */
  private static final class FunctionData {
    static String pause() {
      return org.web3j.abi.FunctionEncoder.encode(new org.web3j.abi.datatypes.Function("pause", List.of(), List.of()));
    }

    static String unpause() {
      return org.web3j.abi.FunctionEncoder.encode(new org.web3j.abi.datatypes.Function("unpause", List.of(), List.of()));
    }
  }
}
