package dev.pdsaccounts.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pdsaccounts.invite.InviteCode;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database holds password hashes and private signing keys: other local users must not read it. The
 * directories the store creates are 0700; the database, WAL and shared-memory files are 0600, also for a
 * database that was created world-readable before.
 */
class SqliteFilePermissionsTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static void write(SqliteAccountStore store) {
        store.insertInviteCodes(List.of(new InviteCode("perm-" + System.nanoTime(), 1, false, "admin", "admin",
                Instant.parse("2024-01-01T00:00:00Z"))));
    }

    @Test
    void aNewDatabaseAndTheDirectoriesItCreatesAreOwnerOnly() throws IOException {
        Path data = tmp.resolve("data");
        Path db = data.resolve("pds").resolve("account.sqlite");
        try (SqliteAccountStore store = SqliteAccountStore.open(db)) {
            write(store);
            assertEquals("rwx------", mode(data));
            assertEquals("rwx------", mode(db.getParent()));
            assertEquals("rw-------", mode(db));
            Path wal = db.resolveSibling("account.sqlite-wal");
            Path shm = db.resolveSibling("account.sqlite-shm");
            assertTrue(Files.exists(wal) && Files.exists(shm), "WAL mode keeps a -wal and a -shm file open");
            assertEquals("rw-------", mode(wal));
            assertEquals("rw-------", mode(shm));
        }
    }

    @Test
    void anExistingWorldReadableDatabaseIsMadeOwnerOnlyAndKeepsItsData() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("host-dir"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path db = dir.resolve("account.sqlite");
        try (SqliteAccountStore store = SqliteAccountStore.open(db)) {
            write(store);
        }
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        Path wal = db.resolveSibling("account.sqlite-wal");
        Files.writeString(wal, "", java.nio.file.StandardOpenOption.CREATE);
        Files.setPosixFilePermissions(wal, PosixFilePermissions.fromString("rw-rw-rw-"));
        try (SqliteAccountStore store = SqliteAccountStore.open(db)) {
            assertEquals("rw-------", mode(db));
            assertEquals("rw-------", mode(wal));
            assertEquals(1, store.listInviteCodes(dev.pdsaccounts.invite.InviteSort.RECENT, 10, Optional.empty())
                    .codes().size());
        }
        assertEquals("rwxr-xr-x", mode(dir), "a directory that exists is the host's");
    }
}
