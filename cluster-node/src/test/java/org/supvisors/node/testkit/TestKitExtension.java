package org.supvisors.node.testkit;

import akka.actor.testkit.typed.internal.CapturingAppender;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 home for Akka's {@link ActorTestKit}, whose own rules are JUnit 4: one test kit per test
 * class, shut down after it; logs are captured and printed only when a test fails.
 * Register with {@code @RegisterExtension static final TestKitExtension testKit = new TestKitExtension();}.
 */
public final class TestKitExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  private final Config config;
  private ActorTestKit kit;

  public TestKitExtension() {
    this(ConfigFactory.empty());
  }

  public TestKitExtension(Config config) {
    this.config = config;
  }

  public ActorTestKit kit() {
    return kit;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    kit = ActorTestKit.create(
        context.getRequiredTestClass().getSimpleName(),
        config.withFallback(ConfigFactory.parseString("akka.actor.provider = local")));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    kit.shutdownTestKit();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    CapturingAppender.get("").clear();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      System.out.println("Logs of failed test " + context.getDisplayName() + ":");
      CapturingAppender.get("").flush();
    }
    CapturingAppender.get("").clear();
  }
}
