package com.jxc.returns.bench;

/**
 * A small log-linear latency histogram in microseconds (64 sub-buckets per power of two, under 1.6 % error), safe
 * for concurrent recording. JDK only, so the load process needs nothing but the bench jar.
 */
final class Histo {

    private static final int SUB = 64;
    private final long[] counts = new long[SUB + 58 * SUB];
    private long count;
    private long max;
    private long sum;

    synchronized void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        counts[index(micros)]++;
        count++;
        sum += micros;
        max = Math.max(max, micros);
    }

    synchronized void add(Histo other) {
        synchronized (other) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += other.counts[i];
            }
            count += other.count;
            sum += other.sum;
            max = Math.max(max, other.max);
        }
    }

    synchronized long count() {
        return count;
    }

    /** The value at quantile {@code q} (0..1) in milliseconds. */
    synchronized double percentileMs(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upper(i), max) / 1000.0;
            }
        }
        return max / 1000.0;
    }

    synchronized double maxMs() {
        return max / 1000.0;
    }

    synchronized double meanMs() {
        return count == 0 ? Double.NaN : sum / 1000.0 / count;
    }

    private static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int e = 63 - Long.numberOfLeadingZeros(v);
        int sub = (int) ((v >>> (e - 6)) & (SUB - 1));
        return SUB + (e - 6) * SUB + sub;
    }

    private static long upper(int index) {
        if (index < SUB) {
            return index;
        }
        int e = (index - SUB) / SUB + 6;
        int sub = (index - SUB) % SUB;
        return ((long) (SUB + sub + 1) << (e - 6)) - 1;
    }

    /** {@code p50=.. p99=.. max=.. n=..} in milliseconds, the wire format between the processes. */
    String summary() {
        return "p50=%.3f p99=%.3f max=%.3f n=%d".formatted(percentileMs(0.50), percentileMs(0.99), maxMs(), count());
    }
}
