package io.bootcloud.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One {@code bootcloud} command line run in this JVM, with what it printed (for the cli and dev tests). */
public record CommandLineRun(int exit, String out, String err) {

  public static CommandLineRun of(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new CommandLineRun(exit, out.toString(), err.toString());
  }
}
