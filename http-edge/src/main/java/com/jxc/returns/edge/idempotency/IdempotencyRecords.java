package com.jxc.returns.edge.idempotency;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The {@code idempotency_keys} table in the event store's database: one row per (user, key). A row is PENDING while
 * its first request runs (its owner token and lease say who runs it and until when) and COMPLETED with the stored
 * response once that request's transaction committed. Created by the service's schema migrations (platform).
 * <p>
 * Statements run in the caller's transaction when there is one (JdbcTemplate joins it), otherwise on their own.
 */
@Component
public class IdempotencyRecords {

    public enum State { PENDING, COMPLETED }

    /** One row; the response fields are set only when COMPLETED. */
    public record Entry(String principal, String key, String fingerprint, State state, String owner, long createdAt,
                        long leaseUntil, Integer status, String contentType, String location, String body) {
    }

    private final JdbcTemplate jdbc;

    public IdempotencyRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the key for a new request; false when a row for it exists already (or is being written). */
    public boolean claim(String principal, String key, String fingerprint, String owner, long now, long leaseUntil) {
        try {
            return jdbc.update("""
                    INSERT INTO idempotency_keys (principal, idempotency_key, fingerprint, state, owner_token, created_at,
                      lease_until) VALUES (?, ?, ?, 'PENDING', ?, ?, ?)""",
                    principal, key, fingerprint, owner, now, leaseUntil) == 1;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public Optional<Entry> find(String principal, String key) {
        List<Entry> found = jdbc.query("""
                SELECT principal, idempotency_key, fingerprint, state, owner_token, created_at, lease_until,
                  response_status, response_content_type, response_location, response_body
                FROM idempotency_keys WHERE principal = ? AND idempotency_key = ?""",
                (rs, row) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3),
                        State.valueOf(rs.getString(4)), rs.getString(5), rs.getLong(6), rs.getLong(7),
                        (Integer) rs.getObject(8), rs.getString(9), rs.getString(10), rs.getString(11)),
                principal, key);
        return found.stream().findFirst();
    }

    /**
     * Takes over a PENDING row whose lease ran out (its request died): only one of several racing callers wins, and
     * never while the old owner's completion is being committed.
     */
    public boolean takeOver(Entry stale, String newOwner, long now, long leaseUntil) {
        return jdbc.update("""
                UPDATE idempotency_keys SET owner_token = ?, lease_until = ?, created_at = ?
                WHERE principal = ? AND idempotency_key = ? AND state = 'PENDING' AND owner_token = ?
                  AND lease_until < ?""",
                newOwner, leaseUntil, now, stale.principal(), stale.key(), stale.owner(), now) == 1;
    }

    /**
     * Stores the response of the owner's request. Meant to run in the request's own transaction, together with the
     * command's events; false when the owner lost the key (lease ran out and someone took over): then roll back.
     */
    public boolean complete(String principal, String key, String owner, int status, String contentType,
                            String location, String body) {
        return jdbc.update("""
                UPDATE idempotency_keys SET state = 'COMPLETED', response_status = ?, response_content_type = ?,
                  response_location = ?, response_body = ?
                WHERE principal = ? AND idempotency_key = ? AND state = 'PENDING' AND owner_token = ?""",
                status, contentType, location, body, principal, key, owner) == 1;
    }

    /** Frees the key after a request that changed nothing (an error): the client may send it again. */
    public void release(String principal, String key, String owner) {
        try {
            jdbc.update("DELETE FROM idempotency_keys WHERE principal = ? AND idempotency_key = ? AND state = 'PENDING'"
                    + " AND owner_token = ?", principal, key, owner);
        } catch (DataAccessException e) {
            // the lease runs out instead
        }
    }

    /** Forgets completed keys (and abandoned pending ones) created before {@code cutoff}. */
    public int forgetBefore(long cutoff) {
        return jdbc.update("DELETE FROM idempotency_keys WHERE created_at < ?", cutoff);
    }
}
