package org.dtablecluster.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), for tests: it refuses
 * what a Prometheus server would refuse (bad names, bad escapes, bad numbers, a family's samples
 * split up, a repeated series, a second TYPE or HELP, TYPE after samples, a line not ended by a
 * newline) and checks the types' rules (counters never negative; histograms with cumulative
 * buckets, a {@code +Inf} bucket equal to {@code _count}, and a {@code _sum}).
 */
public final class PrometheusText {

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** One metric family: its TYPE ({@code untyped} when none was given), HELP and samples. */
    public record Family(String name, String type, String help, List<Sample> samples) {
    }

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern TIMESTAMP = Pattern.compile("-?\\d+");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    private final Map<String, Family> families;

    private PrometheusText(Map<String, Family> families) {
        this.families = families;
    }

    /** @throws IllegalArgumentException naming the line, for anything malformed */
    public static PrometheusText parse(String text) {
        return new Parser().parse(text);
    }

    public Map<String, Family> families() {
        return Collections.unmodifiableMap(families);
    }

    /** @throws AssertionError when there is no such family */
    public Family family(String name) {
        Family f = families.get(name);
        if (f == null) {
            throw new AssertionError("no metric family " + name + "; have " + families.keySet());
        }
        return f;
    }

    /** Every sample named {@code sampleName}, of whatever family. */
    public List<Sample> samples(String sampleName) {
        List<Sample> found = new ArrayList<>();
        for (Family f : families.values()) {
            for (Sample s : f.samples()) {
                if (s.name().equals(sampleName)) {
                    found.add(s);
                }
            }
        }
        return found;
    }

    /**
     * The value of the sample with exactly these labels ({@code "name", "value", ...}).
     *
     * @throws AssertionError when there is none
     */
    public double value(String sampleName, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        for (Sample s : samples(sampleName)) {
            if (s.labels().equals(wanted)) {
                return s.value();
            }
        }
        throw new AssertionError("no sample " + sampleName + wanted + "; have " + samples(sampleName));
    }

    /** The sum of every sample named {@code sampleName} whose labels include these. */
    public double sum(String sampleName, String... labels) {
        double sum = 0;
        for (Sample s : samples(sampleName)) {
            boolean matches = true;
            for (int i = 0; i + 1 < labels.length; i += 2) {
                matches &= labels[i + 1].equals(s.labels().get(labels[i]));
            }
            sum += matches ? s.value() : 0;
        }
        return sum;
    }

    private static final class Parser {

        private final Map<String, String> types = new LinkedHashMap<>();
        private final Map<String, String> helps = new LinkedHashMap<>();
        private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
        private final Set<String> finished = new HashSet<>();
        private final Set<String> series = new HashSet<>();
        private String currentFamily;
        private int lineNumber;

        PrometheusText parse(String text) {
            if (!text.isEmpty() && !text.endsWith("\n")) {
                throw new IllegalArgumentException("the exposition does not end with a newline");
            }
            for (String line : text.split("\n", -1)) {
                lineNumber++;
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    comment(line);
                } else {
                    sample(line);
                }
            }
            Map<String, Family> families = new LinkedHashMap<>();
            Set<String> names = new java.util.LinkedHashSet<>(types.keySet());
            names.addAll(samples.keySet());
            for (String name : names) {
                Family f = new Family(name, types.getOrDefault(name, "untyped"), helps.get(name),
                        List.copyOf(samples.getOrDefault(name, List.of())));
                check(f);
                families.put(name, f);
            }
            return new PrometheusText(families);
        }

        private void comment(String line) {
            String[] parts = line.split(" ", 4);
            if (parts.length < 3 || !parts[0].equals("#") || !(parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
                return; // a plain comment
            }
            String name = name(parts[2], METRIC_NAME);
            String rest = parts.length == 4 ? parts[3] : "";
            if (samples.containsKey(name)) {
                fail(parts[1] + " for " + name + " after its samples");
            }
            if (parts[1].equals("TYPE")) {
                if (!TYPES.contains(rest)) {
                    fail("unknown type '" + rest + "'");
                }
                if (types.put(name, rest) != null) {
                    fail("a second TYPE for " + name);
                }
            } else {
                if (helps.put(name, unescape(rest, false)) != null) {
                    fail("a second HELP for " + name);
                }
            }
        }

        private void sample(String line) {
            int i = 0;
            while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
                i++;
            }
            String name = name(line.substring(0, i), METRIC_NAME);
            Map<String, String> labels = new TreeMap<>();
            if (i < line.length() && line.charAt(i) == '{') {
                i = labels(line, i + 1, labels);
            }
            String[] rest = line.substring(i).trim().split(" +");
            if (i >= line.length() || line.charAt(i) != ' ' || rest.length < 1 || rest.length > 2) {
                fail("expected ' value [timestamp]' after " + name);
            }
            double value = number(rest[0]);
            if (rest.length == 2 && !TIMESTAMP.matcher(rest[1]).matches()) {
                fail("bad timestamp '" + rest[1] + "'");
            }
            String family = familyOf(name);
            if (!family.equals(currentFamily)) {
                if (finished.contains(family)) {
                    fail("the samples of " + family + " are not grouped together");
                }
                if (currentFamily != null) {
                    finished.add(currentFamily);
                }
                currentFamily = family;
            }
            if (!series.add(name + labels)) {
                fail("a repeated series " + name + labels);
            }
            samples.computeIfAbsent(family, f -> new ArrayList<>()).add(new Sample(name, Map.copyOf(labels), value));
        }

        private int labels(String line, int i, Map<String, String> labels) {
            while (true) {
                if (i < line.length() && line.charAt(i) == '}') {
                    return i + 1;
                }
                int eq = line.indexOf('=', i);
                if (eq < 0) {
                    fail("unterminated labels");
                }
                String label = name(line.substring(i, eq), LABEL_NAME);
                if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                    fail("label " + label + ": value not quoted");
                }
                int j = eq + 2;
                StringBuilder raw = new StringBuilder();
                while (j < line.length() && line.charAt(j) != '"') {
                    if (line.charAt(j) == '\\' && j + 1 < line.length()) {
                        raw.append(line.charAt(j++));
                    }
                    raw.append(line.charAt(j++));
                }
                if (j >= line.length()) {
                    fail("label " + label + ": unterminated value");
                }
                if (labels.put(label, unescape(raw.toString(), true)) != null) {
                    fail("label " + label + " twice");
                }
                i = j + 1;
                if (i < line.length() && line.charAt(i) == ',') {
                    i++;
                } else if (i >= line.length() || line.charAt(i) != '}') {
                    fail("expected ',' or '}' after label " + label);
                }
            }
        }

        private String familyOf(String sampleName) {
            if (types.containsKey(sampleName)) {
                return sampleName;
            }
            for (String suffix : List.of("_bucket", "_sum", "_count")) {
                if (sampleName.endsWith(suffix)) {
                    String base = sampleName.substring(0, sampleName.length() - suffix.length());
                    String type = types.get(base);
                    if ("histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"))) {
                        return base;
                    }
                }
            }
            return sampleName;
        }

        private void check(Family f) {
            if (f.type().equals("counter")) {
                for (Sample s : f.samples()) {
                    if (!(s.value() >= 0)) {
                        throw new IllegalArgumentException("counter " + s.name() + s.labels() + " is " + s.value());
                    }
                }
            }
            if (f.type().equals("histogram")) {
                checkHistogram(f);
            }
        }

        private static void checkHistogram(Family f) {
            Map<Map<String, String>, TreeMap<Double, Double>> buckets = new LinkedHashMap<>();
            Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
            Set<Map<String, String>> sums = new HashSet<>();
            for (Sample s : f.samples()) {
                Map<String, String> group = new TreeMap<>(s.labels());
                String le = group.remove("le");
                if (s.name().equals(f.name() + "_bucket")) {
                    if (le == null) {
                        throw new IllegalArgumentException(s.name() + s.labels() + " has no le label");
                    }
                    buckets.computeIfAbsent(group, g -> new TreeMap<>()).put(le.equals("+Inf")
                            ? Double.POSITIVE_INFINITY : Double.parseDouble(le), s.value());
                } else if (s.name().equals(f.name() + "_count")) {
                    counts.put(group, s.value());
                } else if (s.name().equals(f.name() + "_sum")) {
                    sums.add(group);
                } else {
                    throw new IllegalArgumentException("histogram " + f.name() + " has a sample " + s.name());
                }
            }
            for (Map.Entry<Map<String, String>, TreeMap<Double, Double>> e : buckets.entrySet()) {
                double previous = 0;
                for (double count : e.getValue().values()) {
                    if (count < previous) {
                        throw new IllegalArgumentException(f.name() + e.getKey() + ": buckets are not cumulative");
                    }
                    previous = count;
                }
                Double inf = e.getValue().get(Double.POSITIVE_INFINITY);
                if (inf == null || !inf.equals(counts.get(e.getKey())) || !sums.contains(e.getKey())) {
                    throw new IllegalArgumentException(f.name() + e.getKey()
                            + ": needs a +Inf bucket equal to _count, and a _sum");
                }
            }
        }

        private double number(String text) {
            switch (text) {
                case "+Inf", "Inf" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Inf" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                case "NaN" -> {
                    return Double.NaN;
                }
                default -> {
                    if (!NUMBER.matcher(text).matches()) {
                        fail("bad number '" + text + "'");
                    }
                    return Double.parseDouble(text);
                }
            }
        }

        private String unescape(String text, boolean quotes) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char next = i + 1 < text.length() ? text.charAt(++i) : ' ';
                switch (next) {
                    case '\\' -> out.append('\\');
                    case 'n' -> out.append('\n');
                    case '"' -> {
                        if (!quotes) {
                            fail("\\\" is no escape in HELP");
                        }
                        out.append('"');
                    }
                    default -> fail("bad escape \\" + next);
                }
            }
            return out.toString();
        }

        private String name(String text, Pattern pattern) {
            if (!pattern.matcher(text).matches()) {
                fail("bad name '" + text + "'");
            }
            return text;
        }

        private void fail(String problem) {
            throw new IllegalArgumentException("line " + lineNumber + ": " + problem);
        }
    }
}
