package com.jxc.returns.platform.storage;

import com.jxc.returns.platform.health.ReadStoreChecks;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token store that stores a processed batch's token only after everything the batch wrote to the read models, and
 * never lets a stored token stay ahead of documents a crash lost.
 * <p>
 * A pooled streaming processor asks for the token to be stored in the first prepare-commit handler of the batch's unit
 * of work, registered before any event handler runs; read-model writers ({@code DocumentBatch}) flush their documents
 * in prepare-commit handlers registered later. Tokens live in MongoDB, outside any transaction, so a crash (or a
 * failed write) between the two would leave the token past events whose documents were never written: those updates
 * would be lost for good. Called during prepare-commit, this store therefore defers the write to the commit phase,
 * which runs after every prepare-commit handler: a crash now can only leave documents written and the token behind
 * them, and the batch is delivered again to idempotent handlers. A failure to store the token (e.g. a lost claim) in
 * the commit phase still rolls the unit of work back. Outside a unit of work the token is stored at once.
 * <p>
 * A store that does not keep its writes in order across a crash (the embedded one before it committed only at whole
 * commands) can still keep the token and lose documents written before it. So before the batch's documents are
 * written, the {@link TokenJournal} records the segment's previous and pending token, and clears the pending one once
 * the token is stored. Whenever a segment is claimed (by the start-up check, {@link TokensAheadOfDocumentsCheck}, or
 * by a processor), a stored token equal to a pending one is moved back to the previous token: the batch is delivered
 * again, which idempotent handlers make harmless, instead of being skipped. The claim makes this safe with several
 * instances: only the holder of a segment's claim can be storing its batch, and a claim is granted only once the last
 * holder released it or let it expire.
 */
public final class TokenStoredAfterReadModelWrites implements TokenStore {

    private static final Logger log = LoggerFactory.getLogger(TokenStoredAfterReadModelWrites.class);

    private final TokenStore delegate;
    private final TokenJournal journal;
    private final ReadStoreChecks checks;
    /** The token each segment claimed here last fetched or stored (the token may be null): what a batch follows. */
    private final Map<String, Stored> stored = new ConcurrentHashMap<>();

    private record Stored(TrackingToken token) {
    }

    public TokenStoredAfterReadModelWrites(TokenStore delegate, TokenJournal journal, ReadStoreChecks checks) {
        this.delegate = delegate;
        this.journal = journal;
        this.checks = checks;
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) throws UnableToClaimTokenException {
        if (CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().phase() == UnitOfWork.Phase.PREPARE_COMMIT) {
            // the first prepare-commit handler: nothing of the batch is written yet
            Stored previous = stored.get(TokenJournal.id(processorName, segment));
            journal.recordPending(processorName, segment, previous != null, previous == null ? null : previous.token(),
                    token);
            CurrentUnitOfWork.get().root().onCommit(u -> {
                delegate.storeToken(token, processorName, segment);
                stored.put(TokenJournal.id(processorName, segment), new Stored(token));
                clearPending(processorName, segment);
            });
            return;
        }
        delegate.storeToken(token, processorName, segment);
        stored.put(TokenJournal.id(processorName, segment), new Stored(token));
        clearPending(processorName, segment);
    }

    private void clearPending(String processorName, int segment) {
        try {
            journal.clearPending(processorName, segment);
        } catch (RuntimeException e) {
            // the token is stored; a pending entry left behind only has the batch delivered again after a restart
            log.warn("Could not clear the token journal of {}/{}: {}", processorName, segment, e.toString());
        }
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
        return claimed(processorName, segment, delegate.fetchToken(processorName, segment));
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
        return claimed(processorName, segment.getSegmentId(), delegate.fetchToken(processorName, segment));
    }

    /**
     * The token a segment just claimed here starts from: the stored one, or the token before the batch in flight when
     * the stored token is that batch's (the documents it wrote may be lost).
     */
    private TrackingToken claimed(String processorName, int segment, TrackingToken storedToken) {
        TrackingToken start = storedToken;
        Optional<TokenJournal.Entry> pending = journal.pending(processorName, segment);
        if (pending.isPresent()) {
            TokenJournal.Entry batch = pending.get();
            if (Objects.equals(batch.pending(), storedToken) && batch.previousKnown()) {
                delegate.storeToken(batch.previous(), processorName, segment);
                start = batch.previous();
                checks.repaired(TokensAheadOfDocumentsCheck.CHECK, String.format("%s/%d: token moved back from %s to %s "
                                + "(the batch in flight at the last stop is delivered again)",
                        processorName, segment, describe(storedToken), describe(start)));
            } else if (Objects.equals(batch.pending(), storedToken)) {
                log.warn("Token of {}/{} may be ahead of its documents, but the token before its last batch is not "
                        + "known; rebuild the read model if it differs", processorName, segment);
            }
            journal.clearPending(processorName, segment);
        }
        stored.put(TokenJournal.id(processorName, segment), new Stored(start));
        return start;
    }

    static String describe(TrackingToken token) {
        if (token == null) {
            return "the start of the stream";
        }
        OptionalLong position = token.position();
        return position.isPresent() ? "position " + position.getAsLong() : token.toString();
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) throws UnableToClaimTokenException {
        delegate.initializeTokenSegments(processorName, segmentCount);
        journal.forget(processorName);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken)
            throws UnableToClaimTokenException {
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
        journal.forget(processorName);
    }

    @Override
    public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
        delegate.extendClaim(processorName, segment);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        delegate.releaseClaim(processorName, segment);
        stored.remove(TokenJournal.id(processorName, segment));
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment)
            throws UnableToClaimTokenException {
        delegate.initializeSegment(token, processorName, segment);
        journal.forget(processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
        delegate.deleteToken(processorName, segment);
        stored.remove(TokenJournal.id(processorName, segment));
        journal.forget(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return delegate.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return delegate.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return delegate.retrieveStorageIdentifier();
    }
}
