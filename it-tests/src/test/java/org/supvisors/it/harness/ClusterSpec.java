package org.supvisors.it.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link Cluster} is made of: instance identifiers, the {@code [supvisors]} options common to all, which
 * instances are not launched at start, how the node runs, extra supervisord sections.
 *
 * <p>Defaults keep runs short: {@code tick_period=1} (seconds), {@code inactivity_ticks=2} and
 * {@code synchro_timeout=15} (the minimums of Supvisors).
 */
public final class ClusterSpec {

    final List<String> identifiers;
    final Map<String, String> options;
    final Set<String> notStarted;
    final SupervisordInstance.NodeMode nodeMode;
    final List<String> sections;
    final Map<String, String> files;
    final Map<String, String> supervisordOptions;
    final Map<String, List<String>> instanceSections;
    /** Options of single instances, over the common ones. */
    final Map<String, Map<String, String>> instanceOptions;
    /** Whether the instances are declared in {@code supvisors_list}: not in a pure discovery mode. */
    final boolean listed;

    private ClusterSpec(List<String> identifiers, Map<String, String> options, Set<String> notStarted,
                        SupervisordInstance.NodeMode nodeMode, List<String> sections) {
        this(identifiers, options, notStarted, nodeMode, sections, Map.of(), Map.of(), Map.of());
    }

    private ClusterSpec(List<String> identifiers, Map<String, String> options, Set<String> notStarted,
                        SupervisordInstance.NodeMode nodeMode, List<String> sections, Map<String, String> files,
                        Map<String, String> supervisordOptions, Map<String, List<String>> instanceSections) {
        this(identifiers, options, notStarted, nodeMode, sections, files, supervisordOptions, instanceSections,
                Map.of(), true);
    }

    private ClusterSpec(List<String> identifiers, Map<String, String> options, Set<String> notStarted,
                        SupervisordInstance.NodeMode nodeMode, List<String> sections, Map<String, String> files,
                        Map<String, String> supervisordOptions, Map<String, List<String>> instanceSections,
                        Map<String, Map<String, String>> instanceOptions, boolean listed) {
        this.identifiers = List.copyOf(identifiers);
        this.instanceOptions = new LinkedHashMap<>(instanceOptions);
        this.listed = listed;
        this.options = new LinkedHashMap<>(options);
        this.notStarted = Set.copyOf(notStarted);
        this.nodeMode = nodeMode;
        this.sections = List.copyOf(sections);
        this.files = new LinkedHashMap<>(files);
        this.supervisordOptions = new LinkedHashMap<>(supervisordOptions);
        this.instanceSections = new LinkedHashMap<>(instanceSections);
    }

    /** supv-01 .. supv-NN with the fast test defaults. */
    public static ClusterSpec of(int size) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            ids.add(String.format("supv-%02d", i));
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("tick_period", "1");
        options.put("inactivity_ticks", "2");
        options.put("synchro_timeout", "15");
        return new ClusterSpec(ids, options, Set.of(), SupervisordInstance.NodeMode.LISTENER, List.of());
    }

    /**
     * Instances with the given identifiers (e.g. the manual's {@code server_1}, {@code console_1}), in
     * {@code supvisors_list} order, with the same fast test defaults as {@link #of(int)}.
     */
    public static ClusterSpec named(String... identifiers) {
        if (identifiers.length == 0) {
            throw new IllegalArgumentException("at least one identifier");
        }
        ClusterSpec defaults = of(1);
        return new ClusterSpec(List.of(identifiers), defaults.options, Set.of(), defaults.nodeMode, List.of());
    }

    /** Sets (or with a null value removes) a {@code [supvisors]} option for every instance. */
    public ClusterSpec option(String name, Object value) {
        Map<String, String> copy = new LinkedHashMap<>(options);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, String.valueOf(value));
        }
        return new ClusterSpec(identifiers, copy, notStarted, nodeMode, sections,
                files, supervisordOptions, instanceSections, instanceOptions, listed);
    }

    /** Instances declared in supvisors_list but not launched by {@link Cluster#start}. */
    public ClusterSpec notStarted(String... ids) {
        Set<String> copy = new LinkedHashSet<>(notStarted);
        copy.addAll(List.of(ids));
        return new ClusterSpec(identifiers, options, copy, nodeMode, sections,
                files, supervisordOptions, instanceSections, instanceOptions, listed);
    }

    public ClusterSpec nodeMode(SupervisordInstance.NodeMode mode) {
        return new ClusterSpec(identifiers, options, notStarted, mode, sections,
                files, supervisordOptions, instanceSections, instanceOptions, listed);
    }

    /** A raw supervisord section added to every instance. */
    public ClusterSpec section(String text) {
        List<String> copy = new ArrayList<>(sections);
        copy.add(text);
        return new ClusterSpec(identifiers, options, notStarted, nodeMode, copy,
                files, supervisordOptions, instanceSections, instanceOptions, listed);
    }

    /**
     * A file written (before launch) in every instance's directory, at {@code relativePath}: e.g. a rules file
     * given with {@code option("rules_files", "rules.xml")} (relative to supervisord.conf), or an included file.
     */
    public ClusterSpec file(String relativePath, String content) {
        Map<String, String> copy = new LinkedHashMap<>(files);
        copy.put(relativePath, content);
        return new ClusterSpec(identifiers, options, notStarted, nodeMode, sections,
                copy, supervisordOptions, instanceSections, instanceOptions, listed);
    }

    /** An option of the {@code [supervisord]} section of every instance (e.g. {@code minfds}). */
    public ClusterSpec supervisordOption(String name, Object value) {
        Map<String, String> copy = new LinkedHashMap<>(supervisordOptions);
        copy.put(name, String.valueOf(value));
        return new ClusterSpec(identifiers, options, notStarted, nodeMode, sections,
                files, copy, instanceSections, instanceOptions, listed);
    }

    /** A raw supervisord section added to one instance only (e.g. programs that only that instance defines). */
    public ClusterSpec sectionFor(String identifier, String text) {
        Map<String, List<String>> copy = new LinkedHashMap<>(instanceSections);
        List<String> list = new ArrayList<>(copy.getOrDefault(identifier, List.of()));
        list.add(text);
        copy.put(identifier, List.copyOf(list));
        return new ClusterSpec(identifiers, options, notStarted, nodeMode, sections,
                files, supervisordOptions, copy, instanceOptions, listed);
    }

    /** A {@code [supvisors]} option of one instance only (e.g. its {@code stereotypes}), over the common ones. */
    public ClusterSpec optionFor(String identifier, String name, Object value) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>(instanceOptions);
        Map<String, String> own = new LinkedHashMap<>(copy.getOrDefault(identifier, Map.of()));
        own.put(name, String.valueOf(value));
        copy.put(identifier, Map.copyOf(own));
        return new ClusterSpec(identifiers, options, notStarted, nodeMode, sections,
                files, supervisordOptions, instanceSections, copy, listed);
    }

    /**
     * No {@code supvisors_list} at all: Supvisors' discovery mode alone (give a {@code multicast_group}), where each
     * instance knows only itself at start and learns the others as they announce themselves.
     */
    public ClusterSpec withoutList() {
        return new ClusterSpec(identifiers, options, notStarted, nodeMode, sections,
                files, supervisordOptions, instanceSections, instanceOptions, false);
    }

    public ClusterSpec demoPrograms() {
        return section(SupervisordInstance.DEMO_PROGRAMS);
    }

    public List<String> identifiers() {
        return identifiers;
    }

    /** The tick period in seconds as configured (the node's default is 5). */
    public int tickSeconds() {
        return Integer.parseInt(options.getOrDefault("tick_period", "5"));
    }

    public int synchroTimeoutSeconds() {
        return Integer.parseInt(options.getOrDefault("synchro_timeout", "15"));
    }

    @Override
    public String toString() {
        return identifiers + " " + options + (instanceOptions.isEmpty() ? "" : " " + instanceOptions)
                + (listed ? "" : " without supvisors_list") + (notStarted.isEmpty() ? "" : " not started: " + notStarted);
    }
}
