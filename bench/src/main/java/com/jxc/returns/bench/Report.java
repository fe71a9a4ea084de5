package com.jxc.returns.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The result table: printed as it grows and written as Markdown. */
final class Report {

    record Line(String figure, String value, String limit, String ratio, String target, String met) {
    }

    private final Map<String, List<Line>> sections = new LinkedHashMap<>();
    private final Map<String, List<String>> notes = new LinkedHashMap<>();
    private final List<String> header = new ArrayList<>();

    void header(String line) {
        header.add(line);
    }

    void note(String section, String text) {
        sections.computeIfAbsent(section, s -> new ArrayList<>());
        notes.computeIfAbsent(section, s -> new ArrayList<>()).add(text);
        System.out.printf("[bench] %s: %s%n", section, text);
    }

    void line(String section, String figure, String value, String limit, String ratio, String target, String met) {
        var line = new Line(figure, value, limit, ratio, target, met);
        sections.computeIfAbsent(section, s -> new ArrayList<>()).add(line);
        System.out.printf("[bench] %-14s | %-52s | %-22s | %-34s | %-8s | %-10s | %s%n", section, figure, value,
                limit, ratio, target, met);
    }

    /** A figure measured against a limit: ratio = value / limit, met when ratio >= minRatio (if given). */
    void ratio(String section, String figure, double value, String unit, String limitName, double limit,
               Double minRatio) {
        double ratio = value / limit;
        line(section, figure, fmt(value) + " " + unit, limitName + " " + fmt(limit) + " " + unit,
                "%.2f".formatted(ratio), minRatio == null ? "" : "≥ " + fmt(minRatio),
                minRatio == null ? "" : (ratio >= minRatio ? "met" : "NOT met"));
    }

    static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Math.abs(value) >= 100) {
            return "%,.0f".formatted(value);
        }
        if (Math.abs(value) >= 10) {
            return "%.1f".formatted(value);
        }
        return "%.2f".formatted(value);
    }

    void write(Path file) throws IOException {
        var md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        header.forEach(line -> md.append(line).append('\n'));
        md.append('\n');
        sections.forEach((section, lines) -> {
            md.append("## ").append(section).append("\n\n");
            notes.getOrDefault(section, List.of()).forEach(note -> md.append("- ").append(note).append('\n'));
            if (!lines.isEmpty()) {
                md.append("\n| Figure | Value | Limit (same run) | Ratio | Target | Met |\n");
                md.append("|---|---|---|---|---|---|\n");
                for (Line line : lines) {
                    md.append("| ").append(String.join(" | ", line.figure(), line.value(), line.limit(), line.ratio(),
                            line.target(), line.met())).append(" |\n");
                }
            }
            md.append('\n');
        });
        Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
    }
}
