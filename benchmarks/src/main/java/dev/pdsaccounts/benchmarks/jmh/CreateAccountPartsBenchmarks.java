package dev.pdsaccounts.benchmarks.jmh;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.benchmarks.Fixtures;
import dev.pdsaccounts.identity.InMemoryPlcDirectory;
import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.PlcOperations;
import dev.pdsaccounts.identity.SigningKeyPair;
import dev.pdsaccounts.session.IssuedSession;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.service.internal.SessionIssuer;
import dev.pdsaccounts.store.memory.InMemoryAccountStore;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The parts of {@code createAccount} other than the password hash, to say what bounds its overhead:
 * the secp256k1 key, the signed PLC genesis operation and its DID, the in-memory PLC directory's submit, the
 * first session's two JWTs, and the whole use case on the in-memory store with a precomputed hash.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class CreateAccountPartsBenchmarks {
    PdsAccounts pds;
    SecureRandom random;
    SigningKeyPair rotationKey;
    SigningKeyPair accountKey;
    List<String> rotationKeys;
    String publicUrl;
    SessionIssuer issuer;
    InMemoryPlcDirectory directory;

    /** Wires the service over an in-memory store with a hasher that returns a precomputed hash. */
    @Setup
    public void setUp() {
        pds = Fixtures.pds(new InMemoryAccountStore(), new Fixtures.PrecomputedHasher(Fixtures.argon2v1()));
        random = new SecureRandom();
        rotationKey = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, random);
        accountKey = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, random);
        rotationKeys = List.of(rotationKey.publicKey().didKey());
        publicUrl = pds.config().publicUrl();
        issuer = new SessionIssuer(pds.config(), java.time.Clock.systemUTC(), random,
                Fixtures.sessionTokens(pds, java.time.Clock.systemUTC()));
        directory = new InMemoryPlcDirectory();
    }

    /** A counter per thread, for unique handles. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class Counter {
        long n;
        final String prefix = "t" + Long.toString(System.nanoTime() & 0xfffffff, 36);

        String nextHandle() {
            return prefix + "x" + Long.toString(n++, 36) + Fixtures.DOMAIN;
        }
    }

    /**
     * A new secp256k1 signing key.
     *
     * @return the key pair
     */
    @Benchmark
    public SigningKeyPair keygenSecp256k1() {
        return SigningKeyPair.generate(KeyAlgorithm.SECP256K1, random);
    }

    /**
     * The genesis operation built, signed (DAG-CBOR, ECDSA low-S) and its DID derived.
     *
     * @param c the thread's counter
     * @return the DID
     */
    @Benchmark
    public String signGenesisAndDid(Counter c) {
        Map<String, Object> op = PlcOperations.sign(PlcOperations.genesisOperation(rotationKeys,
                accountKey.publicKey().didKey(), c.nextHandle(), publicUrl), rotationKey);
        return PlcOperations.didForGenesis(op);
    }

    /**
     * {@link #signGenesisAndDid} plus the in-memory PLC directory's submit and document resolution, as
     * {@code createAccount} does.
     *
     * @param c the thread's counter
     * @return the DID document
     */
    @Benchmark
    public Optional<Map<String, Object>> signGenesisAndSubmit(Counter c) {
        Map<String, Object> op = PlcOperations.sign(PlcOperations.genesisOperation(rotationKeys,
                accountKey.publicKey().didKey(), c.nextHandle(), publicUrl), rotationKey);
        String did = PlcOperations.didForGenesis(op);
        directory.submit(did, op);
        return directory.resolveDocument(did);
    }

    /**
     * The first session: an access and a refresh JWT and the refresh row.
     *
     * @return the session
     */
    @Benchmark
    public IssuedSession issueSession() {
        return issuer.issue(TokenBenchmarks.ACCOUNT_DID, Scope.ACCESS, Optional.empty());
    }

    /**
     * The whole use case on the in-memory store, hash precomputed.
     *
     * @return the output
     */
    @Benchmark
    public CreateAccountOutput createAccountWithoutHash() {
        return pds.accounts().createAccount(Fixtures.freshInput());
    }
}
