package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.syntax.Did;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The default {@link DidResolver}: did:plc documents from the service's {@link PlcDirectory} port; other DID
 * methods go to a fallback resolver (by default none: they do not resolve). A directory failure
 * ({@link dev.pdsaccounts.error.InfrastructureException} or any other runtime failure but a
 * {@link LexiconException}) becomes {@code UnresolvableDid}.
 */
public final class PlcDirectoryDidResolver implements DidResolver {
    private final PlcDirectory directory;
    private final DidResolver others;

    /**
     * did:plc only.
     *
     * @param directory the PLC directory
     */
    public PlcDirectoryDidResolver(PlcDirectory directory) {
        this(directory, did -> Optional.empty());
    }

    /**
     * did:plc from the directory, every other method from {@code others} (e.g. an {@code HttpDidResolver}
     * for did:web).
     *
     * @param directory the PLC directory
     * @param others the resolver of the other methods
     */
    public PlcDirectoryDidResolver(PlcDirectory directory, DidResolver others) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.others = Objects.requireNonNull(others, "others");
    }

    /** {@inheritDoc} */
    @Override
    public Optional<Map<String, Object>> resolve(String did) {
        if (!"plc".equals(Did.parse(did).method())) {
            return others.resolve(did);
        }
        try {
            return Objects.requireNonNull(directory.resolveDocument(did), "PlcDirectory returned null");
        } catch (LexiconException e) {
            throw e;
        } catch (RuntimeException e) {
            throw DidResolver.unresolvable(did);
        }
    }

    /** {@inheritDoc} */
    @Override
    public Optional<Map<String, Object>> resolveFresh(String did) {
        if (!"plc".equals(Did.parse(did).method())) {
            return others.resolveFresh(did);
        }
        return resolve(did);
    }
}
