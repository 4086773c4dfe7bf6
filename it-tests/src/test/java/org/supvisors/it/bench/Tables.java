package org.supvisors.it.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Markdown tables of the commander benchmarks: median, min, max and count of each measure, with a baseline. */
final class Tables {

    private Tables() {
    }

    static String table(String title, String options, Map<String, List<Double>> samples,
                        Map<String, String> baseline, List<String> runs) {
        StringBuilder s = new StringBuilder();
        s.append("## ").append(title).append("\n\n");
        s.append(options).append("\n\n");
        s.append("| Measure | Median | Min | Max | n | Supvisors 0.17.4 median (min, max, n) |\n");
        s.append("|---|---|---|---|---|---|\n");
        samples.forEach((measure, values) -> {
            List<Double> sorted = values.stream().sorted().toList();
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %s |%n", measure, fmt(median(sorted)),
                    fmt(sorted.get(0)), fmt(sorted.get(sorted.size() - 1)), sorted.size(),
                    baseline.getOrDefault(measure, "-")));
        });
        if (!runs.isEmpty()) {
            s.append("\nRuns:\n\n");
            runs.forEach(r -> s.append("* ").append(r).append('\n'));
        }
        return s.toString();
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.2f s", seconds);
    }
}
