package com.jxc.returns.projection.support;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeSet;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether a document already applied an event, from what the stream had seen when the document last changed. */
class AppliedTokenTest {

    private static final LongSupplier NOT_ASKED = () -> {
        throw new AssertionError("the token alone tells");
    };

    @Test
    void theSameOrAnEarlierEventDeliveredAgainCountsAsAlreadyApplied() {
        var applied = AppliedToken.of(token(95, 90));
        assertThat(applied.covers(token(95, 90), NOT_ASKED)).isTrue();
        assertThat(applied.covers(token(93, 90), NOT_ASKED)).as("an earlier event").isTrue();
    }

    @Test
    void aNewHeadIsNotApplied() {
        assertThat(AppliedToken.of(token(95, 90)).covers(token(96, 90), NOT_ASKED)).isFalse();
    }

    @Test
    void anEventAtAGapOfTheDocumentIsNotApplied() {
        // read in order after a restart: 90 was a gap when the document changed and is stored now
        assertThat(AppliedToken.of(token(95, 90)).covers(token(90), NOT_ASKED)).isFalse();
    }

    @Test
    void aBatchDeliveredAgainAfterItsGapWasFilledIsRecognisedAsApplied() {
        // the document changed with the event at 95 while 90 was not yet committed; after a crash the batch is
        // read again, 90 is stored by then, so the token at 95 has no gap: the event itself was applied
        var applied = AppliedToken.of(token(95, 90));
        assertThat(applied.covers(token(95), () -> 95)).isTrue();
    }

    @Test
    void anEventFillingTheDocumentsGapLateIsNotApplied() {
        // the same tokens as above, but the event is the one at 90, committed after the stream passed 95
        var applied = AppliedToken.of(token(95, 90));
        assertThat(applied.covers(token(95), () -> 90)).isFalse();
    }

    @Test
    void afterApplyingAGapFillerTheRestOfARedeliveredBatchStillCounts() {
        var applied = AppliedToken.of(token(95, 90)).after(token(90));
        assertThat(applied).isEqualTo(new AppliedToken(95, List.of()));
        assertThat(applied.covers(token(95), NOT_ASKED)).as("the event at 95, delivered again").isTrue();
        assertThat(AppliedToken.of(token(95, 90)).after(token(96, 90))).isEqualTo(new AppliedToken(96, List.of(90L)));
    }

    @Test
    void globalSequenceTokensAreTheEventsOwnPosition() {
        var applied = AppliedToken.of(new GlobalSequenceTrackingToken(95));
        assertThat(applied.covers(new GlobalSequenceTrackingToken(95), NOT_ASKED)).isTrue();
        assertThat(applied.covers(new GlobalSequenceTrackingToken(96), NOT_ASKED)).isFalse();
        assertThat(applied.after(new GlobalSequenceTrackingToken(90))).isEqualTo(applied);
    }

    private static GapAwareTrackingToken token(long index, long... gaps) {
        var set = new TreeSet<Long>();
        for (long gap : gaps) {
            set.add(gap);
        }
        return GapAwareTrackingToken.newInstance(index, set);
    }
}
