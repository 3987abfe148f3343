package dev.pdsaccounts.testkit;

import dev.pdsaccounts.identity.InMemoryPlcDirectory;
import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.PlcOperations;
import dev.pdsaccounts.identity.ServiceAuth;
import dev.pdsaccounts.identity.SigningKeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An account living on another ("old") PDS, as a migration test needs it: a did:plc registered in a PLC
 * directory with the old service's rotation key, signing key, handle and endpoint; it can issue service-auth
 * tokens with its signing key and move its DID document with operations signed by the old rotation key.
 */
final class MigratingIdentity {
    /** The old service's endpoint. */
    static final String OLD_ENDPOINT = "https://old-pds.example.com";

    final SigningKeyPair rotationKey;
    final SigningKeyPair signingKey;
    final String did;
    final String oldHandle;
    private final InMemoryPlcDirectory plc;

    private MigratingIdentity(InMemoryPlcDirectory plc, SigningKeyPair rotationKey, SigningKeyPair signingKey,
                              String did, String oldHandle) {
        this.plc = plc;
        this.rotationKey = rotationKey;
        this.signingKey = signingKey;
        this.did = did;
        this.oldHandle = oldHandle;
    }

    /** Registers a new identity at the old service in {@code plc}; the signing key uses {@code signingCurve}. */
    static MigratingIdentity register(InMemoryPlcDirectory plc, KeyAlgorithm signingCurve) {
        SecureRandom random = new SecureRandom();
        SigningKeyPair rotation = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, random);
        SigningKeyPair signing = SigningKeyPair.generate(signingCurve, random);
        String handle = TestPds.randomName() + ".old-pds.example.com";
        Map<String, Object> genesis = PlcOperations.sign(PlcOperations.genesisOperation(
                List.of(rotation.publicKey().didKey()), signing.publicKey().didKey(), handle, OLD_ENDPOINT), rotation);
        String did = PlcOperations.didForGenesis(genesis);
        plc.submit(did, genesis);
        return new MigratingIdentity(plc, rotation, signing, did, handle);
    }

    /** A service-auth token from this identity's signing key. */
    String token(Clock clock, String aud, Optional<String> lxm, Instant exp) {
        return new ServiceAuth(clock, new SecureRandom()).issue(signingKey, did, aud, lxm, exp);
    }

    /**
     * Moves the DID document: an update operation signed by the old rotation key, keeping it first among the
     * rotation keys and adding {@code extraRotationKeys}.
     */
    void update(List<String> extraRotationKeys, String signingDidKey, String handle, String endpoint) {
        List<String> rotationKeys = new ArrayList<>();
        rotationKeys.add(rotationKey.publicKey().didKey());
        rotationKeys.addAll(extraRotationKeys);
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("type", PlcOperations.ATPROTO_PDS_TYPE);
        service.put("endpoint", endpoint);
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("type", PlcOperations.TYPE_OPERATION);
        op.put("rotationKeys", rotationKeys);
        op.put("verificationMethods", Map.of(PlcOperations.ATPROTO_KEY_ID, signingDidKey));
        op.put("alsoKnownAs", List.of("at://" + handle));
        op.put("services", Map.of(PlcOperations.ATPROTO_PDS_ID, service));
        op.put("prev", PlcOperations.cid(plc.lastOperation(did).orElseThrow()));
        plc.submit(did, PlcOperations.sign(op, rotationKey));
    }
}
