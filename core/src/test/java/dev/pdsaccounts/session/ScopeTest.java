package dev.pdsaccounts.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScopeTest {
    @Test
    void valuesRoundTripAndGroupsNest() {
        for (Scope s : Scope.values()) {
            assertEquals(Optional.of(s), Scope.fromValue(s.value()));
            assertTrue(s.value().startsWith("com.atproto."));
        }
        assertEquals("com.atproto.appPassPrivileged", Scope.APP_PASS_PRIVILEGED.value());
        assertEquals(Optional.empty(), Scope.fromValue("com.atproto.ACCESS"));
        assertEquals(Optional.empty(), Scope.fromValue(null));
        assertEquals(EnumSet.of(Scope.ACCESS), Scope.FULL);
        assertEquals(EnumSet.of(Scope.ACCESS, Scope.APP_PASS_PRIVILEGED), Scope.PRIVILEGED);
        assertEquals(EnumSet.of(Scope.ACCESS, Scope.APP_PASS_PRIVILEGED, Scope.APP_PASS), Scope.STANDARD);
    }
}
