package org.supvisors.it.harness;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * JUnit 5 fixture around {@link Cluster}.
 *
 * <ul>
 *   <li>Registered on a {@code static} field with a spec: one cluster for the whole class (started before all
 *       tests, closed after all), for tests that do not disturb each other or restore what they change.</li>
 *   <li>Registered on an instance field with a spec: a fresh cluster per test.</li>
 *   <li>Without a spec ({@link #perTest()}): tests start their own clusters with {@link #start}; they are closed
 *       after the test.</li>
 * </ul>
 * When a test or a lifecycle method fails, the logs of every live cluster are printed before it is closed.
 * Processes are killed by pid on close, and by a shutdown hook as a backstop.
 */
public final class ClusterExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    private final ClusterSpec spec;
    private boolean classScoped;
    private Cluster shared;
    private final List<Cluster> testScoped = new ArrayList<>();

    private ClusterExtension(ClusterSpec spec) {
        this.spec = spec;
    }

    public static ClusterExtension of(ClusterSpec spec) {
        return new ClusterExtension(spec);
    }

    public static ClusterExtension perTest() {
        return new ClusterExtension(null);
    }

    /** The cluster of the class, or of the current test. */
    public Cluster cluster() {
        if (!testScoped.isEmpty()) {
            return testScoped.get(testScoped.size() - 1);
        }
        if (shared == null) {
            throw new IllegalStateException("no cluster started");
        }
        return shared;
    }

    /** Starts a cluster that lives until the end of the current test. */
    public Cluster start(String name, ClusterSpec clusterSpec) {
        Cluster cluster = Cluster.start(name, clusterSpec);
        testScoped.add(cluster);
        return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        classScoped = true;
        if (spec != null) {
            shared = Cluster.start(context.getRequiredTestClass().getSimpleName(), spec);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!classScoped && spec != null) {
            start(context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName(),
                    spec);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeAll(testScoped);
        testScoped.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        printLogs(context);
        throw throwable;
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        printLogs(context);
        throw throwable;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        printLogs(context);
        throw throwable;
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        printLogs(context);
        throw throwable;
    }

    private void printLogs(ExtensionContext context) {
        System.err.println("##### " + context.getDisplayName() + " failed; process logs follow");
        if (shared != null) {
            System.err.println("##### state: " + shared.describe());
            shared.printLogs(System.err);
        }
        for (Cluster c : testScoped) {
            System.err.println("##### state: " + c.describe());
            c.printLogs(System.err);
        }
    }

    private static void closeAll(List<Cluster> clusters) {
        for (Cluster c : clusters) {
            c.close();
        }
    }
}
