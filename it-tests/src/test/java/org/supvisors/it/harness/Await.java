package org.supvisors.it.harness;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polling with a deadline: the only way tests wait. Every loop is bounded both in time and in number of polls;
 * exceptions thrown by a probe (e.g. a node that does not answer yet) count as "not yet".
 */
public final class Await {

    public static final Duration POLL = Duration.ofMillis(200);

    private Await() {
    }

    /** Polls {@code probe} until {@code ok} accepts its value; returns that value or fails with the last one seen. */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> ok) {
        return until(what, timeout, POLL, probe, ok);
    }

    public static <T> T until(String what, Duration timeout, Duration poll, Supplier<T> probe,
                              Predicate<? super T> ok) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long maxPolls = timeout.toMillis() / Math.max(1, poll.toMillis()) + 2;
        Object last = "<no value>";
        for (long i = 0; i < maxPolls; i++) {
            try {
                T value = probe.get();
                if (ok.test(value)) {
                    return value;
                }
                last = value;
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() >= deadline) {
                break;
            }
            pause(poll);
        }
        throw new AssertionError(what + ": not reached within " + timeout.toSeconds() + " s; last seen: "
                + describe(last));
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition::getAsBoolean, Boolean::booleanValue);
    }

    /**
     * Asserts that {@code ok} keeps accepting the probed value at every poll during {@code window}: used to check
     * that something does <em>not</em> happen (a state that must stay), never as a plain delay.
     */
    public static <T> void holds(String what, Duration window, Supplier<T> probe, Predicate<? super T> ok) {
        long end = System.nanoTime() + window.toNanos();
        long maxPolls = window.toMillis() / Math.max(1, POLL.toMillis()) + 2;
        for (long i = 0; i < maxPolls && System.nanoTime() < end; i++) {
            T value;
            try {
                value = probe.get();
            } catch (RuntimeException e) {
                throw new AssertionError(what + ": probe failed while the condition had to hold: " + e.getMessage(), e);
            }
            if (!ok.test(value)) {
                throw new AssertionError(what + ": stopped holding after "
                        + Duration.ofNanos(System.nanoTime() - (end - window.toNanos())).toMillis()
                        + " ms; seen: " + describe(value));
            }
            pause(POLL);
        }
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }

    private static String describe(Object value) {
        if (value instanceof Throwable t) {
            return t.getClass().getSimpleName() + ": " + t.getMessage();
        }
        return String.valueOf(value);
    }
}
