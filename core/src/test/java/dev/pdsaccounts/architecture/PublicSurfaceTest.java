package dev.pdsaccounts.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/**
 * The public API does not leak the internals: packages named {@code internal} hold the helpers the use cases
 * share (cross-aggregate rules, error factories, internal result types, the session issuer, the event
 * publisher). They are public only so that the use-case packages and the builder can reach them; no public
 * method of an API class takes or returns one of their types (constructors are wiring, called by
 * {@code PdsAccounts}' builder), and no domain package depends on them.
 */
class PublicSurfaceTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pdsaccounts");

    @Test
    void noPublicApiMethodExposesAnInternalType() {
        methods().that().arePublic()
                .and().areDeclaredInClassesThat().resideOutsideOfPackage("..internal..")
                .should(new ArchCondition<JavaMethod>("not take or return a type of an internal package") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        boolean leaks = isInternal(method.getRawReturnType())
                                || method.getRawParameterTypes().stream().anyMatch(PublicSurfaceTest::isInternal);
                        if (leaks) {
                            events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                    + " exposes an internal type"));
                        }
                    }
                })
                .check(CORE);
    }

    @Test
    void onlyUseCasesAndTheBuilderUseInternals() {
        noClasses().that().resideOutsideOfPackages("dev.pdsaccounts.service..")
                .and().resideOutsideOfPackage("dev.pdsaccounts")
                .should().dependOnClassesThat().resideInAPackage("..internal..")
                .check(CORE);
    }

    private static boolean isInternal(JavaClass type) {
        return type.getPackageName().contains(".internal");
    }
}
