package dev.pdsaccounts.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Core's packages form a DAG: use cases ({@code service.*}) above aggregates and policies, above the store port,
 * above syntax, errors and crypto. Each package is its own slice, so a cycle between two use-case packages
 * fails as much as one between an aggregate and the store port.
 */
class PackageCycleTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pdsaccounts");

    @Test
    void corePackagesHaveNoCycle() {
        slices().matching("dev.pdsaccounts.(**)").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void domainPackagesNeverImportUseCasesOrTheEntryPoint() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().resideOutsideOfPackages("dev.pdsaccounts.service..")
                .and().doNotHaveSimpleName("PdsAccounts")
                .and().resideOutsideOfPackage("dev.pdsaccounts")
                .should().dependOnClassesThat().resideInAnyPackage("dev.pdsaccounts.service..")
                .check(CORE);
    }
}
