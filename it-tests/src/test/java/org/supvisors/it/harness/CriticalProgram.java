package org.supvisors.it.harness;

import java.util.List;

/**
 * A managed program {@code <application>:critical} ({@code sleep}, {@code startsecs=1}) with the running failure
 * strategy RESTART_PROCESS, allowed on the given instances in that order of preference: the program that loss,
 * failover and partition tests watch move (or not) between instances.
 *
 * @param application its group and application name
 * @param identifiers where it may run, in order of preference
 */
public record CriticalProgram(String application, List<String> identifiers) {

    public static final String RULES_FILE = "rules.xml";

    public CriticalProgram {
        identifiers = List.copyOf(identifiers);
    }

    public String namespec() {
        return application + ":critical";
    }

    /** The spec with the rules file and the program section added. */
    public ClusterSpec addTo(ClusterSpec spec) {
        return spec.option("rules_files", RULES_FILE).file(RULES_FILE, rules()).section(section());
    }

    String rules() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <root>
                  <application name="%s">
                    <programs>
                      <program name="critical">
                        <identifiers>%s</identifiers>
                        <start_sequence>1</start_sequence>
                        <required>true</required>
                        <running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
                      </program>
                    </programs>
                  </application>
                </root>
                """.formatted(application, String.join(",", identifiers));
    }

    String section() {
        return """
                [group:%s]
                programs=critical

                [program:critical]
                command=sleep 100000
                autostart=false
                autorestart=false
                startsecs=1
                stopwaitsecs=2
                """.formatted(application);
    }
}
