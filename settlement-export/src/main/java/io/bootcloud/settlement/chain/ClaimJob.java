package io.bootcloud.settlement.chain;

import static org.apache.spark.sql.functions.col;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.io.DayPartitions;
import io.bootcloud.rules.PayoutMerkleTree;
import io.bootcloud.settlement.chain.ChainClient;
import io.bootcloud.settlement.chain.RewardDistributorContract;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * {@code bootcloud claim}: a wallet's claimable amount under the latest accepted root, with its
 * proof from settlement.payout_items, and, given a key to pay gas, the claim itself. The tree is
 * cumulative, so one claim collects every day up to the accepted one; tokens always go to the
 * wallet, whoever sends the transaction.
 */
public final class ClaimJob {

  /** Where a wallet stands: its cumulative amount in the accepted root, what it already claimed. */
  public record Status(String wallet, LocalDate day, String root, BigInteger cumulativeAmount, BigInteger claimed,
      BigInteger claimable, List<String> proof) {}

  public record Claimed(Status before, String txHash, long gasUsed, BigInteger received) {}

  private final SparkSession spark;
  private final RewardDistributorContract distributor;

  public ClaimJob(SparkSession spark, RewardDistributorContract distributor) {
    this.spark = spark;
    this.distributor = distributor;
  }

  public Status status(String walletAddress) throws IOException {
    if (!WalletUtils.isValidAddress(walletAddress) || !walletAddress.startsWith("0x")) {
      throw new UserException("claim: \"" + walletAddress + "\" is not a 0x-prefixed 20-byte address",
          UserException.EXIT_USAGE);
    }
    String wallet = walletAddress.toLowerCase(Locale.ROOT);
    RewardDistributorContract.Root current = distributor.current();
    if (current.isEmpty()) {
      throw new UserException("claim: the distributor " + distributor.address() + " has no accepted root yet; "
          + "nothing can be claimed until 'bootcloud settle' accepts a day");
    }
    LocalDate day = LocalDate.ofEpochDay(current.day());
    List<Row> batch = DayPartitions.read(spark, Catalog.PAYOUT_BATCHES, day).select("merkle_root").collectAsList();
    if (batch.isEmpty() || !batch.get(0).getString(0).equals(current.root())) {
      throw new UserException("claim: the chain's accepted root for " + day + " is " + current.root()
          + " but settlement.payout_batches holds " + (batch.isEmpty() ? "no batch" : batch.get(0).getString(0))
          + " for that day; this lakehouse did not export the accepted batch");
    }
    BigInteger claimed = distributor.claimed(wallet);
    List<Row> item = DayPartitions.read(spark, Catalog.PAYOUT_ITEMS, day).where(col("wallet").equalTo(wallet))
        .select("cumulative_amount", "proof").collectAsList();
    if (item.isEmpty()) {
      return new Status(wallet, day, current.root(), BigInteger.ZERO, claimed, BigInteger.ZERO, List.of());
    }
    BigInteger cumulative = item.get(0).getDecimal(0).toBigIntegerExact();
    List<String> proof = item.get(0).getList(1);
    if (!PayoutMerkleTree.verify(current.root(), new PayoutMerkleTree.Leaf(wallet, cumulative), proof)) {
      throw new UserException("claim: the proof of " + wallet + " in settlement.payout_items does not verify against "
          + "the accepted root " + current.root() + "; the table was altered");
    }
    return new Status(wallet, day, current.root(), cumulative, claimed, cumulative.subtract(claimed).max(BigInteger.ZERO),
        proof);
  }

  /** Sends the claim for {@code wallet}, paid by {@code payer}; refuses when there is nothing to claim. */
  public Claimed claim(Credentials payer, String walletAddress, Duration wait) throws IOException {
    Status s = status(walletAddress);
    if (s.claimable().signum() == 0) {
      throw new UserException("claim: nothing to claim for " + s.wallet() + " (cumulative " + s.cumulativeAmount()
          + " under the root of " + s.day() + ", already claimed " + s.claimed() + ")");
    }
    BigInteger balanceBefore = distributor.tokenBalance(s.wallet());
    ChainClient chain = distributor.chain();
    ChainClient.Signed tx = chain.sign(payer, distributor.address(),
        RewardDistributorContract.claimData(s.wallet(), s.cumulativeAmount(), s.proof()),
        RewardDistributorContract.DISTRIBUTOR);
    ChainReceipts.record(spark, s.day(), "claim", tx, "SIGNED", null, 0);
    chain.broadcast(tx);
    TransactionReceipt receipt = chain.await(tx.hash(), wait);
    ChainReceipts.record(spark, s.day(), "claim", tx, "CONFIRMED", receipt, 0);
    BigInteger received = distributor.tokenBalance(s.wallet()).subtract(balanceBefore);
    return new Claimed(s, tx.hash(), receipt.getGasUsed().longValueExact(), received);
  }
}
