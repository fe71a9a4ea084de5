package com.jxc.returns.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.jxc.returns.query.privacy.ContactCarrier;
import com.jxc.returns.query.privacy.ContactMasking;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.common.DateTimeUtils;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/events?after=&limit=&type=&from=&to=}: the global event stream in commit order for any consumer
 * (auditors, integrations); pass {@code next} back as {@code after} to continue where you stopped. See
 * {@link EventFeed} for the guarantee.
 */
@RestController
@RequestMapping("/api/events")
@Validated
class EventFeedController {

    private final EventFeed feed;

    EventFeedController(EventFeed feed) {
        this.feed = feed;
    }

    @GetMapping
    FeedPage events(@RequestParam(defaultValue = "-1") @Min(-1) long after,
                    @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
                    @RequestParam(required = false) @Size(max = 20)
                    List<@Pattern(regexp = "[A-Za-z][A-Za-z0-9]{0,63}") String> type,
                    @RequestParam(required = false) Instant from,
                    @RequestParam(required = false) Instant to) {
        var page = feed.read(after, limit, new EventFeed.Filter(type == null ? Set.of() : Set.copyOf(type), from, to));
        return new FeedPage(page.events().stream().map(FeedItem::of).toList(), page.next(), page.complete());
    }

    /**
     * {@code complete}: the reader is at the safe end of the stream for now; ask again later from {@code next}.
     * Payloads are as stored, except that contact fields are masked for roles that see contacts masked.
     */
    record FeedPage(List<FeedItem> items, long next, boolean complete) implements ContactCarrier {
        @Override
        public FeedPage withContactsMasked(ContactMasking masking) {
            return new FeedPage(items.stream().map(item -> new FeedItem(item.position(), item.eventId(),
                    item.aggregateType(), item.aggregateId(), item.sequenceNumber(), item.type(), item.revision(),
                    item.timestamp(), item.metaData(), masking.eventPayload(item.payload()))).toList(), next,
                    complete);
        }
    }

    record FeedItem(long position, String eventId, String aggregateType, String aggregateId, long sequenceNumber,
                    String type, String revision, Instant timestamp, @JsonRawValue String metaData,
                    @JsonRawValue String payload) {
        static FeedItem of(StoredEvent event) {
            return new FeedItem(event.globalIndex(), event.eventIdentifier(), event.aggregateType(),
                    event.aggregateIdentifier(), event.sequenceNumber(), event.payloadType(), event.payloadRevision(),
                    DateTimeUtils.parseInstant(event.timeStamp()), event.metaDataJson(), event.payloadJson());
        }
    }
}
