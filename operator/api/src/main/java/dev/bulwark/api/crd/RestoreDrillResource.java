package dev.bulwark.api.crd;

import dev.bulwark.api.BulwarkApi;
import dev.bulwark.api.drill.RestoreDrillSpec;
import dev.bulwark.api.drill.RestoreDrillStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A scheduled proof that a policy's backups restore, measuring actual RPO and RTO. */
@AdditionalPrinterColumn(name = "Policy", jsonPath = ".spec.policyRef", type = Type.STRING)
@AdditionalPrinterColumn(name = "Level", jsonPath = ".spec.level", type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Last Success",
    jsonPath = ".status.lastSuccessAt",
    type = Type.DATE)
@AdditionalPrinterColumn(
    name = "Succeeded",
    jsonPath = ".status.conditions[?(@.type==\"Succeeded\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Objectives Met",
    jsonPath = ".status.conditions[?(@.type==\"ObjectivesMet\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@Group(BulwarkApi.GROUP)
@Version(BulwarkApi.VERSION)
@Kind("RestoreDrill")
@Plural("restoredrills")
@ShortNames("rd")
public class RestoreDrillResource extends CustomResource<RestoreDrillSpec, RestoreDrillStatus>
    implements Namespaced {
  private static final long serialVersionUID = 1L;
}
