package dev.bulwark.api.crd;

import dev.bulwark.api.BulwarkApi;
import dev.bulwark.api.migration.MigrationPlanSpec;
import dev.bulwark.api.migration.MigrationPlanStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A schema_version migration guarded by a pre-migration snapshot, with rollback and audit. */
@AdditionalPrinterColumn(name = "Policy", jsonPath = ".spec.policyRef", type = Type.STRING)
@AdditionalPrinterColumn(name = "From", jsonPath = ".spec.from", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "To", jsonPath = ".spec.to", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@Group(BulwarkApi.GROUP)
@Version(BulwarkApi.VERSION)
@Kind("MigrationPlan")
@Plural("migrationplans")
@ShortNames("mp")
public class MigrationPlanResource extends CustomResource<MigrationPlanSpec, MigrationPlanStatus>
    implements Namespaced {
  private static final long serialVersionUID = 1L;
}
