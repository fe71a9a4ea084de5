package com.jxc.returns.api.query;

/**
 * Re-checks every event chain. With an anchor (a global index and the chain hash an auditor noted for it earlier), also
 * checks that the sealed chain still passes through it, which a rewrite of the whole store cannot fake.
 */
public record FindEventIntegrityQuery(Long anchorIndex, String anchorHash) {

    public FindEventIntegrityQuery {
        if ((anchorIndex == null) != (anchorHash == null)) {
            throw new IllegalArgumentException("an anchor needs both its global index and its chain hash");
        }
    }
}
