package com.jxc.returns.api.common;

/** A count of units. Never negative; bounded so sums over many lines cannot overflow. */
public record Quantity(int value) implements SingleValue, Comparable<Quantity> {

    public static final int MAX = 1_000_000;
    public static final Quantity ZERO = new Quantity(0);

    public Quantity {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("quantity must be between 0 and " + MAX + ", was " + value);
        }
    }

    public static Quantity of(int value) {
        return new Quantity(value);
    }

    public Quantity plus(Quantity other) {
        return new Quantity(value + other.value);
    }

    public Quantity minus(Quantity other) {
        return new Quantity(value - other.value);
    }

    public boolean isZero() {
        return value == 0;
    }

    public boolean exceeds(Quantity other) {
        return value > other.value;
    }

    @Override
    public int compareTo(Quantity other) {
        return Integer.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
