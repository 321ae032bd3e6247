package io.bootcloud.settlement.chain;

import static org.apache.spark.sql.functions.col;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.io.DayPartitions;
import io.bootcloud.core.ledger.DayJob;
import io.bootcloud.core.ledger.JobRun;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.rules.RootApproval;
import io.bootcloud.rules.config.Operations;
import io.bootcloud.rules.config.Ruleset;
import io.bootcloud.settlement.batch.ApprovalSignatures;
import io.bootcloud.settlement.batch.BatchVerifier;
import io.bootcloud.settlement.chain.ChainClient;
import io.bootcloud.settlement.chain.RewardDistributorContract;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * {@code bootcloud settle}: posts a verified, M-of-N-approved batch root on-chain and accepts it
 * after the timelock, never posting a day twice.
 *
 * <p>Every run reads chain state first: a root already accepted or pending for the day means no
 * new post. A transaction is signed, written to settlement.chain_receipts (status SIGNED) and
 * only then broadcast; a rerun after a kill finds it there and rebroadcasts the same bytes (same
 * hash, same nonce) instead of signing a new one, or bumps its fee at the same nonce when it is
 * stuck. A root counts as posted only after {@code confirmations} blocks, with the receipt's
 * block hash checked again against the chain (a reorg that dropped it means: not posted).
 */
public final class SettleJob extends DayJob<SettleJob.Summary> {

  public static final String JOB = "settle";

  /** Where the day stands on-chain after the run. */
  public enum State { POSTED_PENDING, ACCEPTED }

  public record Summary(LocalDate day, State state, String root, List<String> transactions, Instant acceptableAt) {}

  private final Credentials sender;
  private final RewardDistributorContract distributor;
  private final Path exportRoot;
  private final int confirmations;
  private final Duration waitTimeout;
  private final Progress progress;
  /** Treasury approvals a root needs before it is posted (the operations' chain.treasury_threshold). */
  private final int threshold;

  /** Each step of a transaction as it happens (signed, broadcast, mined, confirmed, ...), for progress output. */
  @FunctionalInterface
  public interface Progress {
    void step(String action, String step, String txHash);

    Progress NONE = (action, step, txHash) -> { };
  }

  public SettleJob(SparkSession spark, Ruleset ruleset, Operations ops, RunLedger ledger, Credentials sender,
      RewardDistributorContract distributor, Path exportRoot, Duration waitTimeout) {
    this(spark, ruleset, ops, ledger, sender, distributor, exportRoot, waitTimeout, Progress.NONE);
  }

  public SettleJob(SparkSession spark, Ruleset ruleset, Operations ops, RunLedger ledger, Credentials sender,
      RewardDistributorContract distributor, Path exportRoot, Duration waitTimeout, Progress progress) {
    super(JOB, spark, ruleset, ledger);
    this.progress = progress;
    this.sender = sender;
    this.distributor = distributor;
    this.exportRoot = exportRoot;
    this.confirmations = ops.chain().confirmations();
    this.threshold = ops.chain().treasuryThreshold();
    this.waitTimeout = waitTimeout;
  }

  /** The day's rewards: its payouts are as many rows. */
  @Override
  protected List<TableDef> dayInputs() {
    return List.of(Catalog.DAILY_REWARDS);
  }

  @Override
  protected Summary compute(JobRun run, LocalDate day) throws Exception {
    ledger.recordInput(run, Catalog.PAYOUT_BATCHES);
    ledger.recordInput(run, Catalog.APPROVALS);
    BatchVerifier.Result v = verified(day).orElseThrow(() -> new UserException("settle --date " + day
        + ": no exported batch; run 'bootcloud export' first"));
    RootApproval approval = v.approval();
    if (!approval.distributor().equalsIgnoreCase(distributor.address())) {
      throw new UserException("settle --date " + day + " refused: the batch was exported for distributor "
          + approval.distributor() + ", not " + distributor.address());
    }
    long epochDay = day.toEpochDay();
    List<String> txs = new ArrayList<>();

    RewardDistributorContract.Root current = distributor.current();
    RewardDistributorContract.Root pending = distributor.pending();
    if (!current.isEmpty() && current.day() >= epochDay) {
      if (current.day() == epochDay && current.root().equals(approval.root())) {
        adopt(run, day, "postRoot");
        adopt(run, day, "acceptRoot");
        return new Summary(day, State.ACCEPTED, approval.root(), txs, null);
      }
      if (current.day() > epochDay && acceptedEarlier(day)) {
        run.message("root of " + day + " was accepted; the chain has since moved on to "
            + LocalDate.ofEpochDay(current.day()));
        return new Summary(day, State.ACCEPTED, approval.root(), txs, null);
      }
      throw new UserException("settle --date " + day + " refused: the chain has already accepted day "
          + LocalDate.ofEpochDay(current.day()) + " with root " + current.root());
    }
    boolean postedHere = pending.postedAt() != 0 && pending.day() == epochDay && pending.root().equals(approval.root());
    if (pending.postedAt() != 0 && !postedHere) {
      throw new UserException("settle --date " + day + " refused: day " + LocalDate.ofEpochDay(pending.day())
          + " is pending with root " + pending.root() + "; accept or revoke it first");
    }
    if (postedHere) {
      adopt(run, day, "postRoot");
    } else {
      List<String> signatures = approvals(day, approval, v.manifestHash());
      String data = RewardDistributorContract.postRootData(epochDay, approval.root(), approval.cumulativeTotal(),
          approval.manifestHash(), signatures);
      txs.add(sendOnce(run, day, "postRoot", data));
      pending = distributor.pending();
    }
    Instant acceptableAt = Instant.ofEpochSecond(pending.postedAt() + distributor.timelockSeconds());
    long now = latestBlockTime();
    if (now < acceptableAt.getEpochSecond()) {
      run.message("root " + approval.root() + " for " + day + " posted; pending until " + acceptableAt);
      return new Summary(day, State.POSTED_PENDING, approval.root(), txs, acceptableAt);
    }
    txs.add(sendOnce(run, day, "acceptRoot", RewardDistributorContract.acceptRootData()));
    current = distributor.current();
    if (current.day() != epochDay || !current.root().equals(approval.root())) {
      throw new UserException("settle --date " + day + ": acceptRoot was mined but the chain's current root is "
          + current.root() + " for day " + LocalDate.ofEpochDay(current.day()));
    }
    run.message("root " + approval.root() + " for " + day + " accepted on-chain");
    return new Summary(day, State.ACCEPTED, approval.root(), txs, acceptableAt);
  }

  /** The day's exported batch, verified from its files; empty when the day has no batch. */
  private Optional<BatchVerifier.Result> verified(LocalDate day) throws IOException {
    List<Row> batch = DayPartitions.read(spark, Catalog.PAYOUT_BATCHES, day).select("manifest_hash", "exporter")
        .collectAsList();
    if (batch.isEmpty()) {
      return Optional.empty();
    }
    BatchVerifier.Result v = BatchVerifier.verify(exportRoot.resolve(day.toString()), day, batch.get(0).getString(0),
        batch.get(0).getString(1));
    if (!v.passed()) {
      throw new UserException("settle --date " + day + " refused: the batch does not verify: " + v.failures());
    }
    return Optional.of(v);
  }

  /** Where a day's root stands on-chain: NOT_EXPORTED, NOT_POSTED, PENDING, ACCEPTABLE (timelock over) or ACCEPTED. */
  public record Status(LocalDate day, String state, String root, Instant acceptableAt, Instant chainTime) {}

  /**
   * The day's settlement state, read only: nothing is sent, nothing recorded, no run ledgered
   * (the DAG's timelock wait polls this; the acceptRoot is sent by the settle task after it).
   */
  public Status status(LocalDate day) throws Exception {
    Optional<BatchVerifier.Result> v = verified(day);
    Instant now = Instant.ofEpochSecond(latestBlockTime());
    if (v.isEmpty()) {
      return new Status(day, "NOT_EXPORTED", null, null, now);
    }
    String root = v.get().approval().root();
    long epochDay = day.toEpochDay();
    RewardDistributorContract.Root current = distributor.current();
    if (!current.isEmpty() && (current.day() == epochDay && current.root().equals(root)
        || current.day() > epochDay && acceptedEarlier(day))) {
      return new Status(day, "ACCEPTED", root, null, now);
    }
    RewardDistributorContract.Root pending = distributor.pending();
    if (pending.postedAt() != 0 && pending.day() == epochDay && pending.root().equals(root)) {
      Instant acceptableAt = Instant.ofEpochSecond(pending.postedAt() + distributor.timelockSeconds());
      return new Status(day, now.isBefore(acceptableAt) ? "PENDING" : "ACCEPTABLE", root, acceptableAt, now);
    }
    return new Status(day, "NOT_POSTED", root, null, now);
  }

  /** Distinct treasury approvals of this manifest by current on-chain signers, ascending by address. */
  private List<String> approvals(LocalDate day, RootApproval approval, String manifestHash) throws IOException {
    TreeMap<BigInteger, String> bySigner = new TreeMap<>();
    for (Row r : DayPartitions.read(spark, Catalog.APPROVALS, day).where(col("manifest_hash").equalTo(manifestHash))
        .select("signature").collectAsList()) {
      String signer = ApprovalSignatures.recover(approval, r.getString(0));
      if (distributor.isSigner(signer)) {
        bySigner.put(Numeric.toBigInt(signer), r.getString(0));
      }
    }
    int threshold = this.threshold;
    if (bySigner.size() < threshold) {
      throw new UserException("settle --date " + day + " refused: " + bySigner.size() + " valid treasury approval(s) "
          + "of manifest " + manifestHash + ", " + threshold + " needed; run 'bootcloud approve' with more keys");
    }
    return new ArrayList<>(bySigner.values());
  }

  /**
   * Sends {@code data} to the distributor at most once per (day, action). What earlier runs
   * recorded comes first: a recorded transaction that was mined is confirmed, not resent; one
   * still live (signed, perhaps broadcast, perhaps reorganised away) is rebroadcast with the same
   * bytes; only when none is either is a new transaction signed, recorded, then broadcast. A
   * transaction without a receipt within the wait is replaced at its nonce with doubled fees.
   */
  /**
   * Confirms a recorded transaction of (day, action) that the chain already mined, when the
   * chain shows the action done (so a killed run's receipt is recorded, and nothing is sent).
   */
  private void adopt(JobRun run, LocalDate day, String action) throws IOException {
    for (Recorded r : recorded(day, action)) {
      if (r.status().equals("CONFIRMED")) {
        return;
      }
      Optional<TransactionReceipt> mined = distributor.chain().receipt(r.tx().hash());
      if (mined.isPresent() && mined.get().isStatusOK()) {
        progress.step(action, "found", r.tx().hash());
        awaitConfirmations(run, day, action, r.tx(), mined.get());
        record(run, day, action, r.tx(), "CONFIRMED", mined.get());
        progress.step(action, "confirmed", r.tx().hash());
        return;
      }
    }
  }

  private String sendOnce(JobRun run, LocalDate day, String action, String data) throws IOException {
    ChainClient chain = distributor.chain();
    List<Recorded> earlier = recorded(day, action);
    ChainClient.Signed tx = null;
    TransactionReceipt receipt = null;
    for (Recorded r : earlier) {
      Optional<TransactionReceipt> mined = chain.receipt(r.tx().hash());
      if (mined.isPresent() && mined.get().isStatusOK()) {
        tx = r.tx();
        receipt = mined.get();
        progress.step(action, "found", tx.hash());
        break;
      }
    }
    if (tx == null) {
      Optional<Recorded> live = earlier.stream().filter(Recorded::live).findFirst();
      if (live.isPresent()) {
        tx = live.get().tx();
        try {
          chain.broadcast(tx);
          progress.step(action, "rebroadcast", tx.hash());
        } catch (ChainClient.ChainException gone) {
          // Its nonce was used by another transaction of the sender: it can never be mined.
          record(run, day, action, tx, "DROPPED", null);
          tx = null;
        }
      }
    }
    if (tx == null) {
      tx = chain.sign(sender, distributor.address(), data, RewardDistributorContract.DISTRIBUTOR);
      record(run, day, action, tx, "SIGNED", null);
      progress.step(action, "signed", tx.hash());
      chain.broadcast(tx);
      progress.step(action, "broadcast", tx.hash());
    }
    if (receipt == null) {
      try {
        receipt = chain.await(tx.hash(), waitTimeout);
      } catch (ChainClient.ChainException stuck) {
        if (stuck.getMessage().contains("reverted")) {
          record(run, day, action, tx, "FAILED", null);
          throw stuck;
        }
        ChainClient.Signed bumped = chain.replace(sender, tx, BigInteger.TWO);
        record(run, day, action, bumped, "SIGNED", null);
        progress.step(action, "signed replacement", bumped.hash());
        chain.broadcast(bumped);
        record(run, day, action, tx, "REPLACED", null);
        progress.step(action, "broadcast replacement", bumped.hash());
        tx = bumped;
        receipt = chain.await(tx.hash(), waitTimeout);
      }
      progress.step(action, "mined", tx.hash());
    }
    awaitConfirmations(run, day, action, tx, receipt);
    record(run, day, action, tx, "CONFIRMED", receipt);
    progress.step(action, "confirmed", tx.hash());
    return tx.hash();
  }

  /** Whether this day's acceptRoot was confirmed by an earlier run and is still in the chain. */
  private boolean acceptedEarlier(LocalDate day) throws IOException {
    for (Recorded r : recorded(day, "acceptRoot")) {
      if (r.status().equals("CONFIRMED")) {
        Optional<TransactionReceipt> receipt = distributor.chain().receipt(r.tx().hash());
        return receipt.isPresent() && receipt.get().isStatusOK();
      }
    }
    return false;
  }

  /** A transaction an earlier run recorded for (day, action), with its latest status. */
  private record Recorded(ChainClient.Signed tx, String status) {
    boolean live() {
      return !status.equals("REPLACED") && !status.equals("FAILED") && !status.equals("DROPPED");
    }
  }

  /** Every transaction recorded for (day, action), latest first, each with its latest status. */
  private List<Recorded> recorded(LocalDate day, String action) {
    java.util.LinkedHashMap<String, Recorded> byHash = new java.util.LinkedHashMap<>();
    for (Row e : DayPartitions.read(spark, Catalog.CHAIN_RECEIPTS, day).where(col("action").equalTo(action))
        .orderBy(col("recorded_at").desc()).collectAsList()) {
      String hash = e.getString(e.fieldIndex("tx_hash"));
      byHash.putIfAbsent(hash, new Recorded(new ChainClient.Signed(hash, e.getString(e.fieldIndex("raw_tx")),
          BigInteger.valueOf(e.getLong(e.fieldIndex("nonce")))), e.getString(e.fieldIndex("status"))));
    }
    return new ArrayList<>(byHash.values());
  }

  private void awaitConfirmations(JobRun run, LocalDate day, String action, ChainClient.Signed tx,
      TransactionReceipt receipt) throws IOException {
    Instant deadline = Instant.now().plus(waitTimeout);
    BigInteger target = receipt.getBlockNumber().add(BigInteger.valueOf(confirmations));
    while (distributor.chain().web3j().ethBlockNumber().send().getBlockNumber().compareTo(target) < 0) {
      if (Instant.now().isAfter(deadline)) {
        throw new UserException("transaction " + receipt.getTransactionHash() + " has fewer than " + confirmations
            + " confirmations after " + waitTimeout + "; rerun settle later");
      }
      sleep();
    }
    EthBlock.Block block = distributor.chain().web3j()
        .ethGetBlockByNumber(DefaultBlockParameter.valueOf(receipt.getBlockNumber()), false).send().getBlock();
    if (block == null || !block.getHash().equals(receipt.getBlockHash())) {
      record(run, day, action, tx, "REORGED", receipt);
      progress.step(action, "reorganised away", tx.hash());
      throw new UserException("block " + receipt.getBlockNumber() + " of transaction " + receipt.getTransactionHash()
          + " was reorganised away; rerun settle to resubmit");
    }
  }

  private long latestBlockTime() throws IOException {
    return distributor.chain().web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf("latest"), false).send()
        .getBlock().getTimestamp().longValueExact();
  }

  private void record(JobRun run, LocalDate day, String action, ChainClient.Signed tx, String status,
      TransactionReceipt receipt) {
    ChainReceipts.record(spark, day, action, tx, status, receipt, confirmations);
    ledger.recordOutput(run, Catalog.CHAIN_RECEIPTS);
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
