package org.supvisors.it.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.supvisors.it.commander.Programs.group;
import static org.supvisors.it.commander.Programs.program;
import static org.supvisors.it.commander.Views.application;
import static org.supvisors.it.commander.Views.awaitOnEach;
import static org.supvisors.it.commander.Views.exitedAsExpected;
import static org.supvisors.it.commander.Views.holdsOnEach;
import static org.supvisors.it.commander.Views.process;
import static org.supvisors.it.commander.Views.runningNowhere;
import static org.supvisors.it.commander.Views.runningOn;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;
import org.supvisors.it.harness.XmlRpc;

/**
 * Start and stop sequences of one application (manual §8.4.3, §8.5, §8.7.2; compat/behaviour.md §7): a
 * {@code wait_exit} stage holds the next one until the program exits; a required program that fails to start
 * (exit 1, startretries=0: FATAL) with ABORT, STOP or CONTINUE; stop_application by decreasing stop_sequence.
 * The programs note their starts, SIGTERMs and exits in a journal shared by the instances, so orders are read
 * from the programs' side.
 *
 * <p>Each test uses an application of its own (start_sequence 0: only the test starts it), so the class shares one
 * cluster of 2 instances.
 */
class SequencingTest {

    static final Path SHARED = Programs.sharedDir("sequencing");

    static final String RULES = """
            <?xml version="1.0" encoding="UTF-8"?>
            <root>
              <application name="waiter">
                <programs>
                  <program name="w_first">
                    <identifiers>supv-02</identifiers>
                    <start_sequence>1</start_sequence>
                    <required>true</required>
                    <wait_exit>true</wait_exit>
                  </program>
                  <program name="w_second">
                    <identifiers>supv-01</identifiers>
                    <start_sequence>2</start_sequence>
                    <required>true</required>
                  </program>
                </programs>
              </application>
              <application name="aborting">
                <starting_failure_strategy>ABORT</starting_failure_strategy>
                <programs>
                  <program name="a_broken">
                    <start_sequence>1</start_sequence>
                    <required>true</required>
                  </program>
                  <program name="a_after">
                    <start_sequence>2</start_sequence>
                    <required>true</required>
                  </program>
                </programs>
              </application>
              <application name="stopping">
                <starting_failure_strategy>STOP</starting_failure_strategy>
                <programs>
                  <program name="s_ok">
                    <start_sequence>1</start_sequence>
                    <required>true</required>
                  </program>
                  <program name="s_broken">
                    <start_sequence>2</start_sequence>
                    <required>true</required>
                  </program>
                  <program name="s_after">
                    <start_sequence>3</start_sequence>
                    <required>true</required>
                  </program>
                </programs>
              </application>
              <application name="continuing">
                <starting_failure_strategy>CONTINUE</starting_failure_strategy>
                <programs>
                  <program name="c_broken">
                    <start_sequence>1</start_sequence>
                    <required>true</required>
                  </program>
                  <program name="c_after">
                    <start_sequence>2</start_sequence>
                    <required>true</required>
                  </program>
                </programs>
              </application>
              <application name="stopseq">
                <programs>
                  <program name="q_first">
                    <identifiers>supv-01</identifiers>
                    <start_sequence>1</start_sequence>
                    <stop_sequence>1</stop_sequence>
                  </program>
                  <program name="q_mid">
                    <identifiers>supv-02</identifiers>
                    <start_sequence>1</start_sequence>
                    <stop_sequence>2</stop_sequence>
                  </program>
                  <program name="q_last">
                    <identifiers>supv-01</identifiers>
                    <start_sequence>1</start_sequence>
                    <stop_sequence>3</stop_sequence>
                  </program>
                </programs>
              </application>
            </root>
            """;

    static final List<String> PROGRAMS = List.of(
            program("w_first", "exit", "2").set("exitcodes", 0).toString(),
            program("w_second", "run").toString(),
            group("waiter", "w_first", "w_second"),
            program("a_broken", "fail").toString(),
            program("a_after", "run").toString(),
            group("aborting", "a_broken", "a_after"),
            program("s_ok", "run").toString(),
            program("s_broken", "fail").toString(),
            program("s_after", "run").toString(),
            group("stopping", "s_ok", "s_broken", "s_after"),
            program("c_broken", "fail").toString(),
            program("c_after", "run").toString(),
            group("continuing", "c_broken", "c_after"),
            program("q_first", "run", "0.3").toString(),
            program("q_mid", "run", "0.3").toString(),
            program("q_last", "run", "0.3").toString(),
            group("stopseq", "q_first", "q_mid", "q_last"));

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(spec());

    private final Journal journal = new Journal(SHARED);
    private Cluster cluster;
    private List<String> all;

    static ClusterSpec spec() {
        ClusterSpec spec = Programs.install(ClusterSpec.of(2), SHARED)
                .option("rules_files", "rules.xml")
                .file("rules.xml", RULES);
        for (String section : PROGRAMS) {
            spec = spec.section(section);
        }
        return spec;
    }

    @BeforeEach
    void operational() {
        cluster = CLUSTER.cluster();
        all = cluster.identifiers();
        cluster.awaitOperation(all, Limits.STARTUP);
        cluster.awaitRunning(all, all, Limits.STARTUP);
        awaitOnEach("the sequencing programs known", cluster, all, Limits.CHANGE,
                n -> Views.processes(n, "stopseq:*").size() + Views.processes(n, "waiter:*").size(),
                Integer.valueOf(5)::equals);
    }

    /** wait_exit: w_second (stage 2, on supv-01) starts only after w_first (stage 1, on supv-02) exited 0. */
    @Test
    void waitExitHoldsTheNextStageUntilTheProgramExits() {
        assertTrue(Commands.on(cluster, "supv-01").startApplication("CONFIG", "waiter", true),
                "start_application(CONFIG, waiter, True)");

        long exited = journal.at("exit", "w_first");
        long started = journal.at("start", "w_second");
        assertTrue(exited - journal.at("start", "w_first") >= 1_500_000_000L, "w_first ran its 2 s: " + journal);
        assertTrue(started > exited, "w_second started before w_first exited: " + journal);
        awaitOnEach("w_first exited as expected", cluster, all, Limits.CHANGE, n -> process(n, "waiter:w_first"),
                exitedAsExpected());
        awaitOnEach("w_second RUNNING on [supv-01]", cluster, all, Limits.CHANGE,
                n -> process(n, "waiter:w_second"), runningOn("supv-01"));
        awaitOnEach("waiter RUNNING without failure", cluster, all, Limits.CHANGE, n -> application(n, "waiter"),
                application("RUNNING", false, false));

        assertTrue(Commands.on(cluster, "supv-02").stopApplication("waiter", true), "stop_application(waiter)");
    }

    /** ABORT: the failed stage ends the start; the next stage never starts; start_application answers 40. */
    @Test
    void abortLeavesTheNextStagesUnstarted() {
        XmlRpc.RpcFailure fault = assertThrows(XmlRpc.RpcFailure.class,
                () -> Commands.on(cluster, "supv-01").startApplication("CONFIG", "aborting", true));
        assertEquals(40, fault.code(), "ABNORMAL_TERMINATION: " + fault.getMessage());

        awaitOnEach("a_broken FATAL", cluster, all, Limits.CHANGE, n -> process(n, "aborting:a_broken"),
                p -> "FATAL".equals(Views.state(p)) && Views.identifiers(p).isEmpty());
        holdsOnEach("a_after never started", cluster, all, Limits.QUIET, n -> process(n, "aborting:a_after"),
                p -> runningNowhere().test(p) && journal.count("start", "a_after") == 0);
        awaitOnEach("aborting STOPPED with a major failure", cluster, all, Limits.CHANGE,
                n -> application(n, "aborting"), application("STOPPED", true, false));
    }

    /** STOP: the failed stage ends the start and what already started is stopped. */
    @Test
    void stopStopsWhatAlreadyStarted() {
        XmlRpc.RpcFailure fault = assertThrows(XmlRpc.RpcFailure.class,
                () -> Commands.on(cluster, "supv-01").startApplication("CONFIG", "stopping", true));
        assertEquals(40, fault.code(), "ABNORMAL_TERMINATION: " + fault.getMessage());

        awaitOnEach("s_ok stopped again", cluster, all, Limits.CHANGE, n -> process(n, "stopping:s_ok"),
                runningNowhere());
        assertTrue(journal.at("term", "s_ok") > journal.at("exit", "s_broken"),
                "s_ok stopped after the failure of s_broken: " + journal);
        holdsOnEach("s_after never started, s_ok not restarted", cluster, all, Limits.QUIET,
                n -> List.of(process(n, "stopping:s_after"), process(n, "stopping:s_ok")),
                l -> l.stream().allMatch(runningNowhere()) && journal.count("start", "s_after") == 0
                        && journal.count("start", "s_ok") == 1);
        awaitOnEach("stopping STOPPED", cluster, all, Limits.CHANGE, n -> application(n, "stopping"),
                Views.applicationIn("STOPPED"));
    }

    /** CONTINUE: the next stage starts anyway; the application runs with a major failure. */
    @Test
    void continueGoesOnWithTheNextStages() {
        assertTrue(Commands.on(cluster, "supv-02").startApplication("CONFIG", "continuing", true),
                "start_application(CONFIG, continuing, True): RUNNING in the end");

        assertTrue(journal.at("start", "c_after") > journal.at("exit", "c_broken"), journal.toString());
        awaitOnEach("c_after RUNNING", cluster, all, Limits.CHANGE, n -> process(n, "continuing:c_after"),
                p -> "RUNNING".equals(Views.state(p)) && Views.identifiers(p).size() == 1);
        awaitOnEach("c_broken FATAL", cluster, all, Limits.CHANGE, n -> process(n, "continuing:c_broken"),
                p -> "FATAL".equals(Views.state(p)));
        awaitOnEach("continuing RUNNING with a major failure", cluster, all, Limits.CHANGE,
                n -> application(n, "continuing"), application("RUNNING", true, false));

        assertTrue(Commands.on(cluster, "supv-01").stopApplication("continuing", true),
                "stop_application(continuing)");
    }

    /** stop_application: greatest stop_sequence first, each stage once the previous one is stopped. */
    @Test
    void stopApplicationFollowsTheStopSequenceGreatestFirst() {
        assertTrue(Commands.on(cluster, "supv-01").startApplication("CONFIG", "stopseq", true),
                "start_application(CONFIG, stopseq, True)");
        awaitOnEach("stopseq RUNNING", cluster, all, Limits.CHANGE, n -> application(n, "stopseq"),
                application("RUNNING", false, false));

        assertTrue(Commands.on(cluster, "supv-02").stopApplication("stopseq", true), "stop_application(stopseq)");

        long last = journal.at("term", "q_last");
        long mid = journal.at("term", "q_mid");
        long first = journal.at("term", "q_first");
        assertTrue(last < mid && mid < first, "stop order q_last, q_mid, q_first expected: " + journal);
        assertTrue(mid >= journal.at("exit", "q_last"), "q_mid stopped before q_last exited: " + journal);
        assertTrue(first >= journal.at("exit", "q_mid"), "q_first stopped before q_mid exited: " + journal);
        for (String p : List.of("q_first", "q_mid", "q_last")) {
            awaitOnEach(p + " stopped", cluster, all, Limits.CHANGE, n -> process(n, "stopseq:" + p),
                    runningNowhere());
        }
        awaitOnEach("stopseq STOPPED", cluster, all, Limits.CHANGE, n -> application(n, "stopseq"),
                application("STOPPED", false, false));
    }
}
