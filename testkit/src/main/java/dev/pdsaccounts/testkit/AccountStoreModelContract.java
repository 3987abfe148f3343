package dev.pdsaccounts.testkit;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * Model-based contract: random sequences of repository calls over a small universe of DIDs, handles, emails,
 * codes, token ids, hashes and key DIDs (so that they collide often), alone or grouped in transactions that
 * commit or throw, run against the store and against a plain reference model of the port's javadoc; after
 * every step the results and everything observable about the universe must be equal. Orders the port leaves
 * open (a DID's refresh tokens) are normalised.
 *
 * <p>Each run has its own seed, printed when it fails; {@code -Dpdsaccounts.model.seed=N} replays exactly
 * that run. The number of runs follows {@link AccountStoreContract#raceRounds()} (one run of
 * {@value #STEPS_PER_RUN} steps per 25 rounds, at least one).
 */
public interface AccountStoreModelContract extends StoreFixture {

    /** The system property that replays one run with the given seed. */
    String SEED_PROPERTY = "pdsaccounts.model.seed";

    /** Operations per run. */
    int STEPS_PER_RUN = 150;

    /** Random operation sequences give the same results and observations as the reference model. */
    @Test
    default void randomOperationSequencesMatchTheReferenceModel() {
        String replay = System.getProperty(SEED_PROPERTY, "").trim();
        long base = replay.isEmpty() ? new SecureRandom().nextLong() : Long.parseLong(replay);
        int runs = replay.isEmpty() ? Math.max(1, (contractRaceRounds() + 24) / 25) : 1;
        for (int run = 0; run < runs; run++) {
            long seed = base + run;
            try {
                new ModelRun(store(), seed).execute(STEPS_PER_RUN);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("model run failed with seed " + seed + "; replay with -D" + SEED_PROPERTY
                        + "=" + seed + "\n" + e.getMessage(), e);
            }
        }
    }
}
