package dev.pdsaccounts.testkit;

/**
 * What every use-case contract interface needs: the {@link TestPds} of the current test, built over a
 * fresh store of the adapter under test.
 */
public interface UseCaseFixture {
    /** {@return the test service of the current test, over a fresh store of the adapter under test} */
    TestPds tp();

    /**
     * A second test service over the same store with other configuration (e.g. invites not required).
     *
     * @param config changes to the default test configuration
     * @return the new test service; it shares the store, not the clock, mailer or event recorder
     */
    TestPds withConfig(java.util.function.UnaryOperator<dev.pdsaccounts.config.PdsConfig.Builder> config);

    /** {@return how many rounds a use-case race runs (adapters may lower it for slow backends, with reason)} */
    int raceRounds();
}
