package com.jxc.returns.app.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module boundaries, checked on the production classes of every module (this module sees them all).
 * Rules fail on an empty selection, so a wrong package name cannot make them pass vacuously.
 */
@AnalyzeClasses(packages = "com.jxc.returns", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    @ArchTest
    static final ArchRule sharedKernelDependsOnlyOnTheJdkAndAxonsMessageAnnotations = classes()
            .that().resideInAPackage("com.jxc.returns.api..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "java..",
                    "org.axonframework.modelling.command..",
                    "org.axonframework.serialization..",
                    "com.jxc.returns.api..")
            .because("the shared kernel is the published language every module and client links against");

    @ArchTest
    static final ArchRule readSideNeverReachesIntoTheCommandSide = noClasses()
            .that().resideInAnyPackage("com.jxc.returns.projection..", "com.jxc.returns.query..")
            .should().dependOnClassesThat().resideInAPackage("com.jxc.returns.command..")
            .because("projections and queries learn about changes only through events in com.jxc.returns.api");

    @ArchTest
    static final ArchRule commandSideNeverReadsTheReadModels = noClasses()
            .that().resideInAPackage("com.jxc.returns.command..")
            .should().dependOnClassesThat().resideInAnyPackage("com.jxc.returns.projection..",
                    "com.jxc.returns.query..")
            .because("decisions are taken on aggregate state, never on eventually consistent read models");

    @ArchTest
    static final ArchRule theCqrsModulesKnowNothingAboveThem = noClasses()
            .that().resideInAnyPackage("com.jxc.returns.command..", "com.jxc.returns.projection..",
                    "com.jxc.returns.query..")
            .should().dependOnClassesThat().resideInAnyPackage("com.jxc.returns.platform..",
                    "com.jxc.returns.edge..", "com.jxc.returns.audit..", "com.jxc.returns.console..",
                    "com.jxc.returns.app..")
            .because("the domain and its read side run on any platform and behind any edge");

    @ArchTest
    static final ArchRule projectionsKnowNoQueries = noClasses()
            .that().resideInAPackage("com.jxc.returns.projection..")
            .should().dependOnClassesThat().resideInAPackage("com.jxc.returns.query..")
            .because("read models are written from events alone; queries read them, not the other way round");

    @ArchTest
    static final ArchRule modulesFormNoCycle = slices()
            .matching("com.jxc.returns.(*)..")
            .should().beFreeOfCycles()
            .because("each module builds on the ones below it only");

    @ArchTest
    static final ArchRule platformKnowsNoEdgeAuditConsoleOrAssembly = noClasses()
            .that().resideInAPackage("com.jxc.returns.platform..")
            .should().dependOnClassesThat().resideInAnyPackage("com.jxc.returns.edge..", "com.jxc.returns.audit..",
                    "com.jxc.returns.console..", "com.jxc.returns.app..", "com.jxc.returns.query..")
            .because("the platform is what every part runs on: storage, serialization, messaging, observability");

    @ArchTest
    static final ArchRule httpEdgeKnowsNoStorageAuditConsoleOrAssembly = noClasses()
            .that().resideInAPackage("com.jxc.returns.edge..")
            .should().dependOnClassesThat().resideInAnyPackage("com.jxc.returns.platform..",
                    "com.jxc.returns.audit..", "com.jxc.returns.console..", "com.jxc.returns.app..",
                    "com.jxc.returns.projection..")
            .because("the HTTP edge shapes requests and responses; it reaches the service only through the buses");

    @ArchTest
    static final ArchRule auditKnowsNoCommandSideConsoleOrAssembly = noClasses()
            .that().resideInAPackage("com.jxc.returns.audit..")
            .should().dependOnClassesThat().resideInAnyPackage("com.jxc.returns.command..",
                    "com.jxc.returns.console..", "com.jxc.returns.app..")
            .because("auditors read and restore history; they never decide");

    @ArchTest
    static final ArchRule nothingDependsOnTheAssembly = noClasses()
            .that().resideOutsideOfPackage("com.jxc.returns.app..")
            .should().dependOnClassesThat().resideInAPackage("com.jxc.returns.app..")
            .because("the assembly only wires the modules together");

    @ArchTest
    static final ArchRule consoleTalksOnlyThroughTheBuses = noClasses()
            .that().resideInAPackage("com.jxc.returns.console..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.axonframework.eventsourcing..",
                    "org.axonframework.eventhandling.tokenstore..",
                    "org.axonframework.eventhandling.deadletter..",
                    "org.axonframework.eventhandling.scheduling..",
                    "com.jxc.returns.platform..",
                    "com.jxc.returns.audit..",
                    "com.jxc.returns.projection..",
                    "com.mongodb..",
                    "org.bson..",
                    "java.sql..",
                    "javax.sql..",
                    "org.springframework.jdbc..")
            .orShould().dependOnClassesThat()
            .haveFullyQualifiedName("org.axonframework.eventhandling.DomainEventMessage")
            .orShould().dependOnClassesThat()
            .haveFullyQualifiedName("org.axonframework.eventhandling.TrackingToken")
            .because("the console sends commands through the command dispatcher and reads through the query bus; "
                    + "event store, storage and other modules' internals are not its business");
}
