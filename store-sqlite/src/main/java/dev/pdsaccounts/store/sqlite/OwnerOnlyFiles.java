package dev.pdsaccounts.store.sqlite;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the database readable by its owner only: it holds password hashes and private signing keys. On a POSIX
 * file system, directories the store creates are {@code 0700}, a database file it creates is {@code 0600} (SQLite
 * gives its {@code -wal}, {@code -shm} and {@code -journal} files the database file's mode), and an existing
 * database file or side file loses every group and other permission. A directory that already exists is left as
 * it is (it is the host's). Elsewhere nothing is changed.
 */
final class OwnerOnlyFiles {
    /** {@code rwx------}. */
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** {@code rw-------}. */
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final List<String> SIDE_FILES = List.of("-wal", "-shm", "-journal");

    private OwnerOnlyFiles() {}

    /** Creates the directory and the file owner-only when missing, and takes group and other access away. */
    static void prepare(Path database) throws IOException {
        boolean posix = database.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path dir = database.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            } else {
                Files.createDirectories(dir);
            }
        }
        if (!posix) {
            return;
        }
        if (Files.notExists(database)) {
            try {
                // An empty file is an empty SQLite database; SQLite would create it 0644.
                Files.createFile(database, PosixFilePermissions.asFileAttribute(FILE));
            } catch (FileAlreadyExistsException e) {
                // Another process created it meanwhile: restricted below like any existing file.
            }
        }
        restrict(database);
        for (String suffix : SIDE_FILES) {
            Path side = database.resolveSibling(database.getFileName() + suffix);
            if (Files.exists(side)) {
                restrict(side);
            }
        }
    }

    private static void restrict(Path file) throws IOException {
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
        if (now.stream().anyMatch(GROUP_AND_OTHERS::contains)) {
            Set<PosixFilePermission> ownerOnly = EnumSet.copyOf(now);
            ownerOnly.removeAll(GROUP_AND_OTHERS);
            Files.setPosixFilePermissions(file, ownerOnly);
        }
    }
}
