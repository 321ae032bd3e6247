package io.bootcloud.settlement.chain;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.TableSchemas;
import io.bootcloud.settlement.chain.ChainClient;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Appends one row to settlement.chain_receipts: a transaction's status, with its receipt once mined. */
final class ChainReceipts {

  private ChainReceipts() {}

  static void record(SparkSession spark, LocalDate day, String action, ChainClient.Signed tx, String status,
      TransactionReceipt receipt, long confirmations) {
    Row row = RowFactory.create(Date.valueOf(day), action, tx.hash(), tx.nonce().longValueExact(), tx.raw(), status,
        receipt == null ? null : receipt.getBlockNumber().longValueExact(),
        receipt == null ? null : receipt.getBlockHash(),
        receipt == null ? null : receipt.getGasUsed().longValueExact(),
        receipt == null ? null : confirmations, Timestamp.from(Instant.now()));
    spark.createDataFrame(List.of(row), TableSchemas.structOf(Catalog.CHAIN_RECEIPTS)).write().format("delta")
        .mode("append").saveAsTable(Catalog.CHAIN_RECEIPTS.fullName());
    io.bootcloud.core.io.FailPoints.afterCommit(Catalog.CHAIN_RECEIPTS.fullName());
  }
}
