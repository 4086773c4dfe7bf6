package org.supvisors.node.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.supvisors.protocol.Namespec;

/**
 * The files through which the {@code supvisors-launch} script gets the extra arguments of a process.
 * supervisord cannot change a command line over XML-RPC and the node cannot set a child's
 * environment, so both sides compute the same place without configuration:
 *
 * <pre>
 *   ${SUPVISORS_EXTRA_ARGS_DIR:-${TMPDIR:-/tmp}}/supvisors-extra-args.&lt;supervisord pid&gt;/
 *       &lt;group&gt;:&lt;process&gt;
 * </pre>
 *
 * <p>Why supervisord's pid: it names one supervisord whatever its configuration (inet or unix
 * socket, identifier), the node reads it with {@code supervisor.getPID} and the launcher, which
 * supervisord forks and executes directly, has it as {@code $PPID}. A supervisord that restarts has
 * a new pid, so its processes start without the extra arguments of the previous run, as in
 * Supvisors where the program configuration is read again.
 *
 * <p>One argument per line, {@code \} written {@code \\} and a newline {@code \n}: the launcher
 * decodes the two with {@code printf %b} and evaluates nothing. An absent file means no extra
 * arguments. Files are replaced atomically, so a launcher never reads half a file.
 *
 * <p>Safety: the arguments are not secret (any user sees a command line), but nobody else may
 * write them. The directory is made by the node, owned by its user, mode 0755 (not 0700: a program
 * with {@code user=} runs as another user and must read it); an existing directory that is a link,
 * belongs to another user or is writable by others is refused. The launcher checks the same
 * before reading. Blocking: call it off the actors' threads. Thread-safe.
 */
public final class LauncherFiles {

  /** Environment variable read by the node and by the launcher: the folder of the per-supervisord folders. */
  public static final String BASE_VARIABLE = "SUPVISORS_EXTRA_ARGS_DIR";

  static final String PREFIX = "supvisors-extra-args.";

  private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-xr-x");
  private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");

  private final Path base;
  private long pid = -1;

  public LauncherFiles(Path base) {
    this.base = base;
  }

  /** The base folder as the launcher computes it, from this JVM's environment. */
  public static LauncherFiles fromEnvironment() {
    return new LauncherFiles(baseOf(System.getenv()));
  }

  static Path baseOf(Map<String, String> env) {
    String base = env.get(BASE_VARIABLE);
    if (base == null || base.isEmpty()) {
      base = env.get("TMPDIR");
    }
    return Path.of(base == null || base.isEmpty() ? "/tmp" : base);
  }

  public Path directory(long supervisordPid) {
    return base.resolve(PREFIX + supervisordPid);
  }

  /** The file the launcher reads for this process. */
  public Path file(long supervisordPid, String namespec) {
    return directory(supervisordPid).resolve(fileName(namespec));
  }

  /**
   * Writes the arguments of a process, or removes its file when there are none.
   *
   * @return true when this is the first write for this supervisord: its folder was emptied (the
   *     node's registry starts empty, so must the files), and the folder of a previous supervisord
   *     removed
   */
  public synchronized boolean write(long supervisordPid, String namespec, List<String> args) throws IOException {
    String name = fileName(namespec);
    String content = encode(args);
    boolean fresh = supervisordPid != pid;
    Path dir = directory(supervisordPid);
    prepare(dir);
    if (fresh) {
      empty(dir);
      if (pid >= 0) {
        removeQuietly(directory(pid));
      }
      pid = supervisordPid;
    }
    Path file = dir.resolve(name);
    if (args.isEmpty()) {
      Files.deleteIfExists(file);
    } else {
      Path temp = Files.createTempFile(dir, ".tmp-", "");
      try {
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(temp, FILE_MODE);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    }
    return fresh;
  }

  /** One argument per line; only backslash and newline are escaped. */
  static String encode(List<String> args) {
    StringBuilder text = new StringBuilder();
    for (String arg : args) {
      if (arg.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("an argument cannot hold a NUL character");
      }
      text.append(arg.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    }
    return text.toString();
  }

  /** {@code group:process}, also when both are the same; a name that would leave the folder is refused. */
  static String fileName(String namespec) {
    Namespec parsed = Namespec.parse(namespec);
    String both = parsed.wholeGroup() ? "" : parsed.group() + parsed.process();
    if (parsed.wholeGroup() || both.contains("/") || both.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("no launcher file for namespec " + namespec);
    }
    return parsed.group() + ":" + parsed.process();
  }

  private static void prepare(Path dir) throws IOException {
    Files.createDirectories(dir.getParent());
    try {
      Files.createDirectory(dir);
      Files.setPosixFilePermissions(dir, DIR_MODE);
      return;
    } catch (FileAlreadyExistsException exists) {
      // checked below: it may have been made by someone else
    }
    PosixFileAttributes attributes =
        Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    UserPrincipal me = dir.getFileSystem().getUserPrincipalLookupService()
        .lookupPrincipalByName(System.getProperty("user.name"));
    if (!attributes.isDirectory() || !attributes.owner().equals(me)
        || attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
        || attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new IOException(dir + " is not a folder of " + me.getName() + " writable by its owner only:"
          + " refusing to keep extra arguments there");
    }
    if (!attributes.permissions().equals(DIR_MODE)) {
      Files.setPosixFilePermissions(dir, DIR_MODE);
    }
  }

  private static void empty(Path dir) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private static void removeQuietly(Path dir) {
    try {
      if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        empty(dir);
        Files.deleteIfExists(dir);
      }
    } catch (IOException ignored) {
      // another supervisord's leftovers: harmless, as no launcher reads them
    }
  }
}
