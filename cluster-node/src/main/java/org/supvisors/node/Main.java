package org.supvisors.node;

import org.supvisors.node.local.Disabilities;
import akka.actor.typed.ActorSystem;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import org.supvisors.node.config.ConfigurationException;
import org.supvisors.node.config.NodeMode;
import org.supvisors.node.config.NodeSettings;
import org.supvisors.node.config.NodeSettingsLoader;

/**
 * Starts a Supvisors node. A configuration error stops it at once, before the actor system is
 * created (about half a second after the JVM starts), with one message naming every invalid option
 * and exit code 2; as a supervisord listener that exit comes before {@code startsecs}, so
 * supervisord retries {@code startretries} times and marks the node FATAL instead of restarting it
 * forever. In listener mode stdout belongs to the supervisord event-listener protocol, so
 * everything else that would print there is sent to stderr.
 */
public final class Main {

  public static final int CONFIGURATION_ERROR = 2;

  private Main() {}

  /** The text printed on stderr: one line for one problem, else a count and one line per problem. */
  static String errorMessage(ConfigurationException e) {
    if (e.problems().size() == 1) {
      return "supvisors-node: configuration error: " + e.problems().get(0);
    }
    StringBuilder text = new StringBuilder("supvisors-node: configuration errors (")
        .append(e.problems().size()).append("):");
    e.problems().forEach(problem -> text.append("\n  ").append(problem));
    return text.toString();
  }

  public static void main(String[] args) {
    NodeSettings settings;
    com.typesafe.config.Config akkaConfig;
    Disabilities disabilities;
    try {
      settings = NodeSettingsLoader.load(args);
      akkaConfig = AkkaConfig.build(settings);
      disabilities = Disabilities.load(settings.options().disabilitiesFile());
    } catch (ConfigurationException e) {
      if (e.helpRequested()) {
        System.out.println(e.getMessage());
        System.exit(0);
        return;
      }
      System.err.println(errorMessage(e));
      System.exit(CONFIGURATION_ERROR);
      return;
    }
    SupvisorsNode.ListenerStreams listener = null;
    if (settings.mode() == NodeMode.LISTENER) {
      listener = new SupvisorsNode.ListenerStreams(
          new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
      System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    }
    LoggingSetup.apply(settings.options());
    ActorSystem<Void> system = ActorSystem.create(
        SupvisorsNode.create(settings, disabilities, listener), AkkaConfig.SYSTEM_NAME, akkaConfig);
    system.getWhenTerminated().thenRun(() -> System.exit(0));
    System.err.printf("supvisors-node %s started: http://%s:%d/ (XML-RPC at /RPC2)%n",
        settings.local().identifier(), settings.local().hostId(), settings.nodeHttpPort());
  }
}
