package io.bootcloud.core.spark;

import io.bootcloud.core.UserException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The embedded Derby metastore admits one process at a time: Derby holds a file lock on
 * {@code metastore_db/dbex.lck} while it runs. Asking that lock first turns a second process's
 * slow failure (Hive retries for about 100 s, then thousands of lines of stack trace) into one
 * line within a second.
 */
public final class EmbeddedMetastore {

  private EmbeddedMetastore() {}

  /** Refuses at once when another process has the embedded metastore of {@code lakehouse} open. */
  public static void refuseIfInUse(Lakehouse lakehouse) {
    Path lock = lakehouse.metastore().resolve("metastore_db").resolve("dbex.lck");
    if (!Files.exists(lock)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
      FileLock held = channel.tryLock();
      if (held == null) {
        throw new UserException("the lakehouse " + lakehouse.root() + " is open in another process (a running job "
            + "or 'bootcloud sql-server'): its embedded Derby metastore admits one process at a time; wait for that "
            + "process to finish or stop it, then run again");
      }
      held.release();
    } catch (OverlappingFileLockException ours) {
      // This process already has the metastore open (an earlier session of the same JVM).
    } catch (IOException unreadable) {
      // Derby reports whatever is wrong with the file itself when it boots.
    }
  }
}
