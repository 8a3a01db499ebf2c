package dev.bulwark.engine;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * No two packages of dev.bulwark.engine depend on each other, directly or through others: each
 * package can be read, tested and moved on top of the ones below it.
 */
@AnalyzeClasses(
    packages = "dev.bulwark.engine",
    importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {
  /** Every package its own slice, the root package included (a pattern like "(*).." skips it). */
  private static final SliceAssignment EVERY_PACKAGE =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          String name = javaClass.getPackageName();
          return name.equals("dev.bulwark.engine") || name.startsWith("dev.bulwark.engine.")
              ? SliceIdentifier.of(name)
              : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
          return "the packages of dev.bulwark.engine";
        }
      };

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles =
      slices().assignedFrom(EVERY_PACKAGE).should().beFreeOfCycles();
}
