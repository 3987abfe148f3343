package dev.pdsaccounts.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A plain model of the refresh-token rows the session use cases keep, for the seeded property of
 * {@link SessionContract}: login inserts a row, refresh rotates with the grace window and sweeps expired
 * rows, logout removes the token's whole rotation chain, app-password revocation and password change remove
 * their rows. Not thread-safe; one per try.
 */
final class SessionModel {
    /** One refresh-token row. */
    static final class Row {
        final String did;
        final String appPassword;
        Instant expiresAt;
        String nextId;

        Row(String did, Instant expiresAt, String appPassword) {
            this.did = did;
            this.expiresAt = expiresAt;
            this.appPassword = appPassword;
        }
    }

    /** What the model expects of a refresh. */
    record Expected(boolean succeeds, Optional<String> nextId) {}

    private final Duration grace;
    private final Duration lifetime;
    private final Map<String, Row> rows = new HashMap<>();
    private final Map<String, Set<String>> appPasswords = new HashMap<>();

    /** A model with the service's grace period and refresh-token lifetime. */
    SessionModel(Duration grace, Duration lifetime) {
        this.grace = grace;
        this.lifetime = lifetime;
    }

    /** A login stored a row. */
    void login(String jti, String did, String appPassword, Instant now) {
        rows.put(jti, new Row(did, now.plus(lifetime), appPassword));
    }

    /** An app password was created. */
    void appPasswordCreated(String did, String name) {
        appPasswords.computeIfAbsent(did, k -> new HashSet<>()).add(name);
    }

    /** The account's app-password names. */
    List<String> appPasswordsOf(String did) {
        return appPasswords.getOrDefault(did, Set.of()).stream().sorted().toList();
    }

    /** What refreshing {@code jti} must do now; applies the sweep the refresh makes. */
    Expected expectRefresh(String jti, String did, Instant now) {
        Row row = rows.get(jti);
        if (row == null || !row.did.equals(did)) {
            return new Expected(false, Optional.empty());
        }
        rows.entrySet().removeIf(e -> e.getValue().did.equals(did) && !e.getValue().expiresAt.isAfter(now));
        Instant graceExpiry = min(now.plus(grace), row.expiresAt);
        if (!graceExpiry.isAfter(now)) {
            return new Expected(false, Optional.empty());
        }
        if (row.appPassword != null && !appPasswords.getOrDefault(did, Set.of()).contains(row.appPassword)) {
            return new Expected(false, Optional.empty());
        }
        return new Expected(true, Optional.ofNullable(row.nextId));
    }

    /** A refresh of {@code jti} succeeded with successor {@code nextId}. */
    void rotated(String jti, String nextId, Instant now) {
        Row row = rows.get(jti);
        row.expiresAt = min(now.plus(grace), row.expiresAt);
        row.nextId = nextId;
        rows.putIfAbsent(nextId, new Row(row.did, now.plus(lifetime), row.appPassword));
    }

    /** Logout with {@code jti}: removes its rotation chain; returns the removed row ids. */
    Set<String> logout(String jti, String did) {
        Map<String, String> predecessorOf = new HashMap<>();
        rows.forEach((id, row) -> {
            if (row.did.equals(did) && row.nextId != null) {
                predecessorOf.put(row.nextId, id);
            }
        });
        String root = jti;
        Set<String> seen = new HashSet<>();
        while (predecessorOf.containsKey(root) && seen.add(root)) {
            root = predecessorOf.get(root);
        }
        Set<String> removed = new HashSet<>();
        String cursor = root;
        while (cursor != null && !removed.contains(cursor)) {
            Row row = rows.get(cursor);
            if (row == null || !row.did.equals(did)) {
                break;
            }
            rows.remove(cursor);
            removed.add(cursor);
            cursor = row.nextId;
        }
        return removed;
    }

    /** An app password was revoked with its sessions. */
    void revokeAppPassword(String did, String name) {
        appPasswords.getOrDefault(did, new HashSet<>()).remove(name);
        rows.entrySet().removeIf(e -> e.getValue().did.equals(did) && name.equals(e.getValue().appPassword));
    }

    /** The password changed: every session of the account is gone. */
    void passwordChanged(String did) {
        rows.entrySet().removeIf(e -> e.getValue().did.equals(did));
    }

    /** The model's row ids of an account. */
    Set<String> rowIdsOf(String did) {
        return rows.entrySet().stream().filter(e -> e.getValue().did.equals(did)).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /** The model's successor id of a row, if rotated. */
    Optional<String> nextIdOf(String jti) {
        Row row = rows.get(jti);
        return row == null ? Optional.empty() : Optional.ofNullable(row.nextId);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
