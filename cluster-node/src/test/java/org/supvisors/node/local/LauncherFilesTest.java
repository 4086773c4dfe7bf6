package org.supvisors.node.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of the launcher, and the launcher script itself run from this JVM: its parent is then
 * this JVM, so the JVM's pid plays supervisord's.
 */
class LauncherFilesTest {

  static final Path LAUNCHER = Path.of("src/dist/bin/supvisors-launch").toAbsolutePath();

  @TempDir Path base;

  private final long jvm = ProcessHandle.current().pid();

  @Test
  void theBaseFolderFollowsTheEnvironment() {
    assertEquals(Path.of("/x"), LauncherFiles.baseOf(Map.of("SUPVISORS_EXTRA_ARGS_DIR", "/x", "TMPDIR", "/y")));
    assertEquals(Path.of("/y"), LauncherFiles.baseOf(Map.of("SUPVISORS_EXTRA_ARGS_DIR", "", "TMPDIR", "/y")));
    assertEquals(Path.of("/tmp"), LauncherFiles.baseOf(Map.of()));
    assertEquals(Path.of("/b/supvisors-extra-args.42/g:p"), new LauncherFiles(Path.of("/b")).file(42, "g:p"));
    assertEquals(Path.of("/b/supvisors-extra-args.42/p:p"), new LauncherFiles(Path.of("/b")).file(42, "p"));
  }

  @Test
  void onlyBackslashAndNewlineAreEscaped() {
    assertEquals("-x\na b\n\\\\n\\n$(id)\n\n", LauncherFiles.encode(List.of("-x", "a b", "\\n\n$(id)", "")));
    assertThrows(IllegalArgumentException.class, () -> LauncherFiles.encode(List.of("a\0b")));
  }

  @Test
  void namesThatWouldLeaveTheFolderAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> LauncherFiles.fileName("g:../x"));
    assertThrows(IllegalArgumentException.class, () -> LauncherFiles.fileName("a/b"));
    assertThrows(IllegalArgumentException.class, () -> LauncherFiles.fileName("g:*"));
  }

  @Test
  void filesAreWrittenRemovedAndForgottenWithAnotherSupervisord() throws IOException {
    LauncherFiles files = new LauncherFiles(base);
    assertTrue(files.write(1, "g:p", List.of("a", "b c")));
    Path file = files.file(1, "g:p");
    assertEquals("a\nb c\n", Files.readString(file));
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.directory(1))));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertFalse(files.write(1, "q", List.of("x")));
    assertFalse(files.write(1, "g:p", List.of()));
    assertFalse(Files.exists(file));
    // Another supervisord: the previous folder goes, the new one starts empty.
    Files.createDirectories(files.directory(2));
    Files.writeString(files.directory(2).resolve("old:old"), "stale\n");
    assertTrue(files.write(2, "g:p", List.of("y")));
    assertFalse(Files.exists(files.directory(1)));
    assertFalse(Files.exists(files.directory(2).resolve("old:old")));
    try (var listing = Files.list(files.directory(2))) {
      assertEquals(List.of("g:p"), listing.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void aFolderWritableByOthersIsRefused() throws IOException {
    LauncherFiles files = new LauncherFiles(base);
    Files.createDirectories(files.directory(3));
    Files.setPosixFilePermissions(files.directory(3), PosixFilePermissions.fromString("rwxrwxrwx"));
    IOException refused = assertThrows(IOException.class, () -> files.write(3, "g:p", List.of("a")));
    assertTrue(refused.getMessage().contains("writable by its owner only"), refused.getMessage());
  }

  @Test
  void theLauncherAppendsTheWordsAsTheyWere() throws Exception {
    List<String> args = List.of("-x", "a b", "$HOME", "*", "$(touch pwned)", "back\\slash\\n", "two\nlines\n", "",
        "'quoted'", "%s %b \\c");
    new LauncherFiles(base).write(jvm, "grp:proc", args);
    Result result = launch("grp", "proc", "printf", "%s\\0", "first");
    assertEquals(0, result.exit(), result.stderr());
    List<String> expected = new java.util.ArrayList<>(List.of("first"));
    expected.addAll(args);
    assertEquals(expected, result.words());
    assertFalse(Files.exists(base.resolve("pwned")));
  }

  @Test
  void withoutFileOrOutsideSupervisordTheCommandIsPlain() throws Exception {
    // No folder at all.
    assertEquals(List.of("first"), launch("grp", "proc", "printf", "%s\\0", "first").words());
    new LauncherFiles(base).write(jvm, "grp:other", List.of("x"));
    assertEquals(List.of("first"), launch("grp", "proc", "printf", "%s\\0", "first").words());
    new LauncherFiles(base).write(jvm, "grp:proc", List.of("x"));
    assertEquals(List.of("first"), launch("", "", "printf", "%s\\0", "first").words());
  }

  @Test
  void theLauncherRefusesAFolderOthersMayWrite() throws Exception {
    LauncherFiles files = new LauncherFiles(base);
    files.write(jvm, "grp:proc", List.of("x"));
    Files.setPosixFilePermissions(files.directory(jvm), PosixFilePermissions.fromString("rwxrwxr-x"));
    Result result = launch("grp", "proc", "printf", "%s\\0", "first");
    assertEquals(126, result.exit());
    assertTrue(result.stderr().contains("extra arguments refused"), result.stderr());
    assertEquals(List.of(), result.words());
  }

  record Result(int exit, List<String> words, String stderr) {}

  private Result launch(String group, String process, String... command) throws Exception {
    List<String> line = new java.util.ArrayList<>(List.of(LAUNCHER.toString()));
    line.addAll(Arrays.asList(command));
    ProcessBuilder builder = new ProcessBuilder(line);
    builder.environment().put("SUPVISORS_EXTRA_ARGS_DIR", base.toString());
    builder.environment().put("SUPERVISOR_GROUP_NAME", group);
    builder.environment().put("SUPERVISOR_PROCESS_NAME", process);
    builder.directory(base.toFile());
    Path out = base.resolve("out");
    Path err = base.resolve("err");
    Process launcher = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertTrue(launcher.waitFor(10, TimeUnit.SECONDS), "launcher did not end");
    } finally {
      launcher.destroyForcibly();
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    // printf ends each word with a NUL.
    List<String> words = text.isEmpty() ? List.of()
        : Arrays.asList(text.substring(0, text.length() - 1).split("\0", -1));
    return new Result(launcher.exitValue(), words, Files.readString(err));
  }
}
