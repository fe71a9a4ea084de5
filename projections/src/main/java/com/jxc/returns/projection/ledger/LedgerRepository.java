package com.jxc.returns.projection.ledger;

import com.jxc.returns.api.query.LedgerEntry;
import com.jxc.returns.api.query.LedgerEntryPage;
import com.jxc.returns.api.query.StoreCredit;
import com.jxc.returns.api.query.StoreCreditPage;
import com.jxc.returns.api.query.TrialBalance;
import com.jxc.returns.projection.support.DocumentMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.jxc.returns.api.returnrequest.ReturnInspected;
import com.jxc.returns.api.returnrequest.ReturnSettled;
import com.jxc.returns.projection.support.DocumentBatch;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The ledger's collections: {@code ledger_entries}, one document per posting keyed by its deterministic id, and
 * {@code ledger_orders}, the unit costs of shipped orders keyed by order id. Balances are summed from the postings
 * when asked for, so they can never disagree with them.
 */
@Component
public class LedgerRepository {

    public static final String ENTRIES = "ledger_entries";
    public static final String ORDERS = "ledger_orders";
    private static final String TIME_KEY = "occurredAt";
    private static final String ACCOUNTS_KEY = "accounts";
    private static final String POSITION_KEY = "position";
    private static final String STORE_CREDIT = Account.CUSTOMER_STORE_CREDIT.code();

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> orders;

    private final MongoDatabase database;

    public LedgerRepository(MongoDatabase database) {
        this.database = database;
        this.entries = database.getCollection(ENTRIES);
        this.orders = database.getCollection(ORDERS);
    }

    /**
     * Writes the postings of one event with the rest of the batch; writing them again replaces them with identical
     * documents.
     */
    void save(List<Posting> postings) {
        DocumentBatch batch = DocumentBatch.current(database);
        for (int position = 0; position < postings.size(); position++) {
            Posting posting = postings.get(position);
            var document = DocumentMapper.toDocument(posting.id(), posting.toEntry());
            document.put(POSITION_KEY, position);
            document.put(ACCOUNTS_KEY, posting.lines().stream().map(line -> line.account().code()).distinct()
                    .toList());
            batch.putNew(ENTRIES, document);
        }
    }

    void saveOrder(OrderCosts order) {
        DocumentBatch.current(database).putRecord(ORDERS, order.orderId(), order);
    }

    /** The costs of an order as this batch of events sees them, loaded with those of the batch's other returns. */
    Optional<OrderCosts> findOrder(String orderId) {
        DocumentBatch batch = DocumentBatch.current(database);
        batch.prefetchForBatch(ORDERS, payload -> {
            if (payload instanceof ReturnInspected inspected) {
                return List.of(inspected.orderId().value());
            }
            return payload instanceof ReturnSettled settled && settled.exchange() != null
                    ? List.of(settled.orderId().value()) : List.of();
        });
        return batch.find(ORDERS, orderId, document -> DocumentMapper.fromDocument(document, OrderCosts.class));
    }

    public Optional<LedgerEntry> find(String entryId) {
        return Optional.ofNullable(entries.find(Filters.eq("_id", entryId)).first())
                .map(document -> DocumentMapper.fromDocument(document, LedgerEntry.class));
    }

    /** Postings in journal order: by time, then by return, then in the order their event made them. */
    public LedgerEntryPage page(String returnId, String account, Instant from, Instant to, int page, int size) {
        var filters = new ArrayList<Bson>();
        if (returnId != null) {
            filters.add(Filters.eq("returnId", returnId));
        }
        if (account != null) {
            filters.add(Filters.eq(ACCOUNTS_KEY, account));
        }
        filters.addAll(period(from, to));
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        List<LedgerEntry> items = new ArrayList<>();
        entries.find(filter)
                .sort(Sorts.ascending(TIME_KEY, "returnId", POSITION_KEY))
                .skip(page * size).limit(size)
                .forEach(document -> items.add(DocumentMapper.fromDocument(document, LedgerEntry.class)));
        return new LedgerEntryPage(items, page, size, entries.countDocuments(filter));
    }

    public TrialBalance trialBalance(Instant from, Instant to) {
        record Key(String account, String currency) implements Comparable<Key> {
            @Override
            public int compareTo(Key other) {
                int byAccount = account.compareTo(other.account);
                return byAccount != 0 ? byAccount : currency.compareTo(other.currency);
            }
        }
        Map<Key, BigDecimal[]> sums = new TreeMap<>();
        Map<Key, String> names = new TreeMap<>();
        List<Bson> period = period(from, to);
        forEachEntry(period.isEmpty() ? new Document() : Filters.and(period), entry -> entry.lines().forEach(line -> {
            var key = new Key(line.account(), entry.currency());
            names.putIfAbsent(key, line.accountName());
            BigDecimal[] sum = sums.computeIfAbsent(key, k -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
            sum[0] = sum[0].add(line.debit());
            sum[1] = sum[1].add(line.credit());
        }));
        List<TrialBalance.Row> rows = new ArrayList<>();
        Map<String, BigDecimal[]> totals = new TreeMap<>();
        sums.forEach((key, sum) -> {
            rows.add(new TrialBalance.Row(key.account(), names.get(key), key.currency(), sum[0], sum[1],
                    sum[0].subtract(sum[1])));
            BigDecimal[] total = totals.computeIfAbsent(key.currency(),
                    k -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
            total[0] = total[0].add(sum[0]);
            total[1] = total[1].add(sum[1]);
        });
        List<TrialBalance.Total> totalRows = new ArrayList<>();
        totals.forEach((currency, total) -> totalRows.add(new TrialBalance.Total(currency, total[0], total[1],
                total[0].compareTo(total[1]) == 0)));
        return new TrialBalance(from, to, rows, totalRows);
    }

    public StoreCredit storeCredit(String customerId) {
        Map<String, BigDecimal> balances = new TreeMap<>();
        forEachEntry(Filters.and(Filters.eq("customerId", customerId), Filters.eq(ACCOUNTS_KEY, STORE_CREDIT)),
                entry -> addStoreCredit(entry, balances));
        return storeCredit(customerId, balances);
    }

    /** Customers with store-credit postings, by customer id. */
    public StoreCreditPage storeCredits(int page, int size) {
        Map<String, Map<String, BigDecimal>> byCustomer = new TreeMap<>();
        forEachEntry(Filters.eq(ACCOUNTS_KEY, STORE_CREDIT), entry ->
                addStoreCredit(entry, byCustomer.computeIfAbsent(entry.customerId(), k -> new TreeMap<>())));
        List<StoreCredit> items = byCustomer.entrySet().stream().skip((long) page * size).limit(size)
                .map(customer -> storeCredit(customer.getKey(), customer.getValue())).toList();
        return new StoreCreditPage(items, page, size, byCustomer.size());
    }

    public void deleteAll() {
        entries.drop();
        orders.drop();
    }

    private static StoreCredit storeCredit(String customerId, Map<String, BigDecimal> balances) {
        return new StoreCredit(customerId, balances.entrySet().stream()
                .map(balance -> new StoreCredit.Balance(balance.getKey(), balance.getValue())).toList());
    }

    private static void addStoreCredit(LedgerEntry entry, Map<String, BigDecimal> balances) {
        entry.lines().stream().filter(line -> line.account().equals(STORE_CREDIT)).forEach(line ->
                balances.merge(entry.currency(), line.credit().subtract(line.debit()), BigDecimal::add));
    }

    private void forEachEntry(Bson filter, Consumer<LedgerEntry> action) {
        entries.find(filter).forEach(document -> action.accept(DocumentMapper.fromDocument(document,
                LedgerEntry.class)));
    }

    private static List<Bson> period(Instant from, Instant to) {
        var filters = new ArrayList<Bson>();
        if (from != null) {
            filters.add(Filters.gte(TIME_KEY, DocumentMapper.date(from)));
        }
        if (to != null) {
            filters.add(Filters.lt(TIME_KEY, DocumentMapper.date(to)));
        }
        return filters;
    }
}
