package dev.pdsaccounts.testkit;

/**
 * What every use-case contract interface needs: the {@link TestPds} of the current test, built over a
 * fresh store of the adapter under test.
 */
public interface UseCaseFixture {
    /** The test service of the current test. */
    TestPds tp();

    /** A test service over the same store with other configuration (e.g. invites not required). */
    TestPds withConfig(java.util.function.UnaryOperator<dev.pdsaccounts.config.PdsConfig.Builder> config);

    /** How many rounds a use-case race runs (adapters may lower it for slow backends, with reason). */
    int raceRounds();
}
