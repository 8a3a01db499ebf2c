package dev.bulwark.api.crd;

import dev.bulwark.api.backup.BackupPolicySpec;
import dev.bulwark.api.backup.ClaimSource;
import dev.bulwark.api.backup.Encryption;
import dev.bulwark.api.backup.PostgresSource;
import dev.bulwark.api.backup.Retention;
import dev.bulwark.api.backup.Source;
import dev.bulwark.api.backup.Throttle;
import dev.bulwark.api.common.Condition;
import dev.bulwark.api.common.HookCommand;
import dev.bulwark.api.common.SecretKeyRef;
import dev.bulwark.api.drill.ObjectSample;
import dev.bulwark.api.drill.RestoreDrillSpec;
import dev.bulwark.api.migration.DocumentOperation;
import dev.bulwark.api.migration.MigrationPlanSpec;
import dev.bulwark.api.migration.MigrationStep;
import dev.bulwark.api.migration.ObjectSelector;
import dev.bulwark.api.replay.PartitionWindow;
import dev.bulwark.api.replay.ReplayAnalyzer;
import dev.bulwark.api.replay.ReplayInputs;
import dev.bulwark.api.replay.ReplayOutput;
import dev.bulwark.api.replay.ReplayPartitioning;
import dev.bulwark.api.replay.ReplayPlanSpec;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/**
 * The CRD schema constraints of the plain model's fields (required, minimum, pattern), kept here so
 * the model needs nothing of fabric8. Each nested class is a Jackson mix-in for the model class it
 * is named after, with fields of the same names; the CRD generator reads the annotations through
 * the ObjectMapper it is given ({@code CrdGeneration}). Field types are irrelevant to a mix-in, so
 * they are all {@code Object}. Change a constraint here, then regenerate the CRDs.
 */
@SuppressWarnings("unused") // mix-ins: read reflectively by Jackson, never instantiated
public final class SchemaConstraints {
  private SchemaConstraints() {}

  /** Model class to the mix-in carrying its constraints, for {@code ObjectMapper.addMixIn}. */
  public static Map<Class<?>, Class<?>> mixIns() {
    return Map.ofEntries(
        Map.entry(BackupPolicySpec.class, BackupPolicySpecConstraints.class),
        Map.entry(ClaimSource.class, ClaimSourceConstraints.class),
        Map.entry(Condition.class, ConditionConstraints.class),
        Map.entry(DocumentOperation.class, DocumentOperationConstraints.class),
        Map.entry(Encryption.class, EncryptionConstraints.class),
        Map.entry(HookCommand.class, HookCommandConstraints.class),
        Map.entry(MigrationPlanSpec.class, MigrationPlanSpecConstraints.class),
        Map.entry(MigrationStep.class, MigrationStepConstraints.class),
        Map.entry(ObjectSample.class, ObjectSampleConstraints.class),
        Map.entry(ObjectSelector.class, ObjectSelectorConstraints.class),
        Map.entry(PartitionWindow.class, PartitionWindowConstraints.class),
        Map.entry(PostgresSource.class, PostgresSourceConstraints.class),
        Map.entry(ReplayAnalyzer.class, ReplayAnalyzerConstraints.class),
        Map.entry(ReplayInputs.class, ReplayInputsConstraints.class),
        Map.entry(ReplayOutput.class, ReplayOutputConstraints.class),
        Map.entry(ReplayPartitioning.class, ReplayPartitioningConstraints.class),
        Map.entry(ReplayPlanSpec.class, ReplayPlanSpecConstraints.class),
        Map.entry(RestoreDrillSpec.class, RestoreDrillSpecConstraints.class),
        Map.entry(Retention.class, RetentionConstraints.class),
        Map.entry(SecretKeyRef.class, SecretKeyRefConstraints.class),
        Map.entry(Source.class, SourceConstraints.class),
        Map.entry(Throttle.class, ThrottleConstraints.class));
  }

  private abstract static class BackupPolicySpecConstraints {
    @Required private Object sources;
  }

  private abstract static class ClaimSourceConstraints {
    // A DNS-1123 subdomain, as Kubernetes names PersistentVolumeClaims.
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    private Object claimName;
  }

  private abstract static class ConditionConstraints {
    @Required private Object type;

    @Required
    @Pattern("^(True|False|Unknown)$")
    private Object status;

    @Required private Object reason;

    @Required private Object lastTransitionTime;
  }

  private abstract static class DocumentOperationConstraints {
    @Required private Object op;

    @Required private Object path;
  }

  private abstract static class EncryptionConstraints {
    @Required private Object keyFrom;
  }

  private abstract static class HookCommandConstraints {
    @Required private Object command;

    @Min(1)
    private Object timeoutSeconds;
  }

  private abstract static class MigrationPlanSpecConstraints {
    @Required private Object policyRef;

    @Required private Object selectors;

    @Required private Object from;

    @Required private Object to;

    @Required private Object steps;
  }

  private abstract static class MigrationStepConstraints {
    @Required private Object from;

    @Required private Object to;
  }

  private abstract static class ObjectSampleConstraints {
    @Min(0)
    private Object objectsPerDomain;
  }

  private abstract static class ObjectSelectorConstraints {
    @Required private Object paths;
  }

  private abstract static class PartitionWindowConstraints {
    @Required private Object start;

    @Required private Object end;
  }

  private abstract static class PostgresSourceConstraints {
    @Required private Object database;
  }

  private abstract static class ReplayAnalyzerConstraints {
    @Required private Object argv;

    @Required private Object analyzerVersion;
  }

  private abstract static class ReplayInputsConstraints {
    @Required private Object root;

    @Required private Object paths;
  }

  private abstract static class ReplayOutputConstraints {
    @Required private Object root;
  }

  private abstract static class ReplayPartitioningConstraints {
    @Required private Object window;
  }

  private abstract static class ReplayPlanSpecConstraints {
    @Required private Object analyzer;

    @Required private Object inputs;

    @Required private Object partition;

    @Required private Object output;
  }

  private abstract static class RestoreDrillSpecConstraints {
    @Required private Object policyRef;

    @Required private Object level;
  }

  private abstract static class RetentionConstraints {
    @Min(0)
    private Object hotDays;

    @Min(1)
    private Object coldDays;

    @Min(0)
    private Object keepLast;
  }

  private abstract static class SecretKeyRefConstraints {
    @Required private Object name;

    @Required private Object key;
  }

  private abstract static class SourceConstraints {
    @Required private Object domain;
  }

  private abstract static class ThrottleConstraints {
    @Min(1)
    private Object uploadBytesPerSecond;

    @Min(1)
    private Object maxConcurrentUploads;
  }
}
