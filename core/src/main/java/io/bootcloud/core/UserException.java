package io.bootcloud.core;

/**
 * An error the operator can fix (bad input, bad configuration, a refused operation). The
 * command line prints its message as one line, without a stack trace unless {@code --verbose}.
 */
public class UserException extends RuntimeException {

  /** Exit code for a usage or configuration error, as for a bad command-line option. */
  public static final int EXIT_USAGE = 2;
  /** Exit code for a refused or failed operation. */
  public static final int EXIT_FAILED = 1;

  private final int exitCode;

  public UserException(String message) {
    this(message, EXIT_FAILED, null);
  }

  public UserException(String message, int exitCode) {
    this(message, exitCode, null);
  }

  public UserException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
