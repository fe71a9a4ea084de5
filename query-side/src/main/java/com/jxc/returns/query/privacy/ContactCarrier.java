package com.jxc.returns.query.privacy;

/**
 * A response shape, defined outside this package, that carries customers' contact details: it says how it looks with
 * them masked, so that {@link ContactMasking#apply} covers it like the shapes it knows itself.
 */
public interface ContactCarrier {

    /** This value with every contact detail it carries passed through {@code masking}. */
    Object withContactsMasked(ContactMasking masking);
}
