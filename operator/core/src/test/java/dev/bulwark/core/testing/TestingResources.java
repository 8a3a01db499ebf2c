package dev.bulwark.core.testing;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicySpec;
import dev.bulwark.api.backup.Priority;
import dev.bulwark.api.backup.Schedule;
import dev.bulwark.api.backup.Source;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.ResourceRef;
import dev.bulwark.api.drill.DrillLevel;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillSpec;
import dev.bulwark.api.migration.DocumentOperation;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.api.migration.MigrationPlanSpec;
import dev.bulwark.api.migration.MigrationStep;
import dev.bulwark.api.migration.ObjectSelector;
import dev.bulwark.api.migration.OperationType;
import dev.bulwark.core.validation.ResourceLookup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Valid resources of each kind, for tests in any module: they need nothing from the environment
 * (local target, an existing absolute source folder) and pass validation without warnings when the
 * environment's own settings are sane. Each call returns a new, mutable resource.
 */
public final class TestingResources {
  private TestingResources() {}

  /**
   * A valid BackupPolicy: target local, one source (the JVM's temp folder, domain raw, P0), the
   * default schedule in UTC; generation 1.
   */
  public static BackupPolicy backupPolicy(String name) {
    Source source = new Source();
    source.setPath(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString());
    source.setDomain("raw");
    source.setPriority(Priority.P0);
    BackupPolicySpec spec = new BackupPolicySpec();
    spec.setEnv("test");
    spec.setTarget(TargetProvider.LOCAL);
    spec.setSources(new ArrayList<>(List.of(source)));
    spec.setSchedule(new Schedule());
    BackupPolicy policy = new BackupPolicy();
    policy.setRef(ref(BackupPolicy.KIND, name));
    policy.setSpec(spec);
    return policy;
  }

  /** A valid L1 RestoreDrill of the policy named {@code policyRef} (default weekly schedule). */
  public static RestoreDrill restoreDrill(String name, String policyRef) {
    RestoreDrillSpec spec = new RestoreDrillSpec();
    spec.setPolicyRef(policyRef);
    spec.setLevel(DrillLevel.L1);
    RestoreDrill drill = new RestoreDrill();
    drill.setRef(ref(RestoreDrill.KIND, name));
    drill.setSpec(spec);
    return drill;
  }

  /**
   * A valid MigrationPlan of the policy named {@code policyRef}: profiles/*.json from version 1 to
   * 2 in one step that adds {@code /data_domain}.
   */
  public static MigrationPlan migrationPlan(String name, String policyRef) {
    ObjectSelector selector = new ObjectSelector();
    selector.setPaths(new ArrayList<>(List.of("profiles/*.json")));
    DocumentOperation addDomain = new DocumentOperation();
    addDomain.setOp(OperationType.ADD_METADATA);
    addDomain.setPath("/data_domain");
    addDomain.setValue(TextNode.valueOf("student_profiles"));
    MigrationStep step = new MigrationStep();
    step.setFrom(1);
    step.setTo(2);
    step.setOperations(new ArrayList<>(List.of(addDomain)));
    MigrationPlanSpec spec = new MigrationPlanSpec();
    spec.setPolicyRef(policyRef);
    spec.setSelectors(new ArrayList<>(List.of(selector)));
    spec.setFrom(1);
    spec.setTo(2);
    spec.setSteps(new ArrayList<>(List.of(step)));
    MigrationPlan plan = new MigrationPlan();
    plan.setRef(ref(MigrationPlan.KIND, name));
    plan.setSpec(spec);
    return plan;
  }

  /**
   * A lookup answering with these policies by name; a namespace only has to match when both the
   * question and the policy carry one (compose mode has none).
   */
  public static ResourceLookup lookupOf(BackupPolicy... policies) {
    List<BackupPolicy> known = List.copyOf(Arrays.asList(policies));
    return (namespace, name) ->
        known.stream()
            .filter(p -> Objects.equals(p.getRef().name(), name))
            .filter(
                p ->
                    namespace == null
                        || p.getRef().namespace() == null
                        || namespace.equals(p.getRef().namespace()))
            .findFirst();
  }

  private static ResourceRef ref(String kind, String name) {
    return ResourceRef.of(kind, name).withGeneration(1L);
  }
}
