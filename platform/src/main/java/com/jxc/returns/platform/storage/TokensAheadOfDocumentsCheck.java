package com.jxc.returns.platform.storage;

import com.jxc.returns.platform.health.ReadStoreChecks;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, before this instance's processors run: every segment whose last batch was in flight (see
 * {@link TokenJournal}) is claimed, which moves a token ahead of its documents back (see
 * {@link TokenStoredAfterReadModelWrites}), and released again. A segment another instance still holds (a live
 * instance, or a killed one whose claim has not expired yet) is left alone: its processor checks it when it claims it.
 */
public final class TokensAheadOfDocumentsCheck {

    /** The check's name in the {@code readStore} health entry. */
    public static final String CHECK = "tokens";
    private static final Logger log = LoggerFactory.getLogger(TokensAheadOfDocumentsCheck.class);

    private final TokenJournal journal;
    private final TokenStore tokens;
    private final ReadStoreChecks checks;

    public TokensAheadOfDocumentsCheck(TokenJournal journal, TokenStore tokens, ReadStoreChecks checks) {
        this.journal = journal;
        this.tokens = tokens;
        this.checks = checks;
    }

    public void run() {
        try (var running = checks.start(CHECK)) {
            long repairsBefore = checks.repairCount();
            var inFlight = journal.allPending();
            int leftToHolders = 0;
            for (TokenJournal.Entry batch : inFlight) {
                try {
                    tokens.fetchToken(batch.processor(), batch.segment());
                } catch (UnableToClaimTokenException e) {
                    log.info("Token of {}/{} is claimed elsewhere; it is checked when this instance claims it ({})",
                            batch.processor(), batch.segment(), e.getMessage());
                    leftToHolders++;
                    continue;
                }
                tokens.releaseClaim(batch.processor(), batch.segment());
            }
            log.info("Read-store check {}: {} batch(es) in flight at the last stop, {} token(s) moved back, {} left "
                    + "to the instance holding them", CHECK, inFlight.size(), checks.repairCount() - repairsBefore,
                    leftToHolders);
        }
    }
}
