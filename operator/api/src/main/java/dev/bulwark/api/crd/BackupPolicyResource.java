package dev.bulwark.api.crd;

import dev.bulwark.api.BulwarkApi;
import dev.bulwark.api.backup.BackupPolicySpec;
import dev.bulwark.api.backup.BackupPolicyStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A declarative backup policy: what to back up, how often, where and how long. */
@AdditionalPrinterColumn(name = "Target", jsonPath = ".status.resolvedTarget", type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Last Backup",
    jsonPath = ".status.lastSuccessfulBackup.finishedAt",
    type = Type.DATE)
@AdditionalPrinterColumn(
    name = "Healthy",
    jsonPath = ".status.conditions[?(@.type==\"Healthy\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Fresh",
    jsonPath = ".status.conditions[?(@.type==\"Fresh\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@Group(BulwarkApi.GROUP)
@Version(BulwarkApi.VERSION)
@Kind("BackupPolicy")
@Plural("backuppolicies")
@ShortNames("bp")
public class BackupPolicyResource extends CustomResource<BackupPolicySpec, BackupPolicyStatus>
    implements Namespaced {
  private static final long serialVersionUID = 1L;
}
