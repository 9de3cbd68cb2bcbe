package dev.assetstore;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One direction of dependency: app → http → store → db, blob (ARCHITECTURE.md, "Layout"). */
class LayeringTest {
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.assetstore");
  }

  @Test
  void storageLayersDependOnNothingAboveThem() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.assetstore.db..", "dev.assetstore.blob..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.assetstore.store..", "dev.assetstore.http..", "dev.assetstore.app..")
        .check(classes);
  }

  @Test
  void domainKnowsNoHttpAndNoVertx() {
    noClasses()
        .that()
        .resideInAPackage("dev.assetstore.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.assetstore.http..", "dev.assetstore.app..", "io.vertx..")
        .check(classes);
  }

  @Test
  void httpNeverTouchesSqlOrBackends() {
    noClasses()
        .that()
        .resideInAPackage("dev.assetstore.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.assetstore.app..",
            "dev.assetstore.db.jdbc..",
            "dev.assetstore.blob.fs..",
            "dev.assetstore.blob.s3..",
            "software.amazon..",
            "org.jooq..",
            "java.sql..",
            "com.zaxxer..")
        .check(classes);
  }

  @Test
  void onlyTheCompositionRootNamesBackends() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "dev.assetstore.app..",
            "dev.assetstore.db.jdbc..",
            "dev.assetstore.blob.fs..",
            "dev.assetstore.blob.s3..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.assetstore.db.jdbc..", "dev.assetstore.blob.fs..", "dev.assetstore.blob.s3..")
        .check(classes);
  }

  @Test
  void onlyTheS3BlobStoreTalksToTheAwsSdk() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.assetstore.blob.s3..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("software.amazon..")
        .check(classes);
  }

  @Test
  void mailIsALeafAndOnlyTheCompositionRootNamesSmtp() {
    noClasses()
        .that()
        .resideInAPackage("dev.assetstore.mail..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.assetstore.app..",
            "dev.assetstore.http..",
            "dev.assetstore.store..",
            "dev.assetstore.db..",
            "dev.assetstore.blob..",
            "io.vertx..")
        .check(classes);
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.assetstore.app..", "dev.assetstore.mail.smtp..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.assetstore.mail.smtp..", "jakarta.mail..")
        .check(classes);
  }
}
