package org.supvisors.node.local;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.supvisors.protocol.Namespec;

/**
 * The extra arguments of the processes of this node, as last given to a start, keyed by namespec;
 * what every {@code LocalProcessInfo} tells as {@code extra_args}, and what the launcher applies
 * through {@link LauncherFiles}. As in Supvisors they stay until the next start changes them.
 *
 * <p>Thread-safe: {@link #of} is read by the driver on its own thread without waiting; {@link
 * #apply} writes a file and must run off the actors' threads.
 */
public final class ExtraArgs {

  private final Map<String, String> byNamespec = new ConcurrentHashMap<>();
  private final LauncherFiles files;

  public ExtraArgs(LauncherFiles files) {
    this.files = files;
  }

  /** The extra arguments of a process; empty when none. */
  public String of(String namespec) {
    return byNamespec.getOrDefault(canonical(namespec), "");
  }

  /**
   * Gives these extra arguments to the next spawns of the process (empty: the plain command).
   * The arguments of every process are forgotten when supervisord is another one (new pid), as its
   * launcher files are.
   *
   * @param supervisordPid the pid of the local supervisord, which names the launcher folder
   * @throws IllegalArgumentException when the text cannot be split ({@link CommandWords})
   */
  public synchronized void apply(long supervisordPid, String namespec, String extraArgs) throws IOException {
    List<String> words = CommandWords.split(extraArgs);
    if (files.write(supervisordPid, namespec, words)) {
      byNamespec.clear();
    }
    if (extraArgs.isEmpty()) {
      byNamespec.remove(canonical(namespec));
    } else {
      byNamespec.put(canonical(namespec), extraArgs);
    }
  }

  /** Supervisor's two spellings of a process whose group has its name ("p" and "p:p") are one key. */
  private static String canonical(String namespec) {
    Namespec parsed = Namespec.parse(namespec);
    return parsed.wholeGroup() ? namespec : Namespec.of(parsed.group(), parsed.process());
  }
}
