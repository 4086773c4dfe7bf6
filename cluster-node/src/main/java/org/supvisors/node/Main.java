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
 * Starts a Supvisors node. A configuration error stops it at once with one message and exit code 2.
 * In listener mode stdout belongs to the supervisord event-listener protocol, so everything else
 * that would print there is sent to stderr.
 */
public final class Main {

  public static final int CONFIGURATION_ERROR = 2;

  private Main() {}

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
      System.err.println("supvisors-node: configuration error: " + e.getMessage());
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
